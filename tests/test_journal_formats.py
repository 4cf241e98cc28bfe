"""The travel report as Markdown and as DOCX: a clean Markdown document and a Word file
for further editing, both drawn from the same book. Books made by hand (every kind of
block) and composed from a small programme: the lesson and the consented quote are in
both files, the unconsented quote is in neither; a script typed into a chapter or into a
plain-text field is harmless; labels are Dutch; written text keeps its headings, lists
and links."""

import html
import re

import markdown
import pytest
from django.utils import translation

from samenspel.journal.book import Block, Book, BookChapter
from samenspel.journal.compose import compose_book
from samenspel.journal.constants import ChapterKind
from samenspel.journal.models import Chapter
from samenspel.journal.render_docx import book_docx
from samenspel.journal.render_md import book_markdown, html_markdown
from samenspel.journal.text import markdown_blocks, markdown_html, sanitise
from samenspel.programmes.constants import Role
from tests.factories import InitiativeFactory, MembershipFactory
from tests.journal import make_journal
from tests.journal_formats import (
    CONSENTED,
    HOSTILE_BODY,
    LESSON,
    SCRIPT,
    UNCONSENTED,
    add_voices,
    docx_document,
    docx_links,
    docx_runs_anything,
    docx_text,
)

# As a page inlines it: no XML namespace, an HTML entity.
SVG = (
    '<svg viewBox="0 0 760 200" width="760" height="200" role="img">'
    '<rect x="10" y="10" width="300" height="80" fill="#1d2330"/>'
    '<text x="400" y="60" font-size="15">maart&nbsp;2017</text></svg>'
)
HOSTILE = (
    f"{HOSTILE_BODY}\n\n"
    '<a href="JaVaScRiPt:alert(1)">ook niet</a> <b onmouseover="alert(1)">vet</b>'
)
WRITTEN = """Dit is de **inleiding** met een [link](https://example.nl/pad) en *nadruk*.

# Een kop

- een
    - twee
- drie

1. eerst
2. dan

Tussendoor.

1. opnieuw
2. verder

> Een citaat uit de tekst.

| Wat | Hoeveel |
|---|---|
| taart \\| koffie | 3 |
"""


def hand_made_book(*, edition: int | None = None, language: str = "nl") -> Book:
    """A book with every kind of block (book.py), and a script wherever text goes."""
    return Book(
        title="Samen op weg",
        subtitle="Het reisverslag van drie jaar",
        programme="Het nieuwe samenspel",
        edition=edition,
        date="2026-03-03",
        period="januari 2016 \u2013 december 2019",
        language=language,
        chapters=[
            BookChapter(
                key="c1",
                title="Inleiding",
                kind=ChapterKind.WRITTEN,
                blocks=markdown_blocks(WRITTEN, "c1") + markdown_blocks(HOSTILE, "c1h"),
            ),
            BookChapter(
                key="c2",
                title=f"De reis {SCRIPT}",
                kind=ChapterKind.TIMELINE,
                blocks=[
                    Block(kind="heading", key="b1", text="Het eerste jaar", meta={"level": "3"}),
                    Block(kind="heading", key="b2", text="Voorjaar", meta={"level": "4"}),
                    Block(kind="paragraph", key="b3", text=f"Een alinea.\nTweede regel {SCRIPT}"),
                    Block(kind="list", key="b4", items=["punt een", f"punt {SCRIPT}"]),
                    Block(
                        kind="table",
                        key="b5",
                        text="Geld per initiatief",
                        header=["Initiatief", "Bedrag"],
                        rows=[["Dorpshuis | De Spil", "\u20ac 1.000"], [SCRIPT, "\u20ac 500"]],
                    ),
                    Block(
                        kind="compare",
                        key="b6",
                        header=["Verwacht", "Gebeurd"],
                        rows=[["Dertig bewoners komen", "Twintig bewoners kwamen"]],
                    ),
                    Block(
                        kind="figure",
                        key="b7",
                        html=SVG,
                        text="De tijdlijn",
                        meta={"description": "Een balk per leercyclus"},
                        header=["Leercyclus", "Begin"],
                        rows=[["Buurtbus", "maart 2017"]],
                    ),
                    Block(
                        kind="voice",
                        key="b8",
                        text=f"We deden het samen.\n\nEn toen {SCRIPT}",
                        meta={
                            "attribution": "Bewoner van Werkendam",
                            "commentary": "Hier begint het samenspel.",
                            "nature": "Beleving",
                            "voice_kind": "quote",
                        },
                    ),
                    Block(
                        kind="lesson",
                        key="b9",
                        text="Ruimte geven werkt.",
                        meta={"nature": "Reflectie", "source": "Leersessie maart"},
                    ),
                    Block(kind="lesson", key="b10", text=f"Les {SCRIPT}", meta={"nature": "Feit"}),
                ],
            ),
        ],
    )


