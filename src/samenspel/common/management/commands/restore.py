"""`samenspel restore FILE`: load a backup into a new, empty database (docs/backup.md).
A thin wrapper around common.backup.restore_read."""

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from samenspel.common.backup import BackupError, BackupSummary, Progress, restore_read

HELP = gettext_noop(
    "Restore a backup made with `samenspel backup` into a new, empty, migrated "
    "database. FILE - reads from standard input."
)


class Command(BaseCommand):
    help = HELP

    def add_arguments(self, parser: CommandParser) -> None:
        parser.description = _(HELP)
        parser.add_argument("file", help=_("The backup file to read, or - for standard input."))
        parser.add_argument(
            "--allow-administrators",
            action="store_true",
            help=_(
                "Also restore the site administrators in the backup. Without it, a backup "
                "with site administrators is refused."
            ),
        )

    def handle(
        self,
        *args: Any,
        file: str,
        allow_administrators: bool = False,
        verbosity: int = 1,
        **options: Any,
    ) -> None:
        def progress(label: str, count: int) -> None:
            if verbosity >= 1:
                self.stdout.write(f"  {label}: {count}")

        try:
            summary = self._restore(file, progress, allow_administrators=allow_administrators)
        except BackupError as exc:
            nothing_changed = _("Nothing was changed.")
            raise CommandError(f"{exc} {nothing_changed}") from exc
        except OSError as exc:  # the file is read before the database is touched
            raise CommandError(
                _("Cannot read %(file)s: %(error)s. Nothing was changed.")
                % {"file": file, "error": exc.strerror or exc}
            ) from exc
        if verbosity >= 1:
            self.stdout.write(
                _("Restored %(total)d records from %(file)s (backup of %(created_at)s).")
                % {"total": summary.total, "file": file, "created_at": summary.created_at}
            )

    def _restore(
        self, file: str, progress: Progress, *, allow_administrators: bool
    ) -> BackupSummary:
        if file == "-":
            return restore_read(
                stream=sys.stdin.buffer,
                allow_administrators=allow_administrators,
                on_progress=progress,
            )
        with open(file, "rb") as stream:
            return restore_read(
                stream=stream, allow_administrators=allow_administrators, on_progress=progress
            )
