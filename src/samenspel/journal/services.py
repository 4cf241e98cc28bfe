"""Writing the travel report: starting it, its settings, its chapters, the review round
and publishing. Every write is keyword-only, atomic and audited (common.services).
Voices and consent are written in voice_services.py, renderings in rendering_services.py.

A refusal is a ValidationError with a translated message, on the form field it concerns,
and nothing is stored. Texts carry a version: a save made from an older version is
refused, a chapter's with a ChapterConflict that carries the chapter as it is now, so
that the writer sees both texts and merges them (no edit is ever silently lost).
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samenspel.accounts.models import User
from samenspel.common.services import audit_record
from samenspel.common.services import bounded_text as _text
from samenspel.common.services import refusal as _refuse
from samenspel.common.text import SHORT_TEXT
from samenspel.journal import rendering_services
from samenspel.journal.book import Block
from samenspel.journal.compare import block_text
from samenspel.journal.compose import compose_book, compose_chapter, consented_voices
from samenspel.journal.constants import (
    DEFAULT_CHAPTERS,
    MAX_CHAPTER_LENGTH,
    MAX_CHAPTERS,
    MAX_COMMENT_LENGTH,
    ChapterKind,
)
from samenspel.journal.models import Chapter, Journal, Publication, ReviewComment
from samenspel.programmes.models import Programme
from samenspel.programmes.services import STALE

SUBTITLE_MAX = 300
# A comment keeps at most this much of the paragraph it is about.
QUOTED_MAX = 1_000

CHAPTER_STALE = gettext_lazy(
    "Someone else saved this chapter while you were writing. Your text has not been "
    "saved yet, and nothing is lost: compare the two versions below, merge them in the "
    "box, and save again."
)


class ChapterConflict(ValidationError):  # noqa: N818 - named as the refusal it is
    """A chapter saved from a version that is no longer the current one. `chapter` is
    the chapter as it is now (who saved it last, and when)."""

    def __init__(self, chapter: Chapter) -> None:
        super().__init__(str(CHAPTER_STALE), code="stale")
        self.chapter = chapter


def _body(body: str) -> str:
    """A chapter's Markdown, its lines ended the one way whatever the browser sent."""
    return _text("body", body.replace("\r\n", "\n").replace("\r", "\n"), MAX_CHAPTER_LENGTH)


def _locked(journal: Journal) -> Journal:
    """The journal's row, locked until the transaction ends: changes to the list of
    chapters and publishing happen one at a time."""
    fresh = Journal.objects.select_for_update().get(pk=journal.pk)
    fresh.programme = journal.programme
    return fresh


# The report ---------------------------------------------------------------------------------


@transaction.atomic
def journal_start(*, programme: Programme, by: Any, title: str = "") -> Journal:
    """The programme's travel report with the default chapters, titled in the active
    language. A programme has one report; starting it twice gives the one there is."""
    existing = Journal.objects.filter(programme=programme).first()
    if existing is not None:
        return existing
    journal = Journal.objects.create(
        programme=programme,
        title=title or _("Travel report: %(programme)s") % {"programme": programme.name},
        covers_from=programme.starts_on,
        covers_until=programme.ends_on,
    )
    Chapter.objects.bulk_create(
        Chapter(journal=journal, kind=kind, title=str(title_), position=index, updated_by=by)
        for index, (kind, title_) in enumerate(DEFAULT_CHAPTERS, start=1)
    )
    audit_record(actor=by, action="journal.start", target=journal, programme=programme)
    return journal


@transaction.atomic
def journal_update(
    *,
    journal: Journal,
    title: str,
    subtitle: str = "",
    covers_from: datetime.date | None = None,
    covers_until: datetime.date | None = None,
    public: bool = False,
    expected_version: int,
    by: User,
) -> Journal:
    """The report's title, subtitle, the stretch of the journey it covers, and whether
    its publications can be read without logging in."""
    fields: dict[str, Any] = {
        "title": _text("title", title, SHORT_TEXT, required=True),
        "subtitle": _text("subtitle", subtitle, SUBTITLE_MAX),
        "covers_from": covers_from,
        "covers_until": covers_until,
        "public": bool(public),
    }
    if covers_from and covers_until and covers_until < covers_from:
        raise _refuse(_("The end comes before the start."), "covers_until", "order")
    changed = [name for name, value in fields.items() if getattr(journal, name) != value]
    updated = Journal.objects.filter(pk=journal.pk, version=expected_version).update(
        version=F("version") + 1, **fields
    )
    if not updated:
        raise _refuse(str(STALE), code="stale")
    programme = journal.programme
    journal.refresh_from_db()
    journal.programme = programme
    audit_record(
        actor=by,
        action="journal.update",
        target=journal,
        programme=journal.programme,
        data={"fields": changed},
    )
    return journal


# Chapters -----------------------------------------------------------------------------------


