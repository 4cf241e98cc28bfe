"""Who may see or do what with the travel report, on the programme's shared answer
(programmes.access.ProgrammeAccess). One line per condition; tested in
tests/test_access_matrix.py and tests/test_journal*.py.

- every member reads the draft and the publications, and comments in the review round;
- co-authors write chapters and pick voices: the facilitator, the administrator, civil
  servants, initiators (residents) and partners (the province); governance members read;
- the facilitator and the administrator shape the report (its chapters, the review
  round, publishing, whether it is public);
- only a voice's author gives or withdraws consent for it, and only before it is
  published (a publication is frozen);
- anyone reads a publication without logging in when the report is public.
"""

from django.http import Http404

from samenspel.accounts.models import User
from samenspel.journal.models import (
    Chapter,
    Journal,
    Publication,
    Rendering,
    ReviewComment,
    Voice,
)
from samenspel.programmes.access import ProgrammeAccess
from samenspel.programmes.constants import Role

CO_AUTHORS = {
    Role.FACILITATOR,
    Role.ADMINISTRATOR,
    Role.CIVIL_SERVANT,
    Role.INITIATOR,
    Role.PARTNER,
}


def can_see(access: ProgrammeAccess) -> bool:
    return access.role is not None or access.is_site_administrator


def can_write(access: ProgrammeAccess) -> bool:
    return access.is_site_administrator or access.role in CO_AUTHORS


def can_manage(access: ProgrammeAccess) -> bool:
    return access.can_manage


def can_comment(access: ProgrammeAccess, journal: Journal) -> bool:
    return access.role is not None and journal.review_open


def can_consent(user: User, voice: Voice) -> bool:
    return voice.author_id is not None and voice.author_id == user.pk


def access_chapter_by_id(*, journal: Journal, chapter_id: int) -> Chapter:
    chapter = Chapter.objects.filter(journal=journal, pk=chapter_id).order_by().first()
    if chapter is None:
        raise Http404
    chapter.journal = journal
    return chapter


def access_voice_by_id(*, journal: Journal, voice_id: int) -> Voice:
    voice = Voice.objects.filter(journal=journal, pk=voice_id).order_by().first()
    if voice is None:
        raise Http404
    voice.journal = journal
    return voice


def access_comment_by_id(*, journal: Journal, comment_id: int) -> ReviewComment:
    comment = ReviewComment.objects.filter(journal=journal, pk=comment_id).order_by().first()
    if comment is None:
        raise Http404
    comment.journal = journal
    return comment


def access_publication_by_number(*, journal: Journal, number: int) -> Publication:
    publication = Publication.objects.filter(journal=journal, number=number).order_by().first()
    if publication is None:
        raise Http404
    publication.journal = journal
    return publication


def access_public_journal_by_slug(*, slug: str) -> Journal:
    """A report anyone may read without logging in; else 404 (no hint that it exists)."""
    journal = (
        Journal.objects.filter(programme__slug=slug, public=True)
        .select_related("programme")
        .order_by()
        .first()
    )
    if journal is None:
        raise Http404
    return journal


def access_rendering_by_id(*, journal: Journal, rendering_id: int) -> Rendering:
    """A rendering of this report (of its draft or a publication), without its file."""
    rendering = (
        Rendering.objects.filter(journal=journal, pk=rendering_id)
        .select_related("publication")
        .defer("content", "publication__book")
        .order_by()
        .first()
    )
    if rendering is None:
        raise Http404
    rendering.journal = journal
    return rendering
