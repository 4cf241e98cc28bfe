"""The voices of the travel report through HTTP, as co-authors and authors use them:
picking words from a session contribution, a review and an observation; one's own words;
changing and removing a voice; and consent — asked, given (with or without a name),
refused, withdrawn — with what compose_book then shows. Also the session's rule for
quoting its anonymous contributions, fixed once input opens.

Anonymous means anonymous: a voice from anonymous input has no author, and no audit
event about it names or copies anything of its writer. Every refusal answers 400 (or
403/404) and stores nothing; the lists cost the same number of queries however many
rows they show.
"""

import datetime
import html
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from samenspel.common.models import AuditEvent
from samenspel.cycles import services as cycle_services
from samenspel.cycles.constants import CycleState
from samenspel.journal import voice_services
from samenspel.journal.compose import compose_book
from samenspel.journal.constants import ChapterKind, Consent, VoiceKind, VoiceSource
from samenspel.journal.models import Chapter, Voice
from samenspel.learning_sessions import services as session_services
from samenspel.learning_sessions.constants import SessionPhase
from samenspel.learning_sessions.models import Participant
from samenspel.programmes.constants import Role
from tests.factories import (
    CycleFactory,
    InitiativeFactory,
    MembershipFactory,
    ProgrammeFactory,
    UserFactory,
)
from tests.journal import make_journal
from tests.sessions import advance_to, plan_session

pytestmark = pytest.mark.django_db

REVIEW_ANSWERS = [
    "We verwachtten dertig bewoners op de avond.",
    "Er kwamen er twaalf, maar die bleven tot het einde en wilden allemaal helpen.",
    "De uitnodiging kwam te laat in de brievenbus.",
    "Vraag bewoners zelf om hun buren uit te nodigen.",
    "Kleine groepen zijn geen mislukking.",
]


def said(text: str, **values: object) -> str:
    """What a page shows for a source string, in Dutch (English until it is translated),
    escaped as a template escapes it."""
    with translation.override("nl"):
        words = translation.gettext(text)
    return html.escape(words % values if values else words)


def url(name, programme, *args):
    return reverse(name, args=[programme.slug, *args])


def voice_blocks(journal):
    with translation.override("nl"):
        book = compose_book(journal)
    return [block for chapter in book.chapters for block in chapter.blocks if block.kind == "voice"]


def book_texts(journal):
    return [block.text for block in voice_blocks(journal)]


@pytest.fixture
def people(member, initiative):
    initiator = member(Role.INITIATOR)
    initiative.initiator_accounts.add(initiator)
    return SimpleNamespace(
        facilitator=member(Role.FACILITATOR),
        ann=member(Role.CIVIL_SERVANT),
        bob=member(Role.CIVIL_SERVANT),
        gov=member(Role.GOVERNANCE),
        initiator=initiator,
    )


@pytest.fixture
def journal(programme, people):
    return make_journal(programme, people.facilitator)


@pytest.fixture
def records(initiative, people):
    """An acting cycle with an initiator's observation, then Ann's review of it."""
    cycle = CycleFactory(initiative=initiative, state=CycleState.ACTING, owner=people.ann)
    observation = cycle_services.observation_add(
        cycle=cycle,
        occurred_on=cycle.starts_on,
        text="De hele straat kwam helpen met schilderen, ook de jongeren.",
        by=people.initiator,
    )
    review = cycle_services.review_record(cycle=cycle, answers=REVIEW_ANSWERS, by=people.ann)
    return SimpleNamespace(cycle=cycle, observation=observation, review=review)


def session_with(programme, people, texts, *, anonymous=True, quotable=False, guest_text=""):
    """A session past silent input: Ann wrote `texts`, and a guest `guest_text`."""
    session = plan_session(
        programme,
        people.facilitator,
        [people.ann, people.bob],
        anonymous=anonymous,
        quotable=quotable,
        title="Leersessie buurtkamer",
    )
    guest = session_services.guest_join(code=session.join_code, display_name="Marja")
    advance_to(session, SessionPhase.INPUT)
    ann = Participant.objects.get(session=session, user=people.ann)
    for text in texts:
        session_services.contribution_add(session=session, participant=ann, question=0, text=text)
    if guest_text:
        session_services.contribution_add(
            session=session, participant=guest, question=1, text=guest_text
        )
    advance_to(session, SessionPhase.GROUPING)
    return session


def pick(client, programme, source, key, text, **extra):
    return client.post(
        url("journal-voice-pick", programme),
        {
            "source": source,
            "key": key,
            "text": text,
            "kind": VoiceKind.QUOTE,
            "nature": "perception",
            "commentary": "",
            "chapter": "",
            "role_label": "",
            **extra,
        },
    )


def review_key(review, index=1):
    return f"{review.pk}:{index}"


def consent(client, programme, voice, answer, named=False, version=None):
    voice.refresh_from_db()
    data = {"answer": answer, "version": version or voice.version}
    if named:
        data["named"] = "on"
    return client.post(url("journal-consent-answer", programme, voice.pk), data)


