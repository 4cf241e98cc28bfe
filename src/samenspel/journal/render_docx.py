"""The book as a Word document (DOCX, python-docx), for further editing in Word or
LibreOffice: a title page, a table-of-contents field that Word fills in when the file is
opened, each chapter a "Heading 1" (so the contents and the navigation pane work),
written text with its emphasis, links and lists, tables with a header row, charts as
pictures with their data beside them, and voices in the two columns of a learning
history (the words left, the writers' commentary right).

Every word is written here as Word text from the book's fields; a written chapter is
read from its sanitised HTML (html_tree), and a link becomes a hyperlink only to a web
or mail address. So no script and no `javascript:` address can reach the file.
"""

import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time
from html.entities import html5
from io import BytesIO
from typing import Any

import docx
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

from samenspel.journal.book import Block, Book, BookChapter, Progress, no_progress
from samenspel.journal.html_tree import Node, link_target, parse
from samenspel.journal.render_md import title_facts

TEXT_WIDTH = Cm(16)  # A4 less two margins of 2.5 cm
PRINT_DPI = 300
# A chart's natural width in SVG units prints at this many centimetres per unit (the
# compass's 760 units fill the 17 cm of a page's text).
CM_PER_SVG_UNIT = 17 / 760
LANGUAGES = {"nl": "nl-NL", "en": "en-GB"}
CODE_FONT = "Courier New"
LINK_COLOUR = RGBColor(0x05, 0x63, 0xC1)

# Characters XML 1.0 cannot hold (python-docx refuses them).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SPACES = re.compile(r"\s+")


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


# The package: page, styles, settings, properties ----------------------------------------


def _set_language(document: Document, language: str) -> None:
    defaults = document.styles.element.find(qn("w:docDefaults"))
    lang = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    if lang is not None:
        lang.set(qn("w:val"), language)
    theme = document.settings.element.find(qn("w:themeFontLang"))
    if theme is not None:
        theme.set(qn("w:val"), language)


# The elements that follow w:updateFields in a settings part (ECMA-376, CT_Settings).
_AFTER_UPDATE_FIELDS = [
    "w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars",
    "w:rsids", "m:mathPr", "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures", "w:forceUpgrade",
    "w:captions", "w:readModeInkLockDown", "w:smartTagType", "sl:schemaLibrary",
    "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator",
]  # fmt: skip


def _ask_to_update_fields(document: Document) -> None:
    """Word offers to update the fields (the table of contents) when the file opens."""
    settings = document.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    for tag in _AFTER_UPDATE_FIELDS:
        follower = settings.find(qn(tag))
        if follower is not None:
            follower.addprevious(update)
            return
    settings.append(update)


def _styles(document: Document) -> None:
    styles = document.styles
    if "Hyperlink" not in styles:
        link = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
        link.font.color.rgb = LINK_COLOUR
        link.font.underline = True
    for name in ("Caption", "TOC Heading"):  # hidden in the template's gallery
        styles[name].hidden = False
        styles[name].unhide_when_used = False


def _page(document: Document, book: Book) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2.5)
    section.different_first_page_header_footer = True  # the title page goes bare
    section.first_page_header.is_linked_to_previous = False
    section.first_page_footer.is_linked_to_previous = False
    header = section.header.paragraphs[0]
    header.text = _clean(book.title)
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(footer, "PAGE", "1")


def _properties(document: Document, book: Book, language: str) -> None:
    # The template's thumbnail shows another document: without one, Word draws its own.
    package_rels = document.part.package.rels
    for key, relation in list(package_rels.items()):
        if relation.reltype == RT.THUMBNAIL:
            package_rels.pop(key)
    properties = document.core_properties
    properties.title = _clean(book.title)[:255]
    properties.subject = _clean(book.subtitle)[:255]
    properties.author = properties.last_modified_by = _clean(book.programme)[:255]
    properties.language = language
    properties.keywords = ""
    properties.comments = ""
    properties.revision = book.edition or 1
    try:
        day = datetime.combine(date.fromisoformat(book.date), time(12), tzinfo=UTC)
    except ValueError:
        day = timezone.now()
    properties.created = properties.modified = day


# Fields ----------------------------------------------------------------------------------


