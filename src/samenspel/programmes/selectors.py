"""Reads on programmes: the overview, the initiative list with search and filters, the
learning agenda, the members. Each read costs the same number of queries whatever the
size. What the apps built on programmes add to these pages (learning cycles, ...) they
read themselves (programmes.extensions)."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db.models import (
    Count,
    DecimalField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from samenspel.accounts.models import User
from samenspel.common.caching import figures_key
from samenspel.programmes import extensions
from samenspel.programmes.constants import InitiativeStatus
from samenspel.programmes.models import (
    Area,
    Initiative,
    LearningQuestion,
    LearningQuestionVersion,
    Membership,
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


@dataclass(frozen=True)
class ProgrammeFigures:
    """The programme's headline figures: funding and initiatives per status, each also
    per area."""

    funding: Funding
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
    initiative_rows = list(
        Initiative.objects.filter(programme=programme)
        .values("area", "status")
        .annotate(n=Count("id"), **funding_aggregates())
        .order_by()
    )
    status_counts: dict[str, int] = {}
    for row in initiative_rows:
        status_counts[row["status"]] = status_counts.get(row["status"], 0) + row["n"]

    def money(field: str, area: int | None = None, every: bool = False) -> Decimal:
        return sum((r[field] for r in initiative_rows if every or r["area"] == area), Decimal(0))

    areas = [
        AreaSummary(
            pk=area["pk"],
            name=area["name"],
            initiative_count=sum(r["n"] for r in initiative_rows if r["area"] == area["pk"]),
            municipal=money("municipal", area["pk"]),
            residents=money("residents", area["pk"]),
            other=money("other", area["pk"]),
        )
        for area in Area.objects.filter(programme=programme).values("pk", "name").order_by("name")
    ]
    return ProgrammeFigures(
        funding=Funding(
            money("municipal", every=True),
            money("residents", every=True),
            money("other", every=True),
        ),
        status_counts=status_counts,
        areas=areas,
    )


def programme_figures(*, programme: Programme) -> ProgrammeFigures:
    """The figures, from the cache when nothing in the programme changed since they were
    computed today. Every audited change in a programme raises its data_version (see
    common.services.audit_record), and "overdue" changes with the date, so both are in
    the key: a cached value is never stale, in any process."""
    key = figures_key(programme.pk, programme.data_version, timezone.localdate())
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
    narrowed_by: list[str] | None = None,
) -> QuerySet[Initiative]:
    """The filtered initiatives. `narrowed_by` names the ticked filters that other apps
    added (programmes.extensions); the figures of a page of rows come from their
    columns, so the database never groups every cycle of the programme to show 25."""
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
    for filter_ in extensions.filters():
        if filter_.name in (narrowed_by or []):
            initiatives = filter_.apply(initiatives)
    return initiatives.select_related("area").order_by("title", "id")


def initiative_detail(*, initiative: Initiative) -> dict[str, Any]:
    return {
        "initiator_accounts": list(initiative.initiator_accounts.all()),
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
    ).order_by("number")


def versions_of(*, question: LearningQuestion) -> QuerySet[LearningQuestionVersion]:
    return question.versions.order_by("number")


def members_of(*, programme: Programme) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(programme=programme)
        .select_related("user")
        .order_by("role", "user__name")
    )


def memberships_of(*, user: User) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user).select_related("programme").order_by("programme__name")
    )
