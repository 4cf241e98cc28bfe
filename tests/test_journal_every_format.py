"""One travel report in every format: the web page, the self-contained HTML file, the PDF
(its text extracted with pypdf), Markdown and DOCX (read back with python-docx). The
programme has one lesson (a session's insight on an initiative and a learning question),
one consented quote and one unconsented quote: the lesson and the consented quote are in
every format, the unconsented quote in none. A script in a chapter, in a quote's words
and in an initiative's title runs in none."""

import pytest
from django.utils import timezone, translation

from samenspel.journal import compose, outputs, render_html
from samenspel.journal.book import Book
from samenspel.journal.compose import compose_book
from samenspel.journal.constants import ChapterKind, RenderFormat
from samenspel.journal.models import Chapter
from samenspel.learning_sessions import services as session_services
from samenspel.learning_sessions.constants import InsightKind, SessionPhase
from samenspel.programmes.constants import Role
from tests.factories import InitiativeFactory, LearningQuestionFactory, MembershipFactory
from tests.journal import make_journal
from tests.journal_formats import (
    CONSENTED,
    HOSTILE_BODY,
    LESSON,
    SCRIPT,
    UNCONSENTED,
    add_voices,
    docx_links,
    docx_runs_anything,
    docx_text,
    html_runs_anything,
    pdf_runs_anything,
    pdf_text,
)
from tests.sessions import advance_to, plan_session

pytestmark = pytest.mark.django_db

FORMATS = ["page", RenderFormat.HTML, RenderFormat.PDF, RenderFormat.MARKDOWN, RenderFormat.DOCX]

# Until the book helper's compose.py generates the lessons chapter, the lesson is also
# written into the introduction; once the chapter is generated, the insight alone must
# bring it into every format.
LESSONS_GENERATED = compose.GENERATORS[ChapterKind.LESSONS].__name__ != "_not_yet"


@pytest.fixture
def book(programme, facilitator) -> Book:
    """The programme's travel report composed in Dutch: the lesson learned in a session
    about an initiative whose title holds a script, the voices of `add_voices`, and a
    script in the introduction."""
    initiative = InitiativeFactory(programme=programme, title=f"Buurtbus {SCRIPT}")
    question = LearningQuestionFactory(
        programme=programme, number=1, text="Hoe geven we ruimte aan initiatieven?"
    )
    session = plan_session(programme, facilitator, title="Leersessie maart")
    advance_to(session, SessionPhase.CAPTURE)
    session_services.insight_add(
        session=session,
        text=LESSON,
        kind=InsightKind.REFLECTION,
        questions=[question],
        initiatives=[initiative],
        by=facilitator,
    )
    advance_to(session, SessionPhase.CLOSED)

    journal = make_journal(programme, facilitator)
    lesson = "" if LESSONS_GENERATED else f"{LESSON}.\n\n"
    Chapter.objects.filter(journal=journal, position=1).update(body=f"{lesson}{HOSTILE_BODY}")
    add_voices(journal, MembershipFactory(programme=programme, role=Role.INITIATOR).user)
    with translation.override("nl"):
        return compose_book(journal, on=timezone.localdate())


def rendered(book: Book, fmt: str) -> bytes:
    if fmt == "page":
        return str(render_html.book_fragment(book)).encode()
    return outputs.render(book, fmt)


def words_of(data: bytes, fmt: str) -> str:
    """The words a reader sees in the file (for HTML: its source, where the plain words
    of the lesson and the quotes stand as they are)."""
    if fmt == RenderFormat.PDF:
        return pdf_text(data)
    if fmt == RenderFormat.DOCX:
        return docx_text(data)
    return " ".join(data.decode().split())


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_shows_the_lesson_and_the_consented_quote_only(book, fmt):
    words = words_of(rendered(book, fmt), fmt)

    assert LESSON in words
    assert CONSENTED in words
    assert UNCONSENTED not in words


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_script_is_harmless_in_every_format(book, fmt):
    data = rendered(book, fmt)

    if fmt in ("page", RenderFormat.HTML):
        assert html_runs_anything(data.decode()) == []
    elif fmt == RenderFormat.PDF:
        assert pdf_runs_anything(data) == []
        assert "onerror" not in pdf_text(data)
    elif fmt == RenderFormat.MARKDOWN:
        text = data.decode().lower()
        for payload in ("<script", "onerror", "javascript:"):
            assert payload not in text, payload
        assert "wat ik zei: &lt;script&gt;alert(1)&lt;/script&gt;" in text
    else:
        text = docx_text(data)
        assert "onerror" not in text and "javascript" not in text.lower()
        assert not any("javascript" in link.lower() for link in docx_links(data))
        assert docx_runs_anything(data) == []
    # The words around the payload are all still there.
    assert "Een gewone zin." in words_of(data, fmt)