# Picking from each source ----------------------------------------------------------------


def test_a_facilitator_picks_words_from_a_review_and_its_author_is_asked(
    programme, journal, people, records, client_for
):
    client = client_for(people.facilitator)
    listed = client.get(url("journal-voice-pick", programme), {"source": "review"})
    page = listed.content.decode()
    assert listed.status_code == 200
    assert "maar die bleven tot het einde" in page
    assert "Ambtenaar" in page  # the role label it would get
    assert html.escape(records.cycle.initiative.title) in page
    chosen = client.get(
        url("journal-voice-pick", programme),
        {"source": "review", "key": review_key(records.review)},
    )
    assert chosen.status_code == 200
    assert html.escape(REVIEW_ANSWERS[1]) in chosen.content.decode()  # the form, prefilled

    shortened = "Er kwamen er twaalf … en wilden allemaal helpen."
    response = pick(
        client, programme, "review", review_key(records.review), shortened, commentary="Klein."
    )
    assert response.status_code == 302
    assert response.url == url("journal-voices", programme)
    voice = Voice.objects.get()
    assert (voice.author, voice.consent, voice.source) == (people.ann, Consent.ASKED, "review")
    assert voice.text == shortened and voice.role_label == "Ambtenaar" and not voice.named
    assert voice.added_by == people.facilitator
    assert book_texts(journal) == []  # not before Ann says yes
    event = AuditEvent.objects.get(action="voice.add")
    assert event.actor == people.facilitator
    assert "twaalf" not in str(event.data)


def test_an_initiators_observation_is_shown_by_role_and_area(
    programme, journal, people, records, client_for, area
):
    client = client_for(people.ann)  # a civil servant co-authors too
    page = client.get(url("journal-voice-pick", programme), {"source": "observation"})
    assert f"Initiatiefnemer, {area.name}" in page.content.decode()
    response = pick(
        client,
        programme,
        "observation",
        str(records.observation.pk),
        "De hele straat kwam helpen met schilderen",
    )
    assert response.status_code == 302
    voice = Voice.objects.get()
    assert voice.author == people.initiator and voice.consent == Consent.ASKED
    assert voice.role_label == f"Initiatiefnemer, {area.name}"


def test_a_named_contribution_asks_its_writer(programme, journal, people, client_for):
    session = session_with(
        programme, people, ["Ik durfde eindelijk te zeggen wat ik dacht."], anonymous=False
    )
    contribution = session.contributions.get()
    client = client_for(people.facilitator)
    page = client.get(url("journal-voice-pick", programme)).content.decode()
    assert "Ik durfde eindelijk" in page and "Leersessie buurtkamer" in page
    response = pick(client, programme, "contribution", str(contribution.pk), contribution.text)
    assert response.status_code == 302
    voice = Voice.objects.get()
    assert voice.author == people.ann and voice.consent == Consent.ASKED


def test_an_anonymous_contribution_of_a_quotable_session_follows_the_rule_and_names_nobody(
    programme, journal, people, client_for
):
    words = "Ik voelde me eindelijk gehoord door de gemeente."
    session = session_with(programme, people, [words], quotable=True)
    contribution = session.contributions.get()
    assert contribution.author is None
    client = client_for(people.facilitator)
    page = client.get(url("journal-voice-pick", programme)).content.decode()
    assert html.escape(words) in page
    assert people.ann.name not in page  # nobody is shown as its writer
    response = pick(client, programme, "contribution", str(contribution.pk), words)
    assert response.status_code == 302

    voice = Voice.objects.get()
    assert voice.author is None and not voice.named
    assert voice.consent == Consent.SESSION_RULE
    with translation.override("nl"):
        assert voice.role_label == translation.gettext("Participant in a learning session")
    assert book_texts(journal) == [words]  # no one to ask: the session's rule allows it

    # No trace of the writer in the voice's events: the actor is the one who picked it,
    # and the data copy neither the words nor anything of the participants.
    writers = {people.ann.pk, people.bob.pk}
    for event in AuditEvent.objects.filter(action__startswith="voice."):
        assert event.actor_id not in writers
        blob = str(event.data)
        assert "gehoord" not in blob and str(contribution.pk) not in blob
        assert all(str(value) not in blob for value in (people.ann.name, people.ann.email))

    # A co-author may shorten anonymous words, but never put other words in their mouth.
    edit = url("journal-voice-edit", programme, voice.pk)
    changed = client.post(edit, edit_data(voice, text="Ik voelde me niet gehoord."))
    assert changed.status_code == 400
    voice.refresh_from_db()
    assert voice.text == words
    shorter = client.post(edit, edit_data(voice, text="Ik voelde me … gehoord"))
    assert shorter.status_code == 302
    voice.refresh_from_db()
    assert voice.text == "Ik voelde me … gehoord" and voice.consent == Consent.SESSION_RULE


