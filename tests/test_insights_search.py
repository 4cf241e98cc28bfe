"""Dutch search (insights.search): stemming and the Ĳ ligature on both databases,
ranking, safe highlighted snippets, access in the results (no other programme, no
coaching, no writer of anonymous input), the index's rebuild and its task, the page's
query count and its answers to bad input."""

import signal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext, ngettext
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from samenspel.cycles.models import LearningCycle
from samenspel.insights.search import kinds_for, search
from samenspel.insights.search_models import SearchDocument, SearchIndexState, SearchKind
from samenspel.insights.search_services import search_index_build, search_index_request
from samenspel.programmes.constants import Role
from samenspel.programmes.models import Programme
from samenspel.programmes.services import initiative_update
from tests.factories import InitiativeFactory, ProgrammeFactory
from tests.insights_search import WRITER_NAME, build_world, member_of

TASK = "samenspel.insights.search_tasks.build_search_index"
NO_WORDS = "These words are too short or too common to search for. Try a more specific word."
BEHIND = "Recent changes may not be found yet: the search index is being brought up to date."


def dutch(text: str) -> str:
    """The Dutch of a message (its English until the catalogue has it)."""
    with translation.override("nl"):
        return gettext(text)


@pytest.fixture
def world(programme):
    return build_world(programme)


def hits(user, query, **options):
    return list(search(user=user, query=query, **options).page)


def titles(user, query, **options):
    return [str(hit.title) for hit in hits(user, query, **options)]


def text_of(user, query, **options):
    return " ".join(f"{hit.title} {hit.snippet}" for hit in hits(user, query, **options))


def page(client, **params):
    return client.get(reverse("search"), params)


# Dutch: stems and the Ĳ ligature --------------------------------------------------------


@pytest.mark.django_db
def test_a_plural_finds_the_singular_and_the_other_way_round(world):
    # "experimenten" in the learning question, "experiment" in the cycle's expectation.
    plural = text_of(world.civil_servant, "experimenten")
    assert "Hoe houden we <mark>experimenten</mark> klein?" in plural
    assert "We doen een <mark>experiment</mark> met een sleutelkastje." in plural
    singular = text_of(world.civil_servant, "experiment")
    assert "<mark>experimenten</mark>" in singular
    assert "<mark>experiment</mark> met een sleutelkastje" in singular


@pytest.mark.django_db
def test_ijsselmonde_finds_the_ligature_and_the_ligature_finds_ijsselmonde(world):
    for query in ("IJsselmonde", "\u0132sselmonde", "ijsselmonde"):
        found = text_of(world.civil_servant, query)
        assert "dorpshuis in <mark>\u0132sselmonde</mark> zelf" in found  # the initiative
        assert "begonnen in <mark>IJsselmonde</mark> met" in found  # the travel report


@pytest.mark.django_db
def test_stop_words_find_nothing_and_say_so(world):
    with pytest.raises(ValidationError) as refused:
        search(user=world.civil_servant, query="de het een")
    assert refused.value.code == "no_words"


# Ranking ---------------------------------------------------------------------------------


@pytest.fixture
def ranked(programme):
    member = member_of(programme, Role.CIVIL_SERVANT)
    InitiativeFactory(programme=programme, title="Moestuin", summary="Een tuin. " * 3)
    InitiativeFactory(programme=programme, title="Buurtbus", summary="Over een moestuin praten.")
    InitiativeFactory(
        programme=programme,
        title="Speeltuin",
        summary="Moestuin, moestuin en nog eens moestuin: praten.",
    )
    search_index_build(programme=programme)
    return member


@pytest.mark.django_db
def test_a_title_hit_ranks_above_body_hits_and_more_hits_above_fewer(ranked):
    found = titles(ranked, "moestuinen", kinds=[SearchKind.INITIATIVE])
    assert found == ["<mark>Moestuin</mark>", "Speeltuin", "Buurtbus"]


