"""`samenspel backup FILE`: write everything Samenspel holds into one JSON file
(docs/backup.md). A thin wrapper around common.backup.backup_write."""

import os
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from samenspel.common.backup import BackupError, BackupSummary, Progress, backup_write

HELP = gettext_noop(
    "Write everything Samenspel holds into one backup file (JSON). FILE - writes to "
    "standard output."
)


class Command(BaseCommand):
    help = HELP

    def add_arguments(self, parser: CommandParser) -> None:
        parser.description = _(HELP)
        parser.add_argument("file", help=_("The backup file to write, or - for standard output."))

    def handle(self, *args: Any, file: str, verbosity: int = 1, **options: Any) -> None:
        # With FILE "-" the backup itself goes to standard output; messages go elsewhere.
        messages = self.stderr if file == "-" else self.stdout

        def say(text: str) -> None:
            if verbosity >= 1:
                messages.write(text, style_func=lambda s: s)

        def progress(label: str, count: int) -> None:
            say(f"  {label}: {count}")

        try:
            if file == "-":
                self.stdout.ending = ""
                summary = backup_write(stream=self.stdout, on_progress=progress)
            else:
                summary = self._write_file(Path(file), progress)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        say(
            _("Backup written to %(file)s: %(total)d records.")
            % {"file": file, "total": summary.total}
        )

    def _write_file(self, path: Path, progress: Progress) -> BackupSummary:
        """Write next to FILE, then rename: a failed backup never leaves half a file, nor
        replaces an earlier good one. The file is readable by its owner only, since it
        holds personal data and password hashes."""
        try:
            handle, partial = tempfile.mkstemp(
                dir=path.parent, prefix=f".{path.name}.", suffix=".partial"
            )
        except OSError as exc:
            raise CommandError(
                _("Cannot write %(file)s: %(error)s.")
                % {"file": path, "error": exc.strerror or exc}
            ) from exc
        try:
            with open(handle, "w", encoding="utf-8") as stream:
                summary = backup_write(stream=stream, on_progress=progress)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(partial, path)
        except BaseException as exc:
            Path(partial).unlink(missing_ok=True)
            if isinstance(exc, OSError):
                raise CommandError(
                    _("Cannot write %(file)s: %(error)s.")
                    % {"file": path, "error": exc.strerror or exc}
                ) from exc
            raise
        return summary
