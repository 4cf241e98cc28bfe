"""The helicopter view: the lessons of every initiative gathered per learning question.

A **lesson** of an initiative on a learning question is one of:

- the lesson of the after action review of one of the initiative's cycles linked to
  the question: its lesson answers as cycles.selectors.lessons_in reads them (the last
  answers, "what do we learn" and "what do we share"), counted once per review and only
  when one of them is filled in;
- the adjustment that closed such a cycle: its decision and what changes;
- an insight of a closed learning session linked to both the initiative and the question.

The same reading as the travel report's chapter "lessons per learning question"
(journal.generated): the review's lesson from the shared selector, and what works and
what does not from the decision that closed the cycle (journal.generated.WORKS and
DOES_NOT_WORK: continue or scale up works, stop does not, change course is in between).

Only **closed** sessions count: their report exists (every evidence link leads
somewhere), their input is no longer secret (silent input shows nobody's words before
the group sees them), and closing raises the programme's data version, which keys the
cached pages. An insight of a session that is still going appears once it closes.

Every read here costs a fixed number of queries whatever the size of the programme; the
learning agenda's figures (all initiatives) are cached under the programme's data version.
Texts are returned as they were written; templates escape them.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import Case, CharField, F, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.text import Truncator

from samenspel.cycles.constants import Decision
from samenspel.cycles.models import LearningCycle
from samenspel.cycles.selectors import lessons_in
from samenspel.journal.generated import DOES_NOT_WORK, WORKS
from samenspel.learning_sessions.constants import SessionPhase
from samenspel.learning_sessions.models import Contribution, Insight, LearningSession
from samenspel.programmes.models import Initiative, LearningQuestion, Programme

REVIEW, ADJUSTMENT, INSIGHT = "review", "adjustment", "insight"
# On the same day an insight comes first (the most distilled), then the review's lesson.
_RANK = {INSIGHT: 0, REVIEW: 1, ADJUSTMENT: 2}
WORKS_SIDES = ("works", "changed", "fails")
SHORT_LESSON = 90  # characters of the newest lesson shown in a cell of the matrix
MAX_LINES = 20  # per side of "what works" on a question's page; the rest are counted
AGENDA_CACHE_SECONDS = 24 * 60 * 60

_CycleLinks = LearningCycle.learning_questions.through
_InsightInitiatives = Insight.initiatives.through
_InsightQuestions = Insight.learning_questions.through
_SessionCycles = LearningSession.agenda_cycles.through


def side_of(decision: str | None) -> str:
    """'works', 'fails', 'changed' or '' (no decision yet)."""
    if decision in WORKS:
        return "works"
    if decision in DOES_NOT_WORK:
        return "fails"
    if decision == Decision.CHANGE:
        return "changed"
    return ""


@dataclass(slots=True)
class Lesson:
    kind: str  # REVIEW, ADJUSTMENT or INSIGHT
    day: datetime.date | None
    # The review's lesson answers ({"question", "answer"}); for an adjustment or an
    # insight a single pair with an empty question.
    parts: tuple[tuple[str, str], ...]
    cycle_id: int | None = None
    cycle_number: int | None = None
    cycle_title: str = ""
    decision: str = ""
    insight_id: int | None = None
    nature: str = ""  # an insight's kind: fact, perception, reflection
    session_id: int | None = None
    session_title: str = ""

    @property
    def text(self) -> str:
        return "\n\n".join(answer for _question, answer in self.parts if answer)

    @property
    def short(self) -> str:
        first = next((answer for _question, answer in self.parts if answer), "")
        return Truncator(" ".join(first.split())).chars(SHORT_LESSON)

    @property
    def side(self) -> str:
        return side_of(self.decision) if self.kind == ADJUSTMENT else ""

    @property
    def anchor(self) -> str:
        """An insight's id in its session's report."""
        return insight_anchor(self.insight_id)

    def sort_key(self) -> tuple[int, int, int]:
        day = self.day.toordinal() if self.day else 0
        return (-day, _RANK[self.kind], -(self.insight_id or self.cycle_id or 0))


def newest_first(lessons: Iterable[Lesson]) -> list[Lesson]:
    return sorted(lessons, key=Lesson.sort_key)


def _as_day(value: datetime.date | datetime.datetime | None) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date()
    return value


def cycle_lessons(
    *,
    cycle_id: int,
    number: int,
    title: str,
    answers: Any,
    reviewed_on: datetime.date | None,
    review_at: datetime.datetime | None,
    decision: str | None,
    adjustment: str | None,
    closed_on: datetime.date | None,
    adjusted_at: datetime.datetime | None,
) -> list[Lesson]:
    """The lessons one cycle gives: its review's lesson and its adjustment."""
    found = []
    lesson_answers = lessons_in(answers)
    if lesson_answers:
        found.append(
            Lesson(
                kind=REVIEW,
                day=reviewed_on or _as_day(review_at),
                parts=tuple(
                    (str(a.get("question", "")).strip(), str(a.get("answer", "")).strip())
                    for a in lesson_answers
                ),
                cycle_id=cycle_id,
                cycle_number=number,
                cycle_title=title,
            )
        )
    if decision:
        found.append(
            Lesson(
                kind=ADJUSTMENT,
                day=closed_on or _as_day(adjusted_at),
                parts=(("", (adjustment or "").strip()),),
                decision=decision,
                cycle_id=cycle_id,
                cycle_number=number,
                cycle_title=title,
            )
        )
    return found


