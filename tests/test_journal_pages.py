"""The travel report's pages through HTTP: the overview (empty state and start), the
settings (Dutch dates, version), the draft, the chapters (add, edit, preview, move,
delete), the review round (open, comment per paragraph, handle, comments on text that
changed since), publishing (checklist, numbered, never twice), the published versions,
comparing two versions, and the public pages.

Every page is visited by the roles that may see it, and refused (403) to those that may
not; another programme's members get 404, and so does anyone for a report that is not
public. Every refusal answers 400 (409 for a stale chapter) and stores nothing. THE
CONCURRENT EDIT: two co-authors open one chapter, A saves, B's save is refused and
shows both versions; B merges and saves; both additions are in the text.
"""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from samenspel.common.models import AuditEvent
from samenspel.journal import services
from samenspel.journal.compose import compose_book
from samenspel.journal.constants import ChapterKind, Consent
from samenspel.journal.models import Chapter, Journal, Publication, ReviewComment, Voice
from samenspel.programmes.constants import Role
from tests.factories import MembershipFactory
from tests.journal import make_journal

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def url(name, programme, *args):
    return reverse(name, args=[programme.slug, *args])


def nl(message, **values):
    """A message as the Dutch page shows it (escaped, as in the HTML)."""
    with translation.override("nl"):
        text = translation.gettext(message)
    return escape(text % values if values else text)


def html(response):
    return response.content.decode()


@pytest.fixture
def journal(programme, facilitator):
    return make_journal(programme, facilitator)


def written(journal, index=0):
    return list(
        Chapter.objects.filter(journal=journal, kind=ChapterKind.WRITTEN).order_by("position")
    )[index]


def write(chapter, body, by, title=None):
    chapter.refresh_from_db()
    return services.chapter_update(
        chapter=chapter,
        title=title or chapter.title,
        body=body,
        included=True,
        expected_version=chapter.version,
        by=by,
    )


@pytest.fixture
def introduction(journal, facilitator):
    return write(written(journal), "Het begon in Altena.\n\nToen kwam de fusie.", facilitator)


def version_in(page):
    return int(re.search(r'name="version" value="(\d+)"', page)[1])


def textarea(page, name="body"):
    match = re.search(rf'<textarea name="{name}"[^>]*>(.*?)</textarea>', page, re.S)
    return match[1] if match else ""


def first_key(journal, chapter):
    book = compose_book(journal)
    return next(c for c in book.chapters if c.key == f"c{chapter.pk}").blocks[0].key


# Who may see what ---------------------------------------------------------------------------

READ = ["journal", "journal-draft", "journal-review", "journal-compare"]
WRITE = ["journal-chapter-add"]
MANAGE = ["journal-settings", "journal-publish"]


@pytest.mark.parametrize(
    ("role", "writes", "manages"),
    [
        (Role.FACILITATOR, True, True),
        (Role.ADMINISTRATOR, True, True),
        (Role.CIVIL_SERVANT, True, False),
        (Role.INITIATOR, True, False),
        (Role.PARTNER, True, False),
        (Role.GOVERNANCE, False, False),
    ],
)
def test_every_page_answers_each_role_as_its_rights_say(
    programme, client_for, member, journal, introduction, facilitator, role, writes, manages
):
    services.publication_publish(journal=journal, number=1, by=facilitator)
    client = client_for(member(role))
    for name in READ:
        assert client.get(url(name, programme)).status_code == 200, name
    assert client.get(url("journal-publication", programme, 1)).status_code == 200
    edit = url("journal-chapter-edit", programme, introduction.pk)
    delete = url("journal-chapter-delete", programme, introduction.pk)
    assert client.get(edit).status_code == (200 if writes else 403)
    for name in WRITE:
        assert client.get(url(name, programme)).status_code == (200 if writes else 403), name
    for name in MANAGE:
        assert client.get(url(name, programme)).status_code == (200 if manages else 403), name
    assert client.get(delete).status_code == (200 if manages else 403)


def test_a_site_administrator_who_is_no_member_manages_but_does_not_comment(
    programme, client_for, administrator, journal, introduction, facilitator
):
    services.review_open(journal=journal, by=facilitator)
    client = client_for(administrator)
    for name in READ + WRITE + MANAGE:
        assert client.get(url(name, programme)).status_code == 200, name
    page = html(client.get(url("journal-review", programme)))
    assert 'name="paragraph"' not in page  # no role, so no voice in the round
    response = client.post(
        url("journal-comment-add", programme),
        {"chapter": introduction.pk, "paragraph": first_key(journal, introduction), "text": "Hm"},
    )
    assert response.status_code == 403
    assert not ReviewComment.objects.exists()


