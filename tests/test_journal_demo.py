"""The demo's travel report, after `samenspel load_demo`: a first version published some
months ago, and the draft of the second in its review round, with voices that have
consent (by role; one named, as its author chose; one anonymous under its session's
rule), one still waiting for an answer and one refused."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from samenspel.common.models import AuditEvent
from samenspel.demo import content
from samenspel.demo.loader import DEMO_SLUG, demo_remove
from samenspel.journal import rendering_services
from samenspel.journal.book import Book
from samenspel.journal.compose import compose_book
from samenspel.journal.constants import Consent, VoiceSource
from samenspel.journal.models import Journal, Rendering, ReviewComment, Voice
from samenspel.learning_sessions.models import Contribution, LearningSession

pytestmark = pytest.mark.django_db


def voice_texts(book: Book) -> set[str]:
    return {
        block.text for chapter in book.chapters for block in chapter.blocks if block.kind == "voice"
    }


def test_the_demo_has_a_published_report_and_a_draft_in_review(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    journal = Journal.objects.select_related("programme").get(programme__slug=DEMO_SLUG)
    today = timezone.localdate()

    # The first version, frozen months ago.
    publication = journal.publications.get()
    assert publication.number == 1
    assert publication.published_on < today - timedelta(days=60)
    first = Book.from_json(publication.book)
    assert (first.edition, first.language) == (1, "nl")
    assert first.date == publication.published_on.isoformat()
    written = {chapter.title: chapter for chapter in first.chapters}
    assert "Dit is het eerste reisverslag." in written["Inleiding"].blocks[2].text

    # Voices: consented and not, from every kind of source.
    voices = list(Voice.objects.filter(journal=journal))
    consents = {voice.consent for voice in voices}
    assert {Consent.GIVEN, Consent.SESSION_RULE, Consent.ASKED, Consent.REFUSED} <= consents
    assert {VoiceSource.CONTRIBUTION, VoiceSource.REVIEW, VoiceSource.OWN} <= {
        voice.source for voice in voices
    }
    named = [voice for voice in voices if voice.named]
    assert len(named) == 1 and named[0].consent == Consent.GIVEN
    anonymous = Voice.objects.get(journal=journal, consent=Consent.SESSION_RULE)
    assert anonymous.author is None
    contribution = Contribution.objects.get(pk=anonymous.source_key)
    assert contribution.author is None
    assert contribution.session.anonymous and contribution.session.quotable
    assert LearningSession.objects.filter(programme=journal.programme, quotable=True).count() == 1
    waiting = Voice.objects.get(journal=journal, consent=Consent.ASKED)
    refused = Voice.objects.get(journal=journal, consent=Consent.REFUSED)

    # The first version holds only the voices consented before it; the draft all the
    # consented ones; neither the unanswered nor the refused one.
    assert voice_texts(first) == {
        voice.text for voice in voices if voice.consent == Consent.GIVEN
    } - {voice.text for voice in voices if voice.created_at.date() > publication.published_on}
    with translation.override("nl"):
        draft = compose_book(journal)
    in_draft = voice_texts(draft)
    assert anonymous.text in in_draft
    assert named[0].text in in_draft
    assert waiting.text not in in_draft | voice_texts(first)
    assert refused.text not in in_draft | voice_texts(first)
    assert "Dit is het tweede reisverslag." in str(draft.chapters[0].blocks)

    # The review round of the draft: open comments on its paragraphs.
    assert journal.review_open
    keys = {block.key for chapter in draft.chapters for block in chapter.blocks}
    comments = ReviewComment.objects.filter(journal=journal)
    assert comments.filter(resolved_at=None).count() == len(content.JOURNAL_COMMENTS) - 1
    assert {comment.paragraph for comment in comments} <= keys

    # A reset removes the report with the programme, and the events of its files.
    rendering_services.rendering_request(journal=journal, fmt="html", by=None)
    demo_remove()
    assert not Journal.objects.exists()
    assert not Rendering.objects.exists()
    assert not AuditEvent.objects.filter(action="rendering.request").exists()
