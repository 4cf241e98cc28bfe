"""The travel report's files, made off the request on the real task queue (django-tasks
with its database back-end): asking for one through the page, the worker making it, the
download, reuse of the same book, a worker that stops or restarts, a failing render and
trying again, the progress page and its JSON, and who may do what. The HTML file stands
for every format: nothing here depends on which one it is."""

import signal
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from samenspel.common.models import AuditEvent
from samenspel.common.services import audit_record
from samenspel.journal import outputs, rendering_services
from samenspel.journal.compose import compose_book
from samenspel.journal.constants import (
    RENDER_MAX_ATTEMPTS,
    RENDER_STALE_AFTER_SECONDS,
    ChapterKind,
    RenderState,
)
from samenspel.journal.downloads import panel_context
from samenspel.journal.models import Chapter, Publication, Rendering
from samenspel.programmes.access import access_programme_by_slug
from samenspel.programmes.constants import Role
from samenspel.programmes.models import Programme
from tests.factories import MembershipFactory, ProgrammeFactory, UserFactory
from tests.journal import make_journal

WORDS = "Bewoners van Kleinwaarde koken samen in het eetpunt."


@pytest.fixture
def journal(programme, facilitator):
    journal = make_journal(programme, facilitator)
    chapter = Chapter.objects.filter(journal=journal, kind=ChapterKind.WRITTEN).first()
    Chapter.objects.filter(pk=chapter.pk).update(body=f"## Waarom\n\n{WORDS}")
    return journal


@pytest.fixture
def publication(journal, facilitator):
    with translation.override("nl"):
        book = compose_book(journal, edition=1, on=date(2025, 3, 1))
    return Publication.objects.create(
        journal=journal,
        number=1,
        title=journal.title,
        published_on=date(2025, 3, 1),
        published_by=facilitator,
        book=book.to_json(),
    )


def dutch(text: str) -> str:
    with translation.override("nl"):
        return gettext(text)


def ask(client, programme, fmt="html", version="draft"):
    return client.post(
        reverse("journal-render", args=[programme.slug]), {"format": fmt, "version": version}
    )


def journal_tasks():
    """The travel report's tasks (other parts queue theirs too: the search index's
    rebuild after every change of a programme)."""
    return DBTaskResult.objects.filter(task_path__startswith="samenspel.journal.")


def run_worker() -> None:
    """A worker process's run, in this process: every task that waits, then it stops.
    The worker sets its own signal handlers; the test runner's are put back."""
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)


def progress_url(programme, rendering):
    return reverse("journal-rendering", args=[programme.slug, rendering.pk])


def download_url(programme, rendering):
    return reverse("journal-rendering-download", args=[programme.slug, rendering.pk])


def age(rendering, seconds=RENDER_STALE_AFTER_SECONDS + 30):
    """As if the rendering's worker last reported `seconds` ago."""
    long_ago = timezone.now() - timedelta(seconds=seconds)
    Rendering.objects.filter(pk=rendering.pk).update(heartbeat_at=long_ago, requested_at=long_ago)


# Asking, making, downloading ------------------------------------------------------------


@pytest.mark.django_db
def test_a_request_stores_a_rendering_and_its_task(
    client_for, programme, journal, facilitator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client_for(facilitator), programme)
    rendering = Rendering.objects.get()
    assert response.status_code == 302
    assert response["Location"] == progress_url(programme, rendering)
    assert rendering.state == RenderState.QUEUED
    assert rendering.publication is None
    assert rendering.language == "nl"
    task = journal_tasks().get()
    assert str(task.id) == rendering.task_id
    assert task.status == TaskResultStatus.READY
    assert task.task_path == "samenspel.journal.tasks.render_journal"
    assert task.args_kwargs == {"args": [rendering.pk], "kwargs": {}}
    event = AuditEvent.objects.get(action="rendering.request")
    assert event.actor == facilitator
    assert event.data == {"journal": journal.pk, "format": "html", "version": None}