def test_strangers_get_404_and_visitors_the_log_in(programme, client_for, journal, introduction):
    stranger = MembershipFactory(role=Role.FACILITATOR).user
    pages = [url(name, programme) for name in READ + WRITE + MANAGE]
    pages.append(url("journal-chapter-edit", programme, introduction.pk))
    for page in pages:
        assert client_for(stranger).get(page).status_code == 404, page
        response = client_for(None).get(page)
        assert response.status_code == 302 and "/accounts/login/" in response.url, page
    assert client_for(stranger).post(url("journal-start", programme)).status_code == 404


def test_another_reports_chapter_is_not_found(programme, client_for, facilitator, journal):
    from tests.factories import ProgrammeFactory

    other = make_journal(ProgrammeFactory(), facilitator)
    chapter = Chapter.objects.filter(journal=other).first()
    client = client_for(facilitator)
    for name in ("journal-chapter-edit", "journal-chapter-delete"):
        assert client.get(url(name, programme, chapter.pk)).status_code == 404
    assert client.post(url("journal-chapter-move", programme, chapter.pk)).status_code == 404
    assert client.get(url("journal-publication", programme, 7)).status_code == 404


# The overview and starting ------------------------------------------------------------------


def test_before_the_start_members_see_an_empty_state_and_managers_a_button(
    programme, client_for, facilitator, civil_servant
):
    member_page = html(client_for(civil_servant).get(url("journal", programme)))
    assert nl("This programme has no travel report yet.") in member_page
    assert url("journal-start", programme) not in member_page
    assert client_for(civil_servant).post(url("journal-start", programme)).status_code == 403
    assert not Journal.objects.exists()
    # Pages of a report that does not exist yet lead to the overview.
    draft = client_for(civil_servant).get(url("journal-draft", programme))
    assert draft.status_code == 302 and draft.url == url("journal", programme)

    client = client_for(facilitator)
    page = html(client.get(url("journal", programme)))
    assert url("journal-start", programme) in page
    assert client.get(url("journal-start", programme)).status_code == 405
    response = client.post(url("journal-start", programme))
    assert response.status_code == 302 and response.url == url("journal", programme)
    journal = Journal.objects.get(programme=programme)
    assert journal.chapters.count() == 10
    assert client.post(url("journal-start", programme)).status_code == 302  # once only
    assert Journal.objects.count() == 1
    assert AuditEvent.objects.filter(action="journal.start").count() == 1


def test_the_overview_shows_chapters_review_and_versions(
    programme, client_for, facilitator, member, journal, introduction
):
    services.publication_publish(journal=journal, number=1, by=facilitator)
    services.review_open(journal=journal, by=facilitator)
    services.comment_add(
        journal=journal,
        chapter=introduction,
        paragraph=first_key(journal, introduction),
        text="Welk jaar?",
        by=facilitator,
    )
    page = html(client_for(facilitator).get(url("journal", programme)))
    titles = [c.title for c in journal.chapters.order_by("position")]
    table = page[page.index('id="chapters-heading"') :]
    positions = [table.index(f">{escape(title)}</a>") for title in titles]
    assert positions == sorted(positions)  # in the report's order
    assert url("journal-chapter-edit", programme, introduction.pk) in page
    assert url("journal-chapter-move", programme, introduction.pk) in page
    assert url("journal-voices", programme) in page
    assert url("journal-draft", programme) in page
    assert url("journal-settings", programme) in page
    assert url("journal-publication", programme, 1) in page
    assert f"{url('journal-compare', programme)}?from=1&amp;to=draft" in page
    assert escape(introduction.updated_by.name) in page
    reader = html(client_for(member(Role.GOVERNANCE)).get(url("journal", programme)))
    assert url("journal-chapter-edit", programme, introduction.pk) not in reader
    assert url("journal-chapter-move", programme, introduction.pk) not in reader
    assert url("journal-settings", programme) not in reader


def test_the_published_versions_are_paginated(
    programme, client_for, facilitator, journal, settings
):
    settings.SAMENSPEL_PAGE_SIZE = 3
    for number in range(1, 6):
        services.publication_publish(journal=journal, number=number, by=facilitator)
    client = client_for(facilitator)
    first = html(client.get(url("journal", programme)))
    assert url("journal-publication", programme, 5) in first
    assert url("journal-publication", programme, 2) not in first
    second = html(client.get(url("journal", programme) + "?page=2"))
    assert url("journal-publication", programme, 2) in second
    assert client.get(url("journal", programme) + "?page=x").status_code == 200


# Settings -----------------------------------------------------------------------------------


