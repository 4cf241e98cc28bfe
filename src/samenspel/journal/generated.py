"""The generated chapters of a travel report: the journey, the initiatives, the lessons
per learning question, funding, the compass and the learning yield, each drawn from the
programme's data as book blocks (journal/book.py).

Each chapter reads its data with a fixed number of queries, whatever the size of the
programme: the database counts and sums per quarter (a CASE over the quarters' bounds,
journal.periods), and lists are read in one query each as plain values. The 500
initiatives and 5,000 cycles of the large generated programme (bench/generate.py)
compose in about a second (bench/journal.py).

Every text is plain: the templates escape it, the pictures escape it themselves. Keys
are stable (made of the chapter's and the rows' ids), so review comments stay on their
block when the book is composed again.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db.models import Count, F, Min, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from samenspel.common.words import Words, euro_text, long_date
from samenspel.compass import charts as compass_charts
from samenspel.compass.charts import quarter_label, score_text
from samenspel.compass.constants import Perspective
from samenspel.compass.selectors import (
    GROUPS,
    Picture,
    Scope,
    TrendPoint,
    compass_of,
    compass_picture,
    compass_trend,
)
from samenspel.cycles.constants import ENDED_STATES, CycleState, Decision
from samenspel.cycles.models import LearningCycle
from samenspel.cycles.selectors import LESSON_ANSWERS, lessons_in
from samenspel.journal import charts, timeline
from samenspel.journal.book import Block
from samenspel.journal.models import Chapter, Journal, Publication, Voice
from samenspel.journal.periods import Period, period_index, period_word, periods_between
from samenspel.learning_sessions.constants import InsightKind, SessionKind, SessionPhase
from samenspel.learning_sessions.models import Insight, LearningSession
from samenspel.programmes.constants import InitiativeStatus, QuestionStatus
from samenspel.programmes.models import Initiative, LearningQuestion, Programme
from samenspel.programmes.selectors import co_investment_rule

# Review answers are stored as a list of {question, answer} in the programme's question
# order (cycles.models.Review), and a programme may set its own questions. The lesson is
# read as everywhere else (cycles.selectors.lessons_in: the last answers). With the default
# questions the second answer says what actually happened; it is shown beside the
# expectation only when it comes before the lesson answers, under its own stored question.
HAPPENED = 1
# Decisions that say the approach works, and the one that says it does not.
WORKS = {Decision.CONTINUE, Decision.SCALE_UP}
DOES_NOT_WORK = {Decision.STOP}

# The words drawn on every row of the long chapters, translated once per language
# (common.words): looking each up again per row cost more than the rest of the chapter.
ROW_WORDS = Words(
    {
        "session": gettext_lazy("Learning session %(title)s, %(day)s"),
        "intend": gettext_lazy("We intend: %(text)s"),
        "expect": gettext_lazy("We expect: %(text)s"),
        "no_expectation": gettext_lazy("No expectation was recorded."),
        "facts": gettext_lazy("Area: %(area)s · Status: %(status)s"),
        "funding": gettext_lazy(
            "Funding: municipality %(municipal)s · residents' co-investment "
            "%(residents)s · other %(other)s · together %(total)s"
        ),
        "no_cycles": gettext_lazy("No learning cycle has been reviewed yet."),
        "cycle": gettext_lazy("Cycle %(number)s: %(title)s"),
        "not_answered": gettext_lazy("Not answered."),
        "adjustment": gettext_lazy("Adjustment: %(decision)s."),
        "undecided": gettext_lazy("Adjustment: not yet decided."),
        "review": gettext_lazy("Review of cycle %(number)s"),
        "held": gettext_lazy("Reviewed together in the learning session “%(session)s”."),
        "earlier": gettext_lazy("Earlier learning cycles:"),
        **{("status", value): label for value, label in InitiativeStatus.choices},
        **{("decision", value): label for value, label in Decision.choices},
        **{("nature", value): label for value, label in InsightKind.choices},
    }
)

# Bounds that keep a chapter a chapter, whatever the size of the programme.
MAX_EVENTS = 36  # notable events on the timeline, all years together
MAX_MILESTONES = 16
MAX_REVIEW_LESSONS = 8  # per learning question, the newest; the rest are counted
MAX_WORKS = 6  # per learning question and side
# About this many cycles are told in full in the book (expected beside happened, the
# adjustment, the lesson), shared out over the initiatives: each tells at least its
# newest; the earlier ones get a line each. A programme of 25 initiatives tells every
# cycle; one of 500 initiatives and 5,000 cycles one per initiative, a book of some 350
# pages instead of 1,300 (bench/journal.py).
FULL_CYCLES = 600
COMPASS_CACHE_SECONDS = 24 * 60 * 60


def _nothing(key: str, text: str) -> list[Block]:
    return [Block(kind="paragraph", key=f"{key}-empty", text=text)]


def _day(value: datetime.datetime | datetime.date) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date()
    return value


def _money(amount: Decimal | None) -> str:
    return euro_text(amount or Decimal(0), get_language())


def _date(day: datetime.date) -> str:
    return long_date(day, get_language())


def _happened(answers: Any) -> tuple[str, str] | None:
    """(question, answer) of what happened: the review's second answer, only when it comes
    before its lesson answers (so a programme with two or three questions of its own shows
    none). The question is the review's own copy, so the column says what was asked."""
    found = [a for a in answers or [] if isinstance(a, dict)]
    if len(found) <= HAPPENED + LESSON_ANSWERS:
        return None
    return str(found[HAPPENED].get("question", "")), str(found[HAPPENED].get("answer", ""))


