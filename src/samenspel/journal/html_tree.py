"""The sanitised HTML of a written chapter (journal.text) read back as a small tree, for
the outputs that are not HTML: Markdown (render_md) and DOCX (render_docx) walk it and
write their own markup. They write only what they know (text, emphasis, links, lists,
quotes, headings, code, tables), so nothing the sanitiser removed can come back, and a
tag they do not know is read as its text.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

# Elements without an end tag.
VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "col", "area", "source"}
# Elements whose content is never text of the book (nh3 removes them; read them as gone
# should one ever get through).
DROPPED = {"script", "style", "template", "iframe", "object", "embed", "noscript", "svg", "math"}
BLOCKS = {
    "p", "ul", "ol", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "hr",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "div",
}  # fmt: skip
LINK_SCHEMES = {"http", "https", "mailto"}

# Characters a browser ignores inside a URL's scheme ("java\tscript:").
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")


@dataclass
class Node:
    tag: str  # "" for a piece of text
    attrs: dict[str, str] = field(default_factory=dict)
    children: list["Node"] = field(default_factory=list)
    text: str = ""

    @property
    def is_text(self) -> bool:
        return not self.tag

    @property
    def is_block(self) -> bool:
        return self.tag in BLOCKS

    def plain(self) -> str:
        """All the text inside, as it reads (a line break as a newline)."""
        if self.is_text:
            return self.text
        if self.tag == "br":
            return "\n"
        return "".join(child.plain() for child in self.children)


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root")
        self.open: list[Node] = [self.root]
        self.dropping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DROPPED:
            self.dropping += 1
            return
        if self.dropping:
            return
        node = Node(tag, {name: value or "" for name, value in attrs})
        self.open[-1].children.append(node)
        if tag not in VOID:
            self.open.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DROPPED or self.dropping:
            return
        self.open[-1].children.append(Node(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if tag in DROPPED:
            self.dropping = max(self.dropping - 1, 0)
            return
        if self.dropping:
            return
        # Close up to the matching open element; an end tag that matches none is ignored.
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth].tag == tag:
                del self.open[depth:]
                return

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.open[-1].children.append(Node("", text=data))


def parse(html: str) -> Node:
    """`html` as a tree under a root node."""
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root


def link_target(href: str | None) -> str | None:
    """The address a link may lead to in a file: a web or mail address, or nothing."""
    if not href:
        return None
    href = href.strip()
    try:
        scheme = urlsplit(_URL_NOISE.sub("", href)).scheme.lower()
    except ValueError:
        return None
    if scheme not in LINK_SCHEMES or _URL_NOISE.search(href.replace(" ", "")):
        return None
    return href
