"""The book as Markdown: one clean document (title block, table of contents, a `##`
section per chapter) that reads well as plain text and renders on any Markdown site.

Everything in it is written here from the book's fields. Plain text is escaped, so a
`<script>` typed into a quote shows as those characters and never becomes HTML; a written
chapter is not copied from its Markdown source but converted back from its sanitised
HTML (html_tree), so nothing the sanitiser removed comes back. The only HTML this file
writes itself is an anchor in each chapter's heading (for the table of contents), a line
break inside a table cell, super- and subscript, and code that holds a `<` or `&`
(escaped, so it shows as typed).

The output is read by CommonMark/GitHub and by Python-Markdown alike: nested lists are
indented four spaces, and only characters both escape are escaped.
"""

import html as html_lib
import re
from datetime import date

from django.utils import translation
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from samenspel.journal.book import Block, Book, Progress, no_progress
from samenspel.journal.html_tree import Node, link_target, parse

# Plain text ----------------------------------------------------------------------------

_SPECIAL = re.compile(r"([\\`*_\[\]])")
_ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")
_HARD_BREAK = "\x00"  # a line break inside a paragraph, until the paragraph is laid out
_INDENT = "    "


def escape(text: str) -> str:
    """Plain text as Markdown that shows it as typed: no emphasis, link, code or HTML."""
    text = _ENTITY_LIKE.sub("&amp;", text)
    text = text.replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", text)


def _line_start(line: str) -> str:
    """A line that cannot start a heading, list, quote, rule or code fence."""
    line = line.strip()
    if not line:
        return line
    if line[0] in "#-+":
        return "\\" + line
    if line[0] == "=":
        return "&#61;" + line[1:]
    if line[0] == "~":
        return "&#126;" + line[1:]
    numbered = re.match(r"(\d+)([.)])", line)
    if numbered:
        return f"{numbered[1]}\\{numbered[2]}{line[numbered.end() :]}"
    return line


def _lay_out(inline: str) -> str:
    """Inline Markdown as the lines of one paragraph: soft breaks kept, hard breaks
    marked with two spaces, no line read as the start of another block."""
    lines = inline.replace(_HARD_BREAK, _HARD_BREAK + "\n").split("\n")
    out = []
    for line in lines:
        hard = line.endswith(_HARD_BREAK)
        line = _line_start(line.replace(_HARD_BREAK, ""))
        if line:
            out.append(line + ("  " if hard else ""))
    if out:
        out[-1] = out[-1].rstrip()
    return "\n".join(out)


def plain_paragraphs(text: str) -> list[str]:
    """Plain text (a blank line between paragraphs) as Markdown paragraphs."""
    paragraphs = re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n").strip())
    out = []
    for paragraph in paragraphs:
        laid = _lay_out(escape(paragraph).replace("\n", _HARD_BREAK))
        if laid:
            out.append(laid)
    return out


def plain(text: str) -> str:
    return "\n\n".join(plain_paragraphs(text))


def _one_line(text: str) -> str:
    """Plain text as the Markdown of a heading or a table cell: on one line."""
    return escape(" ".join(text.split()))


def _heading(level: int, text: str) -> str:
    words = text
    if words.endswith("#"):  # a closing sequence would be taken off
        words = words[:-1] + "\\#"
    return f"{'#' * level} {words}"


def _cell(markdown: str) -> str:
    return markdown.replace("|", "\\|").replace("\n", "<br>").strip()


def pipe_table(header: list[str], rows: list[list[str]]) -> str:
    """A pipe table of cells that are Markdown already (on one line)."""
    width = max([len(header), *(len(row) for row in rows), 1])

    def line(cells: list[str]) -> str:
        cells = [_cell(cell) for cell in cells] + [""] * (width - len(cells))
        return "| " + " | ".join(cells) + " |"

    return "\n".join([line(header), "| " + " | ".join(["---"] * width) + " |", *map(line, rows)])


def _plain_table(header: list[str], rows: list[list[str]]) -> str:
    def cell(text: str) -> str:
        return "<br>".join(_one_line(part) for part in text.splitlines() if part.strip())

    return pipe_table([cell(c) for c in header], [[cell(c) for c in row] for row in rows])


# Sanitised HTML back to Markdown ---------------------------------------------------------

_SPACES = re.compile(r"[^\S\n]+")
_NEWLINES = re.compile(r" *\n[\s]*")


def _code_span(code: str) -> str:
    if "<" in code or "&" in code:
        return f"<code>{html_lib.escape(code, quote=False)}</code>"
    fence = "`" * (max((len(run) for run in re.findall(r"`+", code)), default=0) + 1)
    pad = " " if code.startswith("`") or code.endswith("`") else ""
    return f"{fence}{pad}{code}{pad}{fence}"