@pytest.mark.django_db(transaction=True)
def test_the_worker_makes_the_file_and_the_download_serves_it(
    client_for, programme, journal, facilitator
):
    client = client_for(facilitator)
    ask(client, programme)
    rendering = Rendering.objects.get()
    assert client.get(download_url(programme, rendering)).status_code == 404  # not yet

    run_worker()

    rendering.refresh_from_db()
    assert rendering.state == RenderState.DONE
    assert rendering.progress == 100
    assert rendering.attempts == 1
    assert rendering.started_at <= rendering.finished_at
    assert journal_tasks().get().status == TaskResultStatus.SUCCESSFUL
    page = client.get(progress_url(programme, rendering))
    assert download_url(programme, rendering) in page.content.decode()
    response = client.get(download_url(programme, rendering))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    with translation.override("nl"):
        name = outputs.file_name(compose_book(journal), "html")
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    assert rendering.file_name == name
    assert WORDS in response.content.decode()
    assert int(response["Content-Length"]) == rendering.size == len(response.content)
    assert client.head(download_url(programme, rendering)).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_the_same_request_twice_makes_one_file(client_for, programme, journal, facilitator):
    client = client_for(facilitator)
    ask(client, programme)
    ask(client, programme)
    assert Rendering.objects.count() == 1
    assert journal_tasks().count() == 1
    # Asking for another format in between changes nothing of the draft's book.
    ask(client, programme, fmt="md")
    run_worker()
    first = Rendering.objects.get(format="html")
    response = ask(client, programme)  # made already: the same file
    assert response["Location"] == progress_url(programme, first)
    assert Rendering.objects.filter(format="html").count() == 1
    assert Rendering.objects.count() == 2
    assert AuditEvent.objects.filter(action="rendering.request").count() == 2


@pytest.mark.django_db(transaction=True)
def test_an_edit_of_the_report_makes_the_next_request_a_new_file(
    client_for, programme, journal, facilitator
):
    client = client_for(facilitator)
    ask(client, programme)
    run_worker()
    version = Programme.objects.get(pk=programme.pk).data_version
    chapter = Chapter.objects.filter(journal=journal).first()
    chapter.body = "Een nieuwe alinea."
    chapter.save(update_fields=["body"])  # a chapter's row belongs to the programme
    audit_record(actor=facilitator, action="chapter.update", target=chapter, programme=programme)
    assert Programme.objects.get(pk=programme.pk).data_version > version

    ask(client, programme)

    assert Rendering.objects.count() == 2
    newest = Rendering.objects.order_by("-id").first()
    assert newest.state == RenderState.QUEUED
    assert newest.data_version == Programme.objects.get(pk=programme.pk).data_version


# A worker that stops -------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_task_waits_through_a_worker_restart(client_for, programme, journal, facilitator):
    """No worker runs while the file is asked for (it was stopped for a restart): the
    task waits in the database, however long, and is not queued twice; the worker that
    starts afterwards makes it."""
    client = client_for(facilitator)
    ask(client, programme)
    rendering = Rendering.objects.get()
    age(rendering, seconds=10 * RENDER_STALE_AFTER_SECONDS)
    assert client.get(progress_url(programme, rendering)).status_code == 200  # recovers
    assert journal_tasks().count() == 1  # still the one waiting task

    run_worker()

    rendering.refresh_from_db()
    assert rendering.state == RenderState.DONE
    assert rendering.attempts == 1