def insight_lesson(
    insight_id: int,
    text: str,
    kind: str,
    session_id: int,
    session_title: str,
    starts_at: datetime.datetime,
) -> Lesson:
    return Lesson(
        kind=INSIGHT,
        day=_as_day(starts_at),
        parts=(("", text.strip()),),
        insight_id=insight_id,
        nature=kind,
        session_id=session_id,
        session_title=session_title,
    )


# The fields of a linked cycle that its lessons need, read from the link table.
_CYCLE_FIELDS = (
    "learningcycle_id",
    "learningcycle__number",
    "learningcycle__title",
    "learningcycle__review__answers",
    "learningcycle__reviewed_on",
    "learningcycle__review__recorded_at",
    "learningcycle__adjustment__decision",
    "learningcycle__adjustment__text",
    "learningcycle__closed_on",
    "learningcycle__adjustment__recorded_at",
)


def _lessons_of_row(row: Sequence[Any]) -> list[Lesson]:
    (
        cycle_id,
        number,
        title,
        answers,
        reviewed_on,
        review_at,
        decision,
        adjustment,
        closed_on,
        adjusted_at,
    ) = row
    return cycle_lessons(
        cycle_id=cycle_id,
        number=number,
        title=title,
        answers=answers,
        reviewed_on=reviewed_on,
        review_at=review_at,
        decision=decision,
        adjustment=adjustment,
        closed_on=closed_on,
        adjusted_at=adjusted_at,
    )


def _closed_insights(programme_id: int) -> Q:
    return Q(
        insight__session__programme_id=programme_id,
        insight__session__phase=SessionPhase.CLOSED,
    )


_INSIGHT_FIELDS = (
    "insight_id",
    "insight__text",
    "insight__kind",
    "insight__session_id",
    "insight__session__title",
    "insight__session__starts_at",
)


# The matrix ---------------------------------------------------------------------------------


class LessonCount:
    """What a cell of the matrix and a row of a question's initiatives show: how many
    lessons, and the newest."""

    lessons: list[Lesson]

    @property
    def count(self) -> int:
        return len(self.lessons)

    @property
    def first(self) -> Lesson | None:
        return min(self.lessons, key=Lesson.sort_key) if self.lessons else None


@dataclass
class Cell(LessonCount):
    initiative_id: int
    question_id: int
    lessons: list[Lesson] = field(default_factory=list)
    cycles: set[int] = field(default_factory=set)


def matrix_questions(*, programme: Programme, status: str = "") -> list[LearningQuestion]:
    """The learning questions that are the matrix's columns, by number. One query."""
    questions = LearningQuestion.objects.filter(programme=programme)
    if status:
        questions = questions.filter(status=status)
    return list(questions.only("pk", "number", "text", "status", "answer").order_by("number"))