def test_an_anonymous_contribution_of_a_session_that_did_not_allow_quoting_is_refused(
    programme, journal, people, client_for
):
    words = "Dit wil ik liever niet in een boek zien."
    session = session_with(programme, people, [words], quotable=False)
    contribution = session.contributions.get()
    client = client_for(people.facilitator)
    assert (
        html.escape(words) not in client.get(url("journal-voice-pick", programme)).content.decode()
    )
    response = pick(client, programme, "contribution", str(contribution.pk), words)
    assert response.status_code == 400
    assert (
        said(
            "This session did not allow quoting its anonymous contributions. "
            "Its contributions without a name cannot be quoted."
        )
        in response.content.decode()
    )
    assert not Voice.objects.exists()
    assert not AuditEvent.objects.filter(action="voice.add").exists()


def test_a_guests_contribution_counts_as_anonymous(programme, journal, people, client_for):
    closed = session_with(
        programme, people, [], anonymous=False, quotable=False, guest_text="Gast: mooi gedaan."
    )
    client = client_for(people.facilitator)
    key = str(closed.contributions.get().pk)
    assert pick(client, programme, "contribution", key, "mooi gedaan").status_code == 400
    assert not Voice.objects.exists()

    open_ = session_with(
        programme, people, [], anonymous=False, quotable=True, guest_text="Gast: heel fijn."
    )
    key = str(open_.contributions.get().pk)
    assert pick(client, programme, "contribution", key, "heel fijn").status_code == 302
    voice = Voice.objects.get()
    assert voice.author is None and voice.consent == Consent.SESSION_RULE
    assert "Marja" not in voice.role_label


def test_the_sources_are_searched_and_filtered_by_initiative(
    programme, journal, people, records, client_for
):
    other = CycleFactory(
        initiative=InitiativeFactory(programme=programme, title="Speeltuin"),
        state=CycleState.ACTING,
        owner=people.ann,
    )
    answers = ["In het café", "Ideeën van “buren”", "Niets", "Niets", "Niets"]
    cycle_services.review_record(cycle=other, answers=answers, by=people.ann)
    client = client_for(people.facilitator)
    pick_url = url("journal-voice-pick", programme)

    def shown(**params):
        page = client.get(pick_url, {"source": "review", **params})
        assert page.status_code == 200
        return page.content.decode()

    found = shown(q="café")
    assert "In het café" in found and "twaalf" not in found
    assert "Ideeën" in shown(q="ideeën") and html.escape("“buren”") in shown(q="“buren”")
    only = shown(q="twaalf")
    assert "maar die bleven" in only and "dertig bewoners" not in only  # matching answers
    mine = shown(initiative=records.cycle.initiative_id)
    assert "twaalf" in mine and "café" not in mine
    # Nonsense in the filters shows the defaults, never an error.
    assert (
        client.get(pick_url, {"source": "x", "initiative": "abc", "page": "-1"}).status_code == 200
    )


def test_contributions_cannot_be_picked_during_silent_input(programme, journal, people, client_for):
    session = plan_session(
        programme, people.facilitator, [people.ann], anonymous=False, title="Nu bezig"
    )
    advance_to(session, SessionPhase.INPUT)
    contribution = session_services.contribution_add(
        session=session,
        participant=Participant.objects.get(session=session, user=people.ann),
        question=0,
        text="Nog geheim tijdens het schrijven.",
    )
    client = client_for(people.facilitator)
    assert "Nog geheim" not in client.get(url("journal-voice-pick", programme)).content.decode()
    response = pick(client, programme, "contribution", str(contribution.pk), "Nog geheim")
    assert response.status_code == 400
    assert not Voice.objects.exists()


def test_a_review_held_in_a_session_is_not_offered(programme, journal, people, records):
    records.review.held_in = "Leersessie"
    records.review.save(update_fields=["held_in"])
    with pytest.raises(ValidationError):
        voice_services.voice_add_from_source(
            journal=journal,
            source=VoiceSource.REVIEW,
            key=review_key(records.review),
            text="Kleine groepen",
            by=people.facilitator,
        )
    assert not Voice.objects.exists()


def test_picked_words_must_be_the_sources_words(programme, journal, people, records, client_for):
    client = client_for(people.facilitator)
    key = review_key(records.review)
    added = pick(client, programme, "review", key, "Er kwamen er twaalf en het was een flop.")
    assert added.status_code == 400
    assert (
        said(
            "Use the words of the source. You may leave parts out: "
            "mark a gap with … . Put your own words in the commentary."
        )
        in added.content.decode()
    )
    assert not Voice.objects.exists()
    # Case, spacing and punctuation at the ends do not count; parts may be left out.
    ok = pick(client, programme, "review", key, "“er kwamen er   twaalf …  allemaal helpen”")
    assert ok.status_code == 302