# Snippets ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_markup_in_a_text_is_shown_as_text_and_the_words_are_marked(
    programme, client_for, civil_servant
):
    InitiativeFactory(
        programme=programme,
        title="<b>Kerstmarkt</b>",
        summary='<script>alert("kerstmarkt")</script> & de kerstmarkten <i>groeien</i>',
    )
    search_index_build(programme=programme)
    html = page(client_for(civil_servant), q="kerstmarkt").content.decode()
    assert "<script>alert" not in html
    assert "<b>" not in html and "<i>groeien" not in html
    assert "&lt;b&gt;<mark>Kerstmarkt</mark>&lt;/b&gt;" in html
    assert (
        "&lt;script&gt;alert(&quot;<mark>kerstmarkt</mark>&quot;)&lt;/script&gt; &amp; de "
        "<mark>kerstmarkten</mark> &lt;i&gt;groeien&lt;/i&gt;"
    ) in html


@pytest.mark.django_db
def test_a_long_text_shows_the_window_with_the_matches(programme, civil_servant):
    words = " ".join(f"woord{n}" for n in range(100))
    InitiativeFactory(
        programme=programme, area=None, title="Lang", summary=f"{words} fietsroute einde"
    )
    search_index_build(programme=programme)
    (hit,) = hits(civil_servant, "fietsroute")
    # Thirty words: the window fills up with the words before the match.
    assert str(hit.snippet).startswith("… woord72 woord73 ")
    assert str(hit.snippet).endswith("woord99 <mark>fietsroute</mark> einde")


# Access in the results ----------------------------------------------------------------------


@pytest.mark.django_db
def test_another_programmes_texts_are_never_found(world, client_for):
    assert titles(world.civil_servant, "zeppelinhaven") == []
    assert titles(world.outsider, "zeppelinhaven") == ["<mark>Zeppelinhaven</mark>"]
    assert titles(world.outsider, "dorpshuis") == []
    html = page(client_for(world.civil_servant), q="zeppelinhaven").content.decode()
    assert "Zeppelinhaven" not in html
    assert dutch("Nothing found.") in html


@pytest.mark.django_db
def test_coaching_is_never_found(world):
    # The coaching's conversation says "zeppelinvaart"; only the coach and coachee read it.
    for user in (world.facilitator, world.civil_servant):
        assert titles(user, "zeppelinvaart") == []
    assert not SearchDocument.objects.filter(body__icontains="zeppelinvaart").exists()


@pytest.mark.django_db
def test_an_anonymous_contribution_is_found_and_names_nobody(world, client_for):
    response = page(client_for(world.facilitator), q="kaasplankjes")
    html = response.content.decode()
    assert "Het <mark>kaasplankje</mark> bij de koffie hielp enorm." in html
    assert dutch("Contribution") in html
    assert WRITER_NAME not in html
    for part in WRITER_NAME.split():
        assert part not in html
    row = SearchDocument.objects.get(kind=SearchKind.CONTRIBUTION)
    assert all(
        part not in str(value) for part in WRITER_NAME.split() for value in vars(row).values()
    )


@pytest.mark.django_db
def test_a_member_of_one_programme_cannot_search_another(world, client_for):
    with pytest.raises(ValidationError):
        search(user=world.civil_servant, query="zeppelinhaven", programme=world.other.slug)
    response = page(client_for(world.civil_servant), q="zeppelinhaven", programme="ander")
    html = response.content.decode()
    assert response.status_code == 400
    assert escape(dutch("Choose one of your programmes.")) in html
    assert "Zeppelinhaven" not in html and "Ander leertraject" not in html
    # The same answer for a programme that does not exist: nothing tells them apart.
    unknown = page(client_for(world.civil_servant), q="zeppelinhaven", programme="bestaat-niet")
    assert unknown.status_code == 400


