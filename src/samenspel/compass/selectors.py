"""Reads of the compass: its facets, and the figures of a set of assessments.

Every figure comes from counts the database makes (compass.figures): per facet,
perspective group and score, how many gave it. However many assessments there are, a
picture costs a fixed handful of queries and a few hundred rows.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Max,
    Min,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber

from samenspel.compass.constants import Perspective, Subject
from samenspel.compass.figures import Figures, Gap, figures_of, gaps_of
from samenspel.compass.models import AnswerLink, Assessment, Compass, Facet, Score
from samenspel.programmes.models import Programme

GROUPS = list(Perspective.values)
# The notes shown with each gap: the newest few of each of its two groups.
NOTES_PER_GROUP = 3


def compass_of(*, programme: Programme) -> Compass | None:
    """The programme's compass with its facets in order (retired ones included)."""
    compass = (
        Compass.objects.filter(programme=programme).prefetch_related("facets").order_by().first()
    )
    if compass is not None:
        compass.programme = programme
    return compass


def facets_in_use(compass: Compass) -> list[Facet]:
    return [facet for facet in compass.facets.all() if facet.retired_at is None]


@dataclass(frozen=True)
class Scope:
    """Which assessments a picture counts: those about one subject (the programme, one
    initiative, one session, one person), optionally within a period (days included)."""

    subject: str = Subject.PROGRAMME
    initiative_id: int | None = None
    session_id: int | None = None
    person_id: int | None = None
    since: datetime.date | None = None
    until: datetime.date | None = None

    def assessments(self, programme_id: int, prefix: str = "") -> Q:
        conditions = {
            "programme_id": programme_id,
            "subject": self.subject,
        }
        if self.subject == Subject.INITIATIVE:
            conditions["initiative_id"] = self.initiative_id
        elif self.subject == Subject.SESSION:
            conditions["session_id"] = self.session_id
        elif self.subject == Subject.PERSON:
            conditions["person_id"] = self.person_id
        if self.since is not None:
            conditions["assessed_on__gte"] = self.since
        if self.until is not None:
            conditions["assessed_on__lte"] = self.until
        return Q(**{prefix + name: value for name, value in conditions.items()})


def _scores(programme_id: int, scope: Scope) -> QuerySet[Score]:
    return Score.objects.filter(scope.assessments(programme_id, "assessment__"))


def _histograms(
    programme_id: int, scope: Scope, value: str
) -> dict[tuple[int, str], dict[int, int]]:
    rows = (
        _scores(programme_id, scope)
        .exclude(**{f"{value}__isnull": True})
        .values_list("facet_id", "assessment__perspective", value)
        .annotate(n=Count("*"))
        .order_by()
    )
    histograms: dict[tuple[int, str], dict[int, int]] = defaultdict(dict)
    for facet_id, group, score, n in rows:
        histograms[facet_id, group][score] = n
    return histograms


def _overall(histograms: dict[tuple[int, str], dict[int, int]]) -> dict[int, dict[int, int]]:
    """The groups' histograms of each facet added together."""
    total: dict[int, dict[int, int]] = defaultdict(dict)
    for (facet_id, _group), histogram in histograms.items():
        for score, n in histogram.items():
            total[facet_id][score] = total[facet_id].get(score, 0) + n
    return total


@dataclass(frozen=True)
class Picture:
    """The figures of one scope: per (facet, group) and per facet over all groups, now
    and desired; how many assessments each group made; and the perspective gaps."""

    facets: list[Facet]
    current: dict[tuple[int, str], Figures]
    desired: dict[tuple[int, str], Figures]
    current_overall: dict[int, Figures]
    desired_overall: dict[int, Figures]
    respondents: dict[str, int]
    gaps: list[Gap] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.respondents.values())

    @property
    def groups(self) -> list[str]:
        """The perspective groups that answered, in the order of every legend."""
        return [group for group in GROUPS if self.respondents.get(group)]


def _figures(histograms: dict) -> dict:
    found = {key: figures_of(histogram) for key, histogram in histograms.items()}
    return {key: figures for key, figures in found.items() if figures is not None}