@pytest.mark.parametrize(
    "change",
    [
        {"text": ""},
        {"text": "   "},
        {"text": "x" * 5001},
        {"kind": "poem"},
        {"nature": "feeling"},
        {"chapter": "999999"},
        {"role_label": "r" * 121},
        {"source": "coaching"},
        {"key": "not-a-key"},
        {"key": ""},
    ],
)
def test_bad_input_is_refused_and_nothing_stored(
    programme, journal, people, records, client_for, change
):
    data = {"source": "review", "key": review_key(records.review), "text": "Kleine groepen"}
    data.update(change)
    response = pick(client_for(people.facilitator), programme, **data)
    assert response.status_code == 400
    assert not Voice.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="voice.").exists()


def test_another_programmes_source_is_not_found(programme, journal, people, client_for):
    other = ProgrammeFactory()
    stranger = MembershipFactory(programme=other, role=Role.CIVIL_SERVANT).user
    cycle = CycleFactory(
        initiative=InitiativeFactory(programme=other), state=CycleState.ACTING, owner=stranger
    )
    review = cycle_services.review_record(cycle=cycle, answers=REVIEW_ANSWERS, by=stranger)
    client = client_for(people.facilitator)
    listed = client.get(url("journal-voice-pick", programme), {"source": "review"})
    assert "dertig bewoners" not in listed.content.decode()
    asked = client.get(
        url("journal-voice-pick", programme), {"source": "review", "key": review_key(review)}
    )
    assert asked.status_code == 404
    response = pick(client, programme, "review", review_key(review), REVIEW_ANSWERS[1])
    assert response.status_code == 400
    assert not Voice.objects.exists()


# Consent -----------------------------------------------------------------------------------


@pytest.fixture
def asked(programme, journal, people, records, client_for):
    """Ann's review answer, picked by the facilitator: Ann is asked."""
    pick(
        client_for(people.facilitator),
        programme,
        "review",
        review_key(records.review, 4),
        REVIEW_ANSWERS[4],
    )
    return Voice.objects.get()


def test_consent_given_shows_the_words_by_role_then_withdrawn_takes_them_out(
    programme, journal, people, asked, client_for
):
    client = client_for(people.ann)
    mine = client.get(url("journal-consent", programme))
    page = mine.content.decode()
    assert mine.status_code == 200
    assert html.escape(REVIEW_ANSWERS[4]) in page
    assert said("What consent means") in page
    assert "Stemmen" in page or said("Voices") in page  # where it will appear

    assert consent(client, programme, asked, "give").status_code == 302
    asked.refresh_from_db()
    assert asked.consent == Consent.GIVEN and not asked.named
    (block,) = voice_blocks(journal)
    assert block.text == REVIEW_ANSWERS[4]
    assert block.meta["attribution"] == "Ambtenaar"
    assert people.ann.name not in str(block)

    assert consent(client, programme, asked, "give", named=True).status_code == 302
    (block,) = voice_blocks(journal)
    assert block.meta["attribution"] == f"{people.ann.name}, Ambtenaar"

    assert consent(client, programme, asked, "withdraw").status_code == 302
    asked.refresh_from_db()
    assert asked.consent == Consent.WITHDRAWN and not asked.named
    assert book_texts(journal) == []
    events = AuditEvent.objects.filter(action="voice.consent", target_id=asked.pk)
    assert [e.data["to"] for e in events] == ["given", "given", "withdrawn"]
    assert {e.actor for e in events} == {people.ann}


def test_consent_refused_never_shows_the_words(programme, journal, people, asked, client_for):
    client = client_for(people.ann)
    assert consent(client, programme, asked, "refuse").status_code == 302
    asked.refresh_from_db()
    assert asked.consent == Consent.REFUSED
    assert book_texts(journal) == []
    # A reader who is neither the author nor a co-author no longer reads them on the list.
    listed = client_for(people.gov).get(url("journal-voices", programme)).content.decode()
    assert html.escape(REVIEW_ANSWERS[4]) not in listed
    # Refusing twice, or withdrawing what was never given, is refused.
    assert consent(client, programme, asked, "withdraw").status_code == 400
    asked.refresh_from_db()
    assert asked.consent == Consent.REFUSED


def test_only_the_author_answers(programme, journal, people, asked, client_for):
    for someone in (people.bob, people.facilitator, people.gov):
        response = consent(client_for(someone), programme, asked, "give")
        assert response.status_code == 404
        page = client_for(someone).get(url("journal-consent", programme)).content.decode()
        assert html.escape(REVIEW_ANSWERS[4]) not in page
    stranger = client_for(UserFactory())
    assert consent(stranger, programme, asked, "give").status_code == 404
    asked.refresh_from_db()
    assert asked.consent == Consent.ASKED
    with pytest.raises(ValidationError):
        voice_services.voice_consent(
            voice=asked, by=people.bob, answer=Consent.GIVEN, expected_version=asked.version
        )
    assert not AuditEvent.objects.filter(action="voice.consent").exists()


