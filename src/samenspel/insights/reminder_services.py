"""Sending the daily reminder e-mail: each person one Dutch digest of what is due or
overdue (reminders.reminders_due), through Django's configured e-mail back-end.
`samenspel send_reminders` is a thin wrapper around `reminders_send`.

**Once a day, and never twice.** A person's mail of a day is claimed by a row
(reminder_models.ReminderDigest, unique per person and day) before anything is sent:

    (none) ──claim──▶ claimed ──▶ sending ──▶ sent
                         │            └──▶ failed ──(next run, attempts < MAX_ATTEMPTS)──▶ claimed
                         └──(run died; older than STALE_AFTER)──▶ claimed (retaken)
                  sending ──(run died; older than STALE_AFTER)──▶ interrupted (final)

- The first claim is an INSERT: two runs at the same moment both try, the unique
  constraint lets one through, the other leaves the person alone. That holds on
  PostgreSQL and SQLite alike; no row lock is needed.
- Every later change is a compare-and-set: an UPDATE … WHERE token = <the token the
  run saw or set>. A retake sets a fresh token, so a run that lost its claim (it
  stalled for longer than STALE_AFTER and another run took over) changes nothing more
  and sends nothing: it must move its own claim to *sending* before it sends, and that
  UPDATE finds no row.
- *sending* is stored (committed) before the mail is handed to the back-end. A claim
  that went stale while *claimed* never reached the back-end: it is safe to send it
  again. One that went stale while *sending* may or may not have gone out (the run
  died between the back-end's acceptance and storing it); it is marked *interrupted*
  and not sent again: a missed reminder costs a day (what is still open comes back in
  tomorrow's digest), a doubled one is what we promised never to send.
- A back-end error (SMTP refused, server down) marks the digest *failed* with the
  error; the next run claims it again, at most MAX_ATTEMPTS times in all.

The honest limit: "sent" means the back-end accepted the message. An SMTP server that
accepted it and then lost it, or a connection that broke after the server took the
message but before it answered (the back-end then raises), is outside what this can see.

**At most once a day per item.** The items that went out are recorded with the digest
(reminder_models.ReminderItem, unique per person, item and day), in the transaction that
marks it sent. One digest a day per person means a later run the same day sends nothing
new: what came up meanwhile waits for tomorrow (so the command may run every hour and
still send one mail a day, retrying only failures).

Audit events (`reminder.sent`, `reminder.failed`) carry the day, the number of items and
the error's class: no item texts, no addresses.
"""

import datetime
import logging
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samenspel.accounts.models import User
from samenspel.common.services import audit_record
from samenspel.insights.reminder_models import DigestState, ReminderDigest, ReminderItem
from samenspel.insights.reminders import SECTION_LABELS, Due, Item, Section, reminders_due

logger = logging.getLogger(__name__)

# A claim older than this whose run did not finish is taken to be from a run that died.
STALE_AFTER = datetime.timedelta(minutes=30)
# Tries per person per day: the first and two retries.
MAX_ATTEMPTS = 3
ERROR_LENGTH = 500
STOP_SALT = "samenspel.insights.reminders.stop"


# The stop link --------------------------------------------------------------------------------


def stop_token(user: User) -> str:
    """A signed token for the stop link in a person's mail: it names them and cannot be
    made up. It does not expire (an old mail's link still stops the mails), so it holds
    no time either: every mail to a person carries the same link."""
    return signing.Signer(salt=STOP_SALT).sign_object(user.pk)


def user_of_stop_token(token: str) -> User | None:
    """The person a stop token names; None for a token that was changed or made up."""
    try:
        pk = signing.Signer(salt=STOP_SALT).unsign_object(token)
    except signing.BadSignature:
        return None
    if not isinstance(pk, int):
        return None
    return User.objects.filter(pk=pk).first()


# The message -----------------------------------------------------------------------------------


def _absolute(path: str) -> str:
    return str(settings.SITE_URL).rstrip("/") + path