def settings_data(journal, **changes):
    return {
        "title": "Reisverslag van Altena",
        "subtitle": "Samen op weg",
        "covers_from": "14-3-2016",
        "covers_until": "31-12-2019",
        "public": "on",
        "version": journal.version,
        **changes,
    }


def test_the_settings_take_dutch_dates_and_their_version(
    programme, client_for, facilitator, journal
):
    client = client_for(facilitator)
    page = html(client.get(url("journal-settings", programme)))
    assert version_in(page) == 1
    response = client.post(url("journal-settings", programme), settings_data(journal))
    assert response.status_code == 302
    journal.refresh_from_db()
    assert (journal.title, str(journal.covers_from), journal.public) == (
        "Reisverslag van Altena",
        "2016-03-14",
        True,
    )
    again = html(client.get(url("journal-settings", programme)))
    assert 'value="14-3-2016"' in again  # read back the Dutch way
    overview = html(client.get(url("journal", programme)))
    assert "14 maart 2016" in overview


@pytest.mark.parametrize(
    "changes",
    [
        {"covers_from": "3/14/2016"},  # an American date is not guessed
        {"covers_from": "1-1-2020", "covers_until": "1-1-2019"},
        {"title": ""},
        {"title": "x" * 201},
        {"version": ""},
        {"version": "1"},  # stale once saved below
    ],
)
def test_bad_settings_are_refused_with_400_and_nothing_stored(
    programme, client_for, facilitator, journal, changes
):
    client = client_for(facilitator)
    if changes.get("version") == "1":
        assert (
            client.post(url("journal-settings", programme), settings_data(journal)).status_code
            == 302
        )
    journal.refresh_from_db()
    before = (journal.title, journal.covers_from, journal.version)
    response = client.post(
        url("journal-settings", programme), settings_data(journal, subtitle="Anders", **changes)
    )
    assert response.status_code == 400
    journal.refresh_from_db()
    assert (journal.title, journal.covers_from, journal.version) == before


# The draft ----------------------------------------------------------------------------------


def test_the_draft_shows_the_book_with_its_contents_and_no_script(
    programme, client_for, member, journal, facilitator
):
    write(written(journal), f"Het begon in **Altena**.\n\n{SCRIPT}", facilitator)
    page = html(client_for(member(Role.GOVERNANCE)).get(url("journal-draft", programme)))
    assert "<strong>Altena</strong>" in page
    assert "<script>alert" not in page and "onerror" not in page
    toc = page.index('class="journal-toc"')
    for chapter in journal.chapters.filter(included=True):
        assert f'href="#c{chapter.pk}"' in page
        assert page.index(f'href="#c{chapter.pk}"') > toc


def test_a_chapter_left_out_is_not_in_the_draft(programme, client_for, facilitator, journal):
    chapter = written(journal, 2)
    services.chapter_update(
        chapter=chapter,
        title="Het vervolg",
        body="Nog niet klaar.",
        included=False,
        expected_version=1,
        by=facilitator,
    )
    page = html(client_for(facilitator).get(url("journal-draft", programme)))
    assert "Nog niet klaar." not in page and f'href="#c{chapter.pk}"' not in page


# Chapters -----------------------------------------------------------------------------------


def test_a_co_author_adds_a_chapter_in_its_place(programme, client_for, member, journal):
    client = client_for(member(Role.PARTNER))
    page = html(client.get(url("journal-chapter-add", programme)))
    assert 'name="position"' in page and nl("How to write in Markdown") in page
    response = client.post(
        url("journal-chapter-add", programme),
        {"title": "De blik van de provincie", "body": "Wij zagen *veel*.", "position": "2"},
    )
    assert response.status_code == 302
    chapter = Chapter.objects.get(title="De blik van de provincie")
    assert chapter.position == 2 and chapter.kind == ChapterKind.WRITTEN
    assert response.url.endswith(f"#chapter-{chapter.pk}")


@pytest.mark.parametrize(
    "data",
    [
        {"title": "", "body": "x", "position": "1"},
        {"title": "Goed", "body": "x", "position": "abc"},
        {"title": "Goed", "body": "x" * 100_001, "position": "1"},
        {"title": "Goed", "body": "x"},
    ],
)
def test_a_bad_new_chapter_is_refused(programme, client_for, facilitator, journal, data):
    response = client_for(facilitator).post(url("journal-chapter-add", programme), data)
    assert response.status_code == 400
    assert journal.chapters.count() == 10