def edit_data(voice, **change):
    voice.refresh_from_db()
    return {
        "text": voice.text,
        "commentary": voice.commentary,
        "kind": voice.kind,
        "nature": voice.nature,
        "chapter": voice.chapter_id or "",
        "role_label": voice.role_label,
        "position": voice.position,
        "version": voice.version,
        **change,
    }


def test_a_co_author_changing_the_words_asks_the_author_again(
    programme, journal, people, asked, client_for
):
    assert consent(client_for(people.ann), programme, asked, "give", named=True).status_code == 302
    editor = client_for(people.facilitator)
    edit = url("journal-voice-edit", programme, asked.pk)
    assert editor.get(edit).status_code == 200
    # The commentary is the writers' own: changing it asks nobody.
    assert editor.post(edit, edit_data(asked, commentary="Wij zien dit ook.")).status_code == 302
    asked.refresh_from_db()
    assert asked.consent == Consent.GIVEN and asked.named
    # The words are Ann's: changing them asks her again, and her name is off until then.
    response = editor.post(edit, edit_data(asked, text="Kleine groepen zijn prima."))
    assert response.status_code == 302
    asked.refresh_from_db()
    assert asked.consent == Consent.ASKED and not asked.named
    assert book_texts(journal) == []
    event = AuditEvent.objects.filter(action="voice.update").last()
    assert event.data["asked_again"] is True and "prima" not in str(event.data)


def test_an_answer_to_words_that_changed_meanwhile_is_refused(
    programme, journal, people, asked, client_for
):
    read_version = asked.version
    editor = client_for(people.facilitator)
    edit = url("journal-voice-edit", programme, asked.pk)
    editor.post(edit, edit_data(asked, text="Kleine groepen zijn geen ramp."))
    response = consent(client_for(people.ann), programme, asked, "give", version=read_version)
    assert response.status_code == 400
    assert "Kleine groepen zijn geen ramp." in response.content.decode()  # the new words
    asked.refresh_from_db()
    assert asked.consent == Consent.ASKED


def test_a_stale_edit_is_refused(programme, journal, people, asked, client_for):
    editor = client_for(people.facilitator)
    edit = url("journal-voice-edit", programme, asked.pk)
    old = edit_data(asked)
    assert editor.post(edit, {**old, "commentary": "Eerste."}).status_code == 302
    stale = editor.post(edit, {**old, "commentary": "Tweede."})
    assert stale.status_code == 400
    asked.refresh_from_db()
    assert asked.commentary == "Eerste."


def test_a_voice_is_placed_in_a_chapter_and_removed_after_a_confirmation(
    programme, journal, people, asked, client_for
):
    consent(client_for(people.ann), programme, asked, "give")
    chapter = Chapter.objects.get(journal=journal, kind=ChapterKind.WRITTEN, position=1)
    editor = client_for(people.facilitator)
    edit = url("journal-voice-edit", programme, asked.pk)
    assert editor.post(edit, edit_data(asked, chapter=chapter.pk)).status_code == 302
    with translation.override("nl"):
        book = compose_book(journal)
    placed = next(c for c in book.chapters if c.key == f"c{chapter.pk}")
    assert [b.text for b in placed.blocks if b.kind == "voice"] == [REVIEW_ANSWERS[4]]

    delete = url("journal-voice-delete", programme, asked.pk)
    confirm = editor.get(delete)
    assert confirm.status_code == 200 and said("Yes, remove it") in confirm.content.decode()
    assert Voice.objects.exists()
    assert editor.post(delete).status_code == 302
    assert not Voice.objects.exists()
    assert AuditEvent.objects.filter(action="voice.delete", actor=people.facilitator).exists()


# One's own words ---------------------------------------------------------------------------


def test_a_member_writes_their_own_story_and_chooses_to_be_named(
    programme, journal, people, client_for, area
):
    client = client_for(people.initiator)
    page = client.get(url("journal-voice-add", programme)).content.decode()
    assert f"Initiatiefnemer, {area.name}" in page
    response = client.post(
        url("journal-voice-add", programme),
        {
            "text": "Wij wilden het gewoon zelf doen.",
            "kind": "story",
            "nature": "reflection",
            "named": "on",
        },
    )
    assert response.status_code == 302
    voice = Voice.objects.get()
    assert voice.author == people.initiator and voice.consent == Consent.GIVEN and voice.named
    assert voice.source == VoiceSource.OWN
    (block,) = voice_blocks(journal)
    assert block.meta["attribution"] == f"{people.initiator.name}, Initiatiefnemer, {area.name}"
    # A governance member writes their own words too, but picks no one else's.
    gov = client_for(people.gov)
    assert gov.get(url("journal-voice-add", programme)).status_code == 200
    assert gov.get(url("journal-voice-pick", programme)).status_code == 403