@pytest.mark.django_db
def test_a_site_administrator_searches_every_programme(world, administrator):
    assert titles(administrator, "zeppelinhaven") == ["<mark>Zeppelinhaven</mark>"]
    assert len(hits(administrator, "dorpshuis")) >= 1
    assert titles(administrator, "zeppelinhaven", programme="samenspel") == []


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_every_role_finds_every_kind(world, role):
    user = member_of(world.programme, role)
    assert kinds_for(role) == list(SearchKind.values)
    found = {hit.kind for hit in hits(user, "kaasplankje wandelroute sleutelkastje")}
    assert found == set()  # all three words in one text: none has them all
    kinds = {
        hit.kind
        for word in (
            "kaasplankje",
            "wandelroute",
            "sleutelkastje",
            "dorpshuis",
            "experimenten",
            "najaar",
        )
        for hit in hits(user, word)
    }
    assert kinds == {
        SearchKind.CONTRIBUTION,
        SearchKind.CHAPTER,
        SearchKind.CYCLE,
        SearchKind.INITIATIVE,
        SearchKind.QUESTION,
        SearchKind.SESSION,
    }


@pytest.mark.django_db
def test_the_kind_filter_narrows_the_results(world, client_for):
    assert {hit.kind for hit in hits(world.civil_servant, "dorpshuis")} == {
        SearchKind.INITIATIVE,
        SearchKind.CYCLE,
    }
    found = hits(world.civil_servant, "dorpshuis", kinds=[SearchKind.CYCLE])
    assert [hit.kind for hit in found] == [SearchKind.CYCLE]
    response = page(client_for(world.civil_servant), q="dorpshuis", kind="coaching")
    assert response.status_code == 400


# The index: what it holds, its rebuild, its task -------------------------------------------


@pytest.mark.django_db
def test_a_sessions_input_is_indexed_only_once_the_session_has_closed(programme):
    from samenspel.learning_sessions import services
    from samenspel.learning_sessions.constants import SessionPhase
    from samenspel.learning_sessions.models import Participant
    from tests.insights_search import closed_anonymous_session  # noqa: F401
    from tests.sessions import advance_to, plan_session

    facilitator = member_of(programme, Role.FACILITATOR)
    writer = member_of(programme, Role.CIVIL_SERVANT)
    session = advance_to(plan_session(programme, facilitator, [writer]), SessionPhase.INPUT)
    services.contribution_add(
        session=session,
        participant=Participant.objects.get(user=writer),
        question=0,
        text="Een trekkerrit door de polder.",
    )
    search_index_build(programme=programme)
    assert titles(facilitator, "trekkerrit") == []
    advance_to(session, SessionPhase.CLOSED)
    search_index_build(programme=programme)
    assert [hit.kind for hit in hits(facilitator, "trekkerrit")] == [SearchKind.CONTRIBUTION]


@pytest.mark.django_db
def test_a_rebuild_replaces_the_programmes_rows_and_leaves_the_others(world):
    other_rows = SearchDocument.objects.filter(programme=world.other).count()
    initiative = world.programme.initiatives.get(title="Dorpshuis De Spil")
    initiative.title = "Buurthuis De Spil"
    initiative.save()
    assert titles(world.civil_servant, "buurthuis") == []  # not yet rebuilt
    state = search_index_build(programme=world.programme)
    assert titles(world.civil_servant, "buurthuis") == ["<mark>Buurthuis</mark> De Spil"]
    assert "Dorpshuis" not in " ".join(titles(world.civil_servant, "spil"))
    assert state.documents == SearchDocument.objects.filter(programme=world.programme).count()
    assert SearchDocument.objects.filter(programme=world.other).count() == other_rows
    world.programme.refresh_from_db()
    assert state.data_version == world.programme.data_version
    # The build changes nothing a page shows: the programme's version stays.
    search_index_build(programme=world.programme)
    world.programme.refresh_from_db()
    assert state.data_version == world.programme.data_version


@pytest.mark.django_db
def test_the_page_says_when_results_may_be_behind(world, client_for):
    client = client_for(world.civil_servant)
    assert escape(dutch(BEHIND)) not in page(client, q="dorpshuis").content.decode()
    Programme.objects.filter(pk=world.programme.pk).update(data_version=10_000)
    assert escape(dutch(BEHIND)) in page(client, q="dorpshuis").content.decode()


def run_worker() -> None:
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)