def matrix_initiatives(*, programme: Programme, area_id: int | None = None) -> QuerySet[Initiative]:
    """The initiatives that are the matrix's rows, as the initiative list sorts them."""
    initiatives = Initiative.objects.filter(programme=programme)
    if area_id is not None:
        initiatives = initiatives.filter(area_id=area_id)
    return (
        initiatives.select_related("area")
        .only("pk", "title", "status", "area__name")
        .order_by("sort_name", "id")
    )


def matrix_cells(
    *, programme: Programme, initiative_ids: Sequence[int], question_ids: Sequence[int]
) -> dict[tuple[int, int], Cell]:
    """The cells of the given initiatives and questions that hold a linked cycle or a
    lesson, keyed (initiative id, question id). Three queries, whatever the size."""
    cells: dict[tuple[int, int], Cell] = {}
    if not initiative_ids or not question_ids:
        return cells

    def cell(initiative_id: int, question_id: int) -> Cell:
        key = (initiative_id, question_id)
        if key not in cells:
            cells[key] = Cell(initiative_id, question_id)
        return cells[key]

    for initiative_id, question_id, *row in _CycleLinks.objects.filter(
        learningcycle__initiative_id__in=initiative_ids, learningquestion_id__in=question_ids
    ).values_list("learningcycle__initiative_id", "learningquestion_id", *_CYCLE_FIELDS):
        found = cell(initiative_id, question_id)
        found.cycles.add(row[0])
        found.lessons += _lessons_of_row(row)
    insights = _insights_of(programme.pk, initiative_ids=initiative_ids)
    if insights:
        for question_id, insight_id in _InsightQuestions.objects.filter(
            insight_id__in=list(insights), learningquestion_id__in=question_ids
        ).values_list("learningquestion_id", "insight_id"):
            lesson, initiative_ids_of = insights[insight_id]
            for initiative_id in initiative_ids_of:
                cell(initiative_id, question_id).lessons.append(lesson)
    return cells


def _insights_of(
    programme_id: int, *, initiative_ids: Sequence[int]
) -> dict[int, tuple[Lesson, list[int]]]:
    """The insights of closed sessions about these initiatives: per insight its lesson and
    which of the initiatives it is about. One query."""
    found: dict[int, tuple[Lesson, list[int]]] = {}
    for initiative_id, *row in (
        _InsightInitiatives.objects.filter(_closed_insights(programme_id))
        .filter(initiative_id__in=initiative_ids)
        .order_by("insight_id")
        .values_list("initiative_id", *_INSIGHT_FIELDS)
    ):
        if row[0] not in found:
            found[row[0]] = (insight_lesson(*row), [])
        found[row[0]][1].append(initiative_id)
    return found


# The learning agenda across all initiatives ------------------------------------------------


@dataclass(frozen=True)
class AgendaFigures:
    """A learning question's figures across all initiatives of the programme."""

    initiatives: int = 0  # with a linked cycle or an insight about them and the question
    cycles: int = 0  # linked cycles, in any phase
    lessons: int = 0  # review lessons + adjustments + insights (each insight once)
    works: int = 0
    changed: int = 0
    fails: int = 0


def agenda_figures(*, programme: Programme) -> dict[int, AgendaFigures]:
    """Per learning question (by id) its figures across all initiatives. Five queries on
    a miss; kept in the cache under the programme's data version, so every filter and
    page of the matrix shares one count."""
    key = f"samenspel:helicopter-agenda:{programme.pk}.{programme.data_version}"
    found: dict[int, AgendaFigures] | None = cache.get(key)
    if found is None:
        found = _count_agenda(programme)
        cache.set(key, found, timeout=AGENDA_CACHE_SECONDS)
    return found


