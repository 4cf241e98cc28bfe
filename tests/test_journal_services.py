"""The travel report's writes, called directly: settings with their version, chapters
(add in place, a stale save refused with the current chapter, move, delete or leave
out), the review round and its comments, and publishing (numbered, frozen, never twice
with one number). Every write leaves its audit event; every refusal stores nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from samenspel.common.models import AuditEvent
from samenspel.journal import services
from samenspel.journal.book import Book
from samenspel.journal.constants import MAX_CHAPTERS, MAX_COMMENT_LENGTH, ChapterKind
from samenspel.journal.models import Chapter, Journal, Publication, ReviewComment
from tests.journal import make_journal

pytestmark = pytest.mark.django_db


@pytest.fixture
def journal(programme, facilitator):
    return make_journal(programme, facilitator)


def chapters(journal):
    return list(Chapter.objects.filter(journal=journal).order_by("position"))


def titles(journal):
    return [chapter.title for chapter in chapters(journal)]


def written(journal, index=0):
    """The report's written chapters in order: the introduction, the theoretical frame,
    the road ahead."""
    return list(chapters_of_kind(journal, ChapterKind.WRITTEN))[index]


def chapters_of_kind(journal, kind):
    return Chapter.objects.filter(journal=journal, kind=kind).order_by("position")


def actions():
    return list(AuditEvent.objects.order_by("id").values_list("action", flat=True))


def save(chapter, body, by, *, version=1, title="Inleiding", included=True):
    """A chapter saved as its form saves it, from `version`."""
    return services.chapter_update(
        chapter=chapter,
        title=title,
        body=body,
        included=included,
        expected_version=version,
        by=by,
    )


# The report ---------------------------------------------------------------------------------


def test_starting_gives_the_default_chapters_once(programme, facilitator, journal):
    assert len(chapters(journal)) == 10
    assert [c.position for c in chapters(journal)] == list(range(1, 11))
    assert services.journal_start(programme=programme, by=facilitator) == journal
    assert Journal.objects.count() == 1
    assert actions() == ["journal.start"]


def test_the_settings_are_saved_with_their_version(facilitator, journal):
    services.journal_update(
        journal=journal,
        title="Reisverslag Altena",
        subtitle="Samen op weg",
        covers_from=datetime.date(2016, 1, 1),
        covers_until=datetime.date(2019, 12, 31),
        public=True,
        expected_version=1,
        by=facilitator,
    )
    journal.refresh_from_db()
    assert (journal.title, journal.subtitle, journal.public, journal.version) == (
        "Reisverslag Altena",
        "Samen op weg",
        True,
        2,
    )
    event = AuditEvent.objects.get(action="journal.update")
    assert set(event.data["fields"]) == {
        "title",
        "subtitle",
        "covers_from",
        "covers_until",
        "public",
    }


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "   "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"subtitle": "x" * 301}, "subtitle"),
        (
            {"covers_from": datetime.date(2020, 1, 1), "covers_until": datetime.date(2019, 1, 1)},
            "covers_until",
        ),
    ],
)
def test_bad_settings_are_refused_and_nothing_changes(facilitator, journal, changes, field):
    title = journal.title
    with pytest.raises(ValidationError) as refused:
        services.journal_update(
            journal=journal,
            **{"title": "Nieuw", "expected_version": 1, "by": facilitator, **changes},
        )
    assert field in refused.value.error_dict
    journal.refresh_from_db()
    assert journal.version == 1 and journal.title == title


def test_stale_settings_are_refused(facilitator, journal):
    services.journal_update(journal=journal, title="Eerste", expected_version=1, by=facilitator)
    with pytest.raises(ValidationError) as refused:
        services.journal_update(journal=journal, title="Tweede", expected_version=1, by=facilitator)
    assert refused.value.code == "stale"
    journal.refresh_from_db()
    assert journal.title == "Eerste"


# Chapters -----------------------------------------------------------------------------------


def test_a_chapter_is_added_in_its_place(facilitator, journal):
    chapter = services.chapter_add(
        journal=journal, title="Wat de provincie zag", body="Veel.", position=2, by=facilitator
    )
    assert chapter.kind == ChapterKind.WRITTEN
    assert titles(journal)[1] == "Wat de provincie zag"
    assert [c.position for c in chapters(journal)] == list(range(1, 12))
    last = services.chapter_add(journal=journal, title="Nawoord", by=facilitator)
    assert titles(journal)[-1] == "Nawoord" and last.position == 12
    first = services.chapter_add(journal=journal, title="Voorwoord", position=0, by=facilitator)
    assert titles(journal)[0] == "Voorwoord" and first.position == 1
    assert actions().count("chapter.add") == 3


def test_a_report_has_at_most_forty_chapters(facilitator, journal):
    for n in range(MAX_CHAPTERS - 10):
        services.chapter_add(journal=journal, title=f"Hoofdstuk {n}", by=facilitator)
    with pytest.raises(ValidationError):
        services.chapter_add(journal=journal, title="Eén te veel", by=facilitator)
    assert Chapter.objects.filter(journal=journal).count() == MAX_CHAPTERS


def test_a_chapter_needs_a_title_and_a_bounded_text(facilitator, journal):
    with pytest.raises(ValidationError) as refused:
        services.chapter_add(journal=journal, title="\u200b ", by=facilitator)
    assert "title" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        services.chapter_add(journal=journal, title="Lang", body="x" * 100_001, by=facilitator)
    assert "body" in refused.value.error_dict
    assert Chapter.objects.filter(journal=journal).count() == 10


def test_a_chapter_is_saved_and_its_version_raised(facilitator, civil_servant, journal):
    chapter = written(journal)
    saved = save(
        chapter,
        "Het begon in Altena.\r\n\r\nToen kwam de fusie.",
        civil_servant,
        title=chapter.title,
    )
    assert saved.version == 2
    assert saved.body == "Het begon in Altena.\n\nToen kwam de fusie."  # one kind of line end
    assert saved.updated_by == civil_servant
    event = AuditEvent.objects.get(action="chapter.update")
    assert event.data["fields"] == ["body"] and event.actor == civil_servant


def test_a_stale_save_is_refused_with_the_current_chapter(facilitator, civil_servant, journal):
    chapter = written(journal)
    save(chapter, "Tekst van A.", facilitator)
    with pytest.raises(services.ChapterConflict) as refused:
        save(chapter, "Tekst van B.", civil_servant)
    assert isinstance(refused.value, ValidationError)
    assert refused.value.code == "stale"
    assert refused.value.chapter.body == "Tekst van A."
    assert refused.value.chapter.version == 2
    assert refused.value.chapter.updated_by == facilitator
    chapter.refresh_from_db()
    assert chapter.body == "Tekst van A." and chapter.version == 2
    assert actions().count("chapter.update") == 1


def test_a_stale_save_of_what_is_there_already_loses_nothing(facilitator, journal):
    chapter = written(journal)
    save(chapter, "Zo.", facilitator)
    same = save(chapter, "Zo.", facilitator)
    assert same.version == 2
    assert actions().count("chapter.update") == 1


def test_a_generated_chapter_keeps_its_kind_and_can_be_left_out(facilitator, journal):
    timeline = Chapter.objects.get(journal=journal, kind=ChapterKind.TIMELINE)
    save(timeline, "Een korte inleiding.", facilitator, title="De reis in beeld", included=False)
    timeline.refresh_from_db()
    assert (timeline.kind, timeline.title, timeline.included) == (
        ChapterKind.TIMELINE,
        "De reis in beeld",
        False,
    )
    with pytest.raises(ValidationError) as refused:
        services.chapter_delete(chapter=timeline, by=facilitator)
    assert refused.value.code == "generated"
    assert Chapter.objects.filter(pk=timeline.pk).exists()


def test_chapters_move_up_and_down_and_stay_at_the_ends(facilitator, journal):
    first, second = chapters(journal)[:2]
    services.chapter_move(chapter=second, up=True, by=facilitator)
    assert [c.pk for c in chapters(journal)[:2]] == [second.pk, first.pk]
    services.chapter_move(chapter=second, up=True, by=facilitator)  # first already: nothing
    assert chapters(journal)[0].pk == second.pk
    services.chapter_move(chapter=second, up=False, by=facilitator)
    assert [c.pk for c in chapters(journal)[:2]] == [first.pk, second.pk]
    assert actions().count("chapter.move") == 2
    assert [c.position for c in chapters(journal)] == list(range(1, 11))


def test_a_written_chapter_is_deleted_with_its_comments(facilitator, member, journal):
    chapter = written(journal, 1)
    save(chapter, "Over rollen.", facilitator, title="Theoretisch kader")
    services.review_open(journal=journal, by=facilitator)
    key = _first_key(journal, chapter)
    services.comment_add(
        journal=journal, chapter=chapter, paragraph=key, text="Mooi.", by=facilitator
    )
    services.chapter_delete(chapter=chapter, by=facilitator)
    assert not Chapter.objects.filter(pk=chapter.pk).exists()
    assert not ReviewComment.objects.exists()
    assert [c.position for c in chapters(journal)] == list(range(1, 10))
    event = AuditEvent.objects.get(action="chapter.delete")
    assert event.data == {"title": "Theoretisch kader"}


# The review round ---------------------------------------------------------------------------


def _first_key(journal, chapter):
    from samenspel.journal.compose import compose_book

    book = compose_book(journal)
    return next(c for c in book.chapters if c.key == f"c{chapter.pk}").blocks[0].key


@pytest.fixture
def introduction(facilitator, journal):
    chapter = written(journal)
    return save(chapter, "Het begon in Altena.\n\nToen kwam de fusie.", facilitator)


def test_the_review_round_opens_and_closes_once(facilitator, journal):
    services.review_open(journal=journal, by=facilitator)
    journal.refresh_from_db()
    assert journal.review_open
    with pytest.raises(ValidationError):
        services.review_open(journal=journal, by=facilitator)
    services.review_close(journal=journal, by=facilitator)
    journal.refresh_from_db()
    assert not journal.review_open and journal.review_closed_at is not None
    with pytest.raises(ValidationError):
        services.review_close(journal=journal, by=facilitator)
    assert actions()[-2:] == ["journal_review.open", "journal_review.close"]


def test_a_comment_quotes_its_paragraph(facilitator, civil_servant, journal, introduction):
    services.review_open(journal=journal, by=facilitator)
    key = _first_key(journal, introduction)
    comment = services.comment_add(
        journal=journal, chapter=introduction, paragraph=key, text="Welk jaar?", by=civil_servant
    )
    assert comment.quoted == "Het begon in Altena."
    assert comment.author == civil_servant
    assert AuditEvent.objects.get(action="review_comment.add").actor == civil_servant


def test_comments_are_refused_when_closed_empty_too_long_or_on_no_paragraph(
    facilitator, civil_servant, journal, introduction
):
    key = _first_key(journal, introduction)
    with pytest.raises(ValidationError):  # not open yet
        services.comment_add(
            journal=journal, chapter=introduction, paragraph=key, text="Hm.", by=civil_servant
        )
    services.review_open(journal=journal, by=facilitator)
    for text in ("", " \u200b", "x" * (MAX_COMMENT_LENGTH + 1)):
        with pytest.raises(ValidationError):
            services.comment_add(
                journal=journal, chapter=introduction, paragraph=key, text=text, by=civil_servant
            )
    with pytest.raises(ValidationError):
        services.comment_add(
            journal=journal, chapter=introduction, paragraph="c1-nope", text="Hm.", by=civil_servant
        )
    other = make_journal_elsewhere(facilitator)
    with pytest.raises(ValidationError):
        services.comment_add(
            journal=journal,
            chapter=Chapter.objects.filter(journal=other).first(),
            paragraph=key,
            text="Hm.",
            by=civil_servant,
        )
    assert not ReviewComment.objects.exists()


def make_journal_elsewhere(by):
    from tests.factories import ProgrammeFactory

    return make_journal(ProgrammeFactory(), by)


def test_a_comment_is_handled_once(facilitator, civil_servant, journal, introduction):
    services.review_open(journal=journal, by=facilitator)
    comment = services.comment_add(
        journal=journal,
        chapter=introduction,
        paragraph=_first_key(journal, introduction),
        text="Welk jaar?",
        by=civil_servant,
    )
    services.comment_resolve(comment=comment, by=facilitator)
    services.comment_resolve(comment=comment, by=facilitator)
    comment.refresh_from_db()
    assert comment.resolved_by == facilitator and comment.resolved_at is not None
    assert actions().count("review_comment.resolve") == 1


# Publishing ---------------------------------------------------------------------------------


def test_publishing_freezes_a_numbered_dated_version_and_closes_the_round(
    facilitator, journal, introduction
):
    services.review_open(journal=journal, by=facilitator)
    day = datetime.date(2025, 3, 14)
    first = services.publication_publish(journal=journal, number=1, by=facilitator, on=day)
    assert (first.number, first.published_on, first.title) == (1, day, journal.title)
    book = Book.from_json(first.book)
    assert book.edition == 1 and book.date == "2025-03-14"
    assert "Het begon in Altena." in [b.text for c in book.chapters for b in c.blocks]
    journal.refresh_from_db()
    assert not journal.review_open
    # A later edit does not change what was published.
    save(introduction, "Alles anders.", facilitator, version=introduction.version)
    first.refresh_from_db()
    assert Book.from_json(first.book).chapters[0].blocks[0].text == "Het begon in Altena."
    second = services.publication_publish(journal=journal, number=2, by=facilitator)
    assert second.number == 2
    assert actions().count("publication.publish") == 2
    assert "journal_review.close" in actions()


def test_publishing_the_same_number_twice_is_refused(facilitator, journal):
    services.publication_publish(journal=journal, number=1, by=facilitator)
    with pytest.raises(ValidationError) as refused:
        services.publication_publish(journal=journal, number=1, by=facilitator)
    assert refused.value.code == "published"
    with pytest.raises(ValidationError):
        services.publication_publish(journal=journal, number=5, by=facilitator)
    assert Publication.objects.count() == 1


def test_two_publications_at_the_same_moment_give_a_clear_refusal(
    facilitator, journal, monkeypatch
):
    """The second of two publishers who both saw "version 1" as next: the unique
    constraint refuses it, and the refusal is a message, not an error page."""
    Publication.objects.create(
        journal=journal, number=1, title="t", published_on=datetime.date(2025, 1, 1)
    )
    monkeypatch.setattr(services, "next_number", lambda journal: 1)  # both saw 1
    with pytest.raises(ValidationError) as refused:
        services.publication_publish(journal=journal, number=1, by=facilitator)
    assert refused.value.code == "published"
    assert Publication.objects.count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():  # the constraint itself
        Publication.objects.create(
            journal=journal, number=1, title="t", published_on=datetime.date(2025, 1, 1)
        )