def test_governance_members_read_but_do_not_write(
    programme, client_for, member, journal, introduction
):
    client = client_for(member(Role.GOVERNANCE))
    data = {"title": "X", "body": "Y", "included": "on", "version": introduction.version}
    edit = url("journal-chapter-edit", programme, introduction.pk)
    assert client.post(edit, data).status_code == 403
    assert (
        client.post(
            url("journal-chapter-add", programme), {"title": "X", "position": "1"}
        ).status_code
        == 403
    )
    introduction.refresh_from_db()
    assert introduction.body.startswith("Het begon")


def test_a_co_author_edits_a_chapter_and_previews_it(
    programme, client_for, civil_servant, journal, introduction
):
    client = client_for(civil_servant)
    edit = url("journal-chapter-edit", programme, introduction.pk)
    page = html(client.get(edit))
    assert version_in(page) == introduction.version
    assert "Het begon in Altena." in textarea(page)
    data = {
        "title": "Inleiding",
        "body": "Het begon in **Altena**.",
        "included": "on",
        "version": introduction.version,
    }
    preview = client.post(edit, {**data, "action": "preview"})
    assert preview.status_code == 200
    assert "<strong>Altena</strong>" in html(preview)
    introduction.refresh_from_db()
    assert introduction.body == "Het begon in Altena.\n\nToen kwam de fusie."  # not saved
    saved = client.post(edit, {**data, "action": "save"})
    assert saved.status_code == 302
    introduction.refresh_from_db()
    assert introduction.body == "Het begon in **Altena**."
    assert introduction.updated_by == civil_servant


@pytest.mark.parametrize(
    "changes",
    [{"title": ""}, {"version": ""}, {"version": "abc"}, {"body": "x" * 100_001}],
)
def test_a_bad_chapter_save_is_refused(programme, client_for, facilitator, introduction, changes):
    data = {
        "title": "Inleiding",
        "body": "Nieuw.",
        "included": "on",
        "version": introduction.version,
    }
    response = client_for(facilitator).post(
        url("journal-chapter-edit", programme, introduction.pk), {**data, **changes}
    )
    assert response.status_code == 400
    introduction.refresh_from_db()
    assert introduction.body.startswith("Het begon")


def test_a_generated_chapter_gets_an_introduction_a_title_and_can_be_left_out(
    programme, client_for, member, journal
):
    timeline = journal.chapters.get(kind=ChapterKind.TIMELINE)
    client = client_for(member(Role.INITIATOR))
    edit = url("journal-chapter-edit", programme, timeline.pk)
    page = html(client.get(edit))
    assert nl("Introduction") in page
    response = client.post(
        edit,
        {"title": "De reis in beeld", "body": "Zo ging het.", "version": timeline.version},
    )
    assert response.status_code == 302
    timeline.refresh_from_db()
    # Whether a chapter is in the book is the managers' decision: the co-author's form
    # leaves it as it was.
    assert (timeline.title, timeline.body, timeline.included) == (
        "De reis in beeld",
        "Zo ging het.",
        True,
    )
    response = client_for(member(Role.FACILITATOR)).post(
        edit, {"title": timeline.title, "body": timeline.body, "version": timeline.version}
    )
    assert response.status_code == 302
    timeline.refresh_from_db()
    assert not timeline.included


def test_the_concurrent_edit_loses_nothing(
    programme, client_for, facilitator, civil_servant, introduction
):
    """A and B open the same chapter. A saves; B's save is refused (409) and shows both
    versions side by side, B's text still in the box with the current version; B merges
    and saves; the text holds both additions."""
    edit = url("journal-chapter-edit", programme, introduction.pk)
    a, b = client_for(facilitator), client_for(civil_servant)
    page_a, page_b = html(a.get(edit)), html(b.get(edit))
    base = "Het begon in Altena.\n\nToen kwam de fusie."
    assert version_in(page_a) == version_in(page_b) == introduction.version

    saved = a.post(
        edit,
        {
            "title": "Inleiding",
            "body": base + "\n\nAlinea van A over de kernen.",
            "included": "on",
            "version": version_in(page_a),
        },
    )
    assert saved.status_code == 302

    mine = base + "\n\nAlinea van B over de inwoners."
    refused = b.post(
        edit,
        {"title": "Inleiding", "body": mine, "included": "on", "version": version_in(page_b)},
    )
    assert refused.status_code == 409
    page = html(refused)
    introduction.refresh_from_db()
    assert introduction.body == base + "\n\nAlinea van A over de kernen."  # B stored nothing
    theirs = page[page.index('id="theirs-text"') : page.index('id="yours-text"')]
    yours = page[page.index('id="yours-text"') : page.index("journal-chapter-form")]
    assert "kernen" in theirs and "<del>" in theirs
    assert "inwoners" in yours and "<ins>" in yours
    assert escape(facilitator.name) in page  # who saved theirs
    assert textarea(page).strip() == mine  # B's words kept in the box
    assert version_in(page) == introduction.version  # the next save goes through
    assert nl(str(services.CHAPTER_STALE)) in page

    merged = base + "\n\nAlinea van A over de kernen.\n\nAlinea van B over de inwoners."
    done = b.post(
        edit,
        {"title": "Inleiding", "body": merged, "included": "on", "version": version_in(page)},
    )
    assert done.status_code == 302
    introduction.refresh_from_db()
    assert "Alinea van A over de kernen." in introduction.body
    assert "Alinea van B over de inwoners." in introduction.body
    assert introduction.updated_by == civil_servant
    assert AuditEvent.objects.filter(action="chapter.update").count() == 3  # setup, A, B


