"""The learning cycle's phases in one table (DESIGN: draft → acting → reviewed → closed,
or abandoned). The service, the selectors, the views and the templates all read it: a
phase's name, the date by which it should be done, what ends it and where it leads."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class CycleState(models.TextChoices):
    # One name per phase, the same in the badge, the picture, the planning and the history.
    DRAFT = "draft", _("Expectation")
    ACTING = "acting", _("Acting")
    REVIEWED = "reviewed", _("Adjustment")
    CLOSED = "closed", _("Completed")
    ABANDONED = "abandoned", _("Abandoned")


@dataclass(frozen=True)
class Phase:
    """An open phase: the cycle is in `state` until `ends_with` is recorded, which should
    happen by the date in `due_field`; then it moves on to `next_state`. The date it
    actually ended (which may lie before it was recorded) is kept in `done_field`."""

    state: CycleState
    due_field: str
    ends_with: str
    next_state: CycleState
    done_field: str

    @property
    def label(self) -> str:
        return str(self.state.label)


OPEN_PHASES = (
    Phase(CycleState.DRAFT, "expectation_due", "start", CycleState.ACTING, "acting_on"),
    Phase(CycleState.ACTING, "review_due", "review", CycleState.REVIEWED, "reviewed_on"),
    Phase(CycleState.REVIEWED, "adjustment_due", "adjustment", CycleState.CLOSED, "closed_on"),
)
PHASE_OF = {phase.state: phase for phase in OPEN_PHASES}
OPEN_STATES = [phase.state for phase in OPEN_PHASES]
DUE_FIELDS = [phase.due_field for phase in OPEN_PHASES]
ENDED_STATES = [CycleState.CLOSED, CycleState.ABANDONED]
# The four phases around the circle, in order (the picture and its legend).
PHASES = [*OPEN_STATES, CycleState.CLOSED]


class ObservationKind(models.TextChoices):
    HAPPENED = "happened", _("What happened")
    HELPED = "helped", _("What helped")
    HINDERED = "hindered", _("What hindered")


class Decision(models.TextChoices):
    CONTINUE = "continue", _("Continue")
    CHANGE = "change", _("Change course")
    SCALE_UP = "scale_up", _("Scale up")
    STOP = "stop", _("Stop")