def _count_agenda(programme: Programme) -> dict[int, AgendaFigures]:
    links = list(
        _CycleLinks.objects.filter(learningquestion__programme=programme).values_list(
            "learningquestion_id", "learningcycle_id", "learningcycle__initiative_id"
        )
    )
    # Each linked cycle's review and adjustment read once, however many questions it has.
    per_cycle: dict[int, tuple[int, str]] = {}
    for cycle_id, answers, decision in (
        LearningCycle.objects.filter(
            initiative__programme=programme,
            pk__in=_CycleLinks.objects.filter(learningquestion__programme=programme).values(
                "learningcycle_id"
            ),
        )
        .filter(Q(review__isnull=False) | Q(adjustment__isnull=False))
        .values_list("pk", "review__answers", "adjustment__decision")
    ):
        per_cycle[cycle_id] = ((1 if lessons_in(answers) else 0) + (1 if decision else 0), decision)
    insight_questions: dict[int, list[int]] = defaultdict(list)
    for question_id, insight_id in _InsightQuestions.objects.filter(
        _closed_insights(programme.pk)
    ).values_list("learningquestion_id", "insight_id"):
        insight_questions[question_id].append(insight_id)
    insight_initiatives: dict[int, list[int]] = defaultdict(list)
    for insight_id, initiative_id in _InsightInitiatives.objects.filter(
        _closed_insights(programme.pk)
    ).values_list("insight_id", "initiative_id"):
        insight_initiatives[insight_id].append(initiative_id)

    counts: dict[int, dict[str, Any]] = defaultdict(
        lambda: {"initiatives": set(), "cycles": 0, "lessons": 0, "sides": defaultdict(int)}
    )
    for question_id, cycle_id, initiative_id in links:
        figures = counts[question_id]
        figures["initiatives"].add(initiative_id)
        figures["cycles"] += 1
        lessons, decision = per_cycle.get(cycle_id, (0, ""))
        figures["lessons"] += lessons
        figures["sides"][side_of(decision)] += 1
    for question_id, insight_ids in insight_questions.items():
        figures = counts[question_id]
        figures["lessons"] += len(insight_ids)
        for insight_id in insight_ids:
            figures["initiatives"].update(insight_initiatives.get(insight_id, []))
    return {
        question_id: AgendaFigures(
            initiatives=len(figures["initiatives"]),
            cycles=figures["cycles"],
            lessons=figures["lessons"],
            works=figures["sides"]["works"],
            changed=figures["sides"]["changed"],
            fails=figures["sides"]["fails"],
        )
        for question_id, figures in counts.items()
    }


# A learning question: what works and what does not ----------------------------------------


@dataclass
class Line:
    """A cycle whose adjustment says what works (or does not), with its evidence."""

    initiative_id: int
    initiative_title: str
    lesson: Lesson  # the adjustment
    has_review: bool
    # (session id, title) where the review was held, if it was held in a session
    held_in: tuple[int, str] | None = None
    # per session: (session id, title, number of contributions, anchor of the first)
    contributions: list[tuple[int, str, int, str]] = field(default_factory=list)
    insights: list[Lesson] = field(default_factory=list)


@dataclass
class InitiativeLessons(LessonCount):
    initiative_id: int
    title: str
    sort_name: str
    lessons: list[Lesson] = field(default_factory=list)
    cycles: set[int] = field(default_factory=set)


@dataclass
class QuestionView:
    sides: dict[str, list[Line]]  # works, changed, fails: the newest MAX_LINES each
    totals: dict[str, int]  # per side, all of them
    initiatives: list[InitiativeLessons]  # sorted as the initiative list
    insights: list[Lesson]  # every insight on the question, newest first


def question_view(*, programme: Programme, question: LearningQuestion) -> QuestionView:
    """What works and what does not on one learning question, each line with its evidence,
    and the lessons per initiative. Six queries, whatever the size."""
    per_initiative: dict[int, InitiativeLessons] = {}
    lines: dict[str, list[Line]] = {side: [] for side in WORKS_SIDES}
    for initiative_id, initiative_title, sort_name, *row in (
        _CycleLinks.objects.filter(learningquestion_id=question.pk)
        .order_by("-learningcycle__closed_on", "-learningcycle_id")
        .values_list(
            "learningcycle__initiative_id",
            "learningcycle__initiative__title",
            "learningcycle__initiative__sort_name",
            *_CYCLE_FIELDS,
        )
    ):
        entry = per_initiative.setdefault(
            initiative_id, InitiativeLessons(initiative_id, initiative_title, sort_name)
        )
        entry.cycles.add(row[0])
        lessons = _lessons_of_row(row)
        entry.lessons += lessons
        for lesson in lessons:
            if lesson.kind == ADJUSTMENT and lesson.side:
                lines[lesson.side].append(
                    Line(
                        initiative_id,
                        initiative_title,
                        lesson,
                        has_review=row[3] is not None,
                    )
                )
    # Every insight on the question, and the initiatives it is about.
    insights: dict[int, Lesson] = {}
    for row in (
        _InsightQuestions.objects.filter(_closed_insights(programme.pk))
        .filter(learningquestion_id=question.pk)
        .values_list(*_INSIGHT_FIELDS)
    ):
        insights[row[0]] = insight_lesson(*row)
    about: dict[int, list[int]] = defaultdict(list)
    if insights:
        for insight_id, initiative_id, title, sort_name in _InsightInitiatives.objects.filter(
            insight_id__in=list(insights)
        ).values_list("insight_id", "initiative_id", "initiative__title", "initiative__sort_name"):
            about[initiative_id].append(insight_id)
            entry = per_initiative.setdefault(
                initiative_id, InitiativeLessons(initiative_id, title, sort_name)
            )
            entry.lessons.append(insights[insight_id])
    totals = {side: len(found) for side, found in lines.items()}
    shown = {side: newest_lines(found)[:MAX_LINES] for side, found in lines.items()}
    _add_evidence(programme, [line for found in shown.values() for line in found], about, insights)
    return QuestionView(
        sides=shown,
        totals=totals,
        initiatives=sorted(per_initiative.values(), key=lambda e: (e.sort_name, e.initiative_id)),
        insights=newest_first(insights.values()),
    )


