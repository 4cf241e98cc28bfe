"""Reads on programmes: the overview, the initiative list with search and filters, the
learning agenda. Each read costs the same number of queries whatever the size."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db.models import (
    Count,
    DecimalField,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from samenspel.accounts.models import Membership, User
from samenspel.cycles.models import LearningCycle
from samenspel.cycles.selectors import (
    NO_CYCLES,
    YIELD_COUNTERS,
    LearningYield,
    learning_yield,
    overdue_q,
    yield_aggregates,
)
from samenspel.programmes.constants import InitiativeStatus
from samenspel.programmes.models import (
    Area,
    Initiative,
    LearningQuestion,
    LearningQuestionVersion,
    Programme,
)

# Cached figures are keyed by the programme's data version and the date; this only
# bounds how long an unused entry lingers.
FIGURES_CACHE_SECONDS = 24 * 60 * 60

ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=14, decimal_places=2))


def _money(field: str) -> Coalesce:
    return Coalesce(Sum(field), ZERO)


def funding_aggregates() -> dict[str, Coalesce]:
    return {
        "municipal": _money("municipal_contribution"),
        "residents": _money("resident_contribution"),
        "other": _money("other_contribution"),
    }


@dataclass(frozen=True)
class Funding:
    municipal: Decimal
    residents: Decimal
    other: Decimal

    @property
    def total(self) -> Decimal:
        return self.municipal + self.residents + self.other

    def share(self, part: Decimal) -> int:
        return round(100 * part / self.total) if self.total else 0

    @property
    def municipal_share(self) -> int:
        return self.share(self.municipal)

    @property
    def residents_share(self) -> int:
        return self.share(self.residents)

    @property
    def other_share(self) -> int:
        return self.share(self.other)


def programmes_for(*, user: User) -> QuerySet[Programme]:
    programmes = Programme.objects.all()
    if not user.is_staff:
        programmes = programmes.filter(memberships__user=user)
    return programmes.annotate(
        initiative_count=Count("initiatives", distinct=True),
    ).order_by("name")


@dataclass(frozen=True)
class AreaSummary:
    pk: int
    name: str
    initiative_count: int
    municipal: Decimal
    residents: Decimal
    other: Decimal
    learning_yield: LearningYield
    cycles_overdue: int


@dataclass(frozen=True)
class ProgrammeFigures:
    """The programme's headline figures: funding, initiatives per status, cycles and
    learning yield, each also per area."""

    funding: Funding
    learning_yield: LearningYield
    cycle_counts: dict[str, int]
    status_counts: dict[str, int]
    areas: list[AreaSummary]

    @property
    def statuses(self) -> list[dict[str, Any]]:
        return [
            {
                "value": status.value,
                "label": status.label,
                "count": self.status_counts.get(status, 0),
            }
            for status in InitiativeStatus
        ]


def _compute_figures(programme: Programme) -> ProgrammeFigures:
    # Money and statuses come from the initiatives, cycle counts from the cycles, each in
    # one grouped query: summing money over a join with cycles would count each
    # initiative once per cycle.
    initiative_rows = list(
        Initiative.objects.filter(programme=programme)
        .values("area", "status")
        .annotate(n=Count("id"), **funding_aggregates())
        .order_by()
    )
    cycle_rows = {
        row["initiative__area"]: row
        for row in LearningCycle.objects.filter(initiative__programme=programme)
        .values("initiative__area")
        .annotate(**yield_aggregates())
        .order_by()
    }
    cycle_counts = {name: sum(row[name] for row in cycle_rows.values()) for name in YIELD_COUNTERS}
    status_counts: dict[str, int] = {}
    for row in initiative_rows:
        status_counts[row["status"]] = status_counts.get(row["status"], 0) + row["n"]

    def money(field: str, area: int | None = None, every: bool = False) -> Decimal:
        return sum((r[field] for r in initiative_rows if every or r["area"] == area), Decimal(0))

    areas = []
    for area in Area.objects.filter(programme=programme).values("pk", "name").order_by("name"):
        cycles = cycle_rows.get(area["pk"], NO_CYCLES)
        areas.append(
            AreaSummary(
                pk=area["pk"],
                name=area["name"],
                initiative_count=sum(r["n"] for r in initiative_rows if r["area"] == area["pk"]),
                municipal=money("municipal", area["pk"]),
                residents=money("residents", area["pk"]),
                other=money("other", area["pk"]),
                learning_yield=LearningYield(cycles["cycles_completed"], cycles["cycles_due"]),
                cycles_overdue=cycles["cycles_overdue"],
            )
        )
    return ProgrammeFigures(
        funding=Funding(
            money("municipal", every=True),
            money("residents", every=True),
            money("other", every=True),
        ),
        learning_yield=LearningYield(cycle_counts["cycles_completed"], cycle_counts["cycles_due"]),
        cycle_counts=cycle_counts,
        status_counts=status_counts,
        areas=areas,
    )


def programme_figures(*, programme: Programme) -> ProgrammeFigures:
    """The figures, from the cache when nothing in the programme changed since they were
    computed today. Every audited change in a programme raises its data_version (see
    common.services.audit_record), and "overdue" changes with the date, so both are in
    the key: a cached value is never stale, in any process."""
    key = f"samenspel:figures:{programme.pk}.{programme.data_version}.{timezone.localdate()}"
    figures = cache.get(key)
    if figures is None:
        figures = _compute_figures(programme)
        cache.set(key, figures, timeout=FIGURES_CACHE_SECONDS)
    return figures


@dataclass
class ProgrammeOverview:
    figures: ProgrammeFigures
    questions: list[LearningQuestion]
    more_questions: bool


def programme_overview(*, programme: Programme, question_limit: int = 10) -> ProgrammeOverview:
    questions = list(
        LearningQuestion.objects.filter(programme=programme).order_by("number")[
            : question_limit + 1
        ]
    )
    return ProgrammeOverview(
        figures=programme_figures(programme=programme),
        questions=questions[:question_limit],
        more_questions=len(questions) > question_limit,
    )


def initiative_list(
    *,
    programme: Programme,
    query: str = "",
    area_id: int | None = None,
    status: str = "",
    societal_task: bool | None = None,
    overdue_only: bool = False,
) -> QuerySet[Initiative]:
    """The filtered initiatives, without cycle figures: a page of them gets those from
    `with_learning_yield`, so the database never groups every cycle of the programme
    just to show 25 rows."""
    initiatives = Initiative.objects.filter(programme=programme)
    if query:
        initiatives = initiatives.filter(
            Q(title__icontains=query) | Q(summary__icontains=query) | Q(initiators__icontains=query)
        )
    if area_id:
        initiatives = initiatives.filter(area_id=area_id)
    if status:
        initiatives = initiatives.filter(status=status)
    if societal_task is not None:
        initiatives = initiatives.filter(societal_task=societal_task)
    if overdue_only:
        initiatives = initiatives.filter(
            Exists(LearningCycle.objects.filter(overdue_q(), initiative=OuterRef("pk")))
        )
    return initiatives.select_related("area").order_by("title", "id")


def with_learning_yield(initiatives: list[Initiative]) -> list[Initiative]:
    """Set the cycle figures of yield_aggregates() on each initiative, in one query."""
    rows = {
        row["initiative"]: row
        for row in LearningCycle.objects.filter(initiative__in=[i.pk for i in initiatives])
        .values("initiative")
        .annotate(**yield_aggregates())
        .order_by()
    }
    for initiative in initiatives:
        row = rows.get(initiative.pk, NO_CYCLES)
        for name in YIELD_COUNTERS:
            setattr(initiative, name, row[name])
    return initiatives


def initiative_detail(*, initiative: Initiative) -> dict[str, Any]:
    return {
        "initiator_accounts": list(initiative.initiator_accounts.all()),
        "learning_yield": learning_yield(LearningCycle.objects.filter(initiative=initiative))[0],
        "funding": Funding(
            initiative.municipal_contribution,
            initiative.resident_contribution,
            initiative.other_contribution,
        ),
    }


def _count_of(model: Any, field: str) -> Coalesce:
    """A correlated COUNT of `model` rows whose `field` is the outer row: cheaper than
    two Count(distinct=True) over a fan-out join."""
    counted = (
        model.objects.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted), 0)


def learning_agenda(*, programme: Programme, status: str = "") -> QuerySet[LearningQuestion]:
    questions = LearningQuestion.objects.filter(programme=programme)
    if status:
        questions = questions.filter(status=status)
    return questions.annotate(
        version_count=_count_of(LearningQuestionVersion, "question"),
        cycle_count=_count_of(LearningCycle.learning_questions.through, "learningquestion"),
    ).order_by("number")


def question_detail(*, programme: Programme, number: int) -> LearningQuestion | None:
    return LearningQuestion.objects.filter(programme=programme, number=number).first()


def versions_of(*, question: LearningQuestion) -> QuerySet[LearningQuestionVersion]:
    return question.versions.order_by("number")


def cycles_of_question(*, question: LearningQuestion) -> QuerySet[LearningCycle]:
    return (
        LearningCycle.objects.filter(learning_questions=question)
        .select_related("initiative")
        .order_by("initiative__title", "number")
    )


def members_of(*, programme: Programme) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(programme=programme)
        .select_related("user")
        .order_by("role", "user__name")
    )