def _destination(address: str) -> str:
    """A link's address as Markdown: bare, or in angle brackets when it holds
    parentheses or spaces (both CommonMark and Python-Markdown read those)."""
    address = "".join(f"%{ord(c):02X}" if c in "<>\\\n\r" else c for c in address)
    return f"<{address}>" if re.search(r"[\s()]", address) else address


def _wrap(mark: str, inner: str) -> str:
    """Emphasis around `inner`, its outer spaces kept outside the marks."""
    core = inner.strip()
    if not core:
        return inner
    lead = inner[: len(inner) - len(inner.lstrip())]
    trail = inner[len(inner.rstrip()) :]
    return f"{lead}{mark}{core}{mark}{trail}"


def _inline(nodes: list[Node]) -> str:
    parts = []
    for node in nodes:
        if node.is_text:
            text = _NEWLINES.sub("\n", _SPACES.sub(" ", node.text))
            parts.append(escape(text))
        elif node.tag == "br":
            parts.append(_HARD_BREAK)
        elif node.tag in ("strong", "b"):
            parts.append(_wrap("**", _inline(node.children)))
        elif node.tag in ("em", "i"):
            parts.append(_wrap("*", _inline(node.children)))
        elif node.tag == "code":
            parts.append(_code_span(node.plain()))
        elif node.tag in ("sup", "sub"):
            parts.append(f"<{node.tag}>{_inline(node.children)}</{node.tag}>")
        elif node.tag == "a":
            words = _inline(node.children)
            target = link_target(node.attrs.get("href"))
            if target is None:
                parts.append(words)
            else:
                parts.append(f"[{words or escape(target)}]({_destination(target)})")
        elif node.tag == "hr":
            continue
        else:
            parts.append(_inline(node.children))
    return "".join(parts)


def _paragraph(nodes: list[Node]) -> str:
    return _lay_out(_inline(nodes).strip())


def _list(node: Node) -> str:
    items = [child for child in node.children if child.tag == "li"]
    loose = any(child.tag == "p" for item in items for child in item.children)
    joint = "\n\n" if loose else "\n"
    out = []
    for number, item in enumerate(items, start=1):
        marker = f"{number}." if node.tag == "ol" else "-"
        lines = joint.join(html_blocks(item.children)).split("\n")
        rest = [_INDENT + line if line else "" for line in lines[1:]]
        out.append("\n".join([f"{marker} {lines[0]}".rstrip(), *rest]))
    return joint.join(out)


def _table(node: Node) -> str:
    rows: list[list[str]] = []

    def collect(parent: Node) -> None:
        for child in parent.children:
            if child.tag == "tr":
                rows.append(
                    [
                        _paragraph(cell.children).replace("\n", " ")
                        for cell in child.children
                        if cell.tag in ("th", "td")
                    ]
                )
            elif child.tag in ("thead", "tbody", "tfoot"):
                collect(child)

    collect(node)
    if not rows:
        return ""
    return pipe_table(rows[0], rows[1:])


def _block(node: Node) -> str:
    if node.tag == "p" or node.tag == "div":
        return _paragraph(node.children)
    if node.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
        level = max(int(node.tag[1]), 3)
        return _heading(level, " ".join(_paragraph(node.children).split()))
    if node.tag in ("ul", "ol"):
        return _list(node)
    if node.tag == "blockquote":
        inner = "\n\n".join(html_blocks(node.children))
        return "\n".join(f"> {line}" if line else ">" for line in inner.split("\n"))
    if node.tag == "pre":
        code = node.plain().rstrip("\n")
        if "<" in code or "&" in code:
            return f"<pre><code>{html_lib.escape(code, quote=False)}\n</code></pre>"
        fence = "`" * max(3, max((len(r) for r in re.findall(r"`+", code)), default=0) + 1)
        return f"{fence}\n{code}\n{fence}"
    if node.tag == "hr":
        return "---"
    if node.tag == "table":
        return _table(node)
    return "\n\n".join(html_blocks(node.children))


def html_blocks(nodes: list[Node]) -> list[str]:
    """Sanitised HTML nodes as Markdown blocks (loose inline content as a paragraph)."""
    blocks: list[str] = []
    loose: list[Node] = []

    def flush() -> None:
        if loose:
            paragraph = _paragraph(loose)
            if paragraph:
                blocks.append(paragraph)
            loose.clear()

    for node in nodes:
        if node.is_block:
            flush()
            block = _block(node)
            if block.strip():
                blocks.append(block)
        else:
            loose.append(node)
    flush()
    return blocks


def html_markdown(html: str) -> str:
    """Sanitised HTML (journal.text) as Markdown."""
    return "\n\n".join(html_blocks(parse(html).children))


# The book ------------------------------------------------------------------------------


def _anchor(key: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "-", key)