def _renumber(chapters: list[Chapter]) -> None:
    """Positions 1, 2, 3… in the order given, written only where they changed."""
    moved = []
    for position, chapter in enumerate(chapters, start=1):
        if chapter.position != position:
            chapter.position = position
            moved.append(chapter)
    Chapter.objects.bulk_update(moved, ["position"])


def _ordered(journal: Journal) -> list[Chapter]:
    return list(Chapter.objects.filter(journal=journal).order_by("position", "id"))


@transaction.atomic
def chapter_add(
    *, journal: Journal, title: str, body: str = "", position: int | None = None, by: User
) -> Chapter:
    """A written chapter, at `position` (1 is the first; None or past the end: last)."""
    title = _text("title", title, SHORT_TEXT, required=True)
    body = _body(body)
    journal = _locked(journal)
    chapters = _ordered(journal)
    if len(chapters) >= MAX_CHAPTERS:
        raise _refuse(
            _("A travel report has at most %(limit)s chapters.") % {"limit": MAX_CHAPTERS},
            code="too_many",
        )
    place = len(chapters) if position is None else min(max(position, 1), len(chapters) + 1) - 1
    chapter = Chapter.objects.create(
        journal=journal,
        kind=ChapterKind.WRITTEN,
        title=title,
        body=body,
        position=place + 1,
        updated_by=by,
    )
    _renumber([*chapters[:place], chapter, *chapters[place:]])
    audit_record(
        actor=by,
        action="chapter.add",
        target=chapter,
        programme=journal.programme,
        data={"position": chapter.position},
    )
    return chapter


def _current(chapter: Chapter) -> Chapter:
    current = Chapter.objects.select_related("updated_by").get(pk=chapter.pk)
    current.journal = chapter.journal
    return current


@transaction.atomic
def chapter_update(
    *,
    chapter: Chapter,
    title: str,
    body: str,
    included: bool,
    expected_version: int,
    by: User,
) -> Chapter:
    """Save a chapter: its title, its text (for a generated chapter: the introduction
    above what is generated) and whether it is in the book. Saved from an older version
    than the current one, it is refused with a ChapterConflict, unless what was sent is
    what is there already (then there is nothing to lose and nothing to save)."""
    fields: dict[str, Any] = {
        "title": _text("title", title, SHORT_TEXT, required=True),
        "body": _body(body),
        "included": bool(included),
    }
    current = _current(chapter)
    changed = [name for name, value in fields.items() if getattr(current, name) != value]
    if not changed:
        return current
    if current.version != expected_version:
        raise ChapterConflict(current)
    updated = Chapter.objects.filter(pk=chapter.pk, version=expected_version).update(
        version=F("version") + 1, updated_by=by, updated_at=timezone.now(), **fields
    )
    if not updated:  # saved by someone else between the read above and this write
        raise ChapterConflict(_current(chapter))
    journal = chapter.journal
    chapter.refresh_from_db()
    chapter.journal = journal
    audit_record(
        actor=by,
        action="chapter.update",
        target=chapter,
        programme=chapter.journal.programme,
        data={"fields": changed, "version": chapter.version},
    )
    return chapter