def _field(paragraph: Paragraph, instruction: str, shown: str) -> None:
    """A simple field (PAGE, …) whose result Word keeps up to date."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {instruction} ")
    run = paragraph.add_run(shown)
    field.append(run._r)
    paragraph._p.append(field)


def _field_char(paragraph: Paragraph, kind: str) -> None:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    if kind == "begin":
        char.set(qn("w:dirty"), "true")  # Word recalculates it on opening
    paragraph.add_run()._r.append(char)


def _contents(document: Document, chapters: list[BookChapter]) -> None:
    """The table of contents: a TOC field over headings 1 to 3, its result filled in with
    the chapter titles until Word (or LibreOffice: Tools, Update) makes page numbers."""
    document.add_paragraph(_clean(_("Contents")), style="TOC Heading")
    first = document.add_paragraph()
    _field_char(first, "begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = ' TOC \\o "1-3" \\h \\z \\u '
    first.add_run()._r.append(instruction)
    _field_char(first, "separate")
    titles = [_clean(chapter.title) for chapter in chapters] or [
        _clean(_("Right-click here and choose Update field to make the table of contents."))
    ]
    first.add_run(titles[0])
    last = first
    for title in titles[1:]:
        last = document.add_paragraph(title)
    _field_char(last, "end")


# Text ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Look:
    bold: bool = False
    italic: bool = False
    code: bool = False
    superscript: bool = False
    subscript: bool = False


def _run(paragraph: Paragraph, text: str, look: _Look, link: BaseOxmlElement | None) -> Any:
    run = paragraph.add_run(_clean(text))
    if look.bold:
        run.bold = True
    if look.italic:
        run.italic = True
    if look.code:
        run.font.name = CODE_FONT
    if look.superscript:
        run.font.superscript = True
    if look.subscript:
        run.font.subscript = True
    if link is not None:
        run.style = "Hyperlink"
        link.append(run._r)
    return run


def _hyperlink(paragraph: Paragraph, address: str) -> BaseOxmlElement:
    relation = paragraph.part.relate_to(address, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), relation)
    paragraph._p.append(link)
    return link


def _runs(
    paragraph: Paragraph,
    nodes: list[Node],
    look: _Look = _Look(),
    link: BaseOxmlElement | None = None,
) -> None:
    for node in nodes:
        if node.is_text:
            if look.code:
                _run(paragraph, node.text, look, link)
            else:
                _run(paragraph, _SPACES.sub(" ", node.text), look, link)
        elif node.tag == "br":
            _run(paragraph, "", look, link).add_break()
        elif node.tag in ("strong", "b"):
            _runs(paragraph, node.children, replace(look, bold=True), link)
        elif node.tag in ("em", "i"):
            _runs(paragraph, node.children, replace(look, italic=True), link)
        elif node.tag == "code":
            _runs(paragraph, node.children, replace(look, code=True), link)
        elif node.tag == "sup":
            _runs(paragraph, node.children, replace(look, superscript=True), link)
        elif node.tag == "sub":
            _runs(paragraph, node.children, replace(look, subscript=True), link)
        elif node.tag == "a":
            address = link_target(node.attrs.get("href"))
            if address is not None and link is None:
                inner = _hyperlink(paragraph, address)
                _runs(paragraph, node.children or [Node("", text=address)], look, inner)
            else:
                _runs(paragraph, node.children, look, link)
        elif node.tag != "hr":
            _runs(paragraph, node.children, look, link)


def _trim(paragraph: Paragraph) -> Paragraph:
    """The paragraph without the spaces HTML does not show at its start and end."""
    texts = list(paragraph._p.iter(qn("w:t")))
    if texts:
        texts[0].text = (texts[0].text or "").lstrip()
        texts[-1].text = (texts[-1].text or "").rstrip()
    return paragraph


def _plain(paragraph: Paragraph, text: str, look: _Look = _Look()) -> Paragraph:
    """Plain text into a paragraph, its line breaks kept."""
    _run(paragraph, text.strip(), look, None)
    return paragraph


def _paragraphs(text: str) -> list[str]:
    pieces = re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n").strip())
    return [piece.strip() for piece in pieces if piece.strip()]


def _no_borders(table: Table) -> None:
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "nil")
        borders.append(line)
    properties.insert_element_before(
        borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption"
    )


def _repeat_header(row: Any) -> None:
    """The row is the table's header: repeated on each page, read as such."""
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(header)


