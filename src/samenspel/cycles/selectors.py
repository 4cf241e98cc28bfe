"""Reads on learning cycles: learning yield, overdue work, a cycle with its records.

Counting happens in the database (conditional aggregates), so the cost of a page does not
grow with the number of cycles it summarises.
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, DateField, F, Q, QuerySet, When
from django.utils import timezone

from samenspel.accounts.models import User
from samenspel.cycles.constants import OPEN_STATES, CycleState
from samenspel.cycles.models import LearningCycle, Observation
from samenspel.programmes.models import Programme


@dataclass(frozen=True)
class LearningYield:
    """Completed cycles / cycles that should have been completed by now (DESIGN.md §3).

    A cycle should have been completed when it is closed, abandoned (that counts as not
    completed) or past the due date of its adjustment."""

    completed: int
    due: int

    @property
    def percentage(self) -> int | None:
        if not self.due:
            return None
        return round(100 * self.completed / self.due)


def overdue_q() -> Q:
    """Cycles past the due date of the phase they are in."""
    today = timezone.localdate()
    return (
        Q(state=CycleState.DRAFT, expectation_due__lt=today)
        | Q(state=CycleState.ACTING, review_due__lt=today)
        | Q(state=CycleState.REVIEWED, adjustment_due__lt=today)
    )


def yield_aggregates() -> dict[str, Count]:
    """Conditional counts of cycles, one per name in YIELD_COUNTERS."""
    today = timezone.localdate()
    return {
        "cycles_completed": Count("id", filter=Q(state=CycleState.CLOSED)),
        "cycles_due": Count(
            "id",
            filter=Q(state__in=[CycleState.CLOSED, CycleState.ABANDONED])
            | Q(state__in=OPEN_STATES, adjustment_due__lt=today),
        ),
        "cycles_overdue": Count("id", filter=overdue_q()),
        "cycles_open": Count("id", filter=Q(state__in=OPEN_STATES)),
        "cycles_total": Count("id"),
    }


YIELD_COUNTERS = ("cycles_completed", "cycles_due", "cycles_overdue", "cycles_open", "cycles_total")
# The counts of a group that has no cycles at all.
NO_CYCLES = dict.fromkeys(YIELD_COUNTERS, 0)


def learning_yield(cycles: QuerySet[LearningCycle]) -> tuple[LearningYield, dict[str, int]]:
    counts = cycles.aggregate(**yield_aggregates())
    return LearningYield(counts["cycles_completed"], counts["cycles_due"]), counts


def yield_of(row: Any) -> LearningYield:
    """The learning yield of an object annotated with yield_aggregates()."""
    return LearningYield(row.cycles_completed, row.cycles_due)


def cycles_of_initiative(*, initiative_id: int) -> QuerySet[LearningCycle]:
    return (
        LearningCycle.objects.filter(initiative_id=initiative_id)
        .select_related("owner", "expectation", "review", "adjustment")
        .prefetch_related("observations")
        .order_by("-number")
    )


def cycle_detail(*, cycle_id: int, programme: Programme) -> LearningCycle | None:
    """The cycle with what its page needs; observations, questions, history and the next
    cycle are read only when the page's cached parts are drawn."""
    cycle = (
        LearningCycle.objects.filter(pk=cycle_id, initiative__programme=programme)
        .select_related("initiative", "owner", "previous", "expectation", "review", "adjustment")
        .first()
    )
    if cycle is not None:
        cycle.initiative.programme = programme
    return cycle


def observations_of(*, cycle: LearningCycle) -> QuerySet[Observation]:
    return cycle.observations.select_related("recorded_by").order_by("occurred_on", "pk")


def next_cycle_of(cycle: LearningCycle) -> LearningCycle | None:
    return LearningCycle.objects.filter(previous=cycle).first()


def current_due() -> Case:
    """The due date of the phase a cycle is in, as an SQL expression (see
    LearningCycle.current_due)."""
    return Case(
        When(state=CycleState.DRAFT, then=F("expectation_due")),
        When(state=CycleState.ACTING, then=F("review_due")),
        When(state=CycleState.REVIEWED, then=F("adjustment_due")),
        output_field=DateField(),
    )


def my_open_cycles(*, user: User) -> QuerySet[LearningCycle]:
    """The open cycles a user owns, in programmes they are still a member of, the most
    urgent first: the earliest due date of the phase each cycle is in."""
    return (
        LearningCycle.objects.filter(
            owner=user,
            state__in=OPEN_STATES,
            initiative__programme__memberships__user=user,
        )
        .select_related("initiative__programme")
        .annotate(due=current_due())
        .order_by("due", "pk")
    )