def test_own_words_that_are_empty_are_refused(programme, journal, people, client_for):
    response = client_for(people.ann).post(
        url("journal-voice-add", programme), {"text": "  ", "kind": "quote", "nature": "fact"}
    )
    assert response.status_code == 400
    assert not Voice.objects.exists()


# Who sees and does what ------------------------------------------------------------------------


def test_members_read_the_voices_in_two_columns_and_only_co_authors_change_them(
    programme, journal, people, asked, client_for
):
    asked.commentary = "Dit zagen we vaker."
    asked.save(update_fields=["commentary"])
    reader = client_for(people.gov)
    page = reader.get(url("journal-voices", programme))
    text = page.content.decode()
    assert page.status_code == 200
    assert html.escape(REVIEW_ANSWERS[4]) in text and "Dit zagen we vaker." in text
    assert said("Commentary of the writers") in text
    assert url("journal-voice-edit", programme, asked.pk) not in text
    assert reader.get(url("journal-voice-edit", programme, asked.pk)).status_code == 403
    assert reader.post(url("journal-voice-delete", programme, asked.pk)).status_code == 403
    assert Voice.objects.exists()
    writer = client_for(people.facilitator).get(url("journal-voices", programme)).content.decode()
    assert url("journal-voice-edit", programme, asked.pk) in writer
    outsider = client_for(UserFactory())
    assert outsider.get(url("journal-voices", programme)).status_code == 404


def test_another_programmes_voice_is_not_found(programme, journal, people, client_for):
    other = ProgrammeFactory()
    owner = MembershipFactory(programme=other, role=Role.FACILITATOR).user
    other_journal = make_journal(other, owner)
    foreign = voice_services.voice_add_own(journal=other_journal, by=owner, text="Elders.")
    client = client_for(people.facilitator)
    assert client.get(url("journal-voice-edit", programme, foreign.pk)).status_code == 404
    assert client.post(url("journal-voice-delete", programme, foreign.pk)).status_code == 404
    assert Voice.objects.filter(pk=foreign.pk).exists()


def test_a_programme_without_a_travel_report_has_no_voices_pages(programme, people, client_for):
    assert client_for(people.facilitator).get(url("journal-voices", programme)).status_code == 404


# My work ----------------------------------------------------------------------------------


def test_my_work_says_how_many_quotes_wait_for_my_consent(
    programme, journal, people, asked, records, client_for
):
    pick(
        client_for(people.facilitator),
        programme,
        "review",
        review_key(records.review, 3),
        REVIEW_ANSWERS[3],
    )
    client = client_for(people.ann)
    page = client.get(reverse("my-work")).content.decode()
    assert url("journal-consent", programme) in page
    with translation.override("nl"):
        expected = translation.ngettext(
            "%(counter)s quote in %(programme)s waits for your answer",
            "%(counter)s quotes in %(programme)s wait for your answer",
            2,
        ) % {"counter": 2, "programme": programme.name}
    assert html.escape(expected) in page
    consent(client, programme, asked, "give")
    voice = Voice.objects.exclude(pk=asked.pk).get()
    consent(client, programme, voice, "refuse")
    assert url("journal-consent", programme) not in client.get(reverse("my-work")).content.decode()
    # Bob is asked nothing.
    assert url("journal-consent", programme) not in (
        client_for(people.bob).get(reverse("my-work")).content.decode()
    )


# The session's rule ----------------------------------------------------------------------------


def test_the_rule_is_set_when_planning_and_fixed_once_input_opens(programme, people, client_for):
    client = client_for(people.facilitator)
    session = plan_session(programme, people.facilitator, [people.ann])
    assert not session.quotable
    edit = reverse("session-edit", args=[programme.slug, session.pk])
    data = {
        "title": session.title,
        "date": timezone.localtime(session.starts_at).date().isoformat(),
        "starts": "10:00",
        "ends": "11:00",
        "place": "",
        "anonymity": "anonymous",
        "votes_per_person": "3",
    }
    page = client.get(edit).content.decode()
    assert 'name="quotable"' in page
    assert client.post(edit, {**data, "quotable": "yes"}).status_code == 302
    session.refresh_from_db()
    assert session.quotable
    detail = client.get(reverse("session-detail", args=[programme.slug, session.pk]))
    assert (
        said("Anonymous contributions may be quoted in the travel report, without a name.")
        in detail.content.decode()
    )

    advance_to(session, SessionPhase.INPUT)
    page = client.get(edit).content.decode()
    assert said("Silent writing has started: this can no longer change.") in page
    refused = client.post(edit, {**data, "quotable": "no"})
    assert refused.status_code == 400
    assert (
        said(
            "Whether anonymous contributions may be quoted is chosen before input opens; "
            "it cannot change now."
        )
        in refused.content.decode()
    )
    session.refresh_from_db()
    assert session.quotable
    # Without the disabled field, the rest of the plan still changes and the rule stays.
    assert client.post(edit, {**data, "place": "Raadzaal"}).status_code == 302
    session.refresh_from_db()
    assert session.quotable and session.place == "Raadzaal"


