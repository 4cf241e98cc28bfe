from django.db import models
from django.utils.translation import gettext_lazy as _


class CycleState(models.TextChoices):
    DRAFT = "draft", _("Expectation")
    ACTING = "acting", _("Acting")
    REVIEWED = "reviewed", _("Review done")
    CLOSED = "closed", _("Closed")
    ABANDONED = "abandoned", _("Abandoned")


# The four phases around the circle, in order (the picture and the history use these).
PHASES = [CycleState.DRAFT, CycleState.ACTING, CycleState.REVIEWED, CycleState.CLOSED]
OPEN_STATES = [CycleState.DRAFT, CycleState.ACTING, CycleState.REVIEWED]


class ObservationKind(models.TextChoices):
    HAPPENED = "happened", _("What happened")
    HELPED = "helped", _("What helped")
    HINDERED = "hindered", _("What hindered")


class Decision(models.TextChoices):
    CONTINUE = "continue", _("Continue")
    CHANGE = "change", _("Change course")
    SCALE_UP = "scale_up", _("Scale up")
    STOP = "stop", _("Stop")
