"""Recurring themes: the analysis finds planted Dutch themes and names them readably; the
corpus holds exactly what every member may read and never an author of anonymous input;
a change queues one analysis per programme, which the worker does; a lost worker's
analysis is queued again; the pages for every role, their empty states, their notes,
their query counts and their escaping."""

import signal
from collections import Counter
from datetime import timedelta

import pytest
from bench.dutch_corpus import THEMES, planted_corpus
from django.core import serializers
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from sklearn.metrics import adjusted_rand_score

from samenspel.common.models import AuditEvent
from samenspel.common.services import audit_record
from samenspel.cycles.models import Observation
from samenspel.insights import corpus, dutch, theme_services, themes
from samenspel.insights.theme_constants import MAX_ATTEMPTS, STALE_AFTER_SECONDS, AnalysisState
from samenspel.insights.theme_models import Theme, ThemeAnalysis, ThemeText
from samenspel.programmes.constants import Role
from tests.factories import CycleFactory, InitiativeFactory, MembershipFactory, UserFactory
from tests.insights_themes import planted_programme, review, session_with_texts

TASK = "samenspel.insights.theme_tasks.analyse_themes"


def dutch_text(text: str) -> str:
    """The Dutch of an interface text (the English until the catalogue has it)."""
    with translation.override("nl"):
        return gettext(text)


ON_ITS_WAY = "A new analysis is on its way; the page shows it when it is ready."


def labels_of(result: themes.Result, count: int) -> list[int]:
    """Each text's theme number; texts outside every theme share the label -1."""
    labels = [-1] * count
    for theme in result.themes:
        for member in theme.members:
            labels[member.index] = theme.number
    return labels


# The analysis, without Django ------------------------------------------------------------


def test_planted_themes_are_found_and_named_by_their_own_words():
    planted = planted_corpus(400, seed=11)
    result = themes.analyse([themes.Text(text=item.text) for item in planted])
    found = labels_of(result, len(planted))
    assert adjusted_rand_score([item.label for item in planted], found) >= 0.8
    names = list(THEMES)
    for theme in result.themes:
        majority, _count = Counter(planted[m.index].label for m in theme.members).most_common(1)[0]
        if majority == -1:
            continue
        own = {dutch.stem(dutch.normalise(word)) for word in THEMES[names[majority]]}
        assert 3 <= len(theme.words) <= 5
        assert sum(dutch.stem(dutch.normalise(word)) in own for word in theme.words) >= 3
    assert len([t for t in result.themes if t.size >= 20]) == len(THEMES)


def test_inflections_fall_together_and_name_the_theme_once():
    forms = ["speelplaats", "speelplaatsen", "speelplaatsje"]
    assert len({dutch.stem(word) for word in forms}) == 1
    texts = [
        themes.Text(text=f"De {forms[i % 3]} bij school is vol met {['bomen', 'boom'][i % 2]}.")
        for i in range(20)
    ] + [
        themes.Text(text=f"Wij {['fietsen', 'fietst'][i % 2]} over het nieuwe fietspad naar huis.")
        for i in range(20)
    ]
    result = themes.analyse(texts)
    named = [word for theme in result.themes for word in theme.words]
    assert "speelplaats" in named  # the readable form, whichever inflection was written
    assert not {"speelplaatsen", "speelplaatsje"} & set(named)
    assert named.count("boom") == 1 and "bomen" not in named


def test_stop_words_never_name_a_theme():
    stop = " ".join(sorted(dutch.STOP_WORDS)[:40])
    texts = [themes.Text(text=f"{stop} {item.text} {stop}") for item in planted_corpus(200, seed=3)]
    result = themes.analyse(texts)
    assert result.themes
    for theme in result.themes:
        for word in theme.words:
            assert dutch.normalise(word) not in dutch.STOP_WORDS


def test_a_small_programme_has_no_themes_and_says_why():
    result = themes.analyse([themes.Text(text="Kinderen spelen op de speelplaats.")] * 5)
    assert result.themes == [] and result.reason == "too_few" and result.outside == 5
    assert themes.analyse([]).reason == "too_few"


