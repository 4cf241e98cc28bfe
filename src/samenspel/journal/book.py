"""The book: what a travel report says, independent of the file it becomes.

`compose.compose_book` builds a Book from the programme's data and the chapters people
wrote; a publication stores it as JSON (frozen); each output (outputs.py: the web page,
the self-contained HTML file, the PDF, Markdown and DOCX) draws the same Book. So every
format says the same thing, and what did not reach the Book (an unconsented quote, a
script in a chapter) reaches no format.

A Block is one paragraph-sized piece with a stable `key` (the review round's comments
hang on it). Its `kind` says which fields it uses:

- "heading":   text; meta["level"] = "3" or "4" (2 is the chapter's own title)
- "paragraph": text (plain text)
- "markdown":  text (the Markdown source of one paragraph, list or quote of a written
               chapter) and html (that source rendered and sanitised by nh3)
- "list":      items (plain texts)
- "table":     text (caption), header, rows (plain texts)
- "compare":   header (two labels, e.g. expected / happened), rows (pairs of texts)
- "figure":    html (an SVG drawing, no script), text (caption), meta["description"],
               header and rows (the same data as an accessible table)
- "voice":     text (the participant's words); meta: "attribution" (role, or name when
               the author chose so), "commentary" (the writers' column), "nature"
               (fact / perception / reflection, translated), "voice_kind" (quote / story)
- "lesson":    text; meta: "nature" (translated), "source" (where it was learned)
"""

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

BOOK_FORMAT = 1

# What a long piece of work reports as it goes: (percent done 0-100, what it does now).
Progress = Callable[[int, str], None]


def no_progress(percent: int, step: str) -> None:
    """The Progress of work that nobody watches."""


@dataclass
class Block:
    kind: str
    key: str
    text: str = ""
    html: str = ""
    items: list[str] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)


@dataclass
class BookChapter:
    key: str  # unique in the book; the anchor of its table-of-contents entry
    title: str
    kind: str  # constants.ChapterKind
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Book:
    title: str
    subtitle: str
    programme: str  # the programme's name
    edition: int | None  # the publication's number; None for a draft
    date: str  # ISO date the book was composed or published
    period: str  # the stretch of the journey it covers, written out ("2016 to 2019")
    language: str  # "nl" or "en": the language it was composed in
    chapters: list[BookChapter] = field(default_factory=list)
    format: int = BOOK_FORMAT

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Book":
        chapters = [
            BookChapter(
                key=chapter["key"],
                title=chapter["title"],
                kind=chapter["kind"],
                blocks=[Block(**block) for block in chapter.get("blocks", [])],
            )
            for chapter in data.get("chapters", [])
        ]
        fields = {k: v for k, v in data.items() if k != "chapters"}
        return cls(**fields, chapters=chapters)

    def block_count(self) -> int:
        return sum(len(chapter.blocks) for chapter in self.chapters)