@pytest.mark.django_db(transaction=True)
def test_a_file_whose_worker_was_stopped_mid_book_is_queued_again(
    client_for, programme, journal, facilitator, monkeypatch
):
    """The worker is told to stop twice while it renders (`sys.exit` in the middle of
    the book): the rendering stays "running" and reports no more. Once that lasts longer
    than the stale limit, the progress page queues it again and the next worker makes it."""
    client = client_for(facilitator)
    ask(client, programme)
    render = outputs.render

    def stopped(book, fmt, progress):
        progress(30, "Hoofdstuk 2")
        raise SystemExit(1)

    monkeypatch.setattr(outputs, "render", stopped)
    run_worker()
    rendering = Rendering.objects.get()
    assert rendering.state == RenderState.RUNNING
    assert rendering.progress > 0
    client.get(progress_url(programme, rendering))
    assert journal_tasks().count() == 1  # it reported lately: not lost yet

    age(rendering)
    client.get(progress_url(programme, rendering))
    rendering.refresh_from_db()
    assert rendering.state == RenderState.QUEUED
    assert journal_tasks().count() == 2
    monkeypatch.setattr(outputs, "render", render)
    run_worker()

    rendering.refresh_from_db()
    assert rendering.state == RenderState.DONE
    assert rendering.attempts == 2


@pytest.mark.django_db(transaction=True)
def test_a_killed_workers_task_is_marked_failed_and_the_file_made_again(
    client_for, programme, journal, facilitator
):
    """A worker killed outright (SIGKILL, a machine restart) leaves its task "running"
    in the database for ever: recovery says it failed, and queues the file again."""
    client = client_for(facilitator)
    ask(client, programme)
    rendering = Rendering.objects.get()
    old_task = journal_tasks().get()
    old_task.claim("killed-worker")
    assert rendering_services._claim(rendering.pk) is not None
    age(rendering)

    assert rendering_services.renderings_recover() == 1

    old_task.refresh_from_db()
    assert old_task.status == TaskResultStatus.FAILED
    assert old_task.task_result.errors[0].exception_class is rendering_services.WorkerLostError
    run_worker()
    rendering.refresh_from_db()
    assert rendering.state == RenderState.DONE
    assert rendering.attempts == 2


@pytest.mark.django_db
def test_a_file_lost_too_often_fails(programme, journal, facilitator):
    rendering = rendering_services.rendering_request(journal=journal, fmt="html", by=facilitator)
    Rendering.objects.filter(pk=rendering.pk).update(
        state=RenderState.RUNNING, attempts=RENDER_MAX_ATTEMPTS
    )
    age(rendering)

    assert rendering_services.renderings_recover() == 0

    rendering.refresh_from_db()
    assert rendering.state == RenderState.FAILED
    assert rendering.error


@pytest.mark.django_db
def test_a_late_write_of_a_superseded_attempt_changes_nothing(programme, journal, facilitator):
    """A worker that only seemed lost (one long step) and reports after its rendering was
    queued again stops without touching the row."""
    rendering = rendering_services.rendering_request(journal=journal, fmt="html", by=facilitator)
    claimed = rendering_services._claim(rendering.pk)
    reporter = rendering_services._Reporter(rendering.pk, claimed.attempts, None)
    reporter(20, "Hoofdstuk 1")
    age(rendering)
    rendering_services.renderings_recover()

    with pytest.raises(rendering_services.RenderingSupersededError):
        reporter(60, "Hoofdstuk 3")

    rendering.refresh_from_db()
    assert (rendering.state, rendering.progress) == (RenderState.QUEUED, 0)


# Failing, progress -----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_failing_render_shows_why_and_trying_again_works(
    client_for, programme, journal, facilitator, monkeypatch, caplog
):
    client = client_for(facilitator)
    render = outputs.render

    def broken(book, fmt, progress):
        raise RuntimeError("the printer is on fire")

    monkeypatch.setattr(outputs, "render", broken)
    ask(client, programme)
    run_worker()

    failed = Rendering.objects.get()
    assert failed.state == RenderState.FAILED
    assert failed.error.startswith(dutch("The file could not be made."))
    assert "fire" not in failed.error
    assert "the printer is on fire" in caplog.text  # the traceback is logged
    assert journal_tasks().get().status == TaskResultStatus.FAILED
    page = client.get(progress_url(programme, failed)).content.decode()
    assert failed.error in page
    assert dutch("Try again") in page
    # A failed file is not reused: trying again asks for a new one.
    monkeypatch.setattr(outputs, "render", render)
    response = ask(client, programme)
    retried = Rendering.objects.exclude(pk=failed.pk).get()
    assert response["Location"] == progress_url(programme, retried)
    run_worker()
    retried.refresh_from_db()
    assert retried.state == RenderState.DONE