def harmless_markdown(text: str) -> None:
    lowered = text.lower()
    for payload in ("<script", "onerror", "onmouseover", "javascript:"):
        assert payload not in lowered, payload
    rendered = markdown.markdown(text, extensions=["tables", "fenced_code"]).lower()
    assert "<script" not in rendered and "onerror" not in rendered
    assert "javascript:" not in rendered


# Markdown ------------------------------------------------------------------------------


def test_markdown_opens_with_the_title_block_and_a_table_of_contents_in_dutch():
    text = book_markdown(hand_made_book())

    assert text.startswith("# Samen op weg\n\n*Het reisverslag van drie jaar*\n")
    assert "**Programma:** Het nieuwe samenspel" in text
    assert "**Periode:** januari 2016 \u2013 december 2019" in text
    assert "**Concept**" in text
    assert "**Datum:** 3 maart 2026" in text
    assert "## Inhoud\n\n1. [Inleiding](#c1)\n2. [De reis &lt;script&gt;" in text
    assert '\n## <a id="c1"></a>Inleiding\n' in text
    assert '\n## <a id="c2"></a>De reis' in text


def test_markdown_of_a_publication_names_its_version():
    text = book_markdown(hand_made_book(edition=2))

    assert "**Versie 2**" in text
    assert "Concept" not in text


def test_markdown_maps_every_kind_of_block():
    text = book_markdown(hand_made_book())

    assert "### Het eerste jaar\n" in text
    assert "#### Voorjaar\n" in text
    assert "Een alinea.  \nTweede regel &lt;script&gt;" in text
    assert "- punt een\n- punt &lt;script&gt;" in text
    assert "**Geld per initiatief**\n\n| Initiatief | Bedrag |\n| --- | --- |\n" in text
    assert "| Dorpshuis \\| De Spil | \u20ac 1.000 |" in text
    assert "| Verwacht | Gebeurd |\n| --- | --- |\n| Dertig bewoners komen |" in text
    # A figure: its caption, what it shows, its data; not the drawing.
    assert "**De tijdlijn**\n\n*(figuur) Een balk per leercyclus*\n\n| Leercyclus | Begin |" in text
    assert "<svg" not in text
    # A voice: the words quoted, who and what kind, then the writers' commentary.
    assert "> We deden het samen.\n>\n> En toen &lt;script&gt;" in text
    assert "> *\u2014 Bewoner van Werkendam · Beleving*\n\n**Commentaar:** Hier begint" in text
    # Lessons one after another make one list, each with its nature and source.
    assert "- Ruimte geven werkt. *(Reflectie · Leersessie maart)*\n- Les &lt;script&gt;" in text


def test_markdown_of_written_text_comes_from_the_sanitised_html():
    text = book_markdown(hand_made_book())

    assert "Dit is de **inleiding** met een [link](https://example.nl/pad) en *nadruk*." in text
    assert "### Een kop" in text
    assert "- een\n    - twee\n- drie" in text
    # Each numbered list counts from one.
    assert "1. eerst\n2. dan" in text and "1. opnieuw\n2. verder" in text
    assert "> Een citaat uit de tekst." in text
    assert "| taart \\| koffie | 3 |" in text
    # What the sanitiser took out stays out; the words of a link without address stay.
    assert "klik" in text and "ook niet" in text and "**vet**" in text
    harmless_markdown(text)


