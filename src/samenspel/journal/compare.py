"""Two versions of the travel report side by side: which chapters were added, left out or
changed, and per paragraph which words went and which came.

The differences are drawn from the books' plain text only (a block's words, never its
HTML): every piece is escaped before it is wrapped in <del> or <ins>, so a script typed
into a chapter is shown as words, not run. The same word difference shows a writer whose
save was refused what the other writer changed (journal.views.chapter_edit).
"""

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from django.utils.html import escape
from django.utils.safestring import SafeString

from samenspel.journal.book import Block, Book, BookChapter

Change = Literal["same", "changed", "added", "removed"]

# Two paragraphs at least this alike (difflib's ratio of their words) are one paragraph
# that changed; less alike, one was removed and another added.
ALIKE = 0.5

# Words, runs of white space, and single other characters: the units of the difference.
_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")


def block_text(block: Block) -> str:
    """The words of a block as plain text, whatever its kind (journal/book.py): what a
    reader compares, and what a review comment quotes."""
    parts: list[str] = []
    if block.kind == "voice":
        parts.append(block.text)
        attribution = block.meta.get("attribution", "")
        if attribution:
            parts.append(f"\u2014 {attribution}")
        if block.meta.get("commentary"):
            parts.append(block.meta["commentary"])
        return "\n".join(parts)
    if block.text:
        parts.append(block.text)
    parts.extend(f"\u2022 {item}" for item in block.items)
    if block.header:
        parts.append(" | ".join(block.header))
    parts.extend(" | ".join(row) for row in block.rows)
    return "\n".join(parts)


def word_diff(old: str, new: str) -> tuple[SafeString, SafeString]:
    """`old` with the words that are not in `new` in <del>, and `new` with the words
    that are not in `old` in <ins>; everything escaped."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    # (same?, old words, new words), with the single spaces between two changes taken
    # into the change, so that "een avond" → "twee avonden" reads as one change.
    runs: list[tuple[bool, str, str]] = []
    opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    for index, (op, i1, i2, j1, j2) in enumerate(opcodes):
        removed, added = "".join(a[i1:i2]), "".join(b[j1:j2])
        same = op == "equal"
        between = 0 < index < len(opcodes) - 1
        if same and between and removed.isspace() and len(a[i1:i2]) == 1:
            same = False
        if runs and not same and not runs[-1][0]:
            _same, before_removed, before_added = runs.pop()
            removed, added = before_removed + removed, before_added + added
        runs.append((same, removed, added))
    left: list[str] = []
    right: list[str] = []
    for same, removed, added in runs:
        if same:
            left.append(escape(removed))
            right.append(escape(added))
            continue
        if removed:
            left.append(f"<del>{escape(removed)}</del>")
        if added:
            right.append(f"<ins>{escape(added)}</ins>")
    return SafeString("".join(left)), SafeString("".join(right))


@dataclass
class Row:
    """One paragraph in both versions: empty on the side where it is not."""

    old: SafeString
    new: SafeString
    change: Change


@dataclass
class ChapterDiff:
    key: str
    title: str
    old_title: str
    change: Change
    rows: list[Row] = field(default_factory=list)

    @property
    def changed_rows(self) -> int:
        return sum(1 for row in self.rows if row.change != "same")


def _same(text: str) -> Row:
    words = SafeString(escape(text))
    return Row(old=words, new=words, change="same")


def _removed(text: str) -> Row:
    return Row(old=SafeString(f"<del>{escape(text)}</del>"), new=SafeString(""), change="removed")


def _added(text: str) -> Row:
    return Row(old=SafeString(""), new=SafeString(f"<ins>{escape(text)}</ins>"), change="added")


def _changed(old: str, new: str) -> Row:
    left, right = word_diff(old, new)
    return Row(old=left, new=right, change="changed")


def _alike(old: str, new: str) -> float:
    return difflib.SequenceMatcher(
        None, _TOKENS.findall(old), _TOKENS.findall(new), autojunk=False
    ).ratio()


def _replaced(old: list[str], new: list[str]) -> Iterator[Row]:
    """A stretch where the paragraphs differ: each old paragraph is paired, in order,
    with the first later new one that is alike; the rest were removed or added."""
    j = 0
    for text in old:
        match = next((k for k in range(j, len(new)) if _alike(text, new[k]) >= ALIKE), None)
        if match is None:
            yield _removed(text)
            continue
        yield from (_added(added) for added in new[j:match])
        yield _changed(text, new[match])
        j = match + 1
    yield from (_added(added) for added in new[j:])


def paragraph_rows(old: list[str], new: list[str]) -> list[Row]:
    """The paragraphs of one chapter in both versions, matched in order."""
    rows: list[Row] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            rows.extend(_same(text) for text in old[i1:i2])
        else:
            rows.extend(_replaced(old[i1:i2], new[j1:j2]))
    return rows


def _texts(chapter: BookChapter | None) -> list[str]:
    if chapter is None:
        return []
    return [text for text in (block_text(block) for block in chapter.blocks) if text.strip()]


def _chapter(old: BookChapter | None, new: BookChapter | None) -> ChapterDiff:
    rows = paragraph_rows(_texts(old), _texts(new))
    some = new or old
    assert some is not None
    if old is None:
        change: Change = "added"
    elif new is None:
        change = "removed"
    elif old.title != new.title or any(row.change != "same" for row in rows):
        change = "changed"
    else:
        change = "same"
    return ChapterDiff(
        key=some.key,
        title=some.title,
        old_title=old.title if old is not None else "",
        change=change,
        rows=rows,
    )


def _title_page(old: Book, new: Book) -> ChapterDiff | None:
    """The title, subtitle and period, when they changed."""
    pairs = [(old.title, new.title), (old.subtitle, new.subtitle), (old.period, new.period)]
    if all(a == b for a, b in pairs):
        return None
    rows = paragraph_rows([a for a, _b in pairs if a], [b for _a, b in pairs if b])
    return ChapterDiff(
        key="title", title=new.title, old_title=old.title, change="changed", rows=rows
    )


def book_diff(old: Book, new: Book) -> list[ChapterDiff]:
    """The chapters of both books in the new book's order; a chapter that is only in the
    old one stands after the chapter it followed there. Chapters are matched by key (a
    chapter keeps its key when it is renamed or moved)."""
    olds = {chapter.key: chapter for chapter in old.chapters}
    news = {chapter.key: chapter for chapter in new.chapters}
    # The chapters that are gone, each under the key of the last chapter before it that
    # is still there ("" for the top).
    gone: dict[str, list[BookChapter]] = {}
    anchor = ""
    for chapter in old.chapters:
        if chapter.key in news:
            anchor = chapter.key
        else:
            gone.setdefault(anchor, []).append(chapter)
    result = [_chapter(chapter, None) for chapter in gone.get("", [])]
    for chapter in new.chapters:
        result.append(_chapter(olds.get(chapter.key), chapter))
        result.extend(_chapter(removed, None) for removed in gone.get(chapter.key, []))
    title_page = _title_page(old, new)
    return [title_page, *result] if title_page is not None else result