def compass_picture(*, compass: Compass, scope: Scope) -> Picture:
    """All figures of the assessments in `scope`: three counting queries."""
    programme_id = compass.programme_id
    current = _histograms(programme_id, scope, "current")
    desired = _histograms(programme_id, scope, "desired")
    respondents = dict(
        Assessment.objects.filter(scope.assessments(programme_id))
        .values_list("perspective")
        .annotate(n=Count("id"))
        .order_by()
    )
    facets = list(compass.facets.all())
    current_figures = _figures(current)
    return Picture(
        facets=facets,
        current=current_figures,
        desired=_figures(desired),
        current_overall=_figures(_overall(current)),
        desired_overall=_figures(_overall(desired)),
        respondents=respondents,
        gaps=gaps_of(
            {key: figures.median for key, figures in current_figures.items()},
            [facet.pk for facet in facets],
            GROUPS,
        ),
    )


@dataclass(frozen=True)
class TrendPoint:
    quarter: datetime.date  # the first day of the quarter
    figures: dict[str, Figures]  # per group that answered in it
    overall: Figures


def _quarter_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _quarter_of(programme_id: int, scope: Scope) -> tuple[list[datetime.date], Case | None]:
    """The first days of the quarters the scope's assessments fall in, and an expression
    that gives each score the position of its quarter in that list. A CASE over the
    quarters' bounds, not TruncQuarter: SQLite runs TruncQuarter as a Python function
    for every row, which made the trend of 100,000 assessments take a second
    (bench/compass.py)."""
    bounds = Assessment.objects.filter(scope.assessments(programme_id)).aggregate(
        first=Min("assessed_on"), last=Max("assessed_on")
    )
    if bounds["first"] is None:
        return [], None
    quarters = [_quarter_start(bounds["first"])]
    while quarters[-1] < _quarter_start(bounds["last"]):
        month = quarters[-1].month + 3
        quarters.append(datetime.date(quarters[-1].year + (month > 12), (month - 1) % 12 + 1, 1))
    position = Case(
        *(
            When(assessment__assessed_on__lt=following, then=Value(index))
            for index, following in enumerate(quarters[1:])
        ),
        default=Value(len(quarters) - 1),
        output_field=IntegerField(),
    )
    return quarters, position


def compass_trend(*, compass: Compass, scope: Scope) -> dict[int, list[TrendPoint]]:
    """Per facet, per quarter with answers (oldest first): the figures of each group and
    of all together. Two queries: the first and last day, then the counting."""
    quarters, position = _quarter_of(compass.programme_id, scope)
    if position is None:
        return {}
    rows = (
        _scores(compass.programme_id, scope)
        .annotate(quarter=position)
        .values_list("facet_id", "quarter", "assessment__perspective", "current")
        .annotate(n=Count("*"))
        .order_by()
    )
    counts: dict[int, dict[datetime.date, dict[str, dict[int, int]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(dict))
    )
    for facet_id, quarter, group, score, n in rows:
        counts[facet_id][quarters[quarter]][group][score] = n
    trend: dict[int, list[TrendPoint]] = {}
    for facet_id, per_quarter in counts.items():
        points = []
        for quarter in sorted(per_quarter):
            groups = per_quarter[quarter]
            overall: dict[int, int] = defaultdict(int)
            for histogram in groups.values():
                for score, n in histogram.items():
                    overall[score] += n
            figures = _figures(dict(groups))
            total = figures_of(overall)
            assert total is not None
            points.append(TrendPoint(quarter, figures, total))
        trend[facet_id] = points
    return trend


def gap_notes(
    *, compass: Compass, scope: Scope, gaps: list[Gap], per_group: int = NOTES_PER_GROUP
) -> dict[tuple[int, str], list[str]]:
    """The newest notes that explain the gaps: per (facet, group) of a gap, at most
    `per_group`, numbered per pair by the database. One query."""
    wanted = {(gap.facet_id, group) for gap in gaps for group in (gap.higher, gap.lower)}
    if not wanted:
        return {}
    pairs = Q()
    for facet_id, group in wanted:
        pairs |= Q(facet_id=facet_id, assessment__perspective=group)
    rows = (
        _scores(compass.programme_id, scope)
        .filter(pairs)
        .exclude(note="")
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("facet_id"), F("assessment__perspective")],
                order_by=[F("assessment__assessed_on").desc(), F("id").desc()],
            )
        )
        .filter(rank__lte=per_group)
        .order_by("facet_id", "assessment__perspective", "rank")
        .values_list("facet_id", "assessment__perspective", "note")
    )
    notes: dict[tuple[int, str], list[str]] = defaultdict(list)
    for facet_id, group, note in rows:
        notes[facet_id, group].append(note)
    return dict(notes)