@transaction.atomic
def chapter_move(*, chapter: Chapter, up: bool, by: User) -> Chapter:
    """One place up or down; the first stays first and the last stays last."""
    journal = _locked(chapter.journal)
    chapters = _ordered(journal)
    index = next(i for i, c in enumerate(chapters) if c.pk == chapter.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(chapters):
        return chapters[index]
    chapters[index], chapters[other] = chapters[other], chapters[index]
    _renumber(chapters)
    moved = chapters[other]
    audit_record(
        actor=by,
        action="chapter.move",
        target=moved,
        programme=journal.programme,
        data={"position": moved.position},
    )
    return moved


@transaction.atomic
def chapter_delete(*, chapter: Chapter, by: User) -> None:
    """Delete a written chapter, with the review comments on it; its voices go back to
    the voices chapter. A generated chapter is not deleted but left out of the book
    (`included`): the report keeps one of each kind, with its introduction."""
    if chapter.kind != ChapterKind.WRITTEN:
        raise _refuse(
            _("A generated chapter cannot be deleted. Leave it out of the book instead."),
            code="generated",
        )
    journal = _locked(chapter.journal)
    audit_record(
        actor=by,
        action="chapter.delete",
        target=chapter,
        programme=journal.programme,
        data={"title": chapter.title},
    )
    Chapter.objects.filter(pk=chapter.pk).delete()
    _renumber(_ordered(journal))


# The review round ---------------------------------------------------------------------------


def _review_state(journal: Journal, fresh: Journal) -> Journal:
    """The round's times on the journal the caller holds too."""
    journal.review_opened_at, journal.review_closed_at = (
        fresh.review_opened_at,
        fresh.review_closed_at,
    )
    return journal


@transaction.atomic
def review_open(*, journal: Journal, by: User) -> Journal:
    """Members read the draft and comment per paragraph until the round is closed."""
    fresh = _locked(journal)
    if fresh.review_open:
        raise _refuse(_("The review round is already open."), code="open")
    fresh.review_opened_at = timezone.now()
    fresh.review_closed_at = None
    fresh.save(update_fields=["review_opened_at", "review_closed_at"])
    audit_record(actor=by, action="journal_review.open", target=fresh, programme=fresh.programme)
    return _review_state(journal, fresh)


def _close_review(journal: Journal, by: User) -> None:
    journal.review_closed_at = timezone.now()
    journal.save(update_fields=["review_closed_at"])
    audit_record(
        actor=by, action="journal_review.close", target=journal, programme=journal.programme
    )


@transaction.atomic
def review_close(*, journal: Journal, by: User) -> Journal:
    fresh = _locked(journal)
    if not fresh.review_open:
        raise _refuse(_("The review round is not open."), code="closed")
    _close_review(fresh, by)
    return _review_state(journal, fresh)


def _paragraph(journal: Journal, chapter: Chapter, paragraph: str) -> Block | None:
    """The block `paragraph` of the chapter in the draft as it is composed now (only
    that chapter is composed, so the round's lock is held briefly)."""
    if not chapter.included:
        return None
    composed = compose_chapter(journal, chapter, consented_voices(journal))
    return next((b for b in composed.blocks if b.key == paragraph), None)


@transaction.atomic
def comment_add(
    *, journal: Journal, chapter: Chapter, paragraph: str, text: str, by: User
) -> ReviewComment:
    """A comment on one paragraph of the draft, while the review round is open. The
    paragraph's words are kept with it, so it still reads right when the text changes."""
    journal = _locked(journal)  # the round as it is now; closing it waits for this
    if not journal.review_open:
        raise _refuse(_("The review round is closed. Comments can no longer be added."))
    text = _text("text", text, MAX_COMMENT_LENGTH, required=True)
    if chapter.journal_id != journal.pk:
        raise _refuse(_("This paragraph is not in the draft (any more)."), code="gone")
    block = _paragraph(journal, chapter, paragraph)
    if block is None:
        raise _refuse(_("This paragraph is not in the draft (any more)."), code="gone")
    comment = ReviewComment.objects.create(
        journal=journal,
        chapter=chapter,
        paragraph=paragraph,
        # A voice's words are kept nowhere else: once it leaves the draft (consent
        # withdrawn, the voice removed), its comments must not show them.
        quoted="" if block.kind == "voice" else block_text(block)[:QUOTED_MAX],
        text=text,
        author=by,
    )
    audit_record(actor=by, action="review_comment.add", target=comment, programme=journal.programme)
    return comment


@transaction.atomic
def comment_resolve(*, comment: ReviewComment, by: User) -> ReviewComment:
    """Mark a comment as handled; handling it twice changes nothing."""
    if comment.resolved_at is not None:
        return comment
    ReviewComment.objects.filter(pk=comment.pk, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=by
    )
    journal = comment.journal
    comment.refresh_from_db()
    comment.journal = journal
    audit_record(
        actor=by,
        action="review_comment.resolve",
        target=comment,
        programme=comment.journal.programme,
    )
    return comment


# Publishing ---------------------------------------------------------------------------------


def next_number(journal: Journal) -> int:
    latest = Publication.objects.filter(journal=journal).aggregate(latest=Max("number"))
    return int(latest["latest"] or 0) + 1


def _already_published(number: int) -> ValidationError:
    return _refuse(
        _(
            "Version %(number)s has just been published by someone else. "
            "Look at it before you publish again."
        )
        % {"number": number},
        code="published",
    )


@transaction.atomic
def publication_publish(
    *, journal: Journal, number: int, by: User, on: datetime.date | None = None
) -> Publication:
    """Freeze the draft as version `number`, dated today: the whole book as it is now,
    in the active language. `number` is the one the publisher saw on the confirmation
    page: when another version was published in the meantime, this one is refused
    rather than published twice. An open review round closes."""
    given, journal = journal, _locked(journal)
    expected = next_number(journal)
    if number != expected:
        raise _already_published(expected - 1)
    day = on or timezone.localdate()
    book = compose_book(journal, edition=number, on=day)
    try:
        with transaction.atomic():
            publication = Publication.objects.create(
                journal=journal,
                number=number,
                title=journal.title,
                published_on=day,
                published_by=by,
                book=book.to_json(),
            )
    except IntegrityError as exc:  # published at the same moment by someone else
        raise _already_published(number) from exc
    if journal.review_open:
        _close_review(journal, by)
        _review_state(given, journal)
    audit_record(
        actor=by,
        action="publication.publish",
        target=publication,
        programme=journal.programme,
        data={"number": number},
    )
    # Readers of a public report download the version at once: its PDF and HTML file
    # are made now, off the request.
    rendering_services.publication_renderings_queue(publication=publication, by=by)
    return publication