@pytest.mark.django_db(transaction=True)
def test_changes_queue_one_task_and_the_worker_builds_the_index(civil_servant, programme):
    initiative = InitiativeFactory(programme=programme, title="Dorpshuis")
    for title in ("Fietsenstalling", "Fietsenstalling Noord"):
        with transaction.atomic():
            initiative_update(
                initiative=initiative,
                by=civil_servant,
                expected_version=initiative.version,
                title=title,
            )
        initiative.refresh_from_db()
    tasks = DBTaskResult.objects.filter(task_path=TASK)
    assert tasks.count() == 1  # two changes, one waiting task
    assert tasks.get().args_kwargs == {"args": [programme.pk], "kwargs": {}}
    assert not search_index_request(programme_id=programme.pk)  # still the one
    assert titles(civil_servant, "fietsenstalling") == []

    run_worker()

    assert tasks.get().status == TaskResultStatus.SUCCESSFUL
    assert titles(civil_servant, "fietsenstalling") == ["<mark>Fietsenstalling</mark> Noord"]
    programme.refresh_from_db()
    state = SearchIndexState.objects.get(programme=programme)
    assert state.data_version == programme.data_version
    # A change after the build queues a new task: the done one does not count.
    assert search_index_request(programme_id=programme.pk)
    assert tasks.count() == 2


@pytest.mark.django_db(transaction=True)
def test_without_a_worker_every_change_builds_the_index_at_once(civil_servant, programme):
    """The immediate back-end (deployment without a worker) keeps no results to ask
    whether a task waits: every change builds again, not only the first."""
    immediate = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    initiative = InitiativeFactory(programme=programme, title="Dorpshuis")
    with override_settings(TASKS=immediate):
        for title in ("Fietsenstalling", "Speeltuin"):
            initiative_update(
                initiative=initiative,
                by=civil_servant,
                expected_version=initiative.version,
                title=title,
            )
            initiative.refresh_from_db()
            assert titles(civil_servant, title.lower()) == [f"<mark>{title}</mark>"]


@pytest.mark.django_db
def test_a_build_reads_a_fixed_number_of_queries(programme):
    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            search_index_build(programme=programme)
        return len(captured)

    build_world(programme)
    small = count()
    for n in range(5):
        cycle = LearningCycle.objects.filter(initiative__programme=programme).first()
        InitiativeFactory(programme=programme, title=f"Initiatief {n}")
        cycle.observations.create(occurred_on=cycle.starts_on, text=f"Waarneming {n}")
    assert count() == small


# The page ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_page_shows_ranked_results_with_their_details(world, client_for):
    response = page(client_for(world.civil_servant), q="sleutelkastje")
    html = response.content.decode()
    assert response.status_code == 200
    cycle = LearningCycle.objects.get(title="Sleutelbeheer")
    assert f'href="{reverse("cycle-detail", args=["samenspel", cycle.pk])}"' in html
    assert dutch("Learning cycle") in html  # the kind
    assert "Het nieuwe samenspel" in html  # the programme
    with translation.override("nl"):
        assert gettext("initiative %(initiative)s") % {"initiative": "Dorpshuis De Spil"} in html
        count = ngettext(
            "%(counter)s result for “%(words)s”", "%(counter)s results for “%(words)s”", 1
        )
    assert count % {"counter": 1, "words": "sleutelkastje"} in html
    assert 'role="search"' in html


@pytest.mark.django_db
def test_the_page_count_of_queries_stays_the_same_as_the_index_grows(
    programme, client_for, civil_servant
):
    client = client_for(civil_servant)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert page(client, q="tuin").status_code == 200
        return len(captured)

    for n in range(3):
        InitiativeFactory(programme=programme, title=f"Tuin {n}", summary="Een tuin.")
    search_index_build(programme=programme)
    small = queries()
    for n in range(60):
        InitiativeFactory(programme=programme, title=f"Tuin groot {n}", summary="Een tuin.")
    ProgrammeFactory()
    search_index_build(programme=programme)
    html = page(client, q="tuin").content.decode()
    with translation.override("nl"):
        count = ngettext(
            "%(counter)s result for “%(words)s”", "%(counter)s results for “%(words)s”", 63
        )
        pages = gettext("Page %(number)s of %(total)s") % {"number": 1, "total": 4}
    assert count % {"counter": 63, "words": "tuin"} in html and pages in html
    assert queries() == small