@pytest.mark.parametrize(
    "source",
    [
        "Een **vette** en *schuine* zin met [een link](https://example.nl/a_(b)) en `code`.",
        "- een\n- twee\n    - twee a\n    - twee b\n- drie",
        "1. eerst\n2. dan\n    1. daarna\n3. laatst",
        "- een\n\n- twee met\n\n    een tweede alinea",
        "# Kop een\n\n## Kop twee\n\n### Kop drie",
        "> Een citaat\n> over twee regels\n>\n> - met een lijst",
        "| Wat | Hoeveel |\n|---|---|\n| taart \\| koffie | 3 |\n| *thee* | 4 |",
        "```\nregel een\n  ingesprongen <b>\n```",
        "Een regel  \nmet een harde breuk, 5 * 3 = 15 en a_b_c en [haken] en \\# en <br>.",
        "Code met `<b>` en met `` ` `` erin, en [mail](mailto:info@example.nl).",
        "\\# geen kop\n\n\\- geen lijst\n\n1\\. geen nummer",
    ],
)
def test_markdown_round_trips_written_text(source):
    """Written text made Markdown again reads as the same HTML."""
    written = markdown_html(source)
    again = sanitise(
        markdown.markdown(
            html_markdown(written), extensions=["sane_lists", "tables", "fenced_code"]
        )
    )

    def same(fragment: str) -> str:
        fragment = re.sub(r"\s*<br>\s*", "<br>", re.sub(r">\s+<", "><", fragment))
        return " ".join(fragment.split())

    assert same(again) == same(written)


@pytest.mark.parametrize(
    "typed",
    [
        "*niet schuin* en __niet vet__",
        "[geen link](https://example.nl)",
        "# geen kop",
        "- geen lijst\n+ ook geen\n1. geen nummer\n2) ook niet",
        "> geen citaat",
        "`geen code` en ```ook geen```",
        "<b>geen html</b> &amp; &lt;b&gt;",
        "===\n---\n~~~",
        "    vier spaties",
    ],
)
def test_markdown_shows_plain_text_as_typed(typed):
    book = hand_made_book()
    book.chapters = [
        BookChapter(
            key="c1",
            title="Tekst",
            kind=ChapterKind.WRITTEN,
            blocks=[Block(kind="paragraph", key="p", text=typed)],
        )
    ]
    text = book_markdown(book)
    body = text.split("</a>Tekst\n\n", 1)[1]
    rendered = markdown.markdown(body, extensions=["tables", "fenced_code"])

    for tag in ("<em", "<strong", "<a ", "<h", "<li", "<blockquote", "<code", "<pre", "<b>"):
        assert tag not in rendered, (tag, rendered)
    words = html.unescape(re.sub(r"<[^>]+>", "", rendered))
    assert " ".join(words.split()) == " ".join(typed.split())


def test_markdown_reports_its_progress_per_chapter():
    steps = []
    book_markdown(hand_made_book(), lambda percent, step: steps.append((percent, step)))

    assert steps == [(0, "Inleiding"), (50, f"De reis {SCRIPT}"), (100, "")]


def test_markdown_in_english_when_the_book_is():
    with translation.override("nl"):
        text = book_markdown(hand_made_book(language="en"))

    assert "## Contents" in text and "**Draft**" in text and "**Date:** 3 March 2026" in text


# DOCX ----------------------------------------------------------------------------------


def styles_of(document) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in document.paragraphs]


def test_docx_has_a_title_page_a_contents_field_and_a_heading_per_chapter():
    data = book_docx(hand_made_book())
    document = docx_document(data)
    paragraphs = styles_of(document)

    assert paragraphs[0] == ("Title", "Samen op weg")
    assert paragraphs[1] == ("Subtitle", "Het reisverslag van drie jaar")
    texts = [text for _, text in paragraphs]
    assert "Programma: Het nieuwe samenspel" in texts
    assert "Concept" in texts
    assert "Datum: 3 maart 2026" in texts
    assert ("TOC Heading", "Inhoud") in paragraphs
    assert [text for style, text in paragraphs if style == "Heading 1"] == [
        "Inleiding",
        f"De reis {SCRIPT}",
    ]
    body = document.element.body.xml
    assert 'TOC \\o "1-3" \\h \\z \\u' in body
    assert 'w:fldCharType="begin"' in body and 'w:fldCharType="end"' in body
    assert "<w:updateFields" in document.settings.element.xml
    # The book's title above each page, its number below; the title page bare.
    section = document.sections[0]
    assert section.header.paragraphs[0].text == "Samen op weg"
    assert 'w:instr=" PAGE "' in section.footer._element.xml
    assert section.different_first_page_header_footer
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    properties = document.core_properties
    assert properties.title == "Samen op weg"
    assert properties.language == "nl-NL"
    assert 'w:val="nl-NL"' in document.styles.element.xml


