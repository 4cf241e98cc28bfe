"""Reads on learning cycles: learning yield, overdue work, a cycle with its records.

Counting happens in the database (conditional aggregates), so the cost of a page does not
grow with the number of cycles it summarises.
"""

import datetime
import heapq
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import reduce
from itertools import islice
from operator import or_
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from samenspel.accounts.models import User
from samenspel.common import rows
from samenspel.common.caching import memoised
from samenspel.cycles import tallies
from samenspel.cycles.constants import (
    DUE_FIELDS,
    ENDED_STATES,
    OPEN_PHASES,
    OPEN_STATES,
    CycleState,
)
from samenspel.cycles.models import (
    NOT_REVIEWED,
    AreaCycleTally,
    CycleCounts,
    CycleTally,
    LearningCycle,
    Observation,
    OwnerCycleTally,
    QuestionCycle,
    QuestionTally,
)
from samenspel.programmes.models import Initiative, LearningQuestion, Membership


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


# The counted fields of a tally (models.CycleTally, AreaCycleTally), in this order.
TALLY_FIELDS = CycleCounts.COUNTS


def counts_of(rows: Iterable[Sequence[int]]) -> dict[str, int]:
    """The counts of yield_aggregates(), added up from tally rows (TALLY_FIELDS each).
    A handful of rows: adding them up here costs less than an aggregate query."""
    sums = dict.fromkeys(TALLY_FIELDS, 0)
    for row in rows:
        for field, value in zip(TALLY_FIELDS, row, strict=True):
            sums[field] += value
    return {
        "cycles_completed": sums[CycleState.CLOSED],
        "cycles_due": sums[CycleState.CLOSED]
        + sums[CycleState.ABANDONED]
        + sums["open_past_adjustment"],
        "cycles_overdue": sums["overdue"],
        "cycles_open": sum(sums[state] for state in OPEN_STATES),
        "cycles_total": sum(sums[state] for state in CycleState),
    }


def _area_tallies(programme_id: int) -> dict[int, tuple[int, ...]]:
    """The tally row (TALLY_FIELDS) of every area of the programme, read once per
    request: the programme's figures and its area table both add them up."""

    def read() -> dict[int, tuple[int, ...]]:
        rows = AreaCycleTally.objects.filter(area__programme_id=programme_id)
        return {row[0]: row[1:] for row in rows.values_list("pk", *TALLY_FIELDS)}

    tallies.cycle_tallies_freshen()
    return memoised(f"cycles.area_tallies.{programme_id}", read)


def programme_cycle_figures(*, programme_id: int) -> CycleFigures:
    """Added up from one row per area and one per initiative without an area
    (cycles.tallies), never from every cycle."""
    outside = CycleTally.objects.filter(
        initiative__programme_id=programme_id, initiative__area__isnull=True
    )
    counts = counts_of([*_area_tallies(programme_id).values(), *outside.values_list(*TALLY_FIELDS)])
    return CycleFigures(LearningYield(counts["cycles_completed"], counts["cycles_due"]), counts)


def figures_by(group: str, *, programme_id: int, ids: list[int]) -> dict[int, dict[str, int]]:
    """The counts of yield_aggregates() per initiative or per area ("initiative",
    "area"), for the given ids only: one tally row each."""
    if group == "area":
        areas = _area_tallies(programme_id)
        return {pk: counts_of([areas[pk]]) for pk in ids if pk in areas}
    # Only these rows: those whose date-dependent counts are stale are counted again.
    found = CycleTally.objects.filter(pk__in=ids, initiative__programme_id=programme_id)
    rows: list[Any] = list(found.values_list("pk", "changes_on", *TALLY_FIELDS))
    today = timezone.localdate()
    stale = [row[0] for row in rows if row[1] is not None and row[1] <= today]
    if stale:
        tallies.cycle_tallies_refresh(initiative_ids=stale)
        rows = list(found.values_list("pk", "changes_on", *TALLY_FIELDS))
    return {row[0]: counts_of([row[2:]]) for row in rows}


def initiative_cycle_figures(*, programme_id: int, initiative_id: int) -> CycleFigures:
    """An initiative's cycle counts and learning yield, from its tally row."""
    row = figures_by("initiative", programme_id=programme_id, ids=[initiative_id]).get(
        initiative_id, NO_CYCLES
    )
    return CycleFigures(LearningYield(row["cycles_completed"], row["cycles_due"]), row)