def newest_lines(lines: list[Line]) -> list[Line]:
    return sorted(lines, key=lambda line: line.lesson.sort_key())


def _add_evidence(
    programme: Programme,
    lines: list[Line],
    about: dict[int, list[int]],
    insights: dict[int, Lesson],
) -> None:
    """Each line's session (where its review was held), contributions and insights: two
    queries for all lines together."""
    if not lines:
        return
    cycle_ids = [line.lesson.cycle_id for line in lines]
    held = held_in_sessions(programme=programme, cycle_ids=cycle_ids)
    counted: dict[int, dict[int, list[Any]]] = defaultdict(dict)
    for cycle_id, session_id, title, contribution_id in (
        Contribution.objects.filter(
            cycle_id__in=cycle_ids,
            session__programme=programme,
            session__phase=SessionPhase.CLOSED,
        )
        .order_by("session__starts_at", "session_id", "question", "sort_key", "id")
        .values_list("cycle_id", "session_id", "session__title", "id")
    ):
        per_session = counted[cycle_id]
        if session_id not in per_session:
            per_session[session_id] = [session_id, title, 0, contribution_anchor(contribution_id)]
        per_session[session_id][2] += 1
    for line in lines:
        cycle_id = line.lesson.cycle_id or 0
        line.held_in = held.get(cycle_id)
        line.contributions = [tuple(found) for found in counted.get(cycle_id, {}).values()]
        line.insights = newest_first(insights[i] for i in about.get(line.initiative_id, []))


def held_in_sessions(
    *, programme: Programme, cycle_ids: Sequence[int | None]
) -> dict[int, tuple[int, str]]:
    """Per cycle, the closed session its review was held in: a session that had the cycle
    on its agenda and whose title the review names (Review.held_in keeps the title). One
    query."""
    found: dict[int, tuple[int, str]] = {}
    for cycle_id, session_id, title in (
        _SessionCycles.objects.filter(
            learningcycle_id__in=[pk for pk in cycle_ids if pk is not None],
            learningsession__programme=programme,
            learningsession__phase=SessionPhase.CLOSED,
            learningcycle__review__held_in=F("learningsession__title"),
        )
        .order_by("learningsession__starts_at", "learningsession_id")
        .values_list("learningcycle_id", "learningsession_id", "learningsession__title")
    ):
        found[cycle_id] = (session_id, title)
    return found


def contribution_anchor(contribution_id: Any) -> str:
    """The id of a contribution in its session's report (learning_sessions/report_body)."""
    return f"contribution-{contribution_id}"


def insight_anchor(insight_id: int | None) -> str:
    return f"insight-{insight_id}"


# One cell: an initiative's lessons on one question -----------------------------------------


@dataclass(frozen=True)
class ContributionLine:
    id: Any
    text: str
    # None in an anonymous session, always (and when nobody is known as the writer); ""
    # for a guest without a name in a named session.
    author: str | None
    question: str  # the session's question it answers

    @property
    def anchor(self) -> str:
        return contribution_anchor(self.id)