def test_docx_maps_every_kind_of_block():
    document = docx_document(book_docx(hand_made_book()))
    paragraphs = styles_of(document)

    assert ("Heading 2", "Het eerste jaar") in paragraphs
    assert ("Heading 3", "Voorjaar") in paragraphs
    assert ("Normal", f"Een alinea.\nTweede regel {SCRIPT}") in paragraphs
    assert ("List Bullet", "punt een") in paragraphs
    assert ("Caption", "Geld per initiatief") in paragraphs
    assert ("List Bullet", "Ruimte geven werkt. (Reflectie · Leersessie maart)") in paragraphs

    tables = [[[cell.text for cell in row.cells] for row in t.rows] for t in document.tables]
    assert [
        ["Initiatief", "Bedrag"],
        ["Dorpshuis | De Spil", "\u20ac 1.000"],
        [SCRIPT, "\u20ac 500"],
    ] in tables
    assert [["Verwacht", "Gebeurd"], ["Dertig bewoners komen", "Twintig bewoners kwamen"]] in tables
    assert [["Leercyclus", "Begin"], ["Buurtbus", "maart 2017"]] in tables
    grids = [t for t in document.tables if t.style is not None and t.style.name == "Table Grid"]
    assert all(
        run.bold for t in grids for cell in t.rows[0].cells for run in cell.paragraphs[0].runs
    )
    assert all("<w:tblHeader" in t.rows[0]._tr.xml for t in grids)

    # A voice: a table of two columns without lines, the words in italics on the left
    # with who said them, the commentary on the right.
    voice = next(t for t in document.tables if "We deden het samen." in t.rows[0].cells[0].text)
    words, commentary = voice.rows[0].cells
    assert [p.text for p in words.paragraphs] == [
        "We deden het samen.",
        f"En toen {SCRIPT}",
        "\u2014 Bewoner van Werkendam · Beleving",
    ]
    assert all(run.italic for run in words.paragraphs[0].runs)
    assert commentary.text == "Commentaar: Hier begint het samenspel."
    assert 'w:val="nil"' in voice._tbl.tblPr.xml


def test_docx_figure_is_a_picture_with_its_caption_and_data():
    document = docx_document(book_docx(hand_made_book()))

    assert len(document.inline_shapes) == 1
    picture = document.inline_shapes[0]
    assert picture._inline.docPr.get("descr") == "Een balk per leercyclus"
    assert 15 < picture.width.cm <= 16.01  # the width of the text, printed sharp
    image = document.part.related_parts[picture._inline.graphic.graphicData.pic.blipFill.blip.embed]
    assert image.content_type == "image/png"
    assert image.image.px_width >= 1800
    paragraphs = styles_of(document)
    assert ("Caption", "De tijdlijn") in paragraphs


def test_docx_figure_that_cannot_be_drawn_keeps_its_words():
    book = hand_made_book()
    book.chapters[1].blocks = [
        Block(
            kind="figure",
            key="f",
            html="<svg><this is not a drawing",
            text="De tijdlijn",
            meta={"description": "Een balk per leercyclus"},
            header=["Leercyclus"],
            rows=[["Buurtbus"]],
        )
    ]
    document = docx_document(book_docx(book))

    assert len(document.inline_shapes) == 0
    text = docx_text(book_docx(book))
    assert "De tijdlijn" in text and "(figuur) Een balk per leercyclus" in text
    assert "Buurtbus" in text