@pytest.mark.django_db
def test_progress_is_written_as_the_book_is_made(programme, journal, facilitator, monkeypatch):
    """Each report is a short write of its own that the page reads; percentages that
    repeat within half a second are not written again."""
    rendering = rendering_services.rendering_request(journal=journal, fmt="html", by=facilitator)
    seen = []
    writes = []
    update = rendering_services._mine

    def counted(*args):
        writes.append(args)
        return update(*args)

    def render(book, fmt, progress):
        for _repeat in range(50):
            progress(50, "Pagina's opmaken")
        seen.append(Rendering.objects.values_list("progress", "step").get(pk=rendering.pk))
        return b"<p>klaar</p>"

    monkeypatch.setattr(outputs, "render", render)
    monkeypatch.setattr(rendering_services, "_mine", counted)
    assert rendering_services.rendering_run(rendering_id=rendering.pk) == "done"

    half = rendering_services.COMPOSE_SHARE + 50 * (100 - rendering_services.COMPOSE_SHARE) // 100
    assert seen == [(half, "Pagina's opmaken")]
    assert len(writes) < 20


@pytest.mark.django_db
def test_the_progress_page_and_its_json_show_how_far_it_is(
    client_for, programme, journal, facilitator
):
    rendering = rendering_services.rendering_request(journal=journal, fmt="html", by=facilitator)
    Rendering.objects.filter(pk=rendering.pk).update(
        state=RenderState.RUNNING,
        progress=40,
        step="Hoofdstuk 2: De reis",
        heartbeat_at=timezone.now(),
    )
    client = client_for(facilitator)

    page = client.get(progress_url(programme, rendering)).content.decode()
    assert '<progress id="rendering-progress" max="100" value="40">40%</progress>' in page
    assert "Hoofdstuk 2: De reis" in page
    assert "samenspel/rendering.js" in page
    assert f'href="{progress_url(programme, rendering)}"' in page  # refresh without script
    assert 'http-equiv="refresh"' not in page

    for response in (
        client.get(progress_url(programme, rendering), {"format": "json"}),
        client.get(progress_url(programme, rendering), HTTP_ACCEPT="application/json"),
    ):
        data = response.json()
        assert response["Cache-Control"] == "no-store"
        assert (data["state"], data["progress"], data["finished"]) == ("running", 40, False)
        assert data["step"] == "Hoofdstuk 2: De reis"
        assert 'value="40"' in data["html"]


@pytest.mark.django_db
def test_a_done_file_shows_its_size_and_time(client_for, programme, journal, facilitator):
    rendering = rendering_services.rendering_request(journal=journal, fmt="html", by=facilitator)
    started = timezone.now() - timedelta(seconds=12)
    Rendering.objects.filter(pk=rendering.pk).update(
        state=RenderState.DONE,
        progress=100,
        content=b"x" * 2048,
        size=2048,
        file_name="reisverslag-concept.html",
        started_at=started,
        finished_at=started + timedelta(seconds=12),
    )
    data = client_for(facilitator).get(progress_url(programme, rendering), {"format": "json"})
    data = data.json()
    assert data["finished"] is True
    assert download_url(programme, rendering) in data["html"]
    assert "reisverslag-concept.html" in data["html"]
    with translation.override("nl"):
        assert "12 " in data["html"]
        assert "2,0" in data["html"]  # 2,0 KB, the Dutch way


# Who may ---------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_every_member_may_make_and_download_files(client_for, programme, journal, member, role):
    client = client_for(member(role))
    response = ask(client, programme)
    assert response.status_code == 302
    rendering = Rendering.objects.get()
    assert client.get(progress_url(programme, rendering)).status_code == 200


