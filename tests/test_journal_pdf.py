"""The travel report as PDF (WeasyPrint): a cover, a table of contents whose page
numbers point at the chapters, numbered pages, the lesson and the consented quote in,
the unconsented quote and a script payload out. The text is read back with pypdf.
Kept to one small book (about fifteen pages) so the suite stays fast."""

import io
import re

import pytest
from django.utils import translation
from django.utils.translation import gettext as _
from pypdf import PdfReader

from samenspel.journal.book import Block, Book, BookChapter
from samenspel.journal.compose import compose_book
from samenspel.journal.constants import ChapterKind
from samenspel.journal.models import Chapter
from samenspel.journal.outputs import render
from samenspel.journal.render_pdf import book_pdf
from tests.journal_book import CONSENTED, INSIGHT, LESSON, PAYLOAD, UNCONSENTED, build_world


def page_texts(pdf: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf))
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


def link_targets(pdf: bytes) -> list[str]:
    """Every address a link of the PDF opens (internal links have none)."""
    found = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            if "/URI" in action:
                found.append(str(action["/URI"]))
            if "/JS" in action:
                found.append(f"javascript:{action['/JS']}")
    return found


@pytest.mark.django_db
def test_the_book_as_pdf():
    world = build_world()
    written = Chapter.objects.filter(journal=world.journal, kind=ChapterKind.WRITTEN).first()
    written.body = PAYLOAD
    written.save()
    with translation.override("nl"):
        book = compose_book(world.journal)
        pdf = render(book, "pdf")
        contents, draft = _("Contents"), _("Draft · %(day)s") % {"day": ""}
    assert pdf.startswith(b"%PDF")
    pages = page_texts(pdf)
    text = " ".join(pages)

    # The cover: the title, the programme and the edition, and no page number.
    assert world.journal.title in pages[0]
    assert "Samen in Altena" in pages[0]
    assert draft.strip(" ·") in pages[0]
    assert not re.search(r"(^| )1$", pages[0])

    # The contents list every chapter with the page it starts on.
    toc = next(index for index, page in enumerate(pages) if page.startswith(contents))
    for chapter in book.chapters:
        found = re.search(re.escape(chapter.title) + r"[ .]*?(\d+)(?= |$)", pages[toc])
        assert found, f"{chapter.title} is not in the contents"
        start = pages[int(found[1]) - 1]
        assert chapter.title in start, f"{chapter.title} does not start on page {found[1]}"
    # Every page after the contents carries its number.
    for number, page in enumerate(pages[toc + 1 :], start=toc + 2):
        assert re.search(rf"(^| ){number}( |$)", page), f"page {number} has no number"

    # What the book says, and what it must not.
    for expected in (LESSON, INSIGHT, CONSENTED, "Een hoofdstuk met een aanval."):
        assert expected in text
    assert UNCONSENTED not in text
    assert "alert(1)" not in text
    assert not [target for target in link_targets(pdf) if "javascript" in target.lower()]


def test_the_pdf_reports_its_progress():
    book = Book(
        title="Reisverslag",
        subtitle="Een proef",
        programme="Samen in Altena",
        edition=2,
        date="2026-12-01",
        period="januari 2025 tot december 2025",
        language="nl",
        chapters=[
            BookChapter(
                key="c1",
                title="Inleiding",
                kind=ChapterKind.WRITTEN,
                blocks=[Block(kind="paragraph", key="c1-p", text="Het begin van de reis.")],
            )
        ],
    )
    reported: list[tuple[int, str]] = []
    pdf = book_pdf(book, lambda percent, step: reported.append((percent, step)))
    pages = page_texts(pdf)
    assert "Versie 2 · 1 december 2026" in pages[0] or "Version 2 · 1 december 2026" in pages[0]
    assert "Het begin van de reis." in " ".join(pages)
    percents = [percent for percent, _step in reported]
    assert percents == sorted(percents)
    assert percents[-1] == 100
    assert len(reported) >= 4  # the HTML, the layout (per page), writing, done