def test_the_analysis_is_deterministic_and_counts_quarters():
    planted = planted_corpus(150, seed=5)
    texts = [themes.Text(text=item.text) for item in planted]
    first, second = themes.analyse(texts), themes.analyse(texts)
    assert [(t.words, [m.index for m in t.members]) for t in first.themes] == [
        (t.words, [m.index for m in t.members]) for t in second.themes
    ]
    assert themes.quarters_between(
        themes.quarter_of(timezone.datetime(2024, 2, 29).date()),
        timezone.datetime(2024, 10, 1).date(),
    ) == [timezone.datetime(2024, month, 1).date() for month in (1, 4, 7, 10)]


# The corpus --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_corpus_holds_what_every_member_reads_and_nothing_else(
    programme, initiative, facilitator, django_assert_num_queries
):
    cycle = CycleFactory(initiative=initiative)
    Observation.objects.create(cycle=cycle, occurred_on=timezone.localdate(), text="Zandbak vol.")
    review(cycle, ["Het plan was goed.", "", "Kinderen speelden veel."])
    closed = session_with_texts(
        programme,
        facilitator,
        closed=True,
        contributions=["Meer bankjes bij de speeltuin"],
        insights=["Bewoners willen meedoen."],
        cycle=cycle,
    )
    session_with_texts(
        programme,
        facilitator,
        closed=False,
        contributions=["Nog geheim in de ruimte"],
        insights=["Nog niet gedeeld"],
    )
    other = InitiativeFactory()  # another programme
    Observation.objects.create(
        cycle=CycleFactory(initiative=other), occurred_on=timezone.localdate(), text="Elders."
    )
    with django_assert_num_queries(5):
        texts = corpus.programme_texts(programme)
    by_kind = Counter(text.kind for text in texts)
    assert by_kind == {"review": 2, "observation": 1, "contribution": 1, "insight": 1}
    words = {text.text for text in texts}
    assert words == {
        "Zandbak vol.",
        "Het plan was goed.",
        "Kinderen speelden veel.",
        "Meer bankjes bij de speeltuin",
        "Bewoners willen meedoen.",
    }
    contribution = next(text for text in texts if text.kind == "contribution")
    assert contribution.initiative_id == initiative.pk
    assert contribution.area_id == initiative.area_id
    assert contribution.url == (
        reverse("session-report", args=[programme.slug, closed.pk]) + "#report-input"
    )
    assert len(contribution.source_key) == 36  # the contribution's UUID
    observation = next(text for text in texts if text.kind == "observation")
    assert observation.url == (
        reverse("cycle-detail", args=[programme.slug, cycle.pk]) + "#happened-heading"
    )
    assert {t.source_key for t in texts if t.kind == "review"} == {
        f"{cycle.review.pk}.1",
        f"{cycle.review.pk}.3",
    }


@pytest.mark.django_db
def test_no_author_of_anonymous_input_is_stored_anywhere(programme, initiative, facilitator):
    planted_programme(programme, 60)
    guest = "Gerrit Geheimhouder"
    session = session_with_texts(
        programme,
        facilitator,
        closed=True,
        anonymous=True,
        guest_name=guest,
        contributions=[item.text for item in planted_corpus(30, seed=9)],
    )
    analysis = theme_services.themes_analyse(programme=programme)
    assert analysis.state == AnalysisState.DONE
    assert ThemeText.objects.filter(kind="contribution").exists()
    field_names = {
        field.name for model in (ThemeAnalysis, Theme, ThemeText) for field in model._meta.fields
    }
    assert not field_names & {"author", "participant", "recorded_by", "user"}
    stored = serializers.serialize(
        "json",
        [
            *ThemeAnalysis.objects.all(),
            *Theme.objects.all(),
            *ThemeText.objects.all(),
            *AuditEvent.objects.filter(action__startswith="themes."),
        ],
    )
    assert guest not in stored and facilitator.email not in stored
    assert session.participants.get().display_name == guest  # the name was there to leak
    page = client_for_user(facilitator).get(
        reverse("theme-detail", args=[programme.slug, Theme.objects.first().pk])
    )
    assert guest not in page.content.decode()