@pytest.mark.django_db
def test_others_cannot_reach_the_files(client_for, programme, journal, facilitator):
    rendering = rendering_services.rendering_request(journal=journal, fmt="html", by=facilitator)
    Rendering.objects.filter(pk=rendering.pk).update(state=RenderState.DONE, content=b"x")
    stranger = client_for(UserFactory())
    elsewhere = ProgrammeFactory(slug="elders")
    outsider = MembershipFactory(programme=elsewhere, role=Role.FACILITATOR).user
    anonymous = client_for(None)
    urls = [progress_url(programme, rendering), download_url(programme, rendering)]
    for url in urls:
        assert stranger.get(url).status_code == 404
        response = anonymous.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
        # A member of another programme, asking through their own programme's address.
        assert client_for(outsider).get(url.replace("/samenspel/", "/elders/")).status_code == 404
    assert ask(stranger, programme).status_code == 404
    assert ask(anonymous, programme).status_code == 302
    assert Rendering.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        {"format": "exe", "version": "draft"},
        {"format": "", "version": "draft"},
        {"version": "draft"},
        {"format": "html", "version": "99"},
        {"format": "html", "version": "concept"},
        {"format": "html", "version": "-1"},
        {"format": "html"},
    ],
)
def test_bad_requests_are_refused_and_store_nothing(
    client_for, programme, journal, publication, facilitator, data
):
    response = client_for(facilitator).post(reverse("journal-render", args=[programme.slug]), data)
    assert response.status_code == 400
    assert Rendering.objects.count() == 0
    assert not AuditEvent.objects.filter(action="rendering.request").exists()
    assert journal_tasks().count() == 0


@pytest.mark.django_db
def test_a_request_needs_a_post(client_for, programme, journal, facilitator):
    response = client_for(facilitator).get(reverse("journal-render", args=[programme.slug]))
    assert response.status_code == 405


@pytest.mark.django_db
def test_a_publication_is_made_from_its_frozen_book(
    client_for, programme, journal, publication, facilitator
):
    Chapter.objects.filter(journal=journal).update(body="Later geschreven.")
    client = client_for(facilitator)
    ask(client, programme, version="1")
    rendering = Rendering.objects.get()
    assert rendering.publication == publication
    assert rendering_services.rendering_run(rendering_id=rendering.pk) == "done"
    content = client.get(download_url(programme, rendering)).content.decode()
    assert WORDS in content
    assert "Later geschreven." not in content
    assert Rendering.objects.get().file_name.endswith("-1.html")


# The public download --------------------------------------------------------------------


def public_url(programme, number=1, fmt="html"):
    return reverse("journal-public-download", args=[programme.slug, number, fmt])


@pytest.mark.django_db
def test_a_public_publication_is_made_once_and_then_served(
    client_for, programme, journal, publication, django_capture_on_commit_callbacks
):
    journal.public = True
    journal.save(update_fields=["public"])
    anonymous = client_for(None)
    with django_capture_on_commit_callbacks(execute=True):
        first = anonymous.get(public_url(programme))
        again = anonymous.get(public_url(programme))
    assert first.status_code == again.status_code == 200
    assert "samenspel/rendering.js" in first.content.decode()
    rendering = Rendering.objects.get()
    assert rendering.requested_by is None
    assert journal_tasks().count() == 1
    assert AuditEvent.objects.get(action="rendering.request").actor is None
    status = anonymous.get(public_url(programme), {"format": "json"}).json()
    assert status["state"] == "queued"

    assert rendering_services.rendering_run(rendering_id=rendering.pk) == "done"

    response = anonymous.get(public_url(programme))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert WORDS in response.content.decode()
    assert anonymous.get(public_url(programme), {"format": "json"}).json()["finished"] is True


@pytest.mark.django_db
def test_an_anonymous_visitor_cannot_ask_again_for_a_file_that_failed(
    client_for, programme, journal, publication
):
    journal.public = True
    journal.save(update_fields=["public"])
    anonymous = client_for(None)
    anonymous.get(public_url(programme))
    Rendering.objects.update(state=RenderState.FAILED, error="Mislukt.", finished_at=timezone.now())
    page = anonymous.get(public_url(programme)).content.decode()
    assert "Mislukt." in page
    assert dutch("Try again") not in page
    assert Rendering.objects.count() == 1
    # After a while a visitor may ask again.
    Rendering.objects.update(finished_at=timezone.now() - timedelta(hours=2))
    anonymous.get(public_url(programme))
    assert Rendering.objects.count() == 2