def test_a_conflict_shows_a_script_as_words(
    programme, client_for, facilitator, civil_servant, introduction
):
    edit = url("journal-chapter-edit", programme, introduction.pk)
    write(introduction, SCRIPT, facilitator)
    refused = client_for(civil_servant).post(
        edit, {"title": "Inleiding", "body": f"Mijn tekst {SCRIPT}", "version": 1}
    )
    assert refused.status_code == 409
    assert "<script>alert" not in html(refused)


def test_managers_move_chapters(programme, client_for, facilitator, civil_servant, journal):
    first, second = journal.chapters.order_by("position")[:2]
    move = url("journal-chapter-move", programme, second.pk)
    assert client_for(civil_servant).post(move, {"direction": "up"}).status_code == 403
    client = client_for(facilitator)
    assert client.get(move).status_code == 405
    response = client.post(move, {"direction": "up"})
    assert response.status_code == 302 and response.url.endswith(f"#chapter-{second.pk}")
    assert list(journal.chapters.order_by("position")[:2]) == [second, first]
    client.post(move, {"direction": "down"})
    assert list(journal.chapters.order_by("position")[:2]) == [first, second]


def test_a_written_chapter_is_deleted_after_asking_and_a_generated_one_stays(
    programme, client_for, facilitator, civil_servant, journal
):
    chapter = written(journal, 1)
    delete = url("journal-chapter-delete", programme, chapter.pk)
    assert client_for(civil_servant).post(delete).status_code == 403
    client = client_for(facilitator)
    page = html(client.get(delete))
    assert nl("Yes, delete") in page
    assert Chapter.objects.filter(pk=chapter.pk).exists()  # asking deletes nothing
    assert client.post(delete).status_code == 302
    assert not Chapter.objects.filter(pk=chapter.pk).exists()

    timeline = journal.chapters.get(kind=ChapterKind.TIMELINE)
    delete = url("journal-chapter-delete", programme, timeline.pk)
    assert nl("Yes, delete") not in html(client.get(delete))
    assert client.post(delete).status_code == 400
    assert Chapter.objects.filter(pk=timeline.pk).exists()


# The review round ---------------------------------------------------------------------------


def test_the_review_round_is_opened_commented_and_handled(
    programme, client_for, facilitator, member, journal, introduction
):
    reader = member(Role.GOVERNANCE)
    client = client_for(facilitator)
    review = url("journal-review", programme)
    assert 'name="paragraph"' not in html(client_for(reader).get(review))  # not open yet
    assert client_for(reader).post(url("journal-review-open", programme)).status_code == 403
    assert client.post(url("journal-review-open", programme)).status_code == 302
    journal.refresh_from_db()
    assert journal.review_open

    key = first_key(journal, introduction)
    page = html(client_for(reader).get(review))
    assert f'name="paragraph" value="{key}"' in page
    assert f'id="comment-{key}"' in page and f'for="comment-{key}"' in page
    response = client_for(reader).post(
        url("journal-comment-add", programme),
        {"chapter": introduction.pk, "paragraph": key, "text": "Welk jaar was dat?"},
    )
    assert response.status_code == 302 and response.url.endswith(f"#{key}")
    comment = ReviewComment.objects.get()
    assert (comment.author, comment.quoted) == (reader, "Het begon in Altena.")
    page = html(client_for(reader).get(review))
    assert "Welk jaar was dat?" in page
    assert url("journal-comment-resolve", programme, comment.pk) not in page  # managers only
    resolve = url("journal-comment-resolve", programme, comment.pk)
    assert client_for(reader).post(resolve).status_code == 403
    assert client.post(resolve).status_code == 302
    comment.refresh_from_db()
    assert comment.resolved_by == facilitator

    assert client.post(url("journal-review-close", programme)).status_code == 302
    closed = client_for(reader).post(
        url("journal-comment-add", programme),
        {"chapter": introduction.pk, "paragraph": key, "text": "Nog een"},
    )
    assert closed.status_code == 400
    assert ReviewComment.objects.count() == 1
    # Closing twice says so, without an error page.
    assert client.post(url("journal-review-close", programme), follow=True).status_code == 200


