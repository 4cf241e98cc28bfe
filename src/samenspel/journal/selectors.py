"""Reads of the travel report that its pages need, each a fixed number of queries
whatever the number of chapters, comments or publications (no N+1): the chapters with
who changed them last, the review round's comments in one query, the publications
without their frozen books, and the tallies the publish checklist shows."""

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from samenspel.journal.book import Block, Book
from samenspel.journal.constants import Consent
from samenspel.journal.models import Chapter, Journal, Publication, ReviewComment, Voice
from samenspel.programmes.models import Programme


def journal_of(*, programme: Programme) -> Journal | None:
    journal = Journal.objects.filter(programme=programme).order_by().first()
    if journal is not None:
        journal.programme = programme
    return journal


def chapters_of(*, journal: Journal) -> list[Chapter]:
    """The chapters in the report's order, with who changed each last."""
    chapters = list(
        Chapter.objects.filter(journal=journal)
        .select_related("updated_by")
        .order_by("position", "id")
    )
    for chapter in chapters:
        chapter.journal = journal
    return chapters


@dataclass(frozen=True)
class ReviewTally:
    open: int  # comments not yet handled
    handled: int


def review_tally(*, journal: Journal) -> ReviewTally:
    counts = ReviewComment.objects.filter(journal=journal).aggregate(
        open=Count("pk", filter=Q(resolved_at__isnull=True)),
        handled=Count("pk", filter=Q(resolved_at__isnull=False)),
    )
    return ReviewTally(open=counts["open"], handled=counts["handled"])


def voices_waiting(*, journal: Journal) -> int:
    """Voices whose author has not answered the request for consent yet."""
    return Voice.objects.filter(journal=journal, consent=Consent.ASKED).count()


def publications_of(*, journal: Journal) -> QuerySet[Publication]:
    """The publications, newest first, without their frozen books (a list of versions
    must not read every book)."""
    return (
        Publication.objects.filter(journal=journal)
        .defer("book")
        .select_related("published_by")
        .order_by("-number")
    )


def publication_numbers(*, journal: Journal) -> list[int]:
    return list(
        Publication.objects.filter(journal=journal)
        .order_by("number")
        .values_list("number", flat=True)
    )


def latest_publication(*, journal: Journal) -> Publication | None:
    publication = Publication.objects.filter(journal=journal).order_by("-number").first()
    if publication is not None:
        publication.journal = journal
    return publication


def published_book(publication: Publication) -> Book:
    return Book.from_json(publication.book)


@dataclass
class Paragraph:
    """A block of the draft with the review comments on it."""

    block: Block
    comments: list[ReviewComment] = field(default_factory=list)


@dataclass
class ReviewChapter:
    """A chapter of the draft for the review page: its paragraphs with their comments,
    and the comments on paragraphs that are no longer there (the text changed since)."""

    key: str
    title: str
    chapter_id: int | None
    paragraphs: list[Paragraph]
    earlier: list[ReviewComment]


def _chapter_id(key: str) -> int | None:
    """The chapter row behind a book chapter's key (compose.compose_book: "c<id>")."""
    return int(key[1:]) if key.startswith("c") and key[1:].isdecimal() else None


def review_chapters(
    *, journal: Journal, book: Book
) -> tuple[list[ReviewChapter], list[ReviewComment]]:
    """The draft's chapters with every comment of the journal in its place, read in one
    query; and the comments on chapters that are no longer in the draft."""
    comments: dict[int, dict[str, list[ReviewComment]]] = {}
    for comment in (
        ReviewComment.objects.filter(journal=journal)
        .select_related("author", "resolved_by", "chapter")
        .order_by("created_at", "id")
    ):
        comments.setdefault(comment.chapter_id, {}).setdefault(comment.paragraph, []).append(
            comment
        )
    chapters = []
    for book_chapter in book.chapters:
        chapter_id = _chapter_id(book_chapter.key)
        mine = comments.pop(chapter_id, {}) if chapter_id is not None else {}
        paragraphs = [Paragraph(block, mine.pop(block.key, [])) for block in book_chapter.blocks]
        earlier = sorted(
            (comment for rest in mine.values() for comment in rest),
            key=lambda comment: (comment.created_at, comment.pk),
        )
        chapters.append(
            ReviewChapter(
                key=book_chapter.key,
                title=book_chapter.title,
                chapter_id=chapter_id,
                paragraphs=paragraphs,
                earlier=earlier,
            )
        )
    elsewhere = sorted(
        (comment for rest in comments.values() for group in rest.values() for comment in group),
        key=lambda comment: (comment.created_at, comment.pk),
    )
    return chapters, elsewhere