def client_for_user(user):
    from django.test import Client

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


# Storing, the listener and the worker --------------------------------------------------------


@pytest.mark.django_db
def test_an_analysis_stores_its_themes_and_replaces_the_previous_one(programme, facilitator):
    planted = planted_programme(programme, 240)
    first = theme_services.themes_analyse(programme=programme, by=facilitator)
    assert first.texts == 240
    assert first.data_version == programme.__class__.objects.get(pk=programme.pk).data_version
    themes_stored = list(Theme.objects.filter(analysis=first))
    assert len(themes_stored) >= len(THEMES)
    assert sum(theme.size for theme in themes_stored) + first.outside == len(planted)
    assert ThemeText.objects.count() == sum(theme.size for theme in themes_stored)
    biggest = themes_stored[0]
    assert sum(biggest.trend) == biggest.size
    assert len(first.quarters) == len(biggest.trend) == 9  # 2024 Q1 … 2026 Q1
    assert sum(count for _id, count in biggest.initiatives) == biggest.size
    event = AuditEvent.objects.get(action="themes.analyse")
    assert event.programme_id is None and event.actor == facilitator
    assert event.data == {"programme": programme.pk, "texts": 240, "themes": len(themes_stored)}
    second = theme_services.themes_analyse(programme=programme)
    assert list(ThemeAnalysis.objects.values_list("pk", flat=True)) == [second.pk]
    assert not Theme.objects.filter(analysis_id=first.pk).exists()


@pytest.mark.django_db
def test_a_change_queues_one_analysis_per_programme(
    programme, facilitator, django_capture_on_commit_callbacks
):
    other = MembershipFactory(role=Role.FACILITATOR).programme
    with django_capture_on_commit_callbacks(execute=True):
        audit_record(actor=None, action="test", target=programme, programme=programme)
    with django_capture_on_commit_callbacks(execute=True):
        audit_record(actor=None, action="test", target=programme, programme=programme)
        audit_record(actor=None, action="test", target=other, programme=other)
    waiting = ThemeAnalysis.objects.filter(state=AnalysisState.QUEUED)
    assert sorted(waiting.values_list("programme_id", flat=True)) == sorted(
        [programme.pk, other.pk]
    )
    tasks = DBTaskResult.objects.filter(task_path=TASK)
    assert tasks.count() == 2
    mine = waiting.get(programme=programme)
    assert tasks.get(id=mine.task_id).args_kwargs == {"args": [mine.pk], "kwargs": {}}
    # The analysis's own events name no programme: they queue nothing.
    assert not AuditEvent.objects.filter(
        action__startswith="themes.", programme_id__isnull=False
    ).exists()


def run_worker() -> None:
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)


@pytest.mark.django_db(transaction=True)
def test_the_worker_does_the_waiting_analysis_and_the_old_result_stays_meanwhile(
    programme, facilitator
):
    planted_programme(programme, 200)
    done = theme_services.themes_analyse(programme=programme)
    audit_record(actor=None, action="test", target=programme, programme=programme)
    waiting = ThemeAnalysis.objects.get(state=AnalysisState.QUEUED)
    client = client_for_user(facilitator)
    page = client.get(reverse("themes", args=[programme.slug])).content.decode()
    assert dutch_text(ON_ITS_WAY) in page
    assert reverse("theme-detail", args=[programme.slug, done.themes.first().pk]) in page

    run_worker()

    waiting.refresh_from_db()
    assert waiting.state == AnalysisState.DONE and waiting.attempts == 1
    assert DBTaskResult.objects.get(task_path=TASK).status == TaskResultStatus.SUCCESSFUL
    assert list(ThemeAnalysis.objects.values_list("pk", flat=True)) == [waiting.pk]
    page = client.get(reverse("themes", args=[programme.slug])).content.decode()
    assert (
        dutch_text("A new analysis is on its way; the page shows it when it is ready.") not in page
    )


