"""The report of a closed learning session: what it was, who took part, what came in,
what it learned and decided. `session_report` gathers it in a fixed number of queries;
the page (templates/learning_sessions/report.html) and the PDF (report_pdf.html, printed
by WeasyPrint with static/samenspel/report.css) both draw the same SessionReport.

Anonymity: in an anonymous session no contribution names anyone (none is stored with a
writer), they come in the order of their random sort key, and who took part is counted
per role (services.taken_part).
"""

import re
from dataclasses import dataclass
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from samenspel.cycles.models import LearningCycle
from samenspel.learning_sessions import selectors, services
from samenspel.learning_sessions.models import (
    Action,
    AgendaProposal,
    Contribution,
    Insight,
    LearningSession,
)
from samenspel.learning_sessions.templatetags.session_plan import when_text
from samenspel.programmes.models import LearningQuestion

PRINT_STYLESHEET = "samenspel/report.css"


@dataclass(frozen=True)
class QuestionInput:
    """One question of the silent input and what was written to it."""

    number: int
    question: str
    contributions: list[Contribution]


@dataclass(frozen=True)
class ThemeLine:
    title: str
    votes: int
    discussion: str
    contributions: list[str]


@dataclass(frozen=True)
class SessionReport:
    session: LearningSession
    kind: str
    when: str
    taken_part: list[str]
    agenda_cycles: list[LearningCycle]
    agenda_questions: list[LearningQuestion]
    # Open actions of earlier sessions that this session reviewed, with their outcome.
    actions_reviewed: list[Action]
    questions: list[QuestionInput]
    themes: list[ThemeLine]
    insights: list[Insight]
    actions: list[Action]
    agenda_updates: list[AgendaProposal]
    cycles_reviewed: list[LearningCycle]

    @property
    def anonymous(self) -> bool:
        return self.session.anonymous

    @property
    def agenda(self) -> selectors.Agenda:
        """The agenda as the session's page shows it, with the actions it reviewed."""
        return selectors.Agenda(
            cycles=self.agenda_cycles,
            questions=self.agenda_questions,
            actions=self.actions_reviewed,
            actions_reviewed=True,
        )


def session_report(*, session: LearningSession) -> SessionReport:
    contributions = list(
        session.contributions.select_related("author", "theme").order_by(
            "question", "sort_key", "id"
        )
    )
    if session.anonymous:
        for contribution in contributions:  # nothing to show, and nothing shown
            contribution.author = None
    by_question: dict[int, list[Contribution]] = {}
    by_theme: dict[int, list[str]] = {}
    for contribution in contributions:
        by_question.setdefault(contribution.question, []).append(contribution)
        if contribution.theme_id is not None:
            by_theme.setdefault(contribution.theme_id, []).append(contribution.text)
    agenda = selectors.session_agenda(session=session)
    return SessionReport(
        session=session,
        kind=str(session.get_kind_display()),
        when=when_text(session, get_language()),
        taken_part=services.taken_part(session),
        agenda_cycles=agenda.cycles,
        agenda_questions=agenda.questions,
        actions_reviewed=list(selectors.actions_reviewed_in(session=session)),
        questions=[
            QuestionInput(number=index + 1, question=text, contributions=by_question.get(index, []))
            for index, text in enumerate(session.questions)
        ],
        themes=[
            ThemeLine(
                title=theme.title,
                votes=theme.votes,
                discussion=theme.discussion,
                contributions=by_theme.get(theme.pk, []),
            )
            for theme in session.themes.order_by("-votes", "position", "id")
        ],
        insights=list(
            session.insights.select_related("theme")
            .prefetch_related("learning_questions", "initiatives")
            .order_by("id")
        ),
        actions=list(session.actions.select_related("owner").order_by("due_on", "id")),
        agenda_updates=list(
            session.proposals.filter(applied=True).select_related("question").order_by("id")
        ),
        cycles_reviewed=[cycle for cycle in agenda.cycles if _reviewed_in(cycle, session)],
    )


def _reviewed_in(cycle: LearningCycle, session: LearningSession) -> bool:
    review: Any = getattr(cycle, "review", None)
    return review is not None and review.held_in == session.title


# The PDF -----------------------------------------------------------------------------------


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def page_css() -> str:
    """The page numbers in the margin, in the interface's language ("Pagina 2 van 5"):
    a stylesheet cannot be translated, so this part is written here."""
    words = _("Page %(page)s of %(pages)s")
    parts = re.split(r"(%\((?:page|pages)\)s)", words)
    content = " ".join(
        "counter(page)"
        if part == "%(page)s"
        else "counter(pages)"
        if part == "%(pages)s"
        else _css_string(part)
        for part in parts
        if part
    )
    return f"@page {{ @bottom-right {{ content: {content}; }} }}"


def _no_fetching(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """The report loads nothing from anywhere: its stylesheets are handed over whole,
    and what people wrote is text, never markup."""
    raise ValueError(f"not fetched: {url[:80]}")


def report_document(report: SessionReport, *, base_url: str) -> Any:
    """The report laid out on A4 pages by WeasyPrint (a weasyprint Document)."""
    from weasyprint import CSS, HTML  # slow to import: only when a PDF is made

    html = render_to_string(
        "learning_sessions/report_pdf.html",
        {"report": report, "session": report.session, "programme": report.session.programme},
    )
    stylesheet = finders.find(PRINT_STYLESHEET)
    assert isinstance(stylesheet, str), PRINT_STYLESHEET
    return HTML(string=html, base_url=base_url, url_fetcher=_no_fetching).render(
        stylesheets=[CSS(filename=stylesheet), CSS(string=page_css())]
    )


def report_pdf(report: SessionReport, *, base_url: str) -> bytes:
    pdf: bytes = report_document(report, base_url=base_url).write_pdf()
    return pdf