def test_docx_written_text_keeps_emphasis_links_and_lists():
    data = book_docx(hand_made_book())
    document = docx_document(data)
    intro = next(p for p in document.paragraphs if p.text.startswith("Dit is de inleiding"))

    assert intro.text == "Dit is de inleiding met een link en nadruk."
    assert [r.text for r in intro.runs if r.bold] == ["inleiding"]
    assert [r.text for r in intro.runs if r.italic] == ["nadruk"]
    assert [link.text for link in intro.hyperlinks] == ["link"]
    assert intro.hyperlinks[0].address == "https://example.nl/pad"
    assert docx_links(data) == ["https://example.nl/pad"]
    paragraphs = styles_of(document)
    assert ("Heading 2", "Een kop") in paragraphs
    assert [
        (s, t) for s, t in paragraphs if s.startswith("List Bullet") and t in "een twee drie"
    ] == [
        ("List Bullet", "een"),
        ("List Bullet 2", "twee"),
        ("List Bullet", "drie"),
    ]
    assert ("Quote", "Een citaat uit de tekst.") in paragraphs
    assert [["Wat", "Hoeveel"], ["taart | koffie", "3"]] in [
        [[cell.text for cell in row.cells] for row in t.rows] for t in document.tables
    ]
    # Each numbered list counts from one: its own numbering, started again.
    numbered = [p for p in document.paragraphs if p.style.name == "List Number"]
    assert [p.text for p in numbered] == ["eerst", "dan", "opnieuw", "verder"]
    numbers = [p._p.pPr.numPr.numId.val for p in numbered]
    assert numbers[0] == numbers[1] != numbers[2] == numbers[3]


def test_docx_is_harmless():
    data = book_docx(hand_made_book())
    text = docx_text(data)

    # A script typed as text is Word text, shown as typed; nothing runs.
    assert f"Tweede regel {SCRIPT}" in text
    assert "alert(1)" not in text.replace(SCRIPT, "")
    assert "onerror" not in text and "onmouseover" not in text
    assert "javascript" not in text.lower()
    assert "klik" in text and "ook niet" in text
    assert not any("javascript" in link.lower() for link in docx_links(data))
    assert docx_runs_anything(data) == []


def test_docx_takes_text_that_xml_cannot_hold():
    book = hand_made_book()
    book.chapters[1].blocks = [
        Block(kind="paragraph", key="p", text="Een\x00 vreemd\x0b teken\x1f")
    ]

    assert "Een vreemd teken" in docx_text(book_docx(book))


def test_docx_reports_its_progress_per_chapter():
    steps = []
    book_docx(hand_made_book(), lambda percent, step: steps.append((percent, step)))

    assert steps == [(0, "Inleiding"), (50, f"De reis {SCRIPT}"), (100, "")]


# A composed book -----------------------------------------------------------------------


@pytest.fixture
def composed(programme, facilitator):
    """A programme's travel report composed in Dutch: a lesson written in the
    introduction, beside a script; a consented quote (and one with a script in its
    words), an unconsented one; an initiative whose title holds a script."""
    InitiativeFactory(programme=programme, title=f"Buurtbus {SCRIPT}")
    journal = make_journal(programme, facilitator)
    Chapter.objects.filter(journal=journal, position=1).update(body=f"{LESSON}.\n\n{HOSTILE_BODY}")
    add_voices(journal, MembershipFactory(programme=programme, role=Role.INITIATOR).user)
    with translation.override("nl"):
        return compose_book(journal)


@pytest.mark.django_db
def test_composed_book_as_markdown(composed):
    text = book_markdown(composed)

    assert LESSON in text
    assert CONSENTED in text
    assert UNCONSENTED not in text
    assert "Wat ik zei: &lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "**Commentaar:** Het begin van het samenspel." in text
    assert "## Inhoud" in text
    for chapter in composed.chapters:
        assert f'## <a id="{chapter.key}"></a>' in text
    harmless_markdown(text)


@pytest.mark.django_db
def test_composed_book_as_docx(composed):
    data = book_docx(composed)
    text = docx_text(data)
    document = docx_document(data)

    assert LESSON in text
    assert CONSENTED in text
    assert UNCONSENTED not in text
    assert f"Wat ik zei: {SCRIPT}" in text
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [chapter.title for chapter in composed.chapters]
    assert not any("javascript" in link.lower() for link in docx_links(data))
    assert docx_runs_anything(data) == []
