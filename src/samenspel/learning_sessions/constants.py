"""The words of a learning session: its kinds, its phases in order, and what the phases
allow. The services, the views and the templates all read these tables."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionKind(models.TextChoices):
    TEAM = "team", _("Team session")
    GOVERNANCE = "governance", _("Governance session")
    COURSE_DAY = "course_day", _("Course day")
    OPEN = "open", _("Open session with residents")


class SessionPhase(models.TextChoices):
    # In the order a session goes through them; only the facilitator moves it on.
    PLANNED = "planned", _("Preparation")
    ACTIONS = "actions", _("Open actions")
    INPUT = "input", _("Silent input")
    GROUPING = "grouping", _("Themes")
    VOTING = "voting", _("Voting")
    DISCUSSION = "discussion", _("Discussion")
    CAPTURE = "capture", _("Insights and actions")
    CLOSED = "closed", _("Closed")


PHASE_ORDER = list(SessionPhase)


def next_phase(phase: str) -> SessionPhase | None:
    index = PHASE_ORDER.index(SessionPhase(phase))
    return PHASE_ORDER[index + 1] if index + 1 < len(PHASE_ORDER) else None


def phase_reached(phase: str, reached: SessionPhase) -> bool:
    """Whether a session in `phase` has got as far as `reached`."""
    return PHASE_ORDER.index(SessionPhase(phase)) >= PHASE_ORDER.index(reached)


# Anonymity is chosen before input opens and is fixed from then on.
BEFORE_INPUT = {SessionPhase.PLANNED, SessionPhase.ACTIONS}
# Insights, actions and proposed updates of the learning agenda are captured while the
# themes are discussed and after.
CAPTURING = {SessionPhase.DISCUSSION, SessionPhase.CAPTURE}


class InsightKind(models.TextChoices):
    FACT = "fact", _("Fact")
    PERCEPTION = "perception", _("Perception")
    REFLECTION = "reflection", _("Reflection")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CARRIED_OVER = "carried_over", _("Carried over")
    DROPPED = "dropped", _("Dropped")


# What the review of open actions may decide.
ACTION_OUTCOMES = [ActionStatus.DONE, ActionStatus.CARRIED_OVER, ActionStatus.DROPPED]


class ProposalKind(models.TextChoices):
    REFORMULATE = "reformulate", _("Reformulate")
    ANSWER = "answer", _("Answer")
    PERSISTENT = "persistent", _("Mark as persistent")


DEFAULT_VOTES = 3
MAX_VOTES = 20
MAX_CONTRIBUTION_LENGTH = 2000
JOIN_CODE_LENGTH = 6
# Letters and digits that cannot be mistaken for one another when read aloud or from a
# projector (no 0/O, 1/I/L, 5/S, 2/Z).
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRTUVWXY346789"

# A governance session (werkgroep visie) reflects on the board's and council's own role;
# a session of another kind starts with the programme's after-action-review questions.
GOVERNANCE_QUESTIONS = [
    _("What did we see happen in the experiments?"),
    _("What does that ask of our role as council, board and directors?"),
    _("What helps responsive working, and what hinders it?"),
    _("What do we resolve to do?"),
]