@pytest.mark.django_db
def test_a_lost_analysis_is_queued_again_then_given_up(
    programme, django_capture_on_commit_callbacks
):
    long_ago = timezone.now() - timedelta(seconds=STALE_AFTER_SECONDS + 30)
    lost = ThemeAnalysis.objects.create(
        programme=programme,
        state=AnalysisState.RUNNING,
        attempts=1,
        requested_at=long_ago,
        heartbeat_at=long_ago,
    )
    fresh = ThemeAnalysis.objects.create(
        programme=MembershipFactory().programme,
        state=AnalysisState.RUNNING,
        attempts=1,
        heartbeat_at=timezone.now(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert theme_services.themes_recover() == 1
    lost.refresh_from_db()
    fresh.refresh_from_db()
    assert lost.state == AnalysisState.QUEUED and lost.task_id
    assert fresh.state == AnalysisState.RUNNING
    ThemeAnalysis.objects.filter(pk=lost.pk).update(
        state=AnalysisState.RUNNING, attempts=MAX_ATTEMPTS, heartbeat_at=long_ago
    )
    assert theme_services.themes_recover() == 0
    lost.refresh_from_db()
    assert lost.state == AnalysisState.FAILED and lost.error


# Pages -------------------------------------------------------------------------------------

MEMBERS = [
    Role.FACILITATOR,
    Role.CIVIL_SERVANT,
    Role.GOVERNANCE,
    Role.INITIATOR,
    Role.PARTNER,
    Role.ADMINISTRATOR,
]
RUNNERS = {Role.FACILITATOR, Role.ADMINISTRATOR}


@pytest.fixture
def analysed(programme, facilitator):
    planted_programme(programme, 200)
    return theme_services.themes_analyse(programme=programme)


@pytest.mark.django_db
@pytest.mark.parametrize("role", MEMBERS)
def test_every_member_reads_the_themes_and_only_runners_may_ask_again(
    role, programme, member, client_for, analysed
):
    client = client_for(member(role))
    theme = analysed.themes.first()
    page = client.get(reverse("themes", args=[programme.slug]))
    assert page.status_code == 200
    assert ", ".join(theme.words) in page.content.decode()
    assert (reverse("themes-refresh", args=[programme.slug]) in page.content.decode()) == (
        role in RUNNERS
    )
    detail = client.get(reverse("theme-detail", args=[programme.slug, theme.pk]))
    assert detail.status_code == 200
    refresh = client.post(reverse("themes-refresh", args=[programme.slug]))
    assert refresh.status_code == (302 if role in RUNNERS else 403)


@pytest.mark.django_db
def test_outsiders_and_visitors_do_not_see_themes(programme, client_for, analysed, administrator):
    theme = analysed.themes.first()
    urls = [
        reverse("themes", args=[programme.slug]),
        reverse("theme-detail", args=[programme.slug, theme.pk]),
    ]
    stranger = client_for(UserFactory())
    for url in urls:
        assert stranger.get(url).status_code == 404
        response = client_for(None).get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert stranger.post(reverse("themes-refresh", args=[programme.slug])).status_code == 404
    assert (
        client_for(None).post(reverse("themes-refresh", args=[programme.slug])).status_code == 302
    )
    staff = client_for(administrator)
    assert all(staff.get(url).status_code == 200 for url in urls)
    assert staff.post(reverse("themes-refresh", args=[programme.slug])).status_code == 302
    assert ThemeAnalysis.objects.filter(state=AnalysisState.QUEUED).count() == 1
    assert client_for(administrator).get(urls[0].replace("themes/", "themes/x/")).status_code == 404


@pytest.mark.django_db
def test_a_theme_of_another_programme_or_an_old_analysis_is_not_found(
    programme, facilitator, client_for, analysed
):
    client = client_for(facilitator)
    other = MembershipFactory(role=Role.FACILITATOR).programme
    planted_programme(other, 100, seed=3)
    foreign = theme_services.themes_analyse(programme=other).themes.first()
    assert client.get(reverse("theme-detail", args=[programme.slug, foreign.pk])).status_code == 404
    assert client.get(reverse("theme-detail", args=[programme.slug, 999999])).status_code == 404
    old = analysed.themes.first().pk
    theme_services.themes_analyse(programme=programme)
    assert client.get(reverse("theme-detail", args=[programme.slug, old])).status_code == 404


@pytest.mark.django_db
def test_the_texts_of_a_theme_page_by_page_with_bad_page_numbers_handled(
    programme, facilitator, client_for, analysed
):
    theme = analysed.themes.first()
    url = reverse("theme-detail", args=[programme.slug, theme.pk])
    client = client_for(facilitator)
    first = client.get(url).content.decode()
    assert first.count('class="sp-card insights-text"') == 20
    assert dutch_text("Read it where it was written") in first
    pages = -(-theme.size // 20)
    last = client.get(url + f"?page={pages}").content.decode()
    assert last.count('class="sp-card insights-text"') == theme.size - 20 * (pages - 1)
    for bad in ("abc", "0", "-1", "99999", "1" * 30):
        response = client.get(url + f"?page={bad}")
        assert response.status_code == 200


@pytest.mark.django_db
def test_empty_states(programme, facilitator, client_for):
    client = client_for(facilitator)
    url = reverse("themes", args=[programme.slug])
    assert dutch_text("There are no themes yet.") in client.get(url).content.decode()
    planted_programme(programme, 5)
    theme_services.themes_analyse(programme=programme)
    page = client.get(url).content.decode()
    with translation.override("nl"):
        too_few = ngettext(
            "There is %(counter)s text to look for themes in.",
            "There are %(counter)s texts to look for themes in.",
            5,
        ) % {"counter": 5}
    assert too_few in page


@pytest.mark.django_db
def test_markup_in_a_text_is_shown_as_text(programme, initiative, facilitator, client_for):
    cycle = CycleFactory(initiative=initiative)
    Observation.objects.bulk_create(
        Observation(
            cycle=cycle,
            occurred_on=timezone.localdate(),
            text=f"<script>alert({n})</script> {item.text}",
        )
        for n, item in enumerate(planted_corpus(80, seed=4))
    )
    analysis = theme_services.themes_analyse(programme=programme)
    theme = analysis.themes.first()
    page = client_for(facilitator).get(reverse("theme-detail", args=[programme.slug, theme.pk]))
    content = page.content.decode()
    assert "<script>alert(" not in content
    assert "&lt;script&gt;alert(" in content
    assert "script" not in theme.words


def _queries(client, url) -> int:
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        assert client.get(url).status_code == 200
    return len(cold)


@pytest.mark.django_db
def test_the_pages_cost_the_same_queries_at_two_sizes(client_for):
    counts = []
    for size in (60, 300):
        membership = MembershipFactory(role=Role.FACILITATOR)
        programme = membership.programme
        planted_programme(programme, size)
        session_with_texts(
            programme,
            membership.user,
            closed=True,
            contributions=[item.text for item in planted_corpus(size // 4, seed=2)],
            insights=[item.text for item in planted_corpus(size // 10, seed=6)],
        )
        analysis = theme_services.themes_analyse(programme=programme)
        client = client_for(membership.user)
        theme = analysis.themes.first()
        counts.append(
            (
                _queries(client, reverse("themes", args=[programme.slug])),
                _queries(client, reverse("theme-detail", args=[programme.slug, theme.pk])),
            )
        )
    assert counts[0] == counts[1]
    # From the cache: the session, the user, the access check and the analyses' state.
    client.get(reverse("themes", args=[programme.slug]))
    with CaptureQueriesContext(connection) as warm:
        client.get(reverse("themes", args=[programme.slug]))
    assert len(warm) == 4, [query["sql"][:120] for query in warm.captured_queries]
