"""Reads on learning cycles: learning yield, overdue work, a cycle with its records.

Counting happens in the database (conditional aggregates), so the cost of a page does not
grow with the number of cycles it summarises.
"""

from dataclasses import dataclass
from functools import reduce
from operator import add, or_
from typing import Any

from django.db.models import Case, Count, DateField, Exists, F, OuterRef, Q, QuerySet, Sum, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from samenspel.accounts.models import User
from samenspel.cycles import tallies
from samenspel.cycles.constants import ENDED_STATES, OPEN_PHASES, OPEN_STATES, CycleState
from samenspel.cycles.models import CycleTally, LearningCycle, Observation
from samenspel.programmes.models import Initiative, Membership


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
    return reduce(or_, (Q(state=p.state, **{f"{p.due_field}__lt": today}) for p in OPEN_PHASES))


def yield_aggregates() -> dict[str, Count]:
    """Conditional counts of cycles, one per name in YIELD_COUNTERS."""
    today = timezone.localdate()
    return {
        "cycles_completed": Count("id", filter=Q(state=CycleState.CLOSED)),
        "cycles_due": Count(
            "id",
            filter=Q(state__in=ENDED_STATES) | Q(state__in=OPEN_STATES, adjustment_due__lt=today),
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


@dataclass(frozen=True)
class CycleFigures:
    learning_yield: LearningYield
    counts: dict[str, int]


def tally_sums() -> dict[str, Coalesce]:
    """The counts of yield_aggregates(), added up from the tallies of initiatives."""

    def total(*fields: str) -> Coalesce:
        return Coalesce(Sum(reduce(add, (F(field) for field in fields))), 0)

    return {
        "cycles_completed": total("closed"),
        "cycles_due": total("closed", "abandoned", "open_past_adjustment"),
        "cycles_overdue": total("overdue"),
        "cycles_open": total(*OPEN_STATES),
        "cycles_total": total(*CycleState),
    }


def programme_cycle_figures(*, programme_id: int) -> CycleFigures:
    """Added up from one row per initiative (cycles.tallies), never from every cycle."""
    tallies.cycle_tallies_freshen(programme_id=programme_id)
    counts = CycleTally.objects.filter(initiative__programme_id=programme_id).aggregate(
        **tally_sums()
    )
    return CycleFigures(LearningYield(counts["cycles_completed"], counts["cycles_due"]), counts)


def figures_by(group: str, *, programme_id: int, ids: list[int]) -> dict[int, dict[str, int]]:
    """The counts of yield_aggregates() per initiative or per area ("initiative",
    "initiative__area"), for the given ids only, added up from the tallies."""
    tallies.cycle_tallies_freshen(programme_id=programme_id)
    rows = (
        CycleTally.objects.filter(initiative__programme_id=programme_id, **{f"{group}__in": ids})
        .values(group)
        .annotate(**tally_sums())
        .order_by()
    )
    return {row[group]: row for row in rows}


def question_cycle_counts(*, question_ids: list[int]) -> dict[int, int]:
    rows = (
        LearningCycle.learning_questions.through.objects.filter(
            learningquestion_id__in=question_ids
        )
        .values("learningquestion_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["learningquestion_id"]: row["n"] for row in rows}


def with_overdue_cycles(initiatives: QuerySet[Initiative]) -> QuerySet[Initiative]:
    return initiatives.filter(
        Exists(LearningCycle.objects.filter(overdue_q(), initiative=OuterRef("pk")))
    )


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


def cycles_of_question(*, question_id: int) -> QuerySet[LearningCycle]:
    """The cycles linked to a learning question, the newest review first; cycles not
    reviewed yet come last."""
    return (
        LearningCycle.objects.filter(learning_questions=question_id)
        .select_related("initiative", "review")
        .order_by(F("review__recorded_at").desc(nulls_last=True), "initiative__title", "number")
    )


# A review's lessons are its last two answers: "What do we learn from it?" and "What do
# we share with others?" close the default questions (programmes.constants). Reviews keep
# their own copy of the questions, so this holds for every stored review even after a
# programme rewords its questions; a programme that puts other questions last gets those.
LESSON_ANSWERS = 2


def lessons_of(cycle: LearningCycle) -> list[dict[str, str]]:
    """The lessons of a cycle's review ({"question", "answer"} pairs), or none when the
    cycle has no review yet. Empty answers are left out."""
    # A missing one-to-one raises RelatedObjectDoesNotExist, an AttributeError.
    review = getattr(cycle, "review", None)
    if review is None:
        return []
    answers = [a for a in review.answers if isinstance(a, dict)]
    return [a for a in answers[-LESSON_ANSWERS:] if str(a.get("answer", "")).strip()]


def observations_of(*, cycle: LearningCycle) -> QuerySet[Observation]:
    return cycle.observations.select_related("recorded_by").order_by("occurred_on", "pk")


def cycle_with_records(*, cycle: LearningCycle) -> LearningCycle:
    """The cycle again, with its owner, the cycle it follows and its records, in one query."""
    full = LearningCycle.objects.select_related(
        "owner", "previous", "expectation", "review", "adjustment"
    ).get(pk=cycle.pk)
    full.initiative = cycle.initiative
    return full


def next_cycle_of(cycle: LearningCycle) -> LearningCycle | None:
    return LearningCycle.objects.filter(previous=cycle).first()


def current_due() -> Case:
    """The due date of the phase a cycle is in, as an SQL expression (see
    LearningCycle.current_due)."""
    return Case(
        *(When(state=phase.state, then=F(phase.due_field)) for phase in OPEN_PHASES),
        output_field=DateField(),
    )


def my_open_cycles(*, user: User) -> QuerySet[LearningCycle]:
    """The open cycles a user owns or that belong to an initiative of theirs (they are
    one of its initiators with an account), in programmes they are still a member of, the
    most urgent first: the earliest due date of the phase each cycle is in."""
    # Exists, not a join on the initiators: a join would repeat a cycle per initiator.
    own_initiative = Initiative.initiator_accounts.through.objects.filter(
        initiative_id=OuterRef("initiative_id"), user=user
    )
    return (
        LearningCycle.objects.filter(
            Q(owner=user) | Exists(own_initiative),
            state__in=OPEN_STATES,
            initiative__programme__memberships__user=user,
        )
        .select_related("initiative__programme")
        .annotate(due=current_due())
        .order_by("due", "pk")
    )


@dataclass
class MyCycles:
    cycles: QuerySet[LearningCycle]
    overdue_count: int


def my_cycles(*, user: User) -> MyCycles:
    """The user's open cycles (to paginate, the most urgent first) and how many of them
    are overdue."""
    cycles = my_open_cycles(user=user)
    return MyCycles(cycles=cycles, overdue_count=cycles.filter(overdue_q()).count())


def open_cycles_of(*, membership: Membership) -> list[LearningCycle]:
    """The open cycles a member owns in their programme (to hand over when they leave)."""
    return list(
        LearningCycle.objects.filter(
            initiative__programme_id=membership.programme_id,
            owner_id=membership.user_id,
            state__in=OPEN_STATES,
        )
        .select_related("initiative")
        .order_by("initiative__title", "number")
    )