@dataclass
class CycleEvidence:
    cycle: LearningCycle
    lessons: list[Lesson]
    held_in: tuple[int, str] | None = None
    # per session: (session id, title, its contributions about this cycle)
    sessions: list[tuple[int, str, list[ContributionLine]]] = field(default_factory=list)


@dataclass
class CellView:
    cycles: list[CycleEvidence]
    insights: list[Lesson]

    @property
    def lessons(self) -> list[Lesson]:
        return newest_first(
            [lesson for found in self.cycles for lesson in found.lessons] + self.insights
        )


def cell_view(
    *, programme: Programme, initiative: Initiative, question: LearningQuestion
) -> CellView:
    """Every lesson of one initiative on one question, with its evidence: the linked
    cycles with their review and adjustment, the contributions about those cycles in
    closed sessions (without a writer when the session was anonymous), and the insights
    about both. Five queries."""
    cycles = list(
        LearningCycle.objects.filter(initiative=initiative, learning_questions=question)
        .select_related("review", "adjustment")
        .order_by("-number", "-id")
    )
    found = []
    for cycle in cycles:
        review: Any = getattr(cycle, "review", None)
        adjustment: Any = getattr(cycle, "adjustment", None)
        found.append(
            CycleEvidence(
                cycle=cycle,
                lessons=cycle_lessons(
                    cycle_id=cycle.pk,
                    number=cycle.number,
                    title=cycle.title,
                    answers=review.answers if review else None,
                    reviewed_on=cycle.reviewed_on,
                    review_at=review.recorded_at if review else None,
                    decision=adjustment.decision if adjustment else None,
                    adjustment=adjustment.text if adjustment else None,
                    closed_on=cycle.closed_on,
                    adjusted_at=adjustment.recorded_at if adjustment else None,
                ),
            )
        )
    if found:
        by_cycle = {one.cycle.pk: one for one in found}
        held = held_in_sessions(programme=programme, cycle_ids=list(by_cycle))
        for cycle_id, one in by_cycle.items():
            one.held_in = held.get(cycle_id)
        _add_contributions(programme, by_cycle)
    insights = [
        insight_lesson(
            row.pk, row.text, row.kind, row.session_id, row.session.title, row.session.starts_at
        )
        for row in Insight.objects.filter(
            initiatives=initiative,
            learning_questions=question,
            session__programme=programme,
            session__phase=SessionPhase.CLOSED,
        )
        .select_related("session")
        .only("pk", "text", "kind", "session__title", "session__starts_at")
        .distinct()
    ]
    return CellView(cycles=found, insights=newest_first(insights))


def _add_contributions(programme: Programme, by_cycle: dict[int, CycleEvidence]) -> None:
    """The contributions about these cycles in closed sessions. The writer's name is read
    only for a named session: for an anonymous one the query itself yields nothing (and an
    anonymous contribution stores no writer anyway). Two queries."""
    rows = list(
        Contribution.objects.filter(
            cycle_id__in=list(by_cycle),
            session__programme=programme,
            session__phase=SessionPhase.CLOSED,
        )
        .annotate(
            writer=Case(
                When(
                    session__anonymous=False, author__isnull=False, then=F("author__display_name")
                ),
                default=Value(None),
                output_field=CharField(null=True),
            )
        )
        .order_by("session__starts_at", "session_id", "question", "sort_key", "id")
        .values_list("id", "cycle_id", "session_id", "question", "text", "writer")
    )
    if not rows:
        return
    sessions = {
        pk: (title, questions)
        for pk, title, questions in LearningSession.objects.filter(
            pk__in={row[2] for row in rows}
        ).values_list("pk", "title", "questions")
    }
    grouped: dict[tuple[int, int], list[ContributionLine]] = defaultdict(list)
    for pk, cycle_id, session_id, number, text, writer in rows:
        questions = sessions[session_id][1] or []
        asked = str(questions[number]) if 0 <= number < len(questions) else ""
        grouped[(cycle_id, session_id)].append(
            ContributionLine(id=pk, text=text, author=writer, question=asked)
        )
    for (cycle_id, session_id), lines in grouped.items():
        by_cycle[cycle_id].sessions.append((session_id, sessions[session_id][0], lines))