def _lesson(answers: Any) -> str:
    """The lesson of a review, as cycles.selectors.lessons_of reads it: each lesson answer
    under its own question."""
    return "\n\n".join(
        f"{str(a.get('question', '')).strip()}\n{str(a.get('answer', '')).strip()}".strip()
        for a in lessons_in(answers)
    )


def _percent(part: int | Decimal, whole: int | Decimal) -> int | None:
    return round(100 * part / whole) if whole else None


def _span(
    journal: Journal, programme: Programme
) -> tuple[datetime.date, datetime.date, list[Period]] | None:
    """The stretch of the journey the report covers, up to today, and its quarters (or
    years). Without dates on the report or the programme, from the first cycle's start
    (one query). None before the journey starts."""
    today = timezone.localdate()
    first = journal.covers_from or programme.starts_on
    if first is None:
        first = LearningCycle.objects.filter(initiative__programme_id=programme.pk).aggregate(
            first=Min("starts_on")
        )["first"]
    last = min(journal.covers_until or programme.ends_on or today, today)
    if first is None or last < first:
        return None
    return first, last, periods_between(first, last)


def _words() -> dict[Any, str]:
    return ROW_WORDS(get_language())


def _decision_label(decision: str) -> str:
    return _words().get(("decision", decision), decision)


def _nature(kind: str) -> str:
    return _words().get(("nature", kind), "")


# The journey ------------------------------------------------------------------------------


def _sessions_held(
    programme: Programme, first: datetime.date, last: datetime.date
) -> list[tuple[str, datetime.date, str]]:
    """(title, day, kind) of the sessions held (closed) in the stretch, oldest first."""
    zone = timezone.get_current_timezone()
    rows = (
        LearningSession.objects.filter(
            programme=programme,
            phase=SessionPhase.CLOSED,
            starts_at__gte=datetime.datetime.combine(first, datetime.time.min, zone),
            starts_at__lt=datetime.datetime.combine(
                last + datetime.timedelta(days=1), datetime.time.min, zone
            ),
        )
        .order_by("starts_at", "id")
        .values_list("title", "starts_at", "kind")
    )
    return [(title, _day(starts_at), kind) for title, starts_at, kind in rows]


def _milestones(
    journal: Journal, programme: Programme, first: datetime.date, last: datetime.date
) -> list[timeline.Milestone]:
    """The programme's start and end, the report's publications and the answered
    learning questions within the stretch, by day. Two queries."""
    found = []
    if programme.starts_on and first <= programme.starts_on <= last:
        found.append(timeline.Milestone(programme.starts_on, _("The programme starts")))
    for number, published_on in Publication.objects.filter(
        journal=journal, published_on__gte=first, published_on__lte=last
    ).values_list("number", "published_on"):
        found.append(
            timeline.Milestone(
                published_on, _("Travel report, version %(number)s") % {"number": number}
            )
        )
    for number, answered_at in LearningQuestion.objects.filter(
        programme=programme, status=QuestionStatus.ANSWERED, answered_at__isnull=False
    ).values_list("number", "answered_at"):
        day = _day(answered_at) if answered_at is not None else None
        if day is not None and first <= day <= last:
            found.append(
                timeline.Milestone(
                    day, _("Learning question %(number)s answered") % {"number": number}
                )
            )
    if programme.ends_on and first <= programme.ends_on <= last:
        found.append(timeline.Milestone(programme.ends_on, _("The programme ends")))
    found.sort(key=lambda milestone: milestone.day)
    return found


def _journey_columns(
    programme: Programme, periods: list[Period], sessions: Iterable[tuple[str, datetime.date, str]]
) -> list[timeline.Column]:
    """Per period: cycles started and completed, sessions held and the decisions of the
    cycles completed in it. Two counting queries."""
    columns = [timeline.Column(period) for period in periods]
    first, last = periods[0].start, periods[-1].last_day
    cycles = LearningCycle.objects.filter(initiative__programme_id=programme.pk)
    started = (
        cycles.filter(starts_on__gte=first, starts_on__lte=last)
        .annotate(at=period_index("starts_on", periods))
        .values_list("at")
        .annotate(n=Count("id"))
        .order_by()
    )
    for index, n in started:
        columns[index].started = n
    completed = (
        cycles.filter(state=CycleState.CLOSED)
        .annotate(day=Coalesce("closed_on", "adjustment_due"))
        .filter(day__gte=first, day__lte=last)
        .annotate(at=period_index("day", periods))
        .values_list("at", "adjustment__decision")
        .annotate(n=Count("id"))
        .order_by()
    )
    for index, decision, n in completed:
        columns[index].completed += n
        if decision:
            columns[index].decisions[decision] = columns[index].decisions.get(decision, 0) + n
    for _title, day, _kind in sessions:
        for column in columns:
            if column.period.start <= day < column.period.end:
                column.sessions += 1
                break
    return columns


def _journey_description(columns: list[timeline.Column], periods: list[Period]) -> str:
    decisions: dict[str, int] = defaultdict(int)
    for column in columns:
        for decision, n in column.decisions.items():
            decisions[decision] += n
    told = ", ".join(
        f"{_decision_label(decision).lower()} {decisions[decision]}"
        for decision in Decision.values
        if decisions.get(decision)
    )
    text = _(
        "From %(first)s to %(last)s: %(started)s learning cycles started, %(completed)s "
        "completed and %(sessions)s learning sessions held."
    ) % {
        "first": periods[0].label,
        "last": periods[-1].label,
        "started": sum(c.started for c in columns),
        "completed": sum(c.completed for c in columns),
        "sessions": sum(c.sessions for c in columns),
    }
    if told:
        text += " " + _("Adjustments: %(decisions)s.") % {"decisions": told}
    return text


