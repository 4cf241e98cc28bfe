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
    OuterRef,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from samenspel.accounts.models import User
from samenspel.common.caching import figures_key, memoised
from samenspel.common.templatetags.samenspel import euro
from samenspel.common.text import normalise
from samenspel.programmes import extensions
from samenspel.programmes.constants import InitiativeStatus
from samenspel.programmes.models import (
    Area,
    Initiative,
    InitiativeTally,
    LearningQuestion,
    LearningQuestionVersion,
    Membership,
    Programme,
)

# Cached figures are keyed by the programme's data version and the date; this only
# bounds how long an unused entry lingers.
FIGURES_CACHE_SECONDS = 24 * 60 * 60


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


@dataclass(frozen=True)
class Budget:
    """The programme's budget against what the initiatives were promised (their municipal
    contributions)."""

    budget: Decimal
    committed: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.committed

    @property
    def over_budget(self) -> Decimal:
        """How much more was promised than the budget holds (0 within the budget)."""
        return max(-self.remaining, Decimal(0))


def programme_budget(*, programme: Programme) -> Budget | None:
    if programme.budget is None:
        return None
    committed = programme_figures(programme=programme).funding.municipal
    return Budget(budget=programme.budget, committed=committed)


def _percentage(value: Decimal) -> str:
    """25.00 → "25", 12.50 → "12,5" (in Dutch)."""
    if value == value.to_integral_value():
        return number_format(value.quantize(Decimal(1)), use_l10n=True)
    return number_format(value.normalize(), use_l10n=True)


def co_investment_rule(*, programme: Programme) -> str | None:
    """The programme's co-investment rule in words, or None when it has none."""
    if programme.co_investment_percentage is None:
        return None
    return _(
        "Co-investment rule: residents co-invest at least %(percentage)s%% of the "
        "municipal contribution."
    ) % {"percentage": _percentage(programme.co_investment_percentage)}


@dataclass(frozen=True)
class CoInvestmentShortfall:
    """An initiative whose residents put in less than the programme's co-investment rule
    asks: residents < percentage * municipal contribution, compared exactly (no rounding,
    so exactly the percentage passes)."""

    residents: Decimal
    percentage: Decimal
    municipal: Decimal

    @property
    def required(self) -> Decimal:
        return self.percentage * self.municipal / 100

    def __str__(self) -> str:
        return _(
            "Residents co-invest %(residents)s, less than the %(percentage)s%% of "
            "%(municipal)s (%(required)s) that the programme asks."
        ) % {
            "residents": euro(self.residents),
            "percentage": _percentage(self.percentage),
            "municipal": euro(self.municipal),
            "required": euro(self.required),
        }


def co_investment_shortfall(
    *, programme: Programme, initiative: Initiative
) -> CoInvestmentShortfall | None:
    """Why the initiative breaks the programme's co-investment rule, or None."""
    percentage = programme.co_investment_percentage
    if percentage is None:
        return None
    shortfall = CoInvestmentShortfall(
        residents=initiative.resident_contribution,
        percentage=percentage,
        municipal=initiative.municipal_contribution,
    )
    return shortfall if shortfall.residents < shortfall.required else None


def mark_co_investment_shortfalls(
    *, programme: Programme, initiatives: list[Initiative]
) -> list[Initiative]:
    """Give each initiative of a list its `co_investment_shortfall` (None when it keeps
    the rule), without a query."""
    for initiative in initiatives:
        shortfall = co_investment_shortfall(programme=programme, initiative=initiative)
        setattr(initiative, "co_investment_shortfall", shortfall)  # noqa: B010
    return initiatives


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
    # A row per area and status (programmes.tallies), never a row per initiative.
    initiative_rows: list[dict[str, Any]] = [
        dict(row)
        for row in InitiativeTally.objects.filter(programme=programme).values(
            "area", "status", "count", "municipal", "residents", "other"
        )
    ]
    status_counts: dict[str, int] = {}
    for row in initiative_rows:
        status_counts[row["status"]] = status_counts.get(row["status"], 0) + row["count"]

    def money(field: str, area: int | None = None, every: bool = False) -> Decimal:
        return sum((r[field] for r in initiative_rows if every or r["area"] == area), Decimal(0))

    areas = [
        AreaSummary(
            pk=area["pk"],
            name=area["name"],
            initiative_count=sum(r["count"] for r in initiative_rows if r["area"] == area["pk"]),
            municipal=money("municipal", area["pk"]),
            residents=money("residents", area["pk"]),
            other=money("other", area["pk"]),
        )
        for area in Area.objects.filter(programme=programme)
        .values("pk", "name")
        .order_by("sort_name", "name")
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

    def cached() -> ProgrammeFigures:
        figures: ProgrammeFigures | None = cache.get(key)
        if figures is None:
            figures = _compute_figures(programme)
            cache.set(key, figures, timeout=FIGURES_CACHE_SECONDS)
        return figures

    # The overview and the area table of one page both show them: read once.
    return memoised(key, cached)


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
    if query and normalise(query):
        # In the normalised copy: "IJsselmonde" finds "Ĳsselmonde", "cafe" finds "Café".
        initiatives = initiatives.filter(search_text__contains=normalise(query))
    if area_id:
        initiatives = initiatives.filter(area_id=area_id)
    if status:
        initiatives = initiatives.filter(status=status)
    if societal_task is not None:
        initiatives = initiatives.filter(societal_task=societal_task)
    for filter_ in extensions.filters():
        if filter_.name in (narrowed_by or []):
            initiatives = filter_.apply(initiatives)
    return initiatives.select_related("area").order_by("sort_name", "id")


def initiative_count(
    *,
    programme: Programme,
    query: str = "",
    area_id: int | None = None,
    status: str = "",
    societal_task: bool | None = None,
    narrowed_by: list[str] | None = None,
) -> int | None:
    """How many initiatives initiative_list finds, from the tallies (a row per area and
    status), when only the area and the status narrow it; None when a search or another
    filter does, and the list must be counted itself."""
    if (query and normalise(query)) or societal_task is not None or narrowed_by:
        return None
    tallies = InitiativeTally.objects.filter(programme=programme)
    if area_id:
        tallies = tallies.filter(area_id=area_id)
    if status:
        tallies = tallies.filter(status=status)
    return sum(tallies.values_list("count", flat=True))


def initiative_detail(*, initiative: Initiative) -> dict[str, Any]:
    return {
        "co_investment_shortfall": co_investment_shortfall(
            programme=initiative.programme, initiative=initiative
        ),
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
        .order_by("role", "user__sort_name", "user__email")
    )


def memberships_of(*, user: User) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user).select_related("programme").order_by("programme__name")
    )