@pytest.mark.django_db
def test_pages_follow_each_other(programme, client_for, civil_servant):
    for n in range(25):
        InitiativeFactory(programme=programme, title=f"Tuin {n:02}")
    search_index_build(programme=programme)
    second = page(client_for(civil_servant), q="tuin", page="2").content.decode()
    assert dutch("Page %(number)s of %(total)s") % {"number": 2, "total": 2} in second
    assert second.count('class="sp-search-result"') == 5


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        ({"q": ""}, 400, "This field is required."),
        ({"q": "   "}, 400, "This field is required."),
        ({"q": "x" * 10_000}, 400, "Keep this under %(limit)s characters (now %(count)s)."),
        ({"q": "de en"}, 400, NO_WORDS),
        ({"q": "dorpshuis", "page": "abc"}, 200, "Dorpshuis"),
        ({"q": "dorpshuis", "page": "999"}, 200, "Dorpshuis"),
        ({"q": "dorpshuis", "programme": "unknown"}, 400, "Choose one of your programmes."),
        ({"q": "dorpshuis", "kind": "x"}, 400, "Choose one of the kinds in the list."),
        ({"q": "' \" ) OR 1=1 --"}, 400, NO_WORDS),
        # The site's own answer to a forbidden character in the address.
        (
            {"q": "dorpshuis\x00"},
            400,
            "The address or the form contains a character that is not allowed.",
        ),
        ({"q": '"dorpshuis" OR ( *'}, 200, "Dorpshuis"),
    ],
)
def test_bad_input_gets_a_message_never_an_error(world, client_for, params, status, message):
    response = page(client_for(world.civil_servant), **params)
    assert response.status_code == status
    expected = dutch(message)
    if "%(limit)s" in expected:
        expected = expected % {"limit": "200", "count": "10.000"}
    assert escape(expected) in response.content.decode()


@pytest.mark.django_db
def test_the_page_without_a_query_shows_the_form(client_for, civil_servant):
    response = page(client_for(civil_servant))
    assert response.status_code == 200
    assert 'name="q"' in response.content.decode()


@pytest.mark.django_db
def test_the_page_is_for_logged_in_users(client):
    response = client.get(reverse("search"), {"q": "dorpshuis"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_someone_without_programmes_finds_nothing(client_for):
    from tests.factories import UserFactory

    lonely = UserFactory()
    assert hits(lonely, "dorpshuis") == []
    html = page(client_for(lonely)).content.decode()
    assert (
        escape(dutch("You are not a member of any programme yet, so there is nothing to search."))
        in html
    )


@pytest.mark.django_db
def test_the_command_builds_every_programmes_index(programme, civil_servant):
    from io import StringIO

    InitiativeFactory(programme=programme, title="Zwembad")
    ProgrammeFactory(slug="tweede")
    out = StringIO()
    call_command("build_search_index", stdout=out)
    assert "samenspel: 2 texts" in out.getvalue()  # the initiative and its area
    assert "tweede: 0 texts" in out.getvalue()
    assert titles(civil_servant, "zwembad") == ["<mark>Zwembad</mark>"]
    with pytest.raises(CommandError):
        call_command("build_search_index", programme="bestaat-niet")


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own stop words")
def test_postgresql_keeps_every_stem_the_embedded_database_keeps():
    """The index feeds Python's stems to PostgreSQL's 'dutch' configuration: it must drop
    none of them, or a word found on SQLite would find nothing on PostgreSQL."""
    from samenspel.insights.dutch import terms

    text = (
        "Onder alles wat de bewoners der kernen wilden, stond het dorpshuis voorop; "
        "de wezen van het weeshuis, de experimenten, initiatieven en vrijwilligers "
        "hielpen mee in Ĳsselmonde en werden daar allemaal zeer goed ontvangen."
    )
    stems = terms(text)
    with connection.cursor() as cursor:
        cursor.execute("SELECT length(to_tsvector('dutch', %s))", [" ".join(stems)])
        (kept,) = cursor.fetchone()
    assert kept == len(set(stems))