@pytest.mark.parametrize(
    "data",
    [
        {"text": ""},
        {"text": " \u200b "},
        {"text": "x" * 2001},
        {"paragraph": "c1-onbekend"},
        {"chapter": "abc"},
        {"chapter": "999999"},
        {"paragraph": ""},
    ],
)
def test_bad_comments_are_refused_with_400(
    programme, client_for, facilitator, civil_servant, journal, introduction, data
):
    services.review_open(journal=journal, by=facilitator)
    good = {
        "chapter": introduction.pk,
        "paragraph": first_key(journal, introduction),
        "text": "Goed punt.",
    }
    response = client_for(civil_servant).post(
        url("journal-comment-add", programme), {**good, **data}
    )
    assert response.status_code == 400
    assert not ReviewComment.objects.exists()


def test_a_refused_comment_keeps_its_words_at_its_paragraph(
    programme, client_for, facilitator, civil_servant, journal, introduction
):
    services.review_open(journal=journal, by=facilitator)
    key = first_key(journal, introduction)
    response = client_for(civil_servant).post(
        url("journal-comment-add", programme),
        {"chapter": introduction.pk, "paragraph": key, "text": "y" * 2001},
    )
    page = html(response)
    assert response.status_code == 400
    assert "y" * 2001 in page
    assert f'aria-describedby="comment-{key}_error"' in page


def test_comments_on_text_that_changed_are_listed_with_their_words(
    programme, client_for, facilitator, civil_servant, journal, introduction
):
    services.review_open(journal=journal, by=facilitator)
    key = first_key(journal, introduction)
    services.comment_add(
        journal=journal, chapter=introduction, paragraph=key, text="Welk jaar?", by=civil_servant
    )
    write(introduction, "Het begon in 2016 in Altena.\n\nToen kwam de fusie.", facilitator)
    page = html(client_for(civil_servant).get(url("journal-review", programme)))
    assert nl("Comments on text that has changed since") in page
    earlier = page[page.index(nl("Comments on text that has changed since")) :]
    assert "Welk jaar?" in earlier and "Het begon in Altena." in earlier
    # A chapter left out of the draft: its comments are still listed, at the end.
    services.chapter_update(
        chapter=introduction,
        title=introduction.title,
        body=introduction.body,
        included=False,
        expected_version=Chapter.objects.get(pk=introduction.pk).version,
        by=facilitator,
    )
    page = html(client_for(civil_servant).get(url("journal-review", programme)))
    assert nl("Comments on chapters that are not in the draft") in page
    assert "Welk jaar?" in page


# Publishing ---------------------------------------------------------------------------------


def test_publishing_asks_first_with_a_checklist_and_then_freezes_the_version(
    programme, client_for, facilitator, civil_servant, journal, introduction
):
    services.review_open(journal=journal, by=facilitator)
    services.comment_add(
        journal=journal,
        chapter=introduction,
        paragraph=first_key(journal, introduction),
        text="Welk jaar?",
        by=civil_servant,
    )
    Voice.objects.create(
        journal=journal, text="Het ging goed.", role_label="Inwoner", author=civil_servant
    )
    Voice.objects.create(
        journal=journal,
        text="Zeker.",
        role_label="Inwoner",
        consent=Consent.GIVEN,
        author=civil_servant,
    )
    client = client_for(facilitator)
    publish = url("journal-publish", programme)
    assert client_for(civil_servant).get(publish).status_code == 403
    page = html(client.get(publish))
    assert 'name="number" value="1"' in page
    assert nl("The review round is open. Publishing closes it.") in page
    with translation.override("nl"):
        waiting = translation.ngettext(
            "%(count)s quote or story is still waiting for consent. "
            "It is not published without it.",
            "%(count)s quotes or stories are still waiting for consent. "
            "They are not published without it.",
            1,
        ) % {"count": 1}
        comments = translation.ngettext(
            "%(count)s comment of the review round has not been handled yet.",
            "%(count)s comments of the review round have not been handled yet.",
            1,
        ) % {"count": 1}
    assert escape(waiting) in page and escape(comments) in page
    assert not Publication.objects.exists()

    response = client.post(publish, {"number": "1"})
    assert response.status_code == 302
    assert response.url == url("journal-publication", programme, 1)
    publication = Publication.objects.get()
    assert publication.number == 1 and publication.published_by == facilitator
    journal.refresh_from_db()
    assert not journal.review_open
    assert AuditEvent.objects.filter(action="publication.publish").count() == 1

    # The same confirmation sent again (a second click): refused, not published twice.
    again = client.post(publish, {"number": "1"})
    assert again.status_code == 400
    assert 'name="number" value="2"' in html(again)  # the checklist, with the next number
    assert Publication.objects.count() == 1
    assert client.post(publish, {"number": "x"}).status_code == 400
    assert client.post(publish, {}).status_code == 400
    assert Publication.objects.count() == 1


