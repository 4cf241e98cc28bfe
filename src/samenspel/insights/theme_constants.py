"""The words and limits of the recurring themes (insights.theme_*)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AnalysisState(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Being made")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class TextKind(models.TextChoices):
    """Where a text of a theme was written."""

    REVIEW = "review", _("Review")
    OBSERVATION = "observation", _("Observation")
    CONTRIBUTION = "contribution", _("Contribution")
    INSIGHT = "insight", _("Insight")


WORKING = (AnalysisState.QUEUED, AnalysisState.RUNNING)

# An analysis whose worker has not reported for this long is taken to be lost (a worker
# stopped or restarted in the middle) and is queued again, at most MAX_ATTEMPTS times.
STALE_AFTER_SECONDS = 300
MAX_ATTEMPTS = 3

# Texts of a theme per page of its detail page.
TEXTS_PER_PAGE = 20
