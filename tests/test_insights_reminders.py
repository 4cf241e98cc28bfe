"""Reminders: what is due per person (against a hand-built situation), the Dutch digest,
once a day per person however often and however concurrently it runs, retries after a
failing mail server, the stop link, the settings page for every role, and the command."""

import datetime
import re
import threading
from io import StringIO

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from samenspel.accounts.models import User
from samenspel.common.models import AuditEvent
from samenspel.cycles.constants import CycleState
from samenspel.insights import reminder_services
from samenspel.insights.management.commands.send_reminders import PLANS
from samenspel.insights.reminder_models import DigestState, ReminderDigest, ReminderItem
from samenspel.insights.reminder_services import (
    reminders_plan,
    reminders_send,
    stop_token,
)
from samenspel.insights.reminders import Section, reminders_due
from samenspel.learning_sessions.models import Action
from samenspel.programmes.constants import Role
from tests.factories import MembershipFactory, UserFactory
from tests.insights_reminder import (
    FailingBackend,
    SlowBackend,
    build_situation,
    cycle,
    outbox_to,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def nl(message: str) -> str:
    with translation.override("nl"):
        return translation.gettext(message)


@pytest.fixture
def world():
    return build_situation()


def digest_of(world, user):
    return next((due for due in reminders_due(today=world.today) if due.user == user), None)


# What is due ----------------------------------------------------------------------------------


def test_each_person_gets_what_is_due_for_them(world):
    everyone = reminders_due(today=world.today)
    assert [due.user for due in everyone] == [world.anna, world.fenna]  # by name
    anna = everyone[0]
    assert [group.programme for group in anna.programmes] == [world.programme]
    assert [(item.section, item.keys) for item in anna.items] == [
        (Section.OVERDUE, (f"cycle:{world.review.pk}:review_due",)),
        (Section.DUE_SOON, (f"action:{world.action.pk}",)),
        (Section.CONSENT, (f"voice:{world.voice.pk}",)),
        (Section.TOMORROW, (f"session:{world.session.pk}",)),
    ]
    overdue = anna.items[0]
    assert overdue.days_overdue == 2
    assert overdue.due_on == world.today - 2 * DAY
    assert overdue.path == f"/programmes/samenspel/cycles/{world.review.pk}/"
    assert anna.overdue == 1
    fenna = everyone[1]
    assert [item.keys for item in fenna.items] == [(f"session:{world.session.pk}",)]


def test_the_programme_a_person_left_is_left_out(world):
    keys = digest_of(world, world.anna).keys
    assert f"cycle:{world.gone.pk}:review_due" not in keys
    assert all(key.split(":")[0] != "action" or key == f"action:{world.action.pk}" for key in keys)


def test_reminders_off_or_an_inactive_account_gets_nothing(world):
    assert digest_of(world, world.bert) is None
    assert digest_of(world, world.cees) is None
    reminders_send(today=world.today)
    assert outbox_to(world.bert.email) == outbox_to(world.cees.email) == []


def test_each_phase_is_reminded_by_its_own_due_date(programme):
    today = datetime.date(2026, 5, 14)
    owner = MembershipFactory(programme=programme).user
    draft = cycle(owner, programme, CycleState.DRAFT, today + 3 * DAY)
    reviewed = cycle(owner, programme, CycleState.REVIEWED, today)
    cycle(owner, programme, CycleState.ACTING, today + 4 * DAY)  # not yet
    (due,) = reminders_due(today=today)
    assert [(item.section, item.keys, item.days_overdue) for item in due.items] == [
        (Section.DUE_SOON, (f"cycle:{reviewed.pk}:adjustment_due",), 0),
        (Section.DUE_SOON, (f"cycle:{draft.pk}:expectation_due",), 0),
    ]


def _people(programme, count: int, today: datetime.date) -> None:
    for _n in range(count):
        owner = MembershipFactory(programme=programme).user
        cycle(owner, programme, CycleState.ACTING, today - DAY)
        cycle(owner, programme, CycleState.DRAFT, today + DAY)


def test_a_fixed_number_of_queries_for_everyone(world):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            reminders_due(today=world.today)
        return len(captured)

    few = queries()
    _people(world.programme, 12, world.today)
    assert len(reminders_due(today=world.today)) == 2 + 12
    assert queries() == few == 6


# The digest ----------------------------------------------------------------------------------


def test_the_digest_in_dutch_with_absolute_links(world):
    with translation.override("en"):  # Dutch whatever the active language
        summary = reminders_send(today=world.today)
    assert (summary.sent, summary.skipped, summary.failed) == (2, 0, 0)
    (message,) = outbox_to(world.anna.email)
    body = message.body
    assert message.subject.startswith("Samenspel")
    assert "(1 " in message.subject  # one overdue
    assert "Anna de Vries" in body
    assert "HET NIEUWE SAMENSPEL" in body  # grouped by programme
    assert "Oud leertraject" not in body and "OUD LEERTRAJECT" not in body
    # Dutch words that the catalogue already holds, and Dutch dates.
    assert "Dorpshuis De Spil · leercyclus 2: Eerste ronde" in body
    assert "Actiepunt: Bel de voorzitter van het dorpshuis over de sleutel." in body
    assert "Leersessie: Leersessie mei" in body
    assert nl("Overdue") in body
    months = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus"]
    months += ["september", "oktober", "november", "december"]
    assert months[(world.today - 2 * DAY).month - 1] in body
    # Overdue first, with its days; the order of the sections.
    positions = [
        body.index("leercyclus 2"),
        body.index("Bel de voorzitter"),
        body.index(nl("Travel report")),
        body.index("Leersessie mei"),
    ]
    assert positions == sorted(positions)
    assert "2 " in body[positions[0] : positions[1]]
    assert "19:30" in body and "21:30" in body
    # Every link absolute, on the site's address.
    site = settings.SITE_URL
    assert f"{site}/programmes/samenspel/cycles/{world.review.pk}/" in body
    assert f"{site}/programmes/samenspel/journal/consent/" in body
    assert f"{site}/programmes/samenspel/sessions/{world.session.pk}/" in body
    assert f"{site}/accounts/settings/" in body
    stop = f"{site}/reminders/stop/{stop_token(world.anna)}/"
    assert stop in body
    assert message.extra_headers["List-Unsubscribe"] == f"<{stop}>"
    # The HTML alternative says the same, with links.
    ((html, kind),) = message.alternatives
    assert kind == "text/html"
    assert '<html lang="nl">' in html
    assert f'href="{site}/programmes/samenspel/cycles/{world.review.pk}/"' in html
    assert "Bel de voorzitter van het dorpshuis over de sleutel." in html
    assert f'href="{stop}"' in html
    # Anna's quote is counted, never quoted.
    assert "Eigen woorden" not in body and "Eigen woorden" not in html


def test_the_subject_is_the_same_in_every_active_language(world):
    due = digest_of(world, world.anna)
    with translation.override("en"):
        english = reminder_services.digest_message(due=due, today=world.today)
    with translation.override("nl"):
        dutch = reminder_services.digest_message(due=due, today=world.today)
    assert english.subject == dutch.subject
    assert english.body == dutch.body


def test_an_action_text_with_html_is_escaped_in_the_html_mail(world):
    Action.objects.filter(pk=world.action.pk).update(text="Lees <b>dit</b> & dat")
    reminders_send(today=world.today)
    (message,) = outbox_to(world.anna.email)
    assert "Lees <b>dit</b> & dat" in message.body
    assert "Lees &lt;b&gt;dit&lt;/b&gt; &amp; dat" in message.alternatives[0][0]


# Once a day -----------------------------------------------------------------------------------


def test_twice_the_same_day_sends_one_mail_per_person(world):
    first = reminders_send(today=world.today)
    second = reminders_send(today=world.today)
    assert (first.sent, second.sent, second.skipped) == (2, 0, 2)
    assert len(outbox_to(world.anna.email)) == len(outbox_to(world.fenna.email)) == 1
    assert len(mail.outbox) == 2
    digest = ReminderDigest.objects.get(user=world.anna, day=world.today)
    assert (digest.state, digest.attempts, digest.items) == (DigestState.SENT, 1, 4)
    assert set(
        ReminderItem.objects.filter(user=world.anna, day=world.today).values_list("key", flat=True)
    ) == set(digest_of(world, world.anna).keys)
    events = AuditEvent.objects.filter(action="reminder.sent")
    assert events.count() == 2
    assert events.get(target_id=digest.pk).data == {"day": world.today.isoformat(), "items": 4}


def test_something_new_later_the_same_day_waits_for_tomorrow(world):
    reminders_send(today=world.today)
    Action.objects.create(
        session=world.action.session, text="Nieuw.", owner=world.anna, due_on=world.today
    )
    assert reminders_send(today=world.today).sent == 0
    assert len(outbox_to(world.anna.email)) == 1


def test_the_next_day_the_items_still_open_come_again(world):
    reminders_send(today=world.today)
    Action.objects.filter(pk=world.action.pk).update(status="done")
    mail.outbox.clear()
    tomorrow = world.today + DAY
    summary = reminders_send(today=tomorrow)
    assert summary.sent == 1  # Fenna's session is today now: nothing for her
    (message,) = mail.outbox
    assert message.to == [world.anna.email]
    keys = set(ReminderItem.objects.filter(day=tomorrow).values_list("key", flat=True))
    assert keys == {f"cycle:{world.review.pk}:review_due", f"voice:{world.voice.pk}"}
    assert "(1 " in message.subject  # the review, now three days overdue
    assert "3 " in message.body


# Failures and retries ------------------------------------------------------------------------


def test_a_failing_mail_server_is_recorded_and_the_next_run_sends_once(world):
    with override_settings(EMAIL_BACKEND="tests.insights_reminder.FailingBackend"):
        failed = reminders_send(today=world.today)
    assert (failed.sent, failed.failed) == (0, 2)
    assert mail.outbox == []
    digest = ReminderDigest.objects.get(user=world.anna, day=world.today)
    assert digest.state == DigestState.FAILED
    assert digest.attempts == 1
    assert digest.last_error.startswith("SMTPServerDisconnected: Connection unexpectedly closed")
    assert not ReminderItem.objects.exists()
    event = AuditEvent.objects.get(action="reminder.failed", target_id=digest.pk)
    assert event.data == {
        "day": world.today.isoformat(),
        "attempt": 1,
        "error": "SMTPServerDisconnected",
    }
    again = reminders_send(today=world.today)
    assert (again.sent, again.failed) == (2, 0)
    assert len(outbox_to(world.anna.email)) == 1
    digest.refresh_from_db()
    assert (digest.state, digest.attempts, digest.last_error) == (DigestState.SENT, 2, "")
    assert reminders_send(today=world.today).sent == 0
    assert len(mail.outbox) == 2


def test_after_three_failed_attempts_it_gives_up_for_the_day(world):
    for _attempt in range(3):
        assert reminders_send(today=world.today, connection=FailingBackend()).failed == 2
    summary = reminders_send(today=world.today)
    assert (summary.sent, summary.failed, summary.skipped) == (0, 0, 2)
    assert (world.anna.email, "given_up") in summary.notes
    assert mail.outbox == []
    # The next day starts afresh.
    assert reminders_send(today=world.today + DAY).sent == 1


def test_a_claim_left_by_a_run_that_died_before_sending_is_sent_later(world):
    stale = reminder_services.timezone.now() - reminder_services.STALE_AFTER - DAY / 24 / 60
    ReminderDigest.objects.create(
        user=world.anna,
        day=world.today,
        state=DigestState.CLAIMED,
        token="dead",
        attempts=1,
        claimed_at=stale,
    )
    ReminderDigest.objects.create(
        user=world.fenna,
        day=world.today,
        state=DigestState.CLAIMED,
        token="alive",
        attempts=1,
        claimed_at=reminder_services.timezone.now(),
    )
    summary = reminders_send(today=world.today)
    assert (summary.sent, summary.skipped) == (1, 1)
    assert (world.fenna.email, "busy") in summary.notes  # a run is busy with it now
    assert len(outbox_to(world.anna.email)) == 1
    anna = ReminderDigest.objects.get(user=world.anna)
    assert (anna.state, anna.attempts) == (DigestState.SENT, 2)
    assert anna.token != "dead"


def test_a_run_that_died_while_sending_is_not_sent_again(world):
    stale = reminder_services.timezone.now() - reminder_services.STALE_AFTER - DAY / 24 / 60
    ReminderDigest.objects.create(
        user=world.anna,
        day=world.today,
        state=DigestState.SENDING,
        token="dead",
        attempts=1,
        claimed_at=stale,
    )
    summary = reminders_send(today=world.today)
    assert outbox_to(world.anna.email) == []
    assert (world.anna.email, "interrupted") in summary.notes
    assert ReminderDigest.objects.get(user=world.anna).state == DigestState.INTERRUPTED
    assert reminders_send(today=world.today).sent == 0  # and stays so


def test_a_run_that_lost_its_claim_sends_nothing(world):
    """A run stalls after claiming; another retakes the stale claim. The first run's
    move to *sending* finds its token gone: it sends nothing."""
    first, token = reminder_services._claim(user_id=world.anna.pk, day=world.today)
    assert first is not None
    ReminderDigest.objects.filter(pk=first.pk).update(
        claimed_at=reminder_services.timezone.now() - 2 * reminder_services.STALE_AFTER
    )
    second, other = reminder_services._claim(user_id=world.anna.pk, day=world.today)
    assert second is not None and other != token
    assert reminder_services._hand_over(first, token) is False
    assert reminder_services._hand_over(second, other) is True


# Two runs at once ------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_time_send_each_person_one_mail():
    """Each run on its own database connection. The claim needs no row lock (an INSERT
    under a unique constraint, then compare-and-set updates), so this runs on SQLite
    too, but only on a file: the shared in-memory test database locks whole tables
    between connections and fails at once instead of waiting."""
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip(
            "SQLite's in-memory test database cannot be shared by two connections; run on "
            "PostgreSQL (DATABASE_URL=postgres://...) or a SQLite file (TEST NAME)"
        )
    world = build_situation()
    for _n in range(8):
        owner = MembershipFactory(programme=world.programme).user
        cycle(owner, world.programme, CycleState.ACTING, world.today - DAY)
    people = len(reminders_due(today=world.today))
    assert people == 10
    start = threading.Barrier(2)
    results: dict[int, object] = {}

    def run(n: int) -> None:
        try:
            start.wait(10)
            results[n] = reminders_send(today=world.today, connection=SlowBackend())
        except Exception as error:  # handed to the test
            results[n] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    summaries = [results[1], results[2]]
    assert not [s for s in summaries if isinstance(s, Exception)], summaries
    assert sum(s.sent for s in summaries) == people  # type: ignore[union-attr]
    assert sum(s.skipped for s in summaries) == people  # type: ignore[union-attr]
    recipients = [message.to[0] for message in mail.outbox]
    assert len(recipients) == len(set(recipients)) == people
    assert set(ReminderDigest.objects.values_list("state", "attempts")) == {(DigestState.SENT, 1)}
    assert AuditEvent.objects.filter(action="reminder.sent").count() == people


# The stop link ---------------------------------------------------------------------------------


def test_the_stop_link_asks_first_and_stops_on_post(world, client):
    url = f"/reminders/stop/{stop_token(world.anna)}/"
    page = client.get(url)
    assert page.status_code == 200
    assert world.anna.email in page.content.decode()
    assert nl("Yes, stop the reminders") in page.content.decode()
    world.anna.refresh_from_db()
    assert world.anna.reminders is True  # a mail scanner's GET changes nothing
    done = client.post(url)
    assert done.status_code == 302 and done["Location"] == url
    world.anna.refresh_from_db()
    assert world.anna.reminders is False
    event = AuditEvent.objects.get(action="user.reminders")
    assert event.actor == world.anna
    assert event.data == {"reminders": False, "via": "mail"}
    assert digest_of(world, world.anna) is None
    after = client.get(url).content.decode()
    assert "sp-alert--success" in after  # the message, once
    assert nl("Yes, stop the reminders") not in after
    assert 'href="/accounts/settings/"' in after
    # Again: already off, nothing more stored.
    assert client.post(url).status_code == 302
    assert AuditEvent.objects.filter(action="user.reminders").count() == 1


def test_the_stop_post_needs_its_csrf_token_like_every_post(world):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    url = f"/reminders/stop/{stop_token(world.anna)}/"
    assert strict.post(url).status_code == 403
    world.anna.refresh_from_db()
    assert world.anna.reminders is True
    page = strict.get(url)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert strict.post(url, {"csrfmiddlewaretoken": token.group(1)}).status_code == 302
    world.anna.refresh_from_db()
    assert world.anna.reminders is False


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_changed_token_is_refused_with_a_message(world, client, method):
    token = stop_token(world.anna)
    for bad in [token[:-2] + "xx", "nonsense", stop_token(world.anna).replace(":", "-", 1)]:
        response = getattr(client, method)(f"/reminders/stop/{bad}/")
        assert response.status_code == 400
        assert nl("This link does not work") in response.content.decode()
    world.anna.refresh_from_db()
    assert world.anna.reminders is True


def test_another_salt_does_not_make_a_stop_token(world, client):
    from django.core import signing

    for forged in (  # signed, but not as a stop link
        signing.dumps(world.anna.pk),
        signing.Signer().sign_object(world.anna.pk),
    ):
        assert client.get(f"/reminders/stop/{forged}/").status_code == 400


# The settings page -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", list(Role))
def test_every_role_turns_reminders_off_and_on(programme, client_for, role):
    user = MembershipFactory(programme=programme, role=role).user
    client = client_for(user)
    page = client.get("/accounts/settings/")
    assert page.status_code == 200
    assert b'name="reminders"' in page.content and b"checked" in page.content
    off = client.post("/accounts/settings/", {}, follow=True)
    assert off.status_code == 200
    user.refresh_from_db()
    assert user.reminders is False
    assert "sp-alert--success" in off.content.decode()
    on = client.post("/accounts/settings/", {"reminders": "on"}, follow=True)
    user.refresh_from_db()
    assert user.reminders is True
    assert on.status_code == 200
    events = AuditEvent.objects.filter(action="user.reminders", target_id=user.pk)
    assert [e.data for e in events.order_by("pk")] == [
        {"reminders": False, "via": "settings"},
        {"reminders": True, "via": "settings"},
    ]
    assert all(e.actor == user for e in events)


def test_the_settings_page_for_a_site_administrator_and_the_anonymous(administrator, client_for):
    assert client_for(administrator).get("/accounts/settings/").status_code == 200
    response = client_for(None).get("/accounts/settings/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_saving_the_same_choice_changes_nothing(civil_servant, client_for):
    client = client_for(civil_servant)
    response = client.post("/accounts/settings/", {"reminders": "on"}, follow=True)
    assert response.status_code == 200
    assert not AuditEvent.objects.filter(action="user.reminders").exists()


def test_my_work_leads_to_the_settings(civil_servant, client_for):
    page = client_for(civil_servant).get("/my-work/").content.decode()
    assert 'href="/accounts/settings/"' in page


# The command ----------------------------------------------------------------------------------


def command(*args: str) -> str:
    out = StringIO()
    with translation.override("nl"):
        call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


def test_the_command_sends_and_says_what_it_did(world):
    out = command("--date", world.today.isoformat())
    assert f"{world.today.isoformat()}: 2" in out
    assert re.search(r"2\D+0\D+0", out)
    assert len(mail.outbox) == 2
    quiet = command("--date", world.today.isoformat())
    assert world.anna.email not in quiet
    assert re.search(r"0\D+2\D+0", quiet)  # 0 sent, 2 skipped, 0 failed
    told = command("--date", world.today.isoformat(), "-v", "2")
    assert f"{world.anna.email}: {nl(PLANS['sent'])}" in told
    assert len(mail.outbox) == 2


def test_the_command_defaults_to_today_in_amsterdam(world):
    command()
    assert ReminderDigest.objects.filter(day=world.today).count() == 2


def test_a_dry_run_shows_who_gets_what_and_changes_nothing(world):
    out = command("--dry-run", "--date", world.today.isoformat())
    assert world.anna.email in out and world.fenna.email in out
    assert world.bert.email not in out and world.cees.email not in out
    assert f"cycle:{world.review.pk}:review_due" in out
    assert f"session:{world.session.pk}" in out
    assert mail.outbox == []
    assert not ReminderDigest.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="reminder.").exists()


def test_a_dry_run_after_a_run_says_it_was_sent(world):
    reminders_send(today=world.today)
    plans = {plan.due.user: plan.plan for plan in reminders_plan(today=world.today)}
    assert plans == {world.anna: "sent", world.fenna: "sent"}


def test_failed_sends_make_the_command_fail(world):
    failing = override_settings(EMAIL_BACKEND="tests.insights_reminder.FailingBackend")
    with failing, pytest.raises(CommandError) as failure:
        command("--date", world.today.isoformat())
    assert "2" in str(failure.value)
    assert failure.value.returncode == 1


def test_the_command_names_who_failed(world, capsys):
    out = StringIO()
    with (
        pytest.raises(CommandError),
        override_settings(EMAIL_BACKEND="tests.insights_reminder.FailingBackend"),
    ):
        call_command("send_reminders", stdout=out)
    assert world.anna.email in out.getvalue() and world.fenna.email in out.getvalue()


@pytest.mark.parametrize("bad", ["2026-13-01", "morgen", "14-05-2026", "", "9999-12-31"])
def test_a_bad_date_is_a_clear_error(bad, capsys, monkeypatch):
    """As from the console: a message, exit status 1, no traceback."""
    from django.db import connections

    from samenspel.insights.management.commands.send_reminders import Command

    # The console's way closes the connections at the end; the test's transaction stays.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    with pytest.raises(SystemExit) as exit_:
        Command().run_from_argv(["samenspel", "send_reminders", "--date", bad])
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert "YYYY-MM-DD" in err or "9000-12-31" in err
    assert "Traceback" not in err
    assert not ReminderDigest.objects.exists()


def test_a_new_user_has_reminders_on():
    user = User.objects.create_user(email="nieuw@example.nl", name="Nieuw")
    assert user.reminders is True
    assert UserFactory().reminders is True
