"""The matrix of the helicopter view drawn in Python: a page has up to 25 rows of some
20 cells each, where a template include or a {% blocktranslate %} per cell would cost
more than the rest of the page. Every text is escaped here; fixed words are translated
once per language (common.words)."""

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext_lazy, ngettext

from samenspel.common.words import Words
from samenspel.cycles.constants import Decision
from samenspel.insights.helicopter import INSIGHT, REVIEW, Cell, Lesson, insight_anchor
from samenspel.learning_sessions.constants import InsightKind
from samenspel.programmes.constants import QuestionStatus
from samenspel.programmes.models import Initiative, LearningQuestion, Programme

register = template.Library()

WORDS = Words(
    {
        "question": gettext_lazy("Learning question %(number)s"),
        "answered": gettext_lazy("Has an answer"),
        "unanswered": gettext_lazy("No answer yet"),
        "no_lessons": gettext_lazy("No lessons"),
        "no_lesson_yet": gettext_lazy("Linked, no lesson yet"),
        "no_area": gettext_lazy("No area"),
        "newest": gettext_lazy("Newest lesson:"),
        **{("status", status.value): status.label for status in QuestionStatus},
    }
)

# A question's status as a badge: answered stands out, dropped fades.
BADGES: dict[str, str] = {
    QuestionStatus.OPEN: "sp-badge--neutral",
    QuestionStatus.PERSISTENT: "sp-badge--warning",
    QuestionStatus.ANSWERED: "sp-badge--success",
    QuestionStatus.DROPPED: "sp-badge--neutral",
}
HEADER_WORDING = 60  # characters of a question's wording in a column header


def _words() -> dict[Any, str]:
    return WORDS(get_language())


@register.simple_tag
def question_status(question: LearningQuestion) -> SafeString:
    """The status badge of a learning question and whether it has an answer."""
    words = _words()
    return format_html(
        '<span class="sp-badge {}">{}</span> <span class="sp-muted sp-answer-mark">{}</span>',
        BADGES.get(question.status, "sp-badge--neutral"),
        words.get(("status", question.status), question.status),
        words["answered"] if question.answer.strip() else words["unanswered"],
    )


@register.simple_tag
def matrix_header(question: LearningQuestion, programme: Programme) -> SafeString:
    words = _words()
    return format_html(
        '<th scope="col" class="sp-matrix__question"><a href="{}">{}</a>'
        '<span class="sp-matrix__wording">{}</span>{}</th>',
        reverse("helicopter-question", args=[programme.slug, question.number]),
        words["question"] % {"number": question.number},
        Truncator(" ".join(question.text.split())).chars(HEADER_WORDING),
        question_status(question),
    )


@register.simple_tag
def matrix_row(
    initiative: Initiative,
    cells: list[Cell | None],
    questions: list[LearningQuestion],
    programme: Programme,
) -> SafeString:
    """One initiative's row: its name and area, then per question the number of lessons
    (a link to the cell) and the newest lesson in short."""
    words = _words()
    area: Any = initiative.area
    parts = [
        format_html(
            '<tr><th scope="row"><a href="{}">{}</a><span class="sp-matrix__area">{}</span></th>',
            reverse("initiative-detail", args=[programme.slug, initiative.pk]),
            initiative.title,
            area.name if area else words["no_area"],
        )
    ]
    for question, cell in zip(questions, cells, strict=True):
        if cell is None:
            parts.append(
                format_html(
                    '<td class="sp-matrix__empty"><span aria-hidden="true">\u2013</span>'
                    '<span class="sp-visually-hidden">{}</span></td>',
                    words["no_lessons"],
                )
            )
            continue
        address = reverse("helicopter-cell", args=[programme.slug, initiative.pk, question.number])
        first = cell.first
        if first is None:
            parts.append(
                format_html(
                    '<td><a class="sp-muted" href="{}">{}</a></td>', address, words["no_lesson_yet"]
                )
            )
            continue
        count = ngettext("%(count)s lesson", "%(count)s lessons", cell.count) % {
            "count": cell.count
        }
        parts.append(
            format_html(
                '<td><a href="{}">{}</a><span class="sp-matrix__lesson">'
                '<span class="sp-visually-hidden">{} </span>{}</span></td>',
                address,
                count,
                words["newest"],
                first.short,
            )
        )
    parts.append(SafeString("</tr>"))
    return SafeString("".join(parts))


LESSON_WORDS = Words(
    {
        "review": gettext_lazy("Review of cycle %(number)s: %(title)s"),
        "adjustment": gettext_lazy("Adjustment of cycle %(number)s: %(decision)s"),
        "insight": gettext_lazy("Insight of the learning session “%(session)s”"),
        "open_review": gettext_lazy("Open the review"),
        "open_adjustment": gettext_lazy("Open the adjustment"),
        "open_insight": gettext_lazy("Open in the session's report"),
        **{decision: decision.label for decision in Decision},
        **{kind: kind.label for kind in InsightKind},
    }
)
SIDE_BADGES = {
    "works": "sp-badge--success",
    "changed": "sp-badge--warning",
    "fails": "sp-badge--danger",
}


def lesson_address(lesson: Lesson, programme: Programme) -> str:
    """Where a lesson's evidence is: the cycle's review or adjustment, or the insight in
    its session's report."""
    if lesson.kind == INSIGHT:
        address = reverse("session-report", args=[programme.slug, lesson.session_id])
        return f"{address}#{insight_anchor(lesson.insight_id)}"
    address = reverse("cycle-detail", args=[programme.slug, lesson.cycle_id])
    return f"{address}#{'review' if lesson.kind == REVIEW else 'adjustment'}-heading"


@register.simple_tag
def lesson_source(lesson: Lesson, programme: Programme) -> SafeString:
    """Where a lesson comes from, as a link to its evidence; an adjustment's decision and
    an insight's nature as a badge."""
    words = LESSON_WORDS(get_language())
    if lesson.kind == INSIGHT:
        label = words["insight"] % {"session": lesson.session_title}
        badge = format_html(
            ' <span class="sp-badge sp-badge--{}">{}</span>',
            lesson.nature,
            words.get(lesson.nature, lesson.nature),
        )
    elif lesson.kind == REVIEW:
        label = words["review"] % {"number": lesson.cycle_number, "title": lesson.cycle_title}
        badge = SafeString("")
    else:
        decision = words.get(lesson.decision, lesson.decision)
        label = words["adjustment"] % {"number": lesson.cycle_number, "decision": decision}
        badge = SafeString("")
    return format_html('<a href="{}">{}</a>{}', lesson_address(lesson, programme), label, badge)


@register.simple_tag
def decision_badge(lesson: Lesson) -> SafeString:
    words = LESSON_WORDS(get_language())
    return format_html(
        '<span class="sp-badge {}">{}</span>',
        SIDE_BADGES.get(lesson.side, "sp-badge--neutral"),
        words.get(lesson.decision, lesson.decision),
    )


@register.simple_tag
def report_address(programme: Programme, session_id: int, anchor: str = "") -> str:
    address = reverse("session-report", args=[programme.slug, session_id])
    return f"{address}#{anchor}" if anchor else address