def links_of(*, programme: Programme) -> QuerySet[AnswerLink]:
    return (
        AnswerLink.objects.filter(programme=programme)
        .select_related("initiative")
        .annotate(answers=Count("assessments"))
        .order_by("-created_at", "-id")
    )


# The pages that set up and answer the compass (compass.views) ----------------------------


# The counts of answers per facet, kept until the programme's data changes.
ANSWERS_CACHE_SECONDS = 24 * 60 * 60


def answers_per_facet(*, compass: Compass) -> dict[int, int]:
    """How many assessments answered each facet: one counting query, kept in the cache
    under the programme's data version (every answer raises it), so that the facets'
    pages do not count hundreds of thousands of scores on every visit."""
    programme = compass.programme
    key = f"samenspel:compass-answers:{programme.pk}.{programme.data_version}"
    counts: dict[int, int] | None = cache.get(key)
    if counts is None:
        counts = dict(
            Score.objects.filter(facet__compass=compass)
            .values_list("facet_id")
            .annotate(n=Count("id"))
            .order_by()
        )
        cache.set(key, counts, timeout=ANSWERS_CACHE_SECONDS)
    return counts


def own_assessments(*, programme: Programme, user_id: int) -> QuerySet[Assessment]:
    """A member's own named assessments in a programme, newest first, with their scores
    (in the compass's order) and subject: three queries for any page of them. Anonymous
    ones are not here: nothing ties them to the member."""
    scores = Score.objects.select_related("facet").order_by("facet__position", "facet_id")
    return (
        Assessment.objects.filter(programme=programme, respondent_id=user_id)
        .select_related("initiative")
        .prefetch_related(Prefetch("scores", queryset=scores))
        .order_by("-assessed_on", "-id")
    )


# Pictures ---------------------------------------------------------------------------------
# What the filters of the compass's pages offer (compass.pictures): the subjects and the
# quarters that have answers. Self-assessments are never among them: they are private.


@dataclass(frozen=True)
class SubjectChoice:
    subject: str
    initiative_id: int | None
    session_id: int | None
    title: str

    @property
    def key(self) -> str:
        """The value of the subject filter: programme, i<id> or s<id>."""
        if self.subject == Subject.INITIATIVE:
            return f"i{self.initiative_id}"
        if self.subject == Subject.SESSION:
            return f"s{self.session_id}"
        return Subject.PROGRAMME.value

    def scope(
        self, since: datetime.date | None = None, until: datetime.date | None = None
    ) -> Scope:
        return Scope(
            subject=self.subject,
            initiative_id=self.initiative_id,
            session_id=self.session_id,
            since=since,
            until=until,
        )


def subjects_answered(*, programme: Programme) -> list[SubjectChoice]:
    """The programme, then every initiative and learning session that has answers (by
    title). One query."""
    rows = (
        Assessment.objects.filter(programme=programme)
        .exclude(subject=Subject.PERSON)
        .values_list(
            "subject", "initiative_id", "initiative__title", "session_id", "session__title"
        )
        .distinct()
        .order_by()
    )
    found = [
        SubjectChoice(subject, initiative_id, session_id, initiative_title or session_title or "")
        for subject, initiative_id, initiative_title, session_id, session_title in rows
    ]
    others = sorted(
        (choice for choice in found if choice.subject != Subject.PROGRAMME),
        key=lambda choice: (choice.subject != Subject.INITIATIVE, choice.title.casefold()),
    )
    return [SubjectChoice(Subject.PROGRAMME, None, None, programme.name), *others]


def quarters_answered(*, programme: Programme, scope: Scope) -> list[datetime.date]:
    """The first days of the quarters in which `scope` has answers, newest first. One
    query over the distinct days (a few hundred at most), made quarters here: SQLite
    would run a quarter function per row."""
    days = (
        Assessment.objects.filter(scope.assessments(programme.pk))
        .values_list("assessed_on", flat=True)
        .distinct()
        .order_by()
    )
    quarters = {datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1) for day in days}
    return sorted(quarters, reverse=True)


def latest_assessment_day(*, programme: Programme, scope: Scope) -> datetime.date | None:
    return (
        Assessment.objects.filter(scope.assessments(programme.pk))
        .order_by("-assessed_on")
        .values_list("assessed_on", flat=True)
        .first()
    )