def question_cycle_counts(*, question_ids: list[int]) -> dict[int, int]:
    """The number of cycles linked to each question: one tally row each."""
    return dict(QuestionTally.objects.filter(pk__in=question_ids).values_list("pk", "cycles"))


def with_overdue_cycles(initiatives: QuerySet[Initiative]) -> QuerySet[Initiative]:
    return initiatives.filter(
        Exists(LearningCycle.objects.filter(overdue_q(), initiative=OuterRef("pk")))
    )


def cycles_of_initiative(*, initiative_id: int) -> QuerySet[LearningCycle]:
    """The initiative's cycles, the newest first, with what their cards show: the owner's
    name, the expectation, the adjustment and the observations (only those columns)."""
    return (
        LearningCycle.objects.filter(initiative_id=initiative_id)
        .select_related("owner", "expectation", "adjustment")
        .only(
            *CARD_FIELDS,
            "owner__name",
            "expectation__expected_outcome",
            "adjustment__decision",
            "adjustment__text",
        )
        .prefetch_related(
            Prefetch(
                "observations",
                queryset=Observation.objects.only("cycle_id", "occurred_on", "text"),
            )
        )
        .order_by("-number")
    )


# What a cycle's card needs of the cycle itself (cycles.templatetags.cycles.cycle_card).
CARD_FIELDS = (
    "number",
    "title",
    "state",
    "initiative_id",
    "owner_id",
    "abandon_reason",
    *DUE_FIELDS,
)