def test_a_published_version_reads_the_same_after_the_draft_changed(
    programme, client_for, facilitator, member, journal, introduction
):
    services.publication_publish(journal=journal, number=1, by=facilitator)
    write(introduction, "Alles is nu anders.", facilitator)
    services.publication_publish(journal=journal, number=2, by=facilitator)
    client = client_for(member(Role.GOVERNANCE))
    first = html(client.get(url("journal-publication", programme, 1)))
    assert "Het begon in Altena." in first and "Alles is nu anders." not in first
    assert url("journal-publication", programme, 2) in first  # the list of versions
    assert f"{url('journal-compare', programme)}?from=1&amp;to=draft" in first
    second = html(client.get(url("journal-publication", programme, 2)))
    assert "Alles is nu anders." in second
    assert f"{url('journal-compare', programme)}?from=1&amp;to=2" in second


# Comparing ----------------------------------------------------------------------------------


def test_two_versions_are_compared_word_by_word(
    programme, client_for, facilitator, member, journal, introduction
):
    services.publication_publish(journal=journal, number=1, by=facilitator)
    write(introduction, "Het begon in Werkendam.\n\nToen kwam de fusie.", facilitator)
    client = client_for(member(Role.PARTNER))
    page = html(client.get(url("journal-compare", programme) + "?from=1&to=draft"))
    assert "<del>Altena</del>" in page and "<ins>Werkendam</ins>" in page
    assert nl("unchanged") in page  # the other chapters, folded
    default = html(client.get(url("journal-compare", programme)))
    assert "<ins>Werkendam</ins>" in default  # the newest version with the draft


@pytest.mark.parametrize(
    "query",
    [
        "?from=x&to=draft",
        "?from=9&to=draft",
        "?from=1&to=abc",
        "?from=1&to=7",
        "?from=&to=",
        "?from=-1",
    ],
)
def test_bad_versions_to_compare_answer_400(programme, client_for, facilitator, journal, query):
    services.publication_publish(journal=journal, number=1, by=facilitator)
    response = client_for(facilitator).get(url("journal-compare", programme) + query)
    assert response.status_code == 400
    assert nl(
        "Choose a published version to compare from, and a published version or the draft to "
        "compare with."
    ) in html(response)


def test_comparing_before_anything_is_published_says_so(
    programme, client_for, facilitator, journal
):
    page = html(client_for(facilitator).get(url("journal-compare", programme) + "?from=1"))
    assert nl("Nothing has been published yet, so there is nothing to compare.") in page


# The public pages ---------------------------------------------------------------------------


def public(journal):
    Journal.objects.filter(pk=journal.pk).update(public=True)


def test_a_report_that_is_not_public_is_not_found(programme, client_for, facilitator, journal):
    services.publication_publish(journal=journal, number=1, by=facilitator)
    anonymous = client_for(None)
    assert anonymous.get(reverse("journal-public", args=[programme.slug])).status_code == 404
    assert (
        anonymous.get(reverse("journal-public-version", args=[programme.slug, 1])).status_code
        == 404
    )
    assert anonymous.get(reverse("journal-public", args=["bestaat-niet"])).status_code == 404
    public(journal)
    Publication.objects.all().delete()
    assert anonymous.get(reverse("journal-public", args=[programme.slug])).status_code == 404