def when_of(item: Item, today: datetime.date) -> str:
    """The line under an item that says when (or how many), in the active language."""
    if item.section == Section.CONSENT:
        return ngettext(
            "%(count)s quote waits for your consent.",
            "%(count)s quotes wait for your consent.",
            item.count,
        ) % {"count": item.count}
    if item.starts_at is not None and item.ends_at is not None:
        starts, ends = timezone.localtime(item.starts_at), timezone.localtime(item.ends_at)
        when = _("%(day)s, from %(start)s to %(end)s") % {
            "day": date_format(starts, "l j F"),
            "start": date_format(starts, "H:i"),
            "end": date_format(ends, "H:i"),
        }
        return f"{when} · {item.place}" if item.place else when
    assert item.due_on is not None
    date = date_format(item.due_on, "j F Y")
    if item.days_overdue:
        return ngettext(
            "%(count)s day overdue (due %(date)s)",
            "%(count)s days overdue (due %(date)s)",
            item.days_overdue,
        ) % {"count": item.days_overdue, "date": date}
    if item.due_on == today:
        return _("Due today")
    if item.due_on == today + datetime.timedelta(days=1):
        return _("Due tomorrow (%(date)s)") % {"date": date}
    return _("Due on %(date)s") % {"date": date}


def digest_message(*, due: Due, today: datetime.date) -> EmailMultiAlternatives:
    """The person's digest: Dutch, whatever language is active (nothing tells us theirs),
    as plain text with an HTML alternative, grouped by programme, overdue first."""
    stop = _absolute(reverse("reminders-stop", kwargs={"token": stop_token(due.user)}))
    with translation.override("nl"):
        context: dict[str, Any] = {
            "user": due.user,
            "today": today,
            "programmes": [
                {
                    "programme": group.programme,
                    "items": [
                        {
                            "item": item,
                            "section": str(SECTION_LABELS[item.section]),
                            "when": when_of(item, today),
                            "link": _absolute(item.path),
                        }
                        for item in group.items
                    ],
                }
                for group in due.programmes
            ],
            "overdue": due.overdue,
            "stop_link": stop,
            "settings_link": _absolute(reverse("account-settings")),
        }
        subject = " ".join(render_to_string("insights/reminders/subject.txt", context).split())
        text = render_to_string("insights/reminders/body.txt", context)
        html = render_to_string("insights/reminders/body.html", {**context, "subject": subject})
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[due.user.email],
        headers={
            # Mail programs offer "unsubscribe" (RFC 2369): it opens the stop page.
            "List-Unsubscribe": f"<{stop}>",
            # No out-of-office replies to an automatic mail (RFC 3834).
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


# The ledger ------------------------------------------------------------------------------------


def _claim(*, user_id: int, day: datetime.date) -> tuple[ReminderDigest | None, str]:
    """Claim a person's digest of `day` for this run: the row and the token this run now
    holds; or None and why not (see _plan_of: "sent", "busy", "given_up", "interrupted")."""
    now = timezone.now()
    token = uuid.uuid4().hex
    try:
        with transaction.atomic():
            digest = ReminderDigest.objects.create(
                user_id=user_id,
                day=day,
                state=DigestState.CLAIMED,
                token=token,
                attempts=1,
                claimed_at=now,
            )
        return digest, token
    except IntegrityError:
        pass  # there is one already: this person's mail of the day was claimed before
    seen = ReminderDigest.objects.get(user_id=user_id, day=day)
    plan = _plan_of(seen, now)
    unchanged = ReminderDigest.objects.filter(pk=seen.pk, token=seen.token, state=seen.state)
    if plan == "interrupted" and seen.state == DigestState.SENDING:
        # Perhaps it went out: it is not sent again (module docstring). The token stays,
        # so that a run that is alive after all still records what became of it.
        unchanged.update(state=DigestState.INTERRUPTED)
    if plan != "retry":
        return None, plan
    taken = unchanged.update(
        state=DigestState.CLAIMED, token=token, claimed_at=now, attempts=F("attempts") + 1
    )
    if taken != 1:
        return None, "busy"  # another run retook it a moment before
    seen.refresh_from_db()
    return seen, token


def _hand_over(digest: ReminderDigest, token: str) -> bool:
    """claimed → sending, committed before the mail goes; False when the claim was lost."""
    return (
        ReminderDigest.objects.filter(pk=digest.pk, token=token, state=DigestState.CLAIMED).update(
            state=DigestState.SENDING
        )
        == 1
    )


@transaction.atomic
def _sent(*, digest: ReminderDigest, token: str, due: Due, day: datetime.date) -> None:
    now = timezone.now()
    keys = due.keys
    ReminderDigest.objects.filter(pk=digest.pk, token=token).update(
        state=DigestState.SENT, sent_at=now, items=len(keys), last_error=""
    )
    ReminderItem.objects.bulk_create(
        [ReminderItem(digest=digest, user_id=due.user.pk, day=day, key=key) for key in keys],
        ignore_conflicts=True,
    )
    audit_record(
        actor=None,
        action="reminder.sent",
        target=digest,
        data={"day": day.isoformat(), "items": len(keys)},
    )


@transaction.atomic
def _failed(*, digest: ReminderDigest, token: str, error: Exception, day: datetime.date) -> None:
    text = f"{type(error).__name__}: {error}"[:ERROR_LENGTH]
    ReminderDigest.objects.filter(pk=digest.pk, token=token).update(
        state=DigestState.FAILED, last_error=text
    )
    digest.refresh_from_db(fields=["attempts"])
    audit_record(
        actor=None,
        action="reminder.failed",
        target=digest,
        data={"day": day.isoformat(), "attempt": digest.attempts, "error": type(error).__name__},
    )


# Sending ---------------------------------------------------------------------------------------


@dataclass
class Summary:
    """What a run did. `skipped`: people with something due whose mail of the day was
    sent before, is being sent by another run, or was given up."""

    sent: int = 0
    skipped: int = 0
    failed: int = 0
    # (e-mail address, why) of every skipped or failed person, for the command's output.
    notes: list[tuple[str, str]] = field(default_factory=list)


def reminders_send(*, today: datetime.date, connection: BaseEmailBackend | None = None) -> Summary:
    """Send every person their digest of `today`, once. Safe to run again and at the same
    time as another run (module docstring). Not atomic as a whole, on purpose: each
    claim must be committed before its mail goes out."""
    summary = Summary()
    backend = connection or get_connection()
    for due in reminders_due(today=today):
        digest, token = _claim(user_id=due.user.pk, day=today)
        if digest is None or not _hand_over(digest, token):
            summary.skipped += 1
            summary.notes.append((due.user.email, token if digest is None else "busy"))
            continue
        try:
            message = digest_message(due=due, today=today)
            message.connection = backend
            if message.send() != 1:
                raise RuntimeError("the e-mail back-end sent nothing")
        except Exception as error:  # any back-end error: recorded, tried again next run
            logger.warning("Reminder to user %s not sent: %s", due.user.pk, type(error).__name__)
            _failed(digest=digest, token=token, error=error, day=today)
            summary.failed += 1
            summary.notes.append((due.user.email, "failed"))
            _reset(backend)
            continue
        _sent(digest=digest, token=token, due=due, day=today)
        summary.sent += 1
    return summary


def _reset(backend: BaseEmailBackend) -> None:
    """After an error, close the back-end's connection so that the next mail opens a
    new one (an SMTP connection that broke stays broken)."""
    try:
        backend.close()
    except Exception:  # closing a broken connection may fail too; the next send reopens
        logger.debug("Closing the e-mail connection failed", exc_info=True)


@dataclass(frozen=True)
class Planned:
    due: Due
    # "send", "retry", or why not: "sent", "busy", "given_up", "interrupted"
    plan: str


def reminders_plan(*, today: datetime.date) -> list[Planned]:
    """What a run of `today` would do, without sending or storing anything (--dry-run)."""
    everyone = reminders_due(today=today)
    digests = {
        digest.user_id: digest
        for digest in ReminderDigest.objects.filter(
            day=today, user_id__in=[due.user.pk for due in everyone]
        )
    }
    now = timezone.now()
    planned: list[Planned] = []
    for due in everyone:
        digest = digests.get(due.user.pk)
        planned.append(Planned(due, _plan_of(digest, now)))
    return planned


def _plan_of(digest: ReminderDigest | None, now: datetime.datetime) -> str:
    """What a run does with a person whose digest of the day is `digest`: "send" (none
    yet), "retry" (failed, or claimed by a run that died before sending, and tries are
    left), or nothing: "sent", "busy" (another run has it), "given_up" (MAX_ATTEMPTS
    tries failed), "interrupted" (a run died while sending: perhaps it went out)."""
    if digest is None:
        return "send"
    stale = digest.claimed_at < now - STALE_AFTER
    if digest.state == DigestState.SENT:
        return "sent"
    if digest.state == DigestState.INTERRUPTED or (digest.state == DigestState.SENDING and stale):
        return "interrupted"
    if digest.state == DigestState.FAILED or (digest.state == DigestState.CLAIMED and stale):
        return "retry" if digest.attempts < MAX_ATTEMPTS else "given_up"
    return "busy"