def test_a_new_session_can_be_planned_quotable(programme, people, client_for):
    day = session_day()
    response = client_for(people.facilitator).post(
        reverse("session-create", args=[programme.slug]),
        {
            "kind": "team",
            "title": "Open avond",
            "date": day,
            "starts": "19:30",
            "ends": "21:30",
            "place": "",
            "facilitator": people.facilitator.pk,
            "anonymity": "anonymous",
            "quotable": "yes",
            "votes_per_person": "3",
        },
    )
    assert response.status_code == 302
    assert session_services.LearningSession.objects.get(title="Open avond").quotable


def session_day():
    return (timezone.localdate() + datetime.timedelta(days=7)).isoformat()


@pytest.mark.parametrize(
    ("anonymous", "quotable", "expected"),
    [
        (True, True, "Your contributions may be quoted in the travel report, without your name."),
        (True, False, "Your contributions are not quoted in the travel report."),
        (
            False,
            False,
            "You are asked for consent before your words appear in the travel report.",
        ),
    ],
)
def test_the_room_tells_participants_the_rule_while_they_write(
    programme, people, client_for, anonymous, quotable, expected
):
    session = plan_session(
        programme, people.facilitator, [people.ann], anonymous=anonymous, quotable=quotable
    )
    advance_to(session, SessionPhase.INPUT)
    page = client_for(people.ann).get(reverse("room", args=[session.pk])).content.decode()
    assert said(expected) in page


# Queries ------------------------------------------------------------------------------------


