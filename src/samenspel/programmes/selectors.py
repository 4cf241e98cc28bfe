"""Reads on programmes: the overview, the initiative list with search and filters, the
learning agenda. Each read costs the same number of queries whatever the size."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, Prefetch, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from samenspel.accounts.models import Membership, User
from samenspel.cycles.models import LearningCycle
from samenspel.cycles.selectors import LearningYield, learning_yield, yield_aggregates
from samenspel.programmes.constants import InitiativeStatus
from samenspel.programmes.models import (
    Area,
    Initiative,
    LearningQuestion,
    Programme,
)

ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=14, decimal_places=2))


def _money(field: str) -> Coalesce:
    return Coalesce(Sum(field), ZERO)


def funding_aggregates(prefix: str = "") -> dict[str, Coalesce]:
    return {
        "municipal": _money(f"{prefix}municipal_contribution"),
        "residents": _money(f"{prefix}resident_contribution"),
        "other": _money(f"{prefix}other_contribution"),
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


@dataclass
class ProgrammeOverview:
    programme: Programme
    funding: Funding
    learning_yield: LearningYield
    cycle_counts: dict[str, int]
    status_counts: dict[str, int]
    areas: list[AreaSummary]
    questions: list[LearningQuestion]
    question_count: int

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


def programme_overview(*, programme: Programme, question_limit: int = 10) -> ProgrammeOverview:
    initiatives = Initiative.objects.filter(programme=programme)
    totals = initiatives.aggregate(**funding_aggregates())
    status_counts = dict(
        initiatives.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    yield_, cycle_counts = learning_yield(
        LearningCycle.objects.filter(initiative__programme=programme)
    )
    # Funding and cycle counts per area come from two grouped queries: summing money over
    # a join with cycles would count each initiative once per cycle.
    per_area = {
        row["initiative__area"]: row
        for row in LearningCycle.objects.filter(initiative__programme=programme)
        .values("initiative__area")
        .annotate(**yield_aggregates())
    }
    areas = [
        AreaSummary(
            pk=area["pk"],
            name=area["name"],
            initiative_count=area["initiative_count"],
            municipal=area["municipal"],
            residents=area["residents"],
            other=area["other"],
            learning_yield=LearningYield(
                per_area.get(area["pk"], {}).get("cycles_completed", 0),
                per_area.get(area["pk"], {}).get("cycles_due", 0),
            ),
            cycles_overdue=per_area.get(area["pk"], {}).get("cycles_overdue", 0),
        )
        # Funding and cycle counts per area come from two grouped queries: summing money
        # over a join with cycles would count each initiative once per cycle.
        for area in Area.objects.filter(programme=programme)
        .values("pk", "name")
        .annotate(initiative_count=Count("initiatives"), **funding_aggregates("initiatives__"))
        .order_by("name")
    ]
    questions = LearningQuestion.objects.filter(programme=programme)
    return ProgrammeOverview(
        programme=programme,
        funding=Funding(totals["municipal"], totals["residents"], totals["other"]),
        learning_yield=yield_,
        cycle_counts=cycle_counts,
        status_counts=status_counts,
        areas=areas,
        questions=list(questions.order_by("number")[:question_limit]),
        question_count=questions.count(),
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
    initiatives = initiatives.select_related("area", "contact").annotate(
        **yield_aggregates("cycles__")
    )
    if overdue_only:
        # Filtering on the annotation: django-stubs cannot see annotated names.
        initiatives = initiatives.filter(**{"cycles_overdue__gt": 0})
    return initiatives.order_by("title", "id")


def initiative_detail(*, initiative: Initiative) -> dict[str, Any]:
    from samenspel.cycles.selectors import cycles_of_initiative

    return {
        "cycles": list(cycles_of_initiative(initiative_id=initiative.pk)),
        "initiator_accounts": list(initiative.initiator_accounts.all()),
        "learning_yield": learning_yield(LearningCycle.objects.filter(initiative=initiative))[0],
        "funding": Funding(
            initiative.municipal_contribution,
            initiative.resident_contribution,
            initiative.other_contribution,
        ),
    }


def learning_agenda(*, programme: Programme, status: str = "") -> QuerySet[LearningQuestion]:
    questions = LearningQuestion.objects.filter(programme=programme)
    if status:
        questions = questions.filter(status=status)
    return questions.annotate(
        version_count=Count("versions", distinct=True),
        cycle_count=Count("cycles", distinct=True),
    ).order_by("number")


def question_detail(*, programme: Programme, number: int) -> LearningQuestion | None:
    return (
        LearningQuestion.objects.filter(programme=programme, number=number)
        .prefetch_related(
            Prefetch("versions", to_attr="all_versions"),
            Prefetch(
                "cycles",
                queryset=LearningCycle.objects.select_related("initiative").order_by(
                    "initiative__title", "number"
                ),
                to_attr="linked_cycles",
            ),
        )
        .first()
    )


def members_of(*, programme: Programme) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(programme=programme)
        .select_related("user")
        .order_by("role", "user__name")
    )