def _year_events(
    columns: list[timeline.Column],
    milestones: list[timeline.Milestone],
    sessions: list[tuple[str, datetime.date, str]],
) -> list[tuple[int, list[str]]]:
    """Per year: its figures in a sentence, its milestones and the sessions held; the
    sessions of a year fill at most its share of MAX_EVENTS items, the rest are
    counted."""
    years = sorted({column.period.start.year for column in columns})
    share = max(3, MAX_EVENTS // max(len(years), 1))
    kinds = dict(SessionKind.choices)
    found = []
    for year in years:
        in_year = [c for c in columns if c.period.start.year == year]
        items = [
            _(
                "%(started)s learning cycles started, %(completed)s completed, "
                "%(sessions)s learning sessions held."
            )
            % {
                "started": sum(c.started for c in in_year),
                "completed": sum(c.completed for c in in_year),
                "sessions": sum(c.sessions for c in in_year),
            }
        ]
        items += [f"{_date(m.day)}: {m.label}" for m in milestones if m.day.year == year]
        held = [(title, day, kind) for title, day, kind in sessions if day.year == year]
        room = max(share - len(items), 2)
        for title, day, kind in held[:room]:
            items.append(f"{_date(day)}: {title} ({str(kinds.get(kind, kind)).lower()})")
        if len(held) > room:
            more = len(held) - room
            items.append(
                ngettext(
                    "and %(count)s more learning session",
                    "and %(count)s more learning sessions",
                    more,
                )
                % {"count": more}
            )
        found.append((year, items))
    return found


def timeline_blocks(journal: Journal, chapter: Chapter, voices: list[Voice]) -> list[Block]:
    key = f"c{chapter.pk}"
    programme = journal.programme
    span = _span(journal, programme)
    if span is None:
        return _nothing(key, _("The journey has not started yet."))
    first, last, periods = span
    sessions = _sessions_held(programme, first, last)
    milestones = _milestones(journal, programme, first, last)
    columns = _journey_columns(programme, periods, sessions)
    decisions = [(value, str(label)) for value, label in Decision.choices]
    words = timeline.Words(
        milestones=_("Milestones"),
        cycles=_("Learning cycles"),
        started=_("started"),
        completed=_("completed"),
        sessions=_("Learning sessions"),
        adjustments=_("Adjustments"),
        decisions=decisions,
    )
    title = _("The journey of %(programme)s") % {"programme": programme.name}
    description = _journey_description(columns, periods)
    svg = timeline.timeline_svg(
        columns=columns,
        milestones=milestones[:MAX_MILESTONES],
        words=words,
        title=title,
        description=description,
        prefix=f"{key}-timeline",
        date_text=_date,
    )
    header = [
        period_word(periods),
        _("Cycles started"),
        _("Cycles completed"),
        _("Learning sessions"),
        *(label for _value, label in decisions),
    ]
    rows = [
        [
            column.period.label,
            str(column.started),
            str(column.completed),
            str(column.sessions),
            *(str(column.decisions.get(value, 0)) for value, _label in decisions),
        ]
        for column in columns
    ]
    blocks = [
        Block(
            kind="figure",
            key=f"{key}-timeline",
            html=svg,
            text=title,
            header=header,
            rows=rows,
            meta={"description": description, "numeric": "1"},
        ),
        Block(
            kind="heading",
            key=f"{key}-events",
            text=_("Notable events per year"),
            meta={"level": "3"},
        ),
    ]
    for year, items in _year_events(columns, milestones, sessions):
        blocks.append(
            Block(kind="heading", key=f"{key}-year-{year}", text=str(year), meta={"level": "4"})
        )
        blocks.append(Block(kind="list", key=f"{key}-year-{year}-events", items=items))
    return blocks


# The initiatives ------------------------------------------------------------------------


def _insights_by(
    rows: Iterable[tuple[int, str, str, str, datetime.datetime]],
) -> dict[int, list[tuple[str, str, str]]]:
    """(text, nature, source) of the insights per id of what they are linked to."""
    found: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
    words = _words()
    for owner_id, text, kind, session_title, starts_at in rows:
        source = words["session"] % {
            "title": session_title,
            "day": _date(_day(starts_at)),
        }
        found[owner_id].append((text, _nature(kind), source))
    return found


def _expected(words: dict[Any, str], intention: str | None, outcome: str | None) -> str:
    parts = []
    if intention:
        parts.append(words["intend"] % {"text": intention.strip()})
    if outcome:
        parts.append(words["expect"] % {"text": outcome.strip()})
    return "\n".join(parts) or words["no_expectation"]


def initiatives_blocks(journal: Journal, chapter: Chapter, voices: list[Voice]) -> list[Block]:
    """Per initiative its facts, summary and funding, then its reviewed or completed
    cycles: the newest (a share of FULL_CYCLES) with expected beside happened, the
    adjustment and its lesson, the earlier ones in a line each; then the lessons of the learning
    sessions about it. Three queries."""
    key = f"c{chapter.pk}"
    programme = journal.programme
    initiatives = list(
        Initiative.objects.filter(programme=programme)
        .order_by(F("area__sort_name").asc(nulls_last=True), "sort_name", "id")
        .values_list(
            "pk",
            "title",
            "summary",
            "status",
            "area__name",
            "municipal_contribution",
            "resident_contribution",
            "other_contribution",
        )
    )
    if not initiatives:
        return _nothing(key, _("The programme has no initiatives yet."))
    cycles: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for row in (
        LearningCycle.objects.filter(
            initiative__programme_id=programme.pk,
            state__in=[CycleState.REVIEWED, CycleState.CLOSED],
        )
        .order_by("initiative_id", "number", "id")
        .values_list(
            "initiative_id",
            "pk",
            "number",
            "title",
            "expectation__intention",
            "expectation__expected_outcome",
            "review__answers",
            "review__held_in",
            "adjustment__decision",
            "adjustment__text",
        )
    ):
        cycles[row[0]].append(row[1:])
    insights = _insights_by(
        Insight.initiatives.through.objects.filter(initiative__programme_id=programme.pk)
        .order_by("insight__session__starts_at", "insight_id")
        .values_list(
            "initiative_id",
            "insight__text",
            "insight__kind",
            "insight__session__title",
            "insight__session__starts_at",
        )
    )
    words = _words()
    in_full = max(1, FULL_CYCLES // max(len(cycles), 1))
    expected = _("Expected")
    no_area = _("no area")
    blocks: list[Block] = []
    for pk, title, summary, status, area, municipal, residents, other in initiatives:
        prefix = f"{key}-init-{pk}"
        blocks.append(Block(kind="heading", key=prefix, text=title, meta={"level": "3"}))
        facts = words["facts"] % {
            "area": area or no_area,
            "status": words.get(("status", status), status).lower(),
        }
        blocks.append(
            Block(kind="paragraph", key=f"{prefix}-facts", text=facts, meta={"style": "facts"})
        )
        if summary.strip():
            blocks.append(Block(kind="paragraph", key=f"{prefix}-summary", text=summary.strip()))
        blocks.append(
            Block(
                kind="paragraph",
                key=f"{prefix}-funding",
                text=words["funding"]
                % {
                    "municipal": _money(municipal),
                    "residents": _money(residents),
                    "other": _money(other),
                    "total": _money(municipal + residents + other),
                },
                meta={"style": "facts"},
            )
        )
        own = cycles.get(pk, [])
        if not own:
            blocks.append(
                Block(
                    kind="paragraph",
                    key=f"{prefix}-no-cycles",
                    text=words["no_cycles"],
                )
            )
        # The earlier cycles in a line each; the newest ones told in full.
        earlier, own = own[:-in_full], own[-in_full:]
        if earlier:
            told = " · ".join(
                words["cycle"] % {"number": row[1], "title": row[2]}
                + (f" ({_decision_label(row[7]).lower()})" if row[7] else "")
                for row in earlier
            )
            blocks.append(
                Block(
                    kind="paragraph",
                    key=f"{prefix}-earlier",
                    text=f"{words['earlier']} {told}",
                    meta={"style": "facts"},
                )
            )
        for (
            cycle_pk,
            number,
            cycle_title,
            intention,
            outcome,
            answers,
            held_in,
            decision,
            adjustment,
        ) in own:
            at = f"{prefix}-cycle-{cycle_pk}"
            blocks.append(
                Block(
                    kind="heading",
                    key=at,
                    text=words["cycle"] % {"number": number, "title": cycle_title},
                    meta={"level": "4"},
                )
            )
            # A review held in a learning session holds the session's contributions word
            # for word: none of it is printed, only where it was held (its lessons are the
            # session's insights, below).
            happened = None if held_in else _happened(answers)
            if happened is None:
                blocks.append(
                    Block(
                        kind="paragraph",
                        key=f"{at}-expected",
                        text=_expected(words, intention, outcome),
                    )
                )
            else:
                question, text = happened
                blocks.append(
                    Block(
                        kind="compare",
                        key=f"{at}-compare",
                        header=[expected, question.strip() or _("Happened")],
                        rows=[
                            [
                                _expected(words, intention, outcome),
                                text.strip() or words["not_answered"],
                            ]
                        ],
                    )
                )
            if held_in:
                blocks.append(
                    Block(
                        kind="paragraph",
                        key=f"{at}-held",
                        text=words["held"] % {"session": held_in},
                        meta={"style": "facts"},
                    )
                )
            if decision:
                text = words["adjustment"] % {"decision": _decision_label(decision)}
                if adjustment and adjustment.strip():
                    text += " " + adjustment.strip()
            else:
                text = words["undecided"]
            blocks.append(
                Block(
                    kind="paragraph", key=f"{at}-adjustment", text=text, meta={"style": "decision"}
                )
            )
            lesson = "" if held_in else _lesson(answers)
            if lesson:
                blocks.append(
                    Block(
                        kind="lesson",
                        key=f"{at}-lesson",
                        text=lesson,
                        meta={
                            "nature": "",
                            "source": words["review"] % {"number": number},
                        },
                    )
                )
        for index, (text, nature, source) in enumerate(insights.get(pk, []), start=1):
            blocks.append(
                Block(
                    kind="lesson",
                    key=f"{prefix}-insight-{index}",
                    text=text,
                    meta={"nature": nature, "source": source},
                )
            )
    return blocks


# Lessons per learning question ----------------------------------------------------------


def lessons_blocks(journal: Journal, chapter: Chapter, voices: list[Voice]) -> list[Block]:
    """Per learning question: its wording, status and answer; the insights linked to it
    and the lessons of the reviews of its cycles (the newest); what works and what does
    not, from the decisions that closed its cycles. Three queries."""
    key = f"c{chapter.pk}"
    programme = journal.programme
    questions = list(
        LearningQuestion.objects.filter(programme=programme)
        .order_by("number")
        .values_list("pk", "number", "text", "status", "answer")
    )
    if not questions:
        return _nothing(key, _("The programme has no learning questions yet."))
    insights = _insights_by(
        Insight.learning_questions.through.objects.filter(learningquestion__programme=programme)
        .order_by("insight__session__starts_at", "insight_id")
        .values_list(
            "learningquestion_id",
            "insight__text",
            "insight__kind",
            "insight__session__title",
            "insight__session__starts_at",
        )
    )
    reviewed: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for row in (
        LearningCycle.learning_questions.through.objects.filter(
            learningquestion__programme=programme,
            learningcycle__state__in=[CycleState.REVIEWED, CycleState.CLOSED],
        )
        .order_by("-learningcycle__review__recorded_at", "-learningcycle_id")
        .values_list(
            "learningquestion_id",
            "learningcycle_id",
            "learningcycle__number",
            "learningcycle__initiative__title",
            "learningcycle__review__answers",
            "learningcycle__review__held_in",
            "learningcycle__adjustment__decision",
            "learningcycle__adjustment__text",
        )
    ):
        reviewed[row[0]].append(row[1:])
    statuses = dict(QuestionStatus.choices)

    summary_rows = []
    blocks: list[Block] = []
    for pk, number, wording, status, answer in questions:
        prefix = f"{key}-question-{pk}"
        cycles = reviewed.get(pk, [])
        works = [c for c in cycles if c[5] in WORKS]
        fails = [c for c in cycles if c[5] in DOES_NOT_WORK]
        changed = [c for c in cycles if c[5] == Decision.CHANGE]
        status_label = str(statuses.get(status, status))
        summary_rows.append(
            [
                str(number),
                status_label,
                str(len(insights.get(pk, []))),
                str(len(cycles)),
                str(len(works)),
                str(len(changed)),
                str(len(fails)),
            ]
        )
        blocks.append(
            Block(
                kind="heading",
                key=prefix,
                text=_("Learning question %(number)s: %(text)s")
                % {"number": number, "text": wording},
                meta={"level": "3"},
            )
        )
        blocks.append(
            Block(
                kind="paragraph",
                key=f"{prefix}-status",
                text=_("Status: %(status)s") % {"status": status_label.lower()},
                meta={"style": "facts"},
            )
        )
        if answer.strip():
            blocks.append(
                Block(
                    kind="paragraph",
                    key=f"{prefix}-answer",
                    text=_("Answer: %(answer)s") % {"answer": answer.strip()},
                    meta={"style": "answer"},
                )
            )
        for index, (text, nature, source) in enumerate(insights.get(pk, []), start=1):
            blocks.append(
                Block(
                    kind="lesson",
                    key=f"{prefix}-insight-{index}",
                    text=text,
                    meta={"nature": nature, "source": source},
                )
            )
        # A review held in a learning session: only where it was held, none of its words.
        lessons = [(c, "" if c[4] else _lesson(c[3])) for c in cycles]
        lessons = [(c, text) for c, text in lessons if text or c[4]]
        for cycle, text in lessons[:MAX_REVIEW_LESSONS]:
            if cycle[4]:
                blocks.append(
                    Block(
                        kind="paragraph",
                        key=f"{prefix}-cycle-{cycle[0]}",
                        text=_(
                            "The review of %(initiative)s, cycle %(number)s, was held together "
                            "in the learning session “%(session)s”."
                        )
                        % {"initiative": cycle[2], "number": cycle[1], "session": cycle[4]},
                        meta={"style": "facts"},
                    )
                )
                continue
            blocks.append(
                Block(
                    kind="lesson",
                    key=f"{prefix}-cycle-{cycle[0]}",
                    text=text,
                    meta={
                        "nature": "",
                        "source": _("Review of %(initiative)s, cycle %(number)s")
                        % {"initiative": cycle[2], "number": cycle[1]},
                    },
                )
            )
        if len(lessons) > MAX_REVIEW_LESSONS:
            more = len(lessons) - MAX_REVIEW_LESSONS
            blocks.append(
                Block(
                    kind="paragraph",
                    key=f"{prefix}-more-lessons",
                    text=ngettext(
                        "One more review names a lesson on this question.",
                        "%(count)s more reviews name a lesson on this question.",
                        more,
                    )
                    % {"count": more},
                    meta={"style": "facts"},
                )
            )
        if not insights.get(pk) and not lessons:
            blocks.append(
                Block(
                    kind="paragraph",
                    key=f"{prefix}-no-lessons",
                    text=_("No lessons have been linked to this question yet."),
                )
            )
        for side, found, title in (
            ("works", works, _("What works")),
            ("fails", fails, _("What does not work")),
        ):
            if not found:
                continue
            items = [
                f"{c[2]}, "
                + _("cycle %(number)s") % {"number": c[1]}
                + f" ({_decision_label(c[5]).lower()})"
                + (f": {c[6].strip()}" if c[6] and c[6].strip() else "")
                for c in found[:MAX_WORKS]
            ]
            if len(found) > MAX_WORKS:
                more = len(found) - MAX_WORKS
                items.append(
                    ngettext("and %(count)s more cycle", "and %(count)s more cycles", more)
                    % {"count": more}
                )
            blocks.append(
                Block(kind="heading", key=f"{prefix}-{side}", text=title, meta={"level": "4"})
            )
            blocks.append(Block(kind="list", key=f"{prefix}-{side}-list", items=items))
    table = Block(
        kind="table",
        key=f"{key}-overview",
        text=_("The learning questions at a glance"),
        header=[
            _("Question"),
            _("Status"),
            _("Lessons from sessions"),
            _("Reviewed cycles"),
            _("Works"),
            _("Changed course"),
            _("Does not work"),
        ],
        rows=summary_rows,
        meta={"numeric": "1"},
    )
    intro = Block(
        kind="paragraph",
        key=f"{key}-intro",
        text=_(
            "What works and what does not follows from the decisions that closed the "
            "cycles: continuing or scaling up means it works, stopping means it does not."
        ),
        meta={"style": "facts"},
    )
    return [intro, table, *blocks]


# Funding and co-investment --------------------------------------------------------------


def funding_blocks(journal: Journal, chapter: Chapter, voices: list[Voice]) -> list[Block]:
    """The money per initiative and per area, the totals and the co-investment rule,
    with a picture of the areas. Three queries."""
    key = f"c{chapter.pk}"
    programme = journal.programme
    initiatives = Initiative.objects.filter(programme=programme)
    rows = list(
        initiatives.order_by(
            F("area__sort_name").asc(nulls_last=True), "sort_name", "id"
        ).values_list(
            "title",
            "area__name",
            "municipal_contribution",
            "resident_contribution",
            "other_contribution",
        )
    )
    if not rows:
        return _nothing(key, _("The programme has no initiatives yet."))
    percentage = programme.co_investment_percentage
    totals = initiatives.aggregate(
        municipal=Coalesce(Sum("municipal_contribution"), Value(Decimal(0))),
        residents=Coalesce(Sum("resident_contribution"), Value(Decimal(0))),
        other=Coalesce(Sum("other_contribution"), Value(Decimal(0))),
        keeping=Count(
            "id",
            filter=Q(
                resident_contribution__gte=F("municipal_contribution")
                * Value(percentage or Decimal(0))
                / Value(Decimal(100))
            ),
        ),
    )
    areas = list(
        initiatives.values_list("area__name")
        .annotate(
            municipal=Sum("municipal_contribution"),
            residents=Sum("resident_contribution"),
            other=Sum("other_contribution"),
        )
        .order_by(F("area__sort_name").asc(nulls_last=True))
    )
    municipal, residents, other = totals["municipal"], totals["residents"], totals["other"]
    total = municipal + residents + other
    blocks = [
        Block(
            kind="paragraph",
            key=f"{key}-totals",
            text=_(
                "Together the initiatives received %(total)s: %(municipal)s from the "
                "municipality, %(residents)s co-invested by residents and %(other)s from "
                "others."
            )
            % {
                "total": _money(total),
                "municipal": _money(municipal),
                "residents": _money(residents),
                "other": _money(other),
            },
        )
    ]
    share = _percent(residents, municipal)
    if programme.budget is not None:
        blocks.append(
            Block(
                kind="paragraph",
                key=f"{key}-budget",
                text=_("The budget was %(budget)s; %(committed)s of it went to initiatives.")
                % {"budget": _money(programme.budget), "committed": _money(municipal)},
            )
        )
    if percentage is not None:
        rule = co_investment_rule(programme=programme) or ""
        text = rule
        if share is not None:
            text += " " + _(
                "Residents co-invested %(share)s%% of the municipal contribution in all."
            ) % {"share": share}
        text += " " + ngettext(
            "%(keeping)s of %(count)s initiative keeps the rule.",
            "%(keeping)s of %(count)s initiatives keep the rule.",
            len(rows),
        ) % {"keeping": totals["keeping"], "count": len(rows)}
        blocks.append(Block(kind="paragraph", key=f"{key}-rule", text=text))
    elif share is not None:
        blocks.append(
            Block(
                kind="paragraph",
                key=f"{key}-share",
                text=_("Residents co-invested %(share)s%% of the municipal contribution in all.")
                % {"share": share},
            )
        )
    no_area = _("No area")
    legend = [_("Municipality"), _("Residents' co-investment"), _("Other")]
    bars = [
        charts.FundingBar(area or no_area, (m or Decimal(0), r or Decimal(0), o or Decimal(0)))
        for area, m, r, o in areas
    ]
    title = _("Funding per area")
    description = " ".join(
        _("%(area)s: municipality %(municipal)s, residents %(residents)s, other %(other)s.")
        % {
            "area": bar.label,
            "municipal": _money(bar.parts[0]),
            "residents": _money(bar.parts[1]),
            "other": _money(bar.parts[2]),
        }
        for bar in bars
    )
    blocks.append(
        Block(
            kind="figure",
            key=f"{key}-areas",
            html=charts.funding_svg(
                bars=bars,
                legend=legend,
                money=_money,
                title=title,
                description=description,
                prefix=f"{key}-areas",
            ),
            text=title,
            header=[_("Area"), *legend, _("Together")],
            rows=[
                [
                    bar.label,
                    *(_money(part) for part in bar.parts),
                    _money(sum(bar.parts, Decimal(0))),
                ]
                for bar in bars
            ],
            meta={"description": description, "numeric": "1"},
        )
    )
    blocks.append(
        Block(
            kind="table",
            key=f"{key}-initiatives",
            text=_("Funding per initiative"),
            header=[_("Initiative"), _("Area"), *legend, _("Together")],
            rows=[
                [
                    title_,
                    area or "",
                    _money(m),
                    _money(r),
                    _money(o),
                    _money(m + r + o),
                ]
                for title_, area, m, r, o in rows
            ]
            + [
                [
                    _("Together"),
                    "",
                    _money(municipal),
                    _money(residents),
                    _money(other),
                    _money(total),
                ]
            ],
            meta={"numeric": "2", "total": "1"},
        )
    )
    return blocks


# The compass ----------------------------------------------------------------------------


def compass_blocks(journal: Journal, chapter: Chapter, voices: list[Voice]) -> list[Block]:
    """The compass of the whole programme: now and desired, the perspectives side by
    side, the trend of each facet and the perspective gaps, with the compass's own
    charts (compass.charts). About eight queries."""
    key = f"c{chapter.pk}"
    programme = journal.programme
    compass = compass_of(programme=programme)
    if compass is None:
        return _nothing(key, _("The programme has no compass."))
    picture, trend = _compass_figures(compass, programme)
    if not picture.total:
        return _nothing(key, _("Nobody has answered the compass yet."))
    facets = compass_charts.shown_facets(picture)
    groups = [
        _("%(group)s: %(count)s") % {"group": str(Perspective(group).label).lower(), "count": n}
        for group, n in ((g, picture.respondents.get(g, 0)) for g in GROUPS)
        if n
    ]
    blocks = [
        Block(
            kind="paragraph",
            key=f"{key}-respondents",
            text=ngettext(
                "The compass was answered %(count)s time (%(groups)s). The figures are "
                "medians on a scale of 0 to 10.",
                "The compass was answered %(count)s times (%(groups)s). The figures are "
                "medians on a scale of 0 to 10.",
                picture.total,
            )
            % {"count": picture.total, "groups": "; ".join(groups)},
        )
    ]
    title = _("Compass of %(programme)s: now and desired") % {"programme": programme.name}
    now, desired = _("Now"), _("Desired")
    blocks.append(
        Block(
            kind="figure",
            key=f"{key}-radar",
            html=compass_charts.radar_of(
                picture, view=compass_charts.NOW_AND_DESIRED, title=title, prefix=f"{key}-radar"
            ),
            text=title,
            header=[_("Facet"), now, desired, _("Answers")],
            rows=[
                [
                    facet.name,
                    score_text(_median(picture.current_overall.get(facet.pk))),
                    score_text(_median(picture.desired_overall.get(facet.pk))),
                    str(getattr(picture.current_overall.get(facet.pk), "count", 0)),
                ]
                for facet in facets
            ],
            meta={"description": title, "numeric": "1"},
        )
    )
    if len(picture.groups) > 1:
        title = _("Compass of %(programme)s: the perspectives") % {"programme": programme.name}
        blocks.append(
            Block(
                kind="figure",
                key=f"{key}-perspectives",
                html=compass_charts.radar_of(
                    picture,
                    view=compass_charts.PERSPECTIVES,
                    title=title,
                    prefix=f"{key}-perspectives",
                ),
                text=title,
                header=[_("Facet"), *(str(Perspective(g).label) for g in picture.groups)],
                rows=[
                    [
                        facet.name,
                        *(
                            score_text(_median(picture.current.get((facet.pk, g))))
                            for g in picture.groups
                        ),
                    ]
                    for facet in facets
                ],
                meta={"description": title, "numeric": "1"},
            )
        )
    blocks += _gaps(key, picture, facets)
    quarters = compass_charts.trend_quarters(trend)
    if len(quarters) > 1:
        blocks.append(
            Block(
                kind="heading",
                key=f"{key}-trend",
                text=_("Trend per facet"),
                meta={"level": "3"},
            )
        )
        for facet in facets:
            points = trend.get(facet.pk, [])
            if not points:
                continue
            title = _("Trend of %(facet)s") % {"facet": facet.name}
            series = compass_charts.trend_series(points, quarters)
            blocks.append(
                Block(
                    kind="figure",
                    key=f"{key}-trend-{facet.pk}",
                    html=compass_charts.trend_of(
                        points, quarters, title=title, prefix=f"{key}-trend-{facet.pk}"
                    ),
                    text=title,
                    header=[_("Quarter"), *(one.label for one in series)],
                    rows=[
                        [quarter_label(quarter), *(score_text(one.values[i]) for one in series)]
                        for i, quarter in enumerate(quarters)
                    ],
                    meta={"description": title, "numeric": "1"},
                )
            )
    return blocks


def _compass_figures(
    compass: Any, programme: Programme
) -> tuple[Picture, dict[int, list[TrendPoint]]]:
    """The picture and the trend of the whole programme's compass, kept in the cache
    until the programme's data changes (every answer raises its data_version): counting
    100,000 assessments takes about a second (bench/compass.py), and a book is composed
    for every preview and every file."""
    key = f"samenspel:journal-compass:{programme.pk}.{programme.data_version}"
    found = cache.get(key)
    if found is None:
        scope = Scope()
        found = (
            compass_picture(compass=compass, scope=scope),
            compass_trend(compass=compass, scope=scope),
        )
        cache.set(key, found, timeout=COMPASS_CACHE_SECONDS)
    return found


def _median(figures: Any) -> float | None:
    return None if figures is None else figures.median


def _gaps(key: str, picture: Any, facets: list[Any]) -> list[Block]:
    names = {facet.pk: facet.name for facet in facets}
    heading = Block(
        kind="heading", key=f"{key}-gaps", text=_("Perspective gaps"), meta={"level": "3"}
    )
    if not picture.gaps:
        return [
            heading,
            Block(
                kind="paragraph",
                key=f"{key}-no-gaps",
                text=_(
                    "The perspectives see every facet about the same (less than two points apart)."
                ),
            ),
        ]
    items = [
        _(
            "%(facet)s: %(higher)s give %(higher_median)s, %(lower)s give %(lower_median)s "
            "(%(difference)s points apart)."
        )
        % {
            "facet": names.get(gap.facet_id, ""),
            "higher": str(Perspective(gap.higher).label).lower(),
            "lower": str(Perspective(gap.lower).label).lower(),
            "higher_median": score_text(gap.higher_median),
            "lower_median": score_text(gap.lower_median),
            "difference": score_text(gap.difference),
        }
        for gap in picture.gaps
    ]
    return [
        heading,
        Block(
            kind="paragraph",
            key=f"{key}-gaps-intro",
            text=_(
                "Where two perspectives give a facet medians two or more points apart, they "
                "see the same thing differently. That is worth a conversation."
            ),
        ),
        Block(kind="list", key=f"{key}-gaps-list", items=items),
    ]


# Learning yield -------------------------------------------------------------------------


def yield_per_period(
    *, programme_id: int, periods: list[Period], last: datetime.date
) -> list[tuple[int, int]]:
    """(completed, should have been completed) at the end of each period (for the last
    one, at `last`, never past today): decision 0005's learning yield over time. One
    counting query, whatever the number of cycles. The governance overview and the
    facilitator's dashboard (insights.dashboards) draw the same figures."""
    today = timezone.localdate()
    counts: dict[str, Count] = {}
    for index, period in enumerate(periods):
        # Up to the end of the period, or of the stretch covered (never past today).
        end = min(period.last_day, last)
        # Due by then: ended by then, or its adjustment was due before. On a covered day in
        # the past an adjustment due that day was due; today's is not late yet.
        if end == period.last_day:
            due_before = min(period.end, today)  # the quarter's last day may be today
        else:
            due_before = min(end + datetime.timedelta(days=1), today)
        counts[f"completed_{index}"] = Count(
            "id", filter=Q(state=CycleState.CLOSED, ended__lte=end)
        )
        counts[f"due_{index}"] = Count(
            "id",
            filter=Q(state__in=ENDED_STATES, ended__lte=end) | Q(adjustment_due__lt=due_before),
        )
    if not counts:
        return []
    figures = (
        LearningCycle.objects.filter(initiative__programme_id=programme_id)
        .annotate(ended=Coalesce("closed_on", "abandoned_on", "adjustment_due"))
        .aggregate(**counts)
    )
    return [(figures[f"completed_{i}"], figures[f"due_{i}"]) for i in range(len(periods))]


def learning_yield_blocks(journal: Journal, chapter: Chapter, voices: list[Voice]) -> list[Block]:
    """The learning yield at the end of each period (for the last one, the end of the
    stretch the report covers):
    completed cycles / cycles that should have been completed by then (decision 0005).
    One counting query."""
    key = f"c{chapter.pk}"
    programme = journal.programme
    span = _span(journal, programme)
    if span is None:
        return _nothing(key, _("The journey has not started yet."))
    _first, last, periods = span
    rows = []
    values: list[int | None] = []
    for period, (completed, due) in zip(
        periods,
        yield_per_period(programme_id=programme.pk, periods=periods, last=last),
        strict=True,
    ):
        value = _percent(completed, due)
        values.append(value)
        rows.append(
            [period.label, str(completed), str(due), f"{value}%" if value is not None else "\u2013"]
        )
    title = _("Learning yield per %(period)s") % {"period": period_word(periods).lower()}
    description = " ".join(
        f"{period.label}: {row[3]}." for period, row in zip(periods, rows, strict=True)
    )
    completed, due = int(rows[-1][1]), int(rows[-1][2])
    latest = values[-1] if values else None
    if latest is None:
        headline = _("No learning cycle was due yet, so there is no learning yield yet.")
    else:
        headline = _(
            "The learning yield is %(value)s%%: %(completed)s of the %(due)s learning cycles "
            "that should have been completed by %(day)s were completed."
        ) % {"value": latest, "completed": completed, "due": due, "day": _date(last)}
    return [
        Block(kind="paragraph", key=f"{key}-headline", text=headline),
        Block(
            kind="paragraph",
            key=f"{key}-definition",
            text=_(
                "The learning yield is the share of cycles completed among the cycles that "
                "should have been completed by then: those completed or abandoned, and those "
                "whose adjustment was due. An abandoned cycle counts as not completed."
            ),
            meta={"style": "facts"},
        ),
        Block(
            kind="figure",
            key=f"{key}-yield",
            html=charts.yield_svg(
                labels=[period.label for period in periods],
                values=values,
                title=title,
                description=description,
                prefix=f"{key}-yield",
                no_value="\u2013",
            ),
            text=title,
            header=[
                period_word(periods),
                _("Completed"),
                _("Should have been completed"),
                _("Learning yield"),
            ],
            rows=rows,
            meta={"description": description, "numeric": "1"},
        ),
    ]