@pytest.mark.django_db
def test_the_public_download_is_only_for_public_reports(
    client_for, programme, journal, publication
):
    anonymous = client_for(None)
    assert anonymous.get(public_url(programme)).status_code == 404  # not public
    journal.public = True
    journal.save(update_fields=["public"])
    assert anonymous.get(public_url(programme, number=2)).status_code == 404
    assert anonymous.get(public_url(programme, fmt="exe")).status_code == 404
    # The page's polling only reads: it asks for nothing.
    assert anonymous.get(public_url(programme), {"format": "json"}).status_code == 404
    assert Rendering.objects.count() == 0
    assert anonymous.get(public_url(programme)).status_code == 200
    assert Rendering.objects.count() == 1


# Keeping the queue tidy -----------------------------------------------------------------


@pytest.mark.django_db
def test_publishing_queues_the_pdf_and_the_html(
    programme, journal, publication, facilitator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        made = rendering_services.publication_renderings_queue(
            publication=publication, by=facilitator
        )
    assert sorted(r.format for r in made) == ["html", "pdf"]
    assert {r.publication for r in made} == {publication}
    assert journal_tasks().count() == 2


@pytest.mark.django_db
def test_old_files_of_the_draft_are_removed(programme, journal, facilitator):
    for index in range(5):
        rendering = Rendering.objects.create(
            journal=journal,
            format="html",
            state=RenderState.DONE,
            data_version=index,
            requested_at=timezone.now() - timedelta(hours=5 - index),
        )
    waiting = Rendering.objects.create(journal=journal, format="html", data_version=9)
    assert rendering_services.rendering_prune(journal=journal, keep=3) == 2
    assert Rendering.objects.filter(state=RenderState.DONE).count() == 3
    assert Rendering.objects.filter(pk__in=[rendering.pk, waiting.pk]).count() == 2


# The panel other pages include --------------------------------------------------------


@pytest.mark.django_db
def test_the_download_panel_offers_each_file(rf, programme, journal, publication, facilitator):
    access = access_programme_by_slug(user=facilitator, slug=programme.slug)
    ready = rendering_services.rendering_request(journal=journal, fmt="html", by=facilitator)
    Rendering.objects.filter(pk=ready.pk).update(state=RenderState.DONE, size=2048)
    working = rendering_services.rendering_request(journal=journal, fmt="pdf", by=facilitator)
    request = rf.get("/")
    request.user = facilitator

    with translation.override("nl"):
        draft = render_to_string(
            "journal/downloads/panel.html", panel_context(access, journal), request=request
        )
        version = render_to_string(
            "journal/downloads/panel.html",
            panel_context(access, journal, publication),
            request=request,
        )
    assert 'name="version" value="draft"' in draft
    assert download_url(programme, ready) in draft
    assert progress_url(programme, working) in draft
    assert draft.count('name="format"') == 2  # Markdown and DOCX still to make
    assert 'name="version" value="1"' in version
    assert version.count('name="format"') == 4  # nothing made of version 1 yet


@pytest.mark.django_db
@pytest.mark.parametrize("version", ["\u00b2", "9" * 5000])
def test_a_version_that_is_no_number_is_refused(client_for, version):
    from tests.factories import MembershipFactory, ProgrammeFactory
    from tests.journal import make_journal

    programme = ProgrammeFactory()
    facilitator = MembershipFactory(programme=programme, role=Role.FACILITATOR).user
    make_journal(programme, facilitator)
    address = reverse("journal-render", args=[programme.slug])
    response = client_for(facilitator).post(address, {"format": "md", "version": version})
    assert response.status_code == 400
