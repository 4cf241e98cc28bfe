"""`samenspel load_demo`: a thin wrapper around samenspel.demo.loader."""

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from samenspel.cycles.constants import CycleState
from samenspel.demo.loader import (
    DEMO_PASSWORD,
    demo_exists,
    demo_load,
    demo_logins,
    demo_remove,
)


class Command(BaseCommand):
    # Marked here, translated when the parser is made (help must be a plain str).
    help = gettext_noop(
        "Load the demo programme: a fictional merger municipality with 20 villages, "
        "50 initiatives and two years of learning cycles, plus one demo account per role. "
        "If the demo programme (short name 'samenspel') is already there, nothing "
        "changes; --reset removes it and its demo accounts and builds it again. Refuses "
        "to run when DEBUG is off, unless --force is given. Ends with the demo log-ins."
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.description = _(self.help)
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset",
            action="store_true",
            help=_("Remove the demo programme and the demo accounts first, then rebuild."),
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help=_("Load the demo even when DEBUG is off (never do this in production)."),
        )

    def handle(self, *args: Any, reset: bool, force: bool, **options: Any) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                _(
                    "DEBUG is off, so this looks like a production site: the demo was not "
                    "loaded. Use --force to load it anyway."
                )
            )
        if demo_exists() and not reset:
            self.stdout.write(
                _(
                    "The demo programme is already loaded; nothing changed. "
                    "Use --reset to rebuild it."
                )
            )
        else:
            self._load(reset=reset)
        self._print_logins()

    def _load(self, *, reset: bool) -> None:
        started = time.monotonic()
        with transaction.atomic():
            if reset:
                self.stdout.write(_("Removing the old demo programme and demo accounts…"))
                demo_remove()
            summary = demo_load(progress=self.stdout.write)
        cycles = ", ".join(
            f"{CycleState(state).label.lower()} {count}"
            for state, count in sorted(summary.cycles.items())
        )
        self.stdout.write(
            _(
                "%(cycles)d learning cycles (%(states)s; %(overdue)d overdue), "
                "%(questions)d learning questions (%(reformulated)d reformulated), "
                "%(events)d audit events."
            )
            % {
                "cycles": sum(summary.cycles.values()),
                "states": cycles,
                "overdue": summary.overdue,
                "questions": summary.questions,
                "reformulated": summary.reformulated,
                "events": summary.events,
            }
        )
        self.stdout.write(
            self.style.SUCCESS(
                _("Demo programme loaded in %(seconds).1f seconds.")
                % {"seconds": time.monotonic() - started}
            )
        )

    def _print_logins(self) -> None:
        logins = demo_logins()
        width = max(len(login.role) for login in logins)
        email_width = max(len(login.email) for login in logins)
        self.stdout.write("")
        self.stdout.write(
            self.style.MIGRATE_HEADING(
                _("Demo log-ins (the password is the same for everyone: %(password)s)")
                % {"password": DEMO_PASSWORD}
            )
        )
        for login in logins:
            self.stdout.write(
                f"  {login.role:<{width}}  {login.email:<{email_width}}  {login.password}"
            )
        self.stdout.write("")
        self.stdout.write(
            _(
                "Try the e-mail reminders: `samenspel send_reminders --dry-run` shows who "
                "would get what; `samenspel send_reminders` prints the e-mails here (the "
                "console e-mail back-end of the demo)."
            )
        )
