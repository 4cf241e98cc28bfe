from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The roles of a membership of one programme (docs/glossary.md)."""

    FACILITATOR = "facilitator", _("Facilitator")
    CIVIL_SERVANT = "civil_servant", _("Civil servant")
    GOVERNANCE = "governance", _("Governance member")
    INITIATOR = "initiator", _("Initiator")
    PARTNER = "partner", _("Partner")
    ADMINISTRATOR = "administrator", _("Administrator")


class InitiativeStatus(models.TextChoices):
    IDEA = "idea", _("Idea")
    RUNNING = "running", _("Running")
    CONTINUED = "continued", _("Continued")
    COMPLETED = "completed", _("Completed")
    STOPPED = "stopped", _("Stopped")


class QuestionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    PERSISTENT = "persistent", _("Persistent")
    ANSWERED = "answered", _("Answered")
    DROPPED = "dropped", _("Dropped")


# The five after-action-review questions every new programme starts with (DESIGN.md §2).
# Source strings are English; a programme stores them in its own language when created.
# A review answers every question on one page: a few, short enough to read (and far
# below Django's limit on the number of fields of one form).
MAX_REVIEW_QUESTIONS = 12
MAX_REVIEW_QUESTION_LENGTH = 300

DEFAULT_REVIEW_QUESTIONS = [
    _("What was the plan; what did we expect?"),
    _("What actually happened?"),
    _("Why did it go this way (the difference between expectation and reality)?"),
    _("What do we learn from it?"),
    _("What do we share with others?"),
]
