"""Written chapters: Markdown made into safe HTML, one block per paragraph.

Markdown may carry raw HTML; nh3 (the Ammonia sanitiser) keeps only the tags and
attributes below, so a `<script>` or an `onerror=` typed into a chapter is harmless in
every output. Each top-level piece (paragraph, heading, list, quote) becomes one Block,
so the review round can comment on it.
"""

import hashlib
import re

import markdown
import nh3

from samenspel.journal.book import Block

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "a", "ul", "ol", "li", "blockquote",
    "h3", "h4", "h5", "code", "pre", "hr", "table", "thead", "tbody", "tr", "th", "td",
    "sup", "sub",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "td": set()}
URL_SCHEMES = {"http", "https", "mailto"}

# A blank line separates the top-level pieces of Markdown (a fenced block is kept whole).
_PIECES = re.compile(r"\n[ \t]*\n(?=\S)")


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def markdown_html(source: str) -> str:
    """Markdown as sanitised HTML. Headings start at level 3: the book's chapter title
    is level 2."""
    html = markdown.markdown(
        source, extensions=["sane_lists", "tables", "fenced_code"], output_format="html"
    )
    html = re.sub(r"<(/?)h([1-3])>", lambda m: f"<{m[1]}h{min(int(m[2]) + 2, 5)}>", html)
    return sanitise(html)


def _pieces(source: str) -> list[str]:
    pieces: list[str] = []
    fenced = False
    for piece in _PIECES.split(source.replace("\r\n", "\n").strip()):
        if fenced and pieces:
            pieces[-1] += "\n\n" + piece
        else:
            pieces.append(piece)
        if piece.count("```") % 2:
            fenced = not fenced
    return [piece for piece in pieces if piece.strip()]


def markdown_blocks(source: str, key_prefix: str) -> list[Block]:
    """The Markdown of a chapter as blocks, each keyed by its place and its words (a
    comment stays on its paragraph while the paragraphs around it change)."""
    blocks = []
    seen: dict[str, int] = {}
    for piece in _pieces(source):
        digest = hashlib.blake2s(piece.encode(), digest_size=6).hexdigest()
        seen[digest] = seen.get(digest, 0) + 1
        key = f"{key_prefix}-{digest}" + (f"-{seen[digest]}" if seen[digest] > 1 else "")
        blocks.append(Block(kind="markdown", key=key, text=piece, html=markdown_html(piece)))
    return blocks