def _voice(block: Block) -> list[str]:
    words = plain_paragraphs(block.text)
    footer = " · ".join(
        _one_line(part)
        for part in (block.meta.get("attribution"), block.meta.get("nature"))
        if part
    )
    if footer:
        words.append(f"*\u2014 {footer}*")
    quote = "\n>\n".join("\n".join(f"> {line}" for line in p.split("\n")) for p in words)
    out = [quote]
    commentary = plain_paragraphs(block.meta.get("commentary", ""))
    if commentary:
        commentary[0] = f"**{escape(_('Commentary:'))}** {commentary[0]}"
        out += commentary
    return out


def _lesson(block: Block) -> str:
    text = "  \n".join(plain_paragraphs(block.text)).replace("\n", "\n" + _INDENT)
    about = " · ".join(
        _one_line(part) for part in (block.meta.get("nature"), block.meta.get("source")) if part
    )
    return f"- {text} *({about})*" if about else f"- {text}"


def _table_block(block: Block) -> list[str]:
    out = []
    if block.text:
        out.append(f"**{_one_line(block.text)}**")
    if block.header or block.rows:
        out.append(_plain_table(block.header, block.rows))
    return out


def block_markdown(block: Block) -> list[str]:
    """One block of the book as Markdown blocks (lessons apart: see `_chapter`)."""
    if block.kind == "heading":
        level = 4 if block.meta.get("level") == "4" else 3
        return [_heading(level, _one_line(block.text))]
    if block.kind == "paragraph":
        return plain_paragraphs(block.text)
    if block.kind == "markdown":
        return html_blocks(parse(block.html).children)
    if block.kind == "list":
        return ["\n".join(f"- {_one_line(item)}" for item in block.items)] if block.items else []
    if block.kind in ("table", "compare"):
        return _table_block(block)
    if block.kind == "figure":
        out = [f"**{_one_line(block.text)}**"] if block.text else []
        description = block.meta.get("description", "")
        out.append(f"*{escape(_('(figure)'))} {_one_line(description)}*".rstrip())
        if block.header or block.rows:
            out.append(_plain_table(block.header, block.rows))
        return out
    if block.kind == "voice":
        return _voice(block)
    if block.kind == "lesson":
        return [_lesson(block)]
    return plain_paragraphs(block.text)


def _chapter_blocks(blocks: list[Block]) -> list[str]:
    out: list[str] = []
    lessons: list[str] = []
    for block in blocks:
        if block.kind == "lesson":
            lessons.append(_lesson(block))
            continue
        if lessons:  # lessons one after another make one list
            out.append("\n".join(lessons))
            lessons = []
        out += block_markdown(block)
    if lessons:
        out.append("\n".join(lessons))
    return out


def title_facts(book: Book) -> list[tuple[str, str]]:
    """What the title page says under the title, as (label, words); a label may be
    empty. Markdown and DOCX both write these."""
    facts = []
    if book.programme:
        facts.append((_("Programme"), book.programme))
    if book.period:
        facts.append((_("Period"), book.period))
    if book.edition is None:
        facts.append(("", _("Draft")))
    else:
        facts.append(("", capfirst(_("version %(number)s") % {"number": book.edition})))
    if book.date:
        facts.append((_("Date"), dutch_date(book.date)))
    return facts


def _title_block(book: Book) -> list[str]:
    out = [_heading(1, _one_line(book.title) or _one_line(_("Travel report")))]
    if book.subtitle:
        out.append(f"*{_one_line(book.subtitle)}*")
    facts = [
        f"**{escape(label)}:** {_one_line(words)}" if label else f"**{_one_line(words)}**"
        for label, words in title_facts(book)
    ]
    out.append("  \n".join(facts))
    return out


def dutch_date(iso: str) -> str:
    """The book's date written out in the active language ("3 maart 2026")."""
    try:
        return date_format(date.fromisoformat(iso), "j F Y")
    except ValueError:
        return iso


def book_markdown(book: Book, progress: Progress = no_progress) -> str:
    with translation.override(book.language):
        out = _title_block(book)
        if book.chapters:
            out.append(_heading(2, escape(_("Contents"))))
            out.append(
                "\n".join(
                    f"{number}. [{_one_line(chapter.title)}](#{_anchor(chapter.key)})"
                    for number, chapter in enumerate(book.chapters, start=1)
                )
            )
        for index, chapter in enumerate(book.chapters):
            progress(int(100 * index / len(book.chapters)), chapter.title)
            anchor = f'<a id="{_anchor(chapter.key)}"></a>'
            out.append(_heading(2, anchor + _one_line(chapter.title)))
            out += _chapter_blocks(chapter.blocks)
        progress(100, "")
    return "\n\n".join(block for block in out if block) + "\n"