def test_anyone_reads_a_public_report_but_nothing_unpublished(
    programme, client_for, facilitator, civil_servant, journal, introduction
):
    public(journal)
    services.publication_publish(journal=journal, number=1, by=facilitator)
    services.review_open(journal=journal, by=facilitator)
    services.comment_add(
        journal=journal,
        chapter=introduction,
        paragraph=first_key(journal, introduction),
        text="Geheime opmerking",
        by=civil_servant,
    )
    write(introduction, "Nog niet gepubliceerde tekst.", facilitator)
    Voice.objects.create(journal=journal, text="Niet toegestaan citaat", role_label="Inwoner")
    anonymous = client_for(None)
    response = anonymous.get(reverse("journal-public", args=[programme.slug]))
    assert response.status_code == 200
    page = html(response)
    assert "Het begon in Altena." in page
    for hidden in ("Nog niet gepubliceerde tekst.", "Geheime opmerking", "Niet toegestaan citaat"):
        assert hidden not in page
    assert url("journal", programme) not in page  # no way into the programme's pages
    assert reverse("journal-public-download", args=[programme.slug, 1, "pdf"]) in page
    assert 'lang="nl"' in page
    version = anonymous.get(reverse("journal-public-version", args=[programme.slug, 1]))
    assert version.status_code == 200
    assert (
        anonymous.get(reverse("journal-public-version", args=[programme.slug, 2])).status_code
        == 404
    )
    # A logged-in reader sees the same page, kept out of shared caches.
    logged_in = client_for(civil_servant).get(reverse("journal-public", args=[programme.slug]))
    assert logged_in.status_code == 200 and "no-store" in logged_in["Cache-Control"]


# Queries ------------------------------------------------------------------------------------


def _queries(client, address, django_assert_max_num_queries, limit=25):
    with django_assert_max_num_queries(limit) as captured:
        assert client.get(address).status_code == 200, address
    return len(captured)


def test_the_pages_do_not_grow_with_chapters_comments_and_versions(
    programme,
    client_for,
    facilitator,
    civil_servant,
    journal,
    introduction,
    django_assert_max_num_queries,
):
    services.review_open(journal=journal, by=facilitator)
    services.publication_publish(journal=journal, number=1, by=facilitator)
    services.review_open(journal=journal, by=facilitator)
    client = client_for(facilitator)
    pages = [
        url("journal", programme),
        url("journal-draft", programme),
        url("journal-review", programme),
        url("journal-publish", programme),
        url("journal-publication", programme, 1),
        url("journal-compare", programme) + "?from=1&to=draft",
        url("journal-chapter-edit", programme, introduction.pk),
        url("journal-chapter-add", programme),
    ]

    def comment_everywhere():
        book = compose_book(journal)
        for chapter in book.chapters:
            for block in chapter.blocks:
                services.comment_add(
                    journal=journal,
                    chapter=Chapter.objects.get(pk=int(chapter.key[1:])),
                    paragraph=block.key,
                    text="Klopt dit?",
                    by=civil_servant,
                )

    comment_everywhere()
    before = [_queries(client, page, django_assert_max_num_queries) for page in pages]
    for n in range(12):
        chapter = services.chapter_add(
            journal=journal,
            title=f"Hoofdstuk {n}",
            body=f"Eerste alinea {n}.\n\nTweede alinea {n}.",
            by=MembershipFactory(programme=programme, role=Role.CIVIL_SERVANT).user,
        )
    comment_everywhere()
    services.publication_publish(journal=journal, number=2, by=facilitator)
    services.review_open(journal=journal, by=facilitator)
    after = [_queries(client, page, django_assert_max_num_queries) for page in pages]
    assert after == before
    assert chapter.pk


@pytest.mark.parametrize(
    "query", ["?from=%C2%B2&to=draft", "?from=1&to=%C2%B2", "?from=" + "9" * 5000]
)
def test_compare_refuses_digits_that_are_no_numbers(
    programme, client_for, facilitator, journal, query
):
    """'²' is a digit to str.isdigit() but no number to int(): a 400, never a 500."""
    services.publication_publish(journal=journal, number=1, by=facilitator)
    response = client_for(facilitator).get(url("journal-compare", programme) + query)
    assert response.status_code == 400


def test_a_comment_on_a_quote_keeps_no_copy_of_its_words(
    programme, client_for, facilitator, civil_servant, journal
):
    """Once consent is withdrawn the words are nowhere: not quoted beside the comment."""
    from samenspel.journal import voice_services

    voice = voice_services.voice_add_own(journal=journal, by=civil_servant, text="Geheime woorden.")
    services.review_open(journal=journal, by=facilitator)
    journal.refresh_from_db()
    chapter = journal.chapters.get(kind=ChapterKind.VOICES)
    comment = services.comment_add(
        journal=journal,
        chapter=chapter,
        paragraph=f"voice-{voice.pk}",
        text="Mooi.",
        by=facilitator,
    )
    assert comment.quoted == ""
    voice_services.voice_consent(
        voice=voice, by=civil_servant, answer=Consent.WITHDRAWN, expected_version=voice.version
    )
    page = html(client_for(facilitator).get(url("journal-review", programme)))
    assert "Mooi." in page
    assert "Geheime woorden." not in page