def cycles_of_question(*, question_id: int) -> QuerySet[QuestionCycle]:
    """The links of a learning question to its cycles, with the cycles, the newest
    review first; cycles not reviewed yet come last. Read in that order from an index
    (cycles.tallies keeps the links beside the review dates), so a page of them costs
    the same however many cycles the question has."""
    return (
        QuestionCycle.objects.filter(question_id=question_id)
        .select_related("cycle__initiative", "cycle__review")
        .order_by("-reviewed_on", "-cycle_id")
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
    return lessons_in(review.answers)


def lessons_in(answers: Any) -> list[dict[str, str]]:
    """The lessons among a review's stored answers (see lessons_of)."""
    found = [a for a in answers or [] if isinstance(a, dict)]
    return [a for a in found[-LESSON_ANSWERS:] if str(a.get("answer", "")).strip()]


def observations_of(*, cycle: LearningCycle) -> list[Observation]:
    """The cycle's log, the oldest first, each with the name of who wrote it down: one
    written-out query (common.rows), as the cycle page reads it on every cold view."""
    users = get_user_model()
    found = rows.read(
        [("o", Observation, None), ("u", users, ["name"])],
        f"FROM {Observation._meta.db_table} o "
        f"LEFT JOIN {users._meta.db_table} u ON u.id = o.recorded_by_id "
        "WHERE o.cycle_id = %s ORDER BY o.occurred_on, o.id",
        [cycle.pk],
    )
    result = []
    for observation, author in found:
        observation.recorded_by = author
        result.append(observation)
    return result


def learning_questions_of(*, cycle: LearningCycle) -> list[LearningQuestion]:
    """The learning questions a cycle is linked to, by number: one written-out query."""
    links = LearningCycle.learning_questions.through._meta.db_table
    found = rows.read(
        [("q", LearningQuestion, None)],
        f"FROM {LearningQuestion._meta.db_table} q JOIN {links} l "
        "ON l.learningquestion_id = q.id WHERE l.learningcycle_id = %s ORDER BY q.number",
        [cycle.pk],
    )
    return [question for (question,) in found]


def cycle_with_records(*, cycle: LearningCycle) -> LearningCycle:
    """The cycle again, with its owner, the cycles it follows and is followed by, and its
    records, in one query."""
    full = LearningCycle.objects.select_related(
        "owner", "previous", "next", "expectation", "review", "adjustment"
    ).get(pk=cycle.pk)
    full.initiative = cycle.initiative
    return full


def next_cycle_of(cycle: LearningCycle) -> LearningCycle | None:
    """The cycle that follows this one, if any (read with cycle_with_records)."""
    # A missing reverse one-to-one raises RelatedObjectDoesNotExist, an AttributeError.
    return getattr(cycle, "next", None)


class MergedCycles:
    """Disjoint querysets of cycles, each ordered by (due_on, pk), read as one list in
    that order. A slice reads at most its end from each part, so the first page of a
    long list reads a page's worth of rows from the indexes, however many there are."""

    def __init__(self, parts: list[QuerySet[LearningCycle]]):
        self.parts = parts
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            self._count = sum(part.count() for part in self.parts)
        return self._count

    def counted(self, count: int) -> None:
        """Tell the list how many cycles it holds (known from a tally): the paginator
        does not count them again."""
        self._count = count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[LearningCycle]:
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("MergedCycles takes a slice.")
        start, stop = index.start or 0, index.stop
        if stop is None:
            stop = self.count()
        merged = heapq.merge(*(part[:stop] for part in self.parts), key=_due_order)
        return list(islice(merged, start, stop))

    def __iter__(self) -> Iterator[LearningCycle]:
        return iter(self[0:None])


def _due_order(cycle: LearningCycle) -> tuple[datetime.date, int]:
    assert cycle.due_on is not None  # open cycles only
    return (cycle.due_on, cycle.pk)


def my_open_cycles(*, user: User, programme_ids: list[int] | None = None) -> MergedCycles:
    """The open cycles a user owns or that belong to an initiative of theirs (they are
    one of its initiators with an account), in programmes they are still a member of, the
    most urgent first: the earliest due date of the phase each cycle is in.

    Two parts, each read in order from its own index (owner or initiative, then due_on):
    an OR of both would make the database sort every open cycle of a busy owner."""
    if programme_ids is None:  # the programmes they are a member of
        programme_ids = list(
            Membership.objects.filter(user=user).values_list("programme_id", flat=True)
        )
    initiative_ids = list(
        Initiative.initiator_accounts.through.objects.filter(
            user=user, initiative__programme_id__in=programme_ids
        ).values_list("initiative_id", flat=True)
    )
    open_cycles = (
        LearningCycle.objects.filter(due_on__isnull=False)
        .select_related("initiative__programme")
        .order_by("due_on", "pk")
    )
    owned = open_cycles.filter(owner=user, initiative__programme_id__in=programme_ids)
    # Cycles of their initiatives that they do not own (those are in `owned`).
    of_initiatives = open_cycles.filter(initiative_id__in=initiative_ids).exclude(owner=user)
    return MergedCycles([owned, of_initiatives])


@dataclass
class MyCycles:
    cycles: MergedCycles
    overdue_count: int


def my_cycles(*, user: User, programme_ids: list[int] | None = None) -> MyCycles:
    """The user's open cycles (to paginate, the most urgent first) and how many of them
    are overdue. `programme_ids`: the programmes they are a member of, when known.

    The cycles they own are counted by their tallies (a row per programme); the few of
    their initiatives that others own are counted here."""
    if programme_ids is None:
        programme_ids = list(
            Membership.objects.filter(user=user).values_list("programme_id", flat=True)
        )
    cycles = my_open_cycles(user=user, programme_ids=programme_ids)
    owned = OwnerCycleTally.objects.filter(owner=user, programme_id__in=programme_ids)
    rows = list(owned.values_list("programme_id", "changes_on", "open", "overdue"))
    today = timezone.localdate()
    stale = [row[0] for row in rows if row[1] is not None and row[1] <= today]
    if stale:  # the date made cycles overdue since they were counted
        for programme_id in stale:
            tallies.owner_tallies_refresh(owner_ids=[user.pk], programme_id=programme_id)
        rows = list(owned.values_list("programme_id", "changes_on", "open", "overdue"))
    total = sum(row[2] for row in rows)
    overdue = sum(row[3] for row in rows)
    _owned, of_initiatives = cycles.parts
    others = of_initiatives.aggregate(
        total=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today))
    )
    cycles.counted(total + others["total"])
    return MyCycles(cycles=cycles, overdue_count=overdue + others["overdue"])


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


def review_day(link: QuestionCycle) -> datetime.date | None:
    """The day a linked cycle was reviewed; None before its review."""
    return None if link.reviewed_on == NOT_REVIEWED else link.reviewed_on
