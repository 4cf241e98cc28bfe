"""`samenspel send_reminders [--date YYYY-MM-DD] [--dry-run]`: e-mail each person their
digest of what is due or overdue, once a day. Safe to run again, and at the same time as
another run; failed mails are tried again by the next run. A thin wrapper around
insights.reminder_services (how it stays once: see there). Exits with 1 when mails
failed."""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from samenspel.insights.reminder_services import reminders_plan, reminders_send

HELP = gettext_noop(
    "E-mail each person one digest of what is due or overdue, at most once a day. Safe "
    "to run repeatedly: mails that failed are tried again, none is sent twice."
)

# What a dry run says per person (reminder_services._plan_of).
PLANS = {
    "send": gettext_noop("would get the e-mail"),
    "retry": gettext_noop("would get the e-mail (another try after an error)"),
    "sent": gettext_noop("already got today's e-mail"),
    "busy": gettext_noop("another run is sending the e-mail now"),
    "given_up": gettext_noop("the e-mail failed too often today; tried again tomorrow"),
    "interrupted": gettext_noop("sending was interrupted; not sent again today"),
    "failed": gettext_noop("the e-mail failed; the next run tries again"),
}


# What is due is looked for some days ahead; a date at the end of the calendar has none.
LAST_DAY = datetime.date(9000, 12, 31)


def _day(text: str) -> datetime.date:
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            _("“%(date)s” is not a date. Write it as YYYY-MM-DD, for example 2026-05-14.")
            % {"date": text}
        ) from None
    if day > LAST_DAY:
        raise CommandError(
            _("“%(date)s” lies too far ahead. Choose a day before %(last)s.")
            % {"date": text, "last": LAST_DAY.isoformat()}
        )
    return day


class Command(BaseCommand):
    help = HELP

    def add_arguments(self, parser: CommandParser) -> None:
        parser.description = _(HELP)
        parser.add_argument(
            "--date",
            metavar="YYYY-MM-DD",
            help=_("The day to send for (default: today in Europe/Amsterdam)."),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Show who would get what; send and store nothing."),
        )

    def handle(
        self, *args: Any, date: str | None, dry_run: bool, verbosity: int = 1, **options: Any
    ) -> None:
        today = _day(date) if date is not None else timezone.localdate()
        if dry_run:
            self._dry_run(today)
            return
        summary = reminders_send(today=today)
        for email, why in summary.notes:
            # Failures always; who was skipped (already sent, ...) with -v 2: an hourly
            # run would otherwise list everyone again.
            if why == "failed" or verbosity >= 2:
                self.stdout.write(f"{email}: {_(PLANS.get(why, why))}")
        self.stdout.write(
            _("Reminders of %(date)s: %(sent)s sent, %(skipped)s skipped, %(failed)s failed.")
            % {
                "date": today.isoformat(),
                "sent": summary.sent,
                "skipped": summary.skipped,
                "failed": summary.failed,
            }
        )
        if summary.failed:
            raise CommandError(
                ngettext(
                    "%(count)s e-mail could not be sent; the next run tries again.",
                    "%(count)s e-mails could not be sent; the next run tries again.",
                    summary.failed,
                )
                % {"count": summary.failed}
            )

    def _dry_run(self, today: datetime.date) -> None:
        planned = reminders_plan(today=today)
        self.stdout.write(
            _("Dry run for %(date)s: nothing is sent or stored.") % {"date": today.isoformat()}
        )
        for plan in planned:
            due = plan.due
            self.stdout.write(f"{due.user.email}: {_(PLANS[plan.plan])}")
            for group in due.programmes:
                for item in group.items:
                    keys = ", ".join(item.keys)
                    self.stdout.write(f"  {group.programme.slug} · {item.section.name} · {keys}")
        self.stdout.write(
            ngettext(
                "%(count)s person has something due.",
                "%(count)s people have something due.",
                len(planned),
            )
            % {"count": len(planned)}
        )