def queries(client, address, params=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(address, params or {})
    assert response.status_code == 200
    return len(captured)


def test_the_lists_cost_the_same_however_many_rows(
    programme, journal, people, initiative, client_for
):
    client = client_for(people.facilitator)
    ann = client_for(people.ann)

    def add_rows(count):
        for index in range(count):
            member = MembershipFactory(programme=programme, role=Role.INITIATOR).user
            initiative.initiator_accounts.add(member)
            cycle = CycleFactory(initiative=initiative, state=CycleState.ACTING, owner=people.ann)
            cycle_services.observation_add(
                cycle=cycle, occurred_on=cycle.starts_on, text=f"Waarneming {index}", by=member
            )
            cycle_services.review_record(cycle=cycle, answers=REVIEW_ANSWERS, by=people.ann)
            voice = voice_services.voice_add_own(journal=journal, by=member, text=f"Eigen {index}")
            voice.author = people.ann
            voice.consent = Consent.ASKED
            voice.save(update_fields=["author", "consent"])
        session_with(programme, people, [f"Bijdrage {i}" for i in range(count)], anonymous=False)

    pages = [
        (url("journal-voices", programme), None, client),
        (url("journal-voice-pick", programme), {"source": "contribution"}, client),
        (url("journal-voice-pick", programme), {"source": "review"}, client),
        (url("journal-voice-pick", programme), {"source": "observation"}, client),
        (url("journal-consent", programme), None, ann),
        (reverse("my-work"), None, ann),
    ]
    add_rows(2)
    few = [queries(c, address, params) for address, params, c in pages]
    add_rows(8)
    many = [queries(c, address, params) for address, params, c in pages]
    assert few == many


def test_withdrawing_consent_deletes_the_files_of_the_draft(client_for):
    """A file made of the draft while the quote had consent is not left to download."""
    from samenspel.journal import rendering_services, voice_services
    from samenspel.journal.models import Rendering
    from tests.factories import MembershipFactory, ProgrammeFactory
    from tests.journal import make_journal

    programme = ProgrammeFactory()
    facilitator = MembershipFactory(programme=programme, role=Role.FACILITATOR).user
    author = MembershipFactory(programme=programme, role=Role.CIVIL_SERVANT).user
    journal = make_journal(programme, facilitator)
    voice = voice_services.voice_add_own(journal=journal, by=author, text="Eerst luisteren.")
    made = rendering_services.rendering_request(journal=journal, fmt="md", by=facilitator)
    rendering_services.rendering_run(rendering_id=made.pk)
    assert b"Eerst luisteren." in Rendering.objects.get(pk=made.pk).content
    url = reverse("journal-rendering-download", args=[programme.slug, made.pk])
    assert client_for(facilitator).get(url).status_code == 200

    voice_services.voice_consent(
        voice=voice, by=author, answer=Consent.WITHDRAWN, expected_version=voice.version
    )
    assert not Rendering.objects.filter(pk=made.pk).exists()
    assert client_for(facilitator).get(url).status_code == 404


def test_a_voice_placed_in_a_generated_chapter_stands_there():
    """Placed in any chapter, a consented voice appears after that chapter's content."""
    from samenspel.journal import voice_services
    from tests.factories import MembershipFactory, ProgrammeFactory
    from tests.journal import make_journal

    programme = ProgrammeFactory()
    facilitator = MembershipFactory(programme=programme, role=Role.FACILITATOR).user
    author = MembershipFactory(programme=programme, role=Role.CIVIL_SERVANT).user
    journal = make_journal(programme, facilitator)
    timeline = journal.chapters.get(kind=ChapterKind.TIMELINE)
    voice = voice_services.voice_add_own(journal=journal, by=author, text="De reis was lang.")
    voice_services.voice_update(
        voice=voice,
        by=facilitator,
        expected_version=voice.version,
        text=voice.text,
        commentary="",
        kind=voice.kind,
        nature=voice.nature,
        chapter=timeline,
        role_label=voice.role_label,
        position=voice.position,
    )
    with translation.override("nl"):
        book = compose_book(journal)
    placed = {c.kind: [b.text for b in c.blocks if b.kind == "voice"] for c in book.chapters}
    assert placed[ChapterKind.TIMELINE] == ["De reis was lang."]
    assert placed[ChapterKind.VOICES] == []


def _journal_with_own_voice(named=False):
    from samenspel.journal import rendering_services
    from tests.factories import MembershipFactory, ProgrammeFactory
    from tests.journal import make_journal

    programme = ProgrammeFactory()
    facilitator = MembershipFactory(programme=programme, role=Role.FACILITATOR).user
    author = MembershipFactory(programme=programme, role=Role.CIVIL_SERVANT).user
    journal = make_journal(programme, facilitator)
    voice = voice_services.voice_add_own(
        journal=journal, by=author, text="Eerst luisteren.", named=named
    )
    made = rendering_services.rendering_request(journal=journal, fmt="md", by=facilitator)
    rendering_services.rendering_run(rendering_id=made.pk)
    return programme, facilitator, author, journal, voice, made


def test_no_longer_named_deletes_the_files_that_show_the_name():
    from samenspel.journal.models import Rendering

    _, _, author, _, voice, made = _journal_with_own_voice(named=True)
    assert author.name.encode() in Rendering.objects.get(pk=made.pk).content
    voice_services.voice_consent(
        voice=voice, by=author, answer=Consent.GIVEN, expected_version=voice.version, named=False
    )
    assert not Rendering.objects.filter(pk=made.pk).exists()


def _edit(voice, by, **changes):
    values = {
        "text": voice.text,
        "commentary": voice.commentary,
        "kind": voice.kind,
        "nature": voice.nature,
        "chapter": voice.chapter,
        "role_label": voice.role_label,
        "position": voice.position,
        **changes,
    }
    return voice_services.voice_update(voice=voice, by=by, expected_version=voice.version, **values)


def test_a_co_authors_change_asks_again_and_deletes_the_drafts_files():
    from samenspel.journal.models import Rendering

    _, facilitator, _, _, voice, made = _journal_with_own_voice()
    voice = _edit(voice, facilitator, role_label="Ambtenaar in Altena")
    assert voice.consent == Consent.ASKED
    assert not Rendering.objects.filter(pk=made.pk).exists()


def test_a_refusal_stands_when_a_co_author_changes_the_words():
    _, facilitator, author, _, voice, _ = _journal_with_own_voice()
    voice = voice_services.voice_consent(
        voice=voice, by=author, answer=Consent.WITHDRAWN, expected_version=voice.version
    )
    voice = _edit(voice, facilitator, role_label="Iemand anders")
    assert voice.consent == Consent.WITHDRAWN


@pytest.mark.parametrize("key", ["%C2%B2", "%C2%B2:1", "9" * 5000])
@pytest.mark.parametrize("source", ["observation", "review", "contribution"])
def test_picking_with_a_key_that_is_no_number_is_not_found(client_for, source, key):
    programme, facilitator, _, _, _, _ = _journal_with_own_voice()
    address = reverse("journal-voice-pick", args=[programme.slug])
    response = client_for(facilitator).get(f"{address}?source={source}&key={key}")
    assert response.status_code == 404


def test_the_words_of_a_session_in_silent_input_are_not_shown_on_the_pick_form(client_for):
    """A contribution nobody has read yet is not offered, not even by its address."""
    from tests.factories import MembershipFactory, ProgrammeFactory
    from tests.journal import make_journal
    from tests.sessions import advance_to, plan_session

    programme = ProgrammeFactory()
    facilitator = MembershipFactory(programme=programme, role=Role.FACILITATOR).user
    writer = MembershipFactory(programme=programme, role=Role.CIVIL_SERVANT).user
    make_journal(programme, facilitator)
    session = advance_to(plan_session(programme, facilitator, [writer], anonymous=False), "input")
    participant = Participant.objects.get(session=session, user=writer)
    contribution = session_services.contribution_add(
        session=session, participant=participant, question=0, text="Nog niemand las dit."
    )
    address = reverse("journal-voice-pick", args=[programme.slug])
    response = client_for(facilitator).get(f"{address}?source=contribution&key={contribution.pk}")
    assert response.status_code == 404
    assert "Nog niemand las dit." not in response.content.decode()