def _pieces(nodes: list[Node]) -> list[list[Node] | Node]:
    """A list item's content as its paragraphs (lists of inline nodes) and its blocks."""
    pieces: list[list[Node] | Node] = []
    loose: list[Node] = []
    for node in [*nodes, Node("p")]:  # the empty paragraph at the end closes the last
        if node.is_block:
            if any(not n.is_text or n.text.strip() for n in loose):
                pieces.append(loose)
            loose = []
            if node.tag == "p":
                if node.children:
                    pieces.append(node.children)
            else:
                pieces.append(node)
        else:
            loose.append(node)
    return pieces


class _Writer:
    def __init__(self, document: Document) -> None:
        self.document = document

    # Tables --------------------------------------------------------------------------

    def table(self, header: list[str], rows: list[list[str]], caption: str = "") -> Table | None:
        width = max([len(header), *(len(row) for row in rows)], default=0)
        if not width:
            return None
        if caption:
            self.document.add_paragraph(_clean(caption), style="Caption")
        table = self.document.add_table(rows=0, cols=width)
        table.style = "Table Grid"
        if header:
            row = table.add_row()
            _repeat_header(row)
            for cell, text in zip(row.cells, header, strict=False):
                _plain(cell.paragraphs[0], text, _Look(bold=True))
        for values in rows:
            row = table.add_row()
            for cell, text in zip(row.cells, values, strict=False):
                _plain(cell.paragraphs[0], text)
        self.document.add_paragraph()  # a table followed by a table would merge with it
        return table

    def html_table(self, node: Node) -> None:
        rows: list[list[Node]] = []

        def collect(parent: Node) -> None:
            for child in parent.children:
                if child.tag == "tr":
                    rows.append([cell for cell in child.children if cell.tag in ("th", "td")])
                elif child.tag in ("thead", "tbody", "tfoot"):
                    collect(child)

        collect(node)
        width = max((len(row) for row in rows), default=0)
        if not width:
            return
        table = self.document.add_table(rows=0, cols=width)
        table.style = "Table Grid"
        for cells in rows:
            row = table.add_row()
            header = bool(cells) and all(cell.tag == "th" for cell in cells)
            if header:
                _repeat_header(row)
            for cell, node_ in zip(row.cells, cells, strict=False):
                _runs(cell.paragraphs[0], node_.children, _Look(bold=node_.tag == "th"))
                _trim(cell.paragraphs[0])
        self.document.add_paragraph()

    # Written text (sanitised HTML) -----------------------------------------------------

    def html(self, html: str) -> None:
        self.nodes(parse(html).children, quote=False)

    def nodes(self, nodes: list[Node], *, quote: bool) -> None:
        loose: list[Node] = []

        def flush() -> None:
            if any(not n.is_text or n.text.strip() for n in loose):
                self.paragraph(loose, quote=quote)
            loose.clear()

        for node in nodes:
            if node.is_block:
                flush()
                self.block(node, quote=quote)
            else:
                loose.append(node)
        flush()

    def paragraph(self, nodes: list[Node], *, quote: bool, style: str | None = None) -> Paragraph:
        paragraph = self.document.add_paragraph(style=style or ("Quote" if quote else None))
        _runs(paragraph, nodes)
        return _trim(paragraph)

    def block(self, node: Node, *, quote: bool) -> None:
        if node.tag == "p":
            self.paragraph(node.children, quote=quote)
        elif node.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            level = min(max(int(node.tag[1]) - 1, 2), 4)  # h3 (the chapter's own) → 2
            self.paragraph(node.children, quote=False, style=f"Heading {level}")
        elif node.tag in ("ul", "ol"):
            self.list(node, level=1)
        elif node.tag == "blockquote":
            self.nodes(node.children, quote=True)
        elif node.tag == "pre":
            paragraph = self.document.add_paragraph()
            run = _run(paragraph, node.plain().rstrip("\n"), _Look(code=True), None)
            run.font.size = Pt(9.5)
        elif node.tag == "hr":
            self.rule()
        elif node.tag == "table":
            self.html_table(node)
        else:
            self.nodes(node.children, quote=quote)

    def rule(self) -> None:
        paragraph = self.document.add_paragraph()
        borders = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for name, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "auto")):
            bottom.set(qn(f"w:{name}"), value)
        borders.append(bottom)
        paragraph._p.get_or_add_pPr().append(borders)  # a new paragraph's only property

    def _restart(self, style: str) -> int:
        """A new numbering for a numbered list, so each list counts from 1 (all the
        paragraphs of a List Number style would otherwise count on)."""
        numbering = self.document.part.numbering_part.element
        style_num = self.document.styles[style].element.pPr.numPr.numId.val
        abstract = numbering.num_having_numId(style_num).abstractNumId.val
        num = numbering.add_num(abstract)
        num.add_lvlOverride(ilvl=0).add_startOverride(1)
        return int(num.numId)

    def list(self, node: Node, *, level: int) -> None:
        """A list, each item's first paragraph with its bullet or number, a further
        paragraph continuing under it, a nested list one level deeper."""
        depth = "" if level == 1 else f" {min(level, 3)}"
        style = ("List Number" if node.tag == "ol" else "List Bullet") + depth
        number = self._restart(style) if node.tag == "ol" else None
        for item in (child for child in node.children if child.tag == "li"):
            pieces = _pieces(item.children)
            if not pieces or isinstance(pieces[0], Node):
                pieces.insert(0, [])  # the bullet or number on a line of its own
            for index, piece in enumerate(pieces):
                if isinstance(piece, Node):
                    if piece.tag in ("ul", "ol"):
                        self.list(piece, level=level + 1)
                    else:
                        self.block(piece, quote=False)
                elif index == 0:
                    paragraph = self.paragraph(piece, quote=False, style=style)
                    if number is not None:
                        numbering = paragraph._p.get_or_add_pPr().get_or_add_numPr()
                        numbering.get_or_add_ilvl().val = 0
                        numbering.get_or_add_numId().val = number
                else:
                    self.paragraph(piece, quote=False, style=f"List Continue{depth}")

    # The book's blocks -----------------------------------------------------------------

    def figure(self, block: Block) -> None:
        description = block.meta.get("description", "")
        picture = _png(block.html)
        if picture is not None:
            png, width = picture
            paragraph = self.document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.keep_with_next = True
            shape = paragraph.add_run().add_picture(BytesIO(png), width=width)
            shape._inline.docPr.set("descr", _clean(description or block.text))
            shape._inline.docPr.set("name", _clean(block.text or _("(figure)"))[:200])
        if block.text:
            self.document.add_paragraph(_clean(block.text), style="Caption")
        if description and picture is None:
            _plain(
                self.document.add_paragraph(),
                f"{_('(figure)')} {description}",
                _Look(italic=True),
            )
        self.table(block.header, block.rows)

    def voice(self, block: Block) -> None:
        """The two columns of a learning history, without lines: the words left (in
        italics, with who said it and what kind of statement it is), the commentary right."""
        table = self.document.add_table(rows=1, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        _no_borders(table)
        words, commentary = table.rows[0].cells
        for column, cell, width in zip(table.columns, (words, commentary), (9.5, 6.5), strict=True):
            column.width = cell.width = Cm(width)
        pieces = _paragraphs(block.text) or [""]
        _plain(words.paragraphs[0], pieces[0], _Look(italic=True))
        for piece in pieces[1:]:
            _plain(words.add_paragraph(), piece, _Look(italic=True))
        about = " · ".join(
            part for part in (block.meta.get("attribution"), block.meta.get("nature")) if part
        )
        if about:
            _run(words.add_paragraph(), f"\u2014 {about}", _Look(), None).font.size = Pt(9)
        notes = _paragraphs(block.meta.get("commentary", ""))
        if notes:
            first = commentary.paragraphs[0]
            _run(first, _("Commentary:") + " ", _Look(bold=True), None)
            _plain(first, notes[0])
            for note in notes[1:]:
                _plain(commentary.add_paragraph(), note)
        self.document.add_paragraph()

    def lesson(self, block: Block) -> None:
        paragraph = _plain(self.document.add_paragraph(style="List Bullet"), block.text)
        about = " · ".join(
            part for part in (block.meta.get("nature"), block.meta.get("source")) if part
        )
        if about:
            _run(paragraph, f" ({about})", _Look(italic=True), None)

    def book_block(self, block: Block) -> None:
        if block.kind == "heading":
            style = "Heading 3" if block.meta.get("level") == "4" else "Heading 2"
            _plain(self.document.add_paragraph(style=style), block.text)
        elif block.kind == "paragraph":
            for piece in _paragraphs(block.text):
                _plain(self.document.add_paragraph(), piece)
        elif block.kind == "markdown":
            self.html(block.html)
        elif block.kind == "list":
            for item in block.items:
                _plain(self.document.add_paragraph(style="List Bullet"), item)
        elif block.kind in ("table", "compare"):
            self.table(block.header, block.rows, caption=block.text)
        elif block.kind == "figure":
            self.figure(block)
        elif block.kind == "voice":
            self.voice(block)
        elif block.kind == "lesson":
            self.lesson(block)
        else:
            for piece in _paragraphs(block.text):
                _plain(self.document.add_paragraph(), piece)


# Pictures --------------------------------------------------------------------------------

_SVG_TAG = re.compile(r"<svg\b[^>]*>", re.IGNORECASE)
_NUMBER = r"\s*=\s*[\"']\s*([0-9.]+)"


def _svg_width(svg: str) -> float | None:
    """The drawing's own width in SVG units, from its width or its viewBox."""
    tag = _SVG_TAG.search(svg)
    if tag is None:
        return None
    width = re.search(r"\swidth" + _NUMBER + r"\s*(?:px)?\s*[\"']", tag[0])
    if width:
        return float(width[1])
    box = re.search(r"viewBox\s*=\s*[\"']\s*[-0-9.]+[\s,]+[-0-9.]+[\s,]+([0-9.]+)", tag[0])
    return float(box[1]) if box else None


_XML_ENTITIES = {"amp", "lt", "gt", "quot", "apos"}


def _as_xml(html: str) -> str:
    """The figure's SVG as an XML document: only the drawing, an HTML entity (`&nbsp;`)
    written as the character's number."""
    start, end = html.find("<svg"), html.rfind("</svg>")
    svg = html[start : end + len("</svg>")] if 0 <= start < end else html

    def number(match: re.Match[str]) -> str:
        name = match[1]
        if name in _XML_ENTITIES or f"{name};" not in html5:
            return match[0]
        return "".join(f"&#{ord(char)};" for char in html5[f"{name};"])

    return re.sub(r"&(\w+);", number, svg)


def _png(svg: str) -> tuple[bytes, int] | None:
    """The SVG drawn as a PNG at print resolution, and the width to print it at; None
    when there is no drawing or it cannot be drawn (the data table still follows)."""
    if "<svg" not in svg:
        return None
    svg = _as_xml(svg)
    import cairosvg  # type: ignore[import-untyped]  # loads libcairo: only for a picture

    units = _svg_width(svg) or 760
    width = min(int(Cm(units * CM_PER_SVG_UNIT)), int(TEXT_WIDTH))
    pixels = max(1, round(width / 914400 * PRINT_DPI))  # EMU per inch
    try:
        png: bytes = cairosvg.svg2png(bytestring=svg.encode(), output_width=pixels)
    except Exception:  # a drawing cairosvg cannot read: the caption and the data remain
        return None
    return png, width


# The book --------------------------------------------------------------------------------


def _title_page(document: Document, book: Book) -> None:
    title = document.add_paragraph(_clean(book.title or _("Travel report")), style="Title")
    title.paragraph_format.space_before = Cm(6)
    if book.subtitle:
        document.add_paragraph(_clean(book.subtitle), style="Subtitle")
    paragraph = title
    for label, words in title_facts(book):
        paragraph = document.add_paragraph()
        if label:
            _run(paragraph, f"{label}: ", _Look(bold=True), None)
        _run(paragraph, words, _Look(bold=not label), None)
    paragraph.add_run().add_break(WD_BREAK.PAGE)


def book_docx(book: Book, progress: Progress = no_progress) -> bytes:
    with translation.override(book.language):
        language = LANGUAGES.get(book.language, book.language)
        document = docx.Document()
        _styles(document)
        _set_language(document, language)
        _ask_to_update_fields(document)
        _page(document, book)
        _properties(document, book, language)
        _title_page(document, book)
        _contents(document, book.chapters)
        writer = _Writer(document)
        for index, chapter in enumerate(book.chapters):
            progress(int(100 * index / len(book.chapters)), chapter.title)
            heading = document.add_paragraph(_clean(chapter.title), style="Heading 1")
            heading.paragraph_format.page_break_before = True
            for block in chapter.blocks:
                writer.book_block(block)
        progress(100, "")
        out = BytesIO()
        document.save(out)
    return out.getvalue()
