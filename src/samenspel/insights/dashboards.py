"""The dashboards' reads: the facilitator's dashboard (where the learning discipline
slips), the governance overview (progress and learning on one page, also as PDF and
CSV) and the civil servant's open actions on "my work".

Every figure is counted by the database or read from a tally the lower apps keep
(cycles.CycleTally, AreaCycleTally, programmes.InitiativeTally), and every list is read
capped or a page at a time, so each function costs a fixed number of queries whatever
the size of the programme (tests/test_insights_dashboards.py counts them at two sizes).
The definitions of the figures are in the docstrings below and in the developer notes.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
    Window,
)
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from samenspel.accounts.models import User
from samenspel.common.words import long_date
from samenspel.compass.pictures import FacetTrend, facet_trends
from samenspel.compass.selectors import Scope, compass_of
from samenspel.cycles import tallies
from samenspel.cycles.constants import CycleState
from samenspel.cycles.models import LearningCycle
from samenspel.cycles.selectors import (
    NO_CYCLES,
    TALLY_FIELDS,
    CycleFigures,
    LearningYield,
    counts_of,
    figures_by,
    programme_cycle_figures,
)
from samenspel.journal import charts
from samenspel.journal.generated import yield_per_period
from samenspel.journal.periods import Period, period_word, periods_between
from samenspel.learning_sessions.constants import ActionStatus, SessionPhase
from samenspel.learning_sessions.models import Action, Insight, LearningSession
from samenspel.learning_sessions.selectors import start_of_today
from samenspel.programmes.constants import InitiativeStatus, QuestionStatus
from samenspel.programmes.models import Initiative, LearningQuestion, Programme
from samenspel.programmes.selectors import (
    AreaSummary,
    Budget,
    ProgrammeFigures,
    co_investment_rule,
    programme_budget,
    programme_figures,
)

# How many rows a list on a dashboard shows before it links to the whole list.
LIST_CAP = 10
# Open actions are paged on the dashboard itself: no other page lists them.
ACTIONS_PER_PAGE = 10
# The governance overview's lessons: the newest answers and insights.
LESSONS_CAP = 6
# The PDF lists the initiatives one by one up to this many; a larger programme gets its
# totals per area (and the CSV for every initiative), so the PDF stays a few pages.
PDF_INITIATIVES = 30


def _today() -> datetime.date:
    return timezone.localdate()


# Learning yield over time --------------------------------------------------------------


@dataclass(frozen=True)
class YieldPoint:
    label: str
    completed: int
    due: int

    @property
    def percentage(self) -> int | None:
        return LearningYield(self.completed, self.due).percentage


@dataclass(frozen=True)
class YieldOverTime:
    """The learning yield at the end of each quarter (or year, for a long journey) from
    the programme's start up to today: completed cycles ÷ cycles that should have been
    completed by then (decision 0005), the figures the travel report draws."""

    points: list[YieldPoint]
    period_word: str
    last_day: datetime.date | None

    @property
    def latest(self) -> YieldPoint | None:
        return self.points[-1] if self.points else None

    def chart(self, *, prefix: str) -> str:
        """The bars as SVG (journal.charts), with its title and description."""
        if not self.points:
            return ""
        title = _("Learning yield per %(period)s") % {"period": self.period_word.lower()}
        description = " ".join(
            f"{point.label}: {_percent_text(point.percentage)}." for point in self.points
        )
        return charts.yield_svg(
            labels=[point.label for point in self.points],
            values=[point.percentage for point in self.points],
            title=title,
            description=description,
            prefix=prefix,
            no_value="\u2013",
        )


def _percent_text(value: int | None) -> str:
    return "\u2013" if value is None else f"{value}%"


def yield_over_time(*, programme: Programme) -> YieldOverTime:
    """From the programme's start (or, without one, the first cycle's start: one query
    more) up to its end or today, whichever comes first. One counting query."""
    today = _today()
    first = programme.starts_on
    if first is None:
        first = LearningCycle.objects.filter(initiative__programme_id=programme.pk).aggregate(
            first=Min("starts_on")
        )["first"]
    last = min(programme.ends_on or today, today)
    if first is None or last < first:
        return YieldOverTime([], _("Quarter"), None)
    periods: list[Period] = periods_between(first, last)
    figures = yield_per_period(programme_id=programme.pk, periods=periods, last=last)
    return YieldOverTime(
        [
            YieldPoint(period.label, completed, due)
            for period, (completed, due) in zip(periods, figures, strict=True)
        ],
        period_word(periods),
        last,
    )


# The facilitator's dashboard -----------------------------------------------------------


@dataclass(frozen=True)
class OverdueCycle:
    cycle: LearningCycle
    due_on: datetime.date
    days_overdue: int


@dataclass(frozen=True)
class Capped:
    """The first rows of a list and how many there are in all."""

    rows: list[Any]
    total: int

    @property
    def more(self) -> bool:
        return self.total > len(self.rows)


def _overdue_in(programme_id: int, state: CycleState, due_field: str) -> Capped:
    """Open cycles in `state` past the due date of that phase, the longest overdue first.
    Two queries."""
    today = _today()
    found = LearningCycle.objects.filter(
        initiative__programme_id=programme_id, state=state, **{f"{due_field}__lt": today}
    )
    rows = [
        OverdueCycle(cycle, getattr(cycle, due_field), (today - getattr(cycle, due_field)).days)
        for cycle in found.select_related("initiative", "owner").order_by(due_field, "id")[
            :LIST_CAP
        ]
    ]
    return Capped(rows, found.count())


def overdue_reviews(*, programme: Programme) -> Capped:
    """Acting cycles whose review was due before today: the after action review is late."""
    return _overdue_in(programme.pk, CycleState.ACTING, "review_due")


def overdue_adjustments(*, programme: Programme) -> Capped:
    """Reviewed cycles whose adjustment was due before today: the decision is late."""
    return _overdue_in(programme.pk, CycleState.REVIEWED, "adjustment_due")


@dataclass(frozen=True)
class UnreportedSession:
    session: LearningSession
    ended_on: datetime.date
    days_since: int


def sessions_without_report(*, programme: Programme) -> Capped:
    """Sessions that ended before today but were never closed. A session's report is made
    when its facilitator closes it (learning_sessions.services: closing applies the
    proposed updates of the learning agenda, reviews the cycles on the agenda and makes
    the report; its page and PDF exist only then), so a session that is over and not
    closed is a session without a report. Counted from the start of today: the rest of
    the session's own day is left to close it, and the page's cache is keyed by the
    date. The longest waiting first. Two queries."""
    found = LearningSession.objects.filter(
        programme=programme, ends_at__lt=start_of_today()
    ).exclude(phase=SessionPhase.CLOSED)
    today = _today()
    rows = []
    for session in found.select_related("facilitator").order_by("ends_at", "id")[:LIST_CAP]:
        ended = timezone.localtime(session.ends_at).date()
        rows.append(UnreportedSession(session, ended, (today - ended).days))
    return Capped(rows, found.count())


def open_actions(*, programme: Programme) -> QuerySet[Action]:
    """The actions of the programme's sessions that are still open (an action carried
    over is open again: learning_sessions.services.action_review), the first due first."""
    return (
        Action.objects.filter(session__programme_id=programme.pk, status=ActionStatus.OPEN)
        .select_related("owner", "session")
        .order_by("due_on", "id")
    )


@dataclass(frozen=True)
class ActionCounts:
    total: int
    overdue: int


def open_action_counts(*, programme: Programme) -> ActionCounts:
    """How many actions are open and how many of them are past their due date (due
    before today). One query."""
    counts = open_actions(programme=programme).aggregate(
        total=Count("id"), overdue=Count("id", filter=Q(due_on__lt=_today()))
    )
    return ActionCounts(counts["total"], counts["overdue"])


@dataclass(frozen=True)
class AgendaState:
    """The learning agenda: how many questions per status, the questions no cycle is
    linked to (nobody is learning on them), and the newest answered ones."""

    per_status: list[tuple[str, str, int]]  # value, label, count
    without_cycle: Capped
    answered: list[LearningQuestion]

    @property
    def total(self) -> int:
        return sum(count for _value, _label, count in self.per_status)

    def count(self, status: str) -> int:
        return next((n for value, _label, n in self.per_status if value == status), 0)

    @property
    def answered_count(self) -> int:
        return self.count(QuestionStatus.ANSWERED)


def agenda_state(*, programme: Programme, answered_limit: int = LIST_CAP) -> AgendaState:
    """Three queries. The questions without a cycle are those still worked on (open or
    persistent): an answered or dropped question needs no cycle any more."""
    questions = LearningQuestion.objects.filter(programme=programme)
    counted = dict(
        questions.order_by()
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    links = LearningCycle.learning_questions.through.objects.filter(
        learningquestion_id=OuterRef("pk")
    )
    without = questions.filter(
        ~Exists(links), status__in=[QuestionStatus.OPEN, QuestionStatus.PERSISTENT]
    ).order_by("number")
    without_rows = list(without.only("number", "text", "status"))
    answered = list(
        questions.filter(status=QuestionStatus.ANSWERED)
        .select_related("answered_by")
        .order_by(F("answered_at").desc(nulls_last=True), "-number")[:answered_limit]
    )
    return AgendaState(
        per_status=[(s.value, str(s.label), counted.get(s.value, 0)) for s in QuestionStatus],
        without_cycle=Capped(without_rows[:LIST_CAP], len(without_rows)),
        answered=answered,
    )


@dataclass(frozen=True)
class FacilitatorDashboard:
    learning_yield: CycleFigures
    over_time: YieldOverTime
    overdue_reviews: Capped
    overdue_adjustments: Capped
    sessions_without_report: Capped
    action_counts: ActionCounts
    agenda: AgendaState


def facilitator_dashboard(*, programme: Programme) -> FacilitatorDashboard:
    """Everything on the facilitator's dashboard except the page of open actions (the
    view pages those). About fifteen queries, whatever the size."""
    return FacilitatorDashboard(
        learning_yield=programme_cycle_figures(programme_id=programme.pk),
        over_time=yield_over_time(programme=programme),
        overdue_reviews=overdue_reviews(programme=programme),
        overdue_adjustments=overdue_adjustments(programme=programme),
        sessions_without_report=sessions_without_report(programme=programme),
        action_counts=open_action_counts(programme=programme),
        agenda=agenda_state(programme=programme),
    )


# The governance overview ----------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    """An initiative's (or an area's) progress: its cycles counted from its tally."""

    completed: int
    open: int
    overdue: int
    total: int
    due: int

    @property
    def learning_yield(self) -> LearningYield:
        return LearningYield(self.completed, self.due)

    @classmethod
    def of(cls, counts: dict[str, int]) -> "Progress":
        return cls(
            completed=counts["cycles_completed"],
            open=counts["cycles_open"],
            overdue=counts["cycles_overdue"],
            total=counts["cycles_total"],
            due=counts["cycles_due"],
        )


@dataclass(frozen=True)
class InitiativeProgress:
    pk: int
    title: str
    area: str
    status: str
    status_label: str
    municipal: Decimal
    residents: Decimal
    other: Decimal
    progress: Progress

    @property
    def funding_total(self) -> Decimal:
        return self.municipal + self.residents + self.other


_TALLY_VALUES = tuple(f"cycle_tally__{name}" for name in TALLY_FIELDS)
_STATUS_LABELS = dict(InitiativeStatus.choices)


def initiative_progress_rows() -> tuple[str, ...]:
    return (
        "pk",
        "title",
        "area__name",
        "status",
        "municipal_contribution",
        "resident_contribution",
        "other_contribution",
        *_TALLY_VALUES,
    )


def initiative_progress(*, programme: Programme) -> QuerySet[Any]:
    """Every initiative of the programme with the counts of its cycle tally, as value
    tuples (initiative_progress_rows), by area and then by title: one query however
    many are read, to page or to write whole (the CSV). The tallies whose overdue counts
    changed with the date are counted again first (cycles.tallies)."""
    tallies.cycle_tallies_freshen()
    return (
        Initiative.objects.filter(programme=programme)
        .order_by(F("area__sort_name").asc(nulls_last=True), "sort_name", "id")
        .values_list(*initiative_progress_rows())
    )


def progress_of(rows: Iterable[Any]) -> list[InitiativeProgress]:
    """The value tuples of initiative_progress as InitiativeProgress."""
    found = []
    for row in rows:
        pk, title, area, status, municipal, residents, other, *counted = row
        counts = counts_of([[value or 0 for value in counted]])
        found.append(
            InitiativeProgress(
                pk=pk,
                title=title,
                area=area or "",
                status=status,
                status_label=str(_STATUS_LABELS.get(status, status)),
                municipal=municipal or Decimal(0),
                residents=residents or Decimal(0),
                other=other or Decimal(0),
                progress=Progress.of(counts),
            )
        )
    return found


@dataclass(frozen=True)
class AreaProgress:
    area: AreaSummary
    progress: Progress

    @property
    def funding_total(self) -> Decimal:
        return self.area.municipal + self.area.residents + self.area.other


@dataclass(frozen=True)
class Lessons:
    """The main lessons: the learning questions answered most recently, and the newest
    insights of closed sessions (what members read in the sessions' reports)."""

    answered: list[LearningQuestion]
    answered_count: int
    insights: list[Insight]


def main_lessons(*, programme: Programme, agenda: AgendaState) -> Lessons:
    """One query (the answered questions come with the agenda's state)."""
    insights = list(
        Insight.objects.filter(session__programme=programme, session__phase=SessionPhase.CLOSED)
        .select_related("session")
        .order_by("-session__starts_at", "-id")[:LESSONS_CAP]
    )
    return Lessons(agenda.answered[:LESSONS_CAP], agenda.answered_count, insights)


@dataclass(frozen=True)
class GovernanceOverview:
    programme: Programme
    figures: ProgrammeFigures
    budget: Budget | None
    co_investment_rule: str | None
    learning_yield: CycleFigures
    over_time: YieldOverTime
    areas: list[AreaProgress]
    initiative_count: int
    agenda: AgendaState
    lessons: Lessons
    # None: the programme has no compass.
    compass_trends: list[FacetTrend] | None
    made_on: datetime.date = field(default_factory=_today)

    @property
    def statuses(self) -> list[dict[str, Any]]:
        return self.figures.statuses

    @property
    def made_on_text(self) -> str:
        return long_date(self.made_on, get_language())

    @property
    def compass_answered(self) -> bool:
        return bool(self.compass_trends) and any(trend.chart for trend in self.compass_trends or [])


def area_progress(*, programme: Programme, figures: ProgrammeFigures) -> list[AreaProgress]:
    """The areas (villages) with their funding, initiatives and cycles: one tally row
    each, read once per request."""
    counts = figures_by("area", programme_id=programme.pk, ids=[a.pk for a in figures.areas])
    return [
        AreaProgress(area, Progress.of(counts.get(area.pk, NO_CYCLES))) for area in figures.areas
    ]


def governance_overview(*, programme: Programme, trend_prefix: str = "trend") -> GovernanceOverview:
    """The governance overview without the page of initiatives (the view pages those,
    the PDF and the CSV read them whole). A fixed number of queries."""
    figures = programme_figures(programme=programme)
    agenda = agenda_state(programme=programme, answered_limit=LESSONS_CAP)
    compass = compass_of(programme=programme)
    return GovernanceOverview(
        programme=programme,
        figures=figures,
        budget=programme_budget(programme=programme),
        co_investment_rule=co_investment_rule(programme=programme),
        learning_yield=programme_cycle_figures(programme_id=programme.pk),
        over_time=yield_over_time(programme=programme),
        areas=area_progress(programme=programme, figures=figures),
        initiative_count=sum(figures.status_counts.values()),
        agenda=agenda,
        lessons=main_lessons(programme=programme, agenda=agenda),
        compass_trends=None
        if compass is None
        else facet_trends(compass, Scope(), prefix=trend_prefix),
    )


# "My work": the civil servant's open actions ------------------------------------------


@dataclass(frozen=True)
class MyActions:
    actions: list[Action]
    total: int
    overdue: int

    @property
    def more(self) -> bool:
        return self.total > len(self.actions)


def my_open_actions(*, user: User, programme_ids: list[int]) -> MyActions:
    """The open actions a person owns in the programmes they are a member of, the first
    due first, at most LIST_CAP of them, and how many there are (and overdue) in all.
    One query: the counts over all of them ride along as window functions ("my work" is
    opened often)."""
    today = _today()
    actions: list[Any] = list(
        Action.objects.filter(
            owner=user, status=ActionStatus.OPEN, session__programme_id__in=programme_ids
        )
        .select_related("session__programme")
        .annotate(
            open_in_all=Window(Count("id")),
            overdue_in_all=Window(
                Sum(Case(When(due_on__lt=today, then=Value(1)), default=Value(0)))
            ),
        )
        .order_by("due_on", "id")[:LIST_CAP]
    )
    if not actions:
        return MyActions([], 0, 0)
    first: Any = actions[0]
    return MyActions(actions, first.open_in_all, first.overdue_in_all)
