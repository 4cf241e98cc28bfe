"""One block of a book as HTML (journal/book.py says which fields each kind uses), in
Python rather than in a template: a book of the large generated programme has some
13,000 blocks, and the template engine took seconds where this takes a tenth of one
(bench/journal.py). templates/journal/book/block.html draws one block through it (the
`book_block` tag), so every page that shows a block shows it the same way.

Every text is escaped here; only `html` is written as it is: a written chapter's
Markdown sanitised by nh3 (journal/text.py), or a picture drawn and escaped by
journal.charts, journal.timeline or compass.charts.
"""

from collections.abc import Callable, Iterable
from html import escape
from typing import Any

from django.utils.translation import get_language, gettext_lazy

from samenspel.common.words import Words
from samenspel.journal.book import Block

WORDS = Words(
    {
        "quote": gettext_lazy("Quote"),
        "story": gettext_lazy("Story"),
        "commentary": gettext_lazy("The writers' commentary"),
        "figures": gettext_lazy("The figures of: %(title)s"),
        "empty": gettext_lazy("This chapter is still empty."),
    }
)


def _text(value: str) -> str:
    """Plain text, escaped, its line breaks kept."""
    return escape(value).replace("\r\n", "\n").replace("\n", "<br>")


def _numeric_from(block: Block) -> int:
    """The first column of numbers (right-aligned); past the last column when none."""
    value = block.meta.get("numeric", "")
    return int(value) if value.isdecimal() else 1_000


def _table(block: Block, caption: str, css: str) -> str:
    numeric = _numeric_from(block)
    parts = [f'<table class="{css}">']
    if caption:
        parts.append(f"<caption>{escape(caption)}</caption>")
    parts.append("<thead><tr>")
    for index, cell in enumerate(block.header):
        number = ' class="book-num"' if index >= numeric else ""
        parts.append(f'<th scope="col"{number}>{escape(cell)}</th>')
    parts.append("</tr></thead><tbody>")
    last = len(block.rows) - 1
    total = bool(block.meta.get("total"))
    for row_index, row in enumerate(block.rows):
        parts.append('<tr class="book-total">' if total and row_index == last else "<tr>")
        for index, cell in enumerate(row):
            if index == 0:
                parts.append(f'<th scope="row">{escape(cell)}</th>')
            else:
                number = ' class="book-num"' if index >= numeric else ""
                parts.append(f"<td{number}>{escape(cell)}</td>")
        parts.append("</tr>")
    parts.append("</tbody></table>")
    return "".join(parts)


def _heading(block: Block, words: dict[Any, str]) -> str:
    level = "4" if block.meta.get("level") == "4" else "3"
    return (
        f'<h{level} class="book-h{level}" id="{escape(block.key)}">{escape(block.text)}</h{level}>'
    )


def _paragraph(block: Block, words: dict[Any, str]) -> str:
    style = block.meta.get("style", "")
    css = f"book-p book-p--{escape(style)}" if style else "book-p"
    return f'<p class="{css}" id="{escape(block.key)}">{_text(block.text)}</p>'


def _markdown(block: Block, words: dict[Any, str]) -> str:
    return f'<div class="book-text" id="{escape(block.key)}">{block.html}</div>'


def _list(block: Block, words: dict[Any, str]) -> str:
    items = "".join(f"<li>{escape(item)}</li>" for item in block.items)
    return f'<ul class="book-list" id="{escape(block.key)}">{items}</ul>'


def _scrolling(table: str, label: str, key: str = "") -> str:
    """A table that scrolls sideways on a narrow screen; a region that the keyboard can
    reach, so it can be scrolled without a mouse."""
    anchor = f' id="{escape(key)}"' if key else ""
    return (
        f'<div class="book-table-wrap sp-table-wrap"{anchor} role="region" tabindex="0" '
        f'aria-label="{escape(label)}">{table}</div>'
    )


def _table_block(block: Block, words: dict[Any, str]) -> str:
    table = _table(block, block.text, "book-table")
    return _scrolling(table, block.text or block.key, block.key)


def _compare(block: Block, words: dict[Any, str]) -> str:
    head = "".join(f'<th scope="col">{escape(cell)}</th>' for cell in block.header)
    rows = "".join(
        "<tr>" + "".join(f"<td>{_text(cell)}</td>" for cell in row) + "</tr>" for row in block.rows
    )
    table = (
        f'<table class="book-compare"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'
    )
    return _scrolling(table, " / ".join(block.header) or block.key, block.key)


def _figure(block: Block, words: dict[Any, str]) -> str:
    table = ""
    if block.rows:
        caption = words["figures"] % {"title": block.text}
        table = _scrolling(_table(block, caption, "book-table book-figure__table"), caption)
    return (
        f'<figure class="book-figure" id="{escape(block.key)}">'
        f'<div class="book-figure__picture">{block.html}</div>'
        f"<figcaption>{escape(block.text)}</figcaption>{table}</figure>"
    )


def _voice(block: Block, words: dict[Any, str]) -> str:
    kind = words["story"] if block.meta.get("voice_kind") == "story" else words["quote"]
    nature = block.meta.get("nature", "")
    label = escape(f"{kind} · {nature}" if nature else kind)
    commentary = block.meta.get("commentary", "")
    right = (
        f'<p class="book-label">{escape(words["commentary"])}</p><p>{_text(commentary)}</p>'
        if commentary
        else ""
    )
    return (
        f'<div class="book-voice" id="{escape(block.key)}"><div class="book-voice__words">'
        f'<p class="book-label">{label}</p><blockquote><p>{_text(block.text)}</p></blockquote>'
        f'<p class="book-voice__who">{escape(block.meta.get("attribution", ""))}</p></div>'
        f'<div class="book-voice__commentary">{right}</div></div>'
    )


def _lesson(block: Block, words: dict[Any, str]) -> str:
    nature = block.meta.get("nature", "")
    label = f'<span class="book-label">{escape(nature)}</span> · ' if nature else ""
    return (
        f'<div class="book-lesson" id="{escape(block.key)}"><p>{_text(block.text)}</p>'
        f'<p class="book-lesson__source">{label}{escape(block.meta.get("source", ""))}</p></div>'
    )


DRAW: dict[str, Callable[[Block, dict[Any, str]], str]] = {
    "heading": _heading,
    "paragraph": _paragraph,
    "markdown": _markdown,
    "list": _list,
    "table": _table_block,
    "compare": _compare,
    "figure": _figure,
    "voice": _voice,
    "lesson": _lesson,
}


def block_html(block: Block, words: dict[Any, str] | None = None) -> str:
    """One block; a kind this version does not know draws nothing."""
    draw = DRAW.get(block.kind)
    if draw is None:
        return ""
    return draw(block, words if words is not None else WORDS(get_language()))


def blocks_html(blocks: Iterable[Block]) -> str:
    """A chapter's blocks, one after the other (in the active language)."""
    words = WORDS(get_language())
    html = "\n".join(block_html(block, words) for block in blocks)
    return html or f'<p class="book-p book-p--facts">{escape(words["empty"])}</p>'
