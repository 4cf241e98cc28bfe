"""Composing the book (book.Book) of a travel report from the programme's data and the
chapters people wrote. The chapters come in the report's order; a chapter left out of
the book (`included` off) is skipped; a generated chapter's written introduction comes
above what is generated.

Only voices with consent (constants.CONSENTED) reach the book: this is the one place
that decides it, so no output can show an unconsented voice.
"""

from collections.abc import Callable
from datetime import date

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language

from samenspel.journal import generated
from samenspel.journal.book import Block, Book, BookChapter, Progress, no_progress
from samenspel.journal.constants import CONSENTED, ChapterKind
from samenspel.journal.models import Chapter, Journal, Voice
from samenspel.journal.text import markdown_blocks
from samenspel.learning_sessions.constants import InsightKind


def _period(journal: Journal) -> str:
    start = journal.covers_from or journal.programme.starts_on
    end = journal.covers_until or journal.programme.ends_on
    if start and end:
        return f"{date_format(start, 'F Y')} \u2013 {date_format(end, 'F Y')}"
    if start:
        return date_format(start, "F Y")
    return ""


def consented_voices(journal: Journal) -> list[Voice]:
    return list(
        Voice.objects.filter(journal=journal, consent__in=CONSENTED)
        .select_related("author")
        .order_by("position", "id")
    )


def voice_block(voice: Voice) -> Block:
    attribution = voice.role_label
    if voice.named and voice.author is not None:
        attribution = f"{voice.author.name}, {voice.role_label}"
    return Block(
        kind="voice",
        key=f"voice-{voice.pk}",
        text=voice.text,
        meta={
            "attribution": attribution,
            "commentary": voice.commentary,
            "nature": str(InsightKind(voice.nature).label),
            "voice_kind": voice.kind,
        },
    )


# Generated chapters: one function per kind, each the blocks of that chapter.
Generator = Callable[[Journal, Chapter, list[Voice]], list[Block]]


def _voices(journal: Journal, chapter: Chapter, voices: list[Voice]) -> list[Block]:
    """The voices chapter: every consented voice not placed in another chapter."""
    return [voice_block(v) for v in voices if v.chapter_id in (None, chapter.pk)]


GENERATORS: dict[str, Generator] = {
    ChapterKind.TIMELINE: generated.timeline_blocks,
    ChapterKind.INITIATIVES: generated.initiatives_blocks,
    ChapterKind.LESSONS: generated.lessons_blocks,
    ChapterKind.FUNDING: generated.funding_blocks,
    ChapterKind.COMPASS: generated.compass_blocks,
    ChapterKind.LEARNING_YIELD: generated.learning_yield_blocks,
    ChapterKind.VOICES: _voices,
}


def compose_chapter(journal: Journal, chapter: Chapter, voices: list[Voice]) -> BookChapter:
    """One chapter of the book: its written text, what is generated, and the voices
    placed in it (`voices`: the consented ones, consented_voices)."""
    key = f"c{chapter.pk}"
    blocks = markdown_blocks(chapter.body, key)
    if chapter.kind != ChapterKind.WRITTEN:
        blocks += GENERATORS[chapter.kind](journal, chapter, voices)
    # A voice placed in a chapter (other than the voices chapter, which draws its own)
    # stands after the chapter's text and what is generated.
    if chapter.kind != ChapterKind.VOICES:
        blocks += [voice_block(v) for v in voices if v.chapter_id == chapter.pk]
    return BookChapter(key=key, title=chapter.title, kind=chapter.kind, blocks=blocks)


def compose_book(
    journal: Journal,
    *,
    edition: int | None = None,
    on: date | None = None,
    progress: Progress = no_progress,
) -> Book:
    """The book of `journal` as it stands now, in the active language."""
    chapters = list(Chapter.objects.filter(journal=journal, included=True).order_by("position"))
    voices = consented_voices(journal)
    book = Book(
        title=journal.title,
        subtitle=journal.subtitle,
        programme=journal.programme.name,
        edition=edition,
        date=(on or timezone.localdate()).isoformat(),
        period=_period(journal),
        language=get_language() or "nl",
    )
    for index, chapter in enumerate(chapters):
        progress(int(100 * index / max(len(chapters), 1)), chapter.title)
        book.chapters.append(compose_chapter(journal, chapter, voices))
    progress(100, "")
    return book
