"""`samenspel export_journal --programme SLUG --format pdf|html|md|docx --output FILE
[--version N]`: write a programme's travel report (its draft, or publication N) to a file,
in this process rather than on the task queue, with a progress bar on standard error.
A thin wrapper around journal.rendering_services.book_render."""

import os
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from tqdm import tqdm

from samenspel.journal.constants import RenderFormat
from samenspel.journal.models import Journal, Publication
from samenspel.journal.rendering_services import book_render
from samenspel.programmes.models import Programme

HELP = gettext_noop(
    "Write the travel report of a programme to a file: the draft as it is now, or a "
    "published version with --version. Shows a progress bar on standard error."
)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


class _Stream:
    """Standard error as tqdm writes to it: as is, without the line ending Django's
    OutputWrapper adds to each write."""

    def __init__(self, command: BaseCommand) -> None:
        self.command = command

    def write(self, text: str) -> None:
        self.command.stderr.write(text, ending="")

    def flush(self) -> None:
        self.command.stderr.flush()


class Command(BaseCommand):
    help = HELP

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        # --version names a publication here, as the report's pages do; it replaces
        # Django's own --version (which prints Django's version).
        parser = super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)
        parser.description = _(HELP)
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--programme", required=True, metavar="SLUG", help=_("The short name of the programme.")
        )
        parser.add_argument(
            "--format",
            required=True,
            choices=RenderFormat.values,
            dest="fmt",
            help=_("The file format."),
        )
        parser.add_argument("--output", required=True, metavar="FILE", help=_("The file to write."))
        parser.add_argument(
            "--version",
            type=int,
            default=None,
            metavar="N",
            help=_("The number of a published version (default: the draft)."),
        )
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help=_("The language of the draft (a published version keeps its own)."),
        )

    def handle(
        self,
        *args: Any,
        programme: str,
        fmt: str,
        output: str,
        version: int | None,
        language: str,
        verbosity: int = 1,
        **options: Any,
    ) -> None:
        journal = self._journal(programme)
        publication = self._publication(journal, version)
        path = Path(output)
        handle, partial = self._open(path)
        bar = tqdm(
            total=100,
            file=_Stream(self),
            disable=verbosity < 1,
            unit="%",
            bar_format="{desc}: {percentage:3.0f}%|{bar}| {elapsed}",
            mininterval=0.2,
            dynamic_ncols=False,
            ncols=72,
        )
        bar.set_description_str(_("Composing"))

        def progress(percent: int, step: str) -> None:
            bar.update(max(percent - bar.n, 0))
            if step:
                bar.set_description_str(step[:40], refresh=False)

        try:
            made = book_render(
                journal=journal,
                publication=publication,
                fmt=fmt,
                language=language,
                progress=progress,
            )
            # mkstemp makes it private; an exported report is an ordinary file.
            os.chmod(partial, 0o666 & ~_umask())
            with open(handle, "wb") as stream:
                stream.write(made.content)
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
        finally:
            bar.close()
        if verbosity >= 1:
            self.stdout.write(
                _("Travel report written to %(file)s (%(size)d bytes).")
                % {"file": path, "size": len(made.content)}
            )

    def _journal(self, slug: str) -> Journal:
        found = Programme.objects.filter(slug=slug).first()
        if found is None:
            raise CommandError(
                _("There is no programme with the short name %(slug)s.") % {"slug": slug}
            )
        journal = Journal.objects.filter(programme=found).select_related("programme").first()
        if journal is None:
            raise CommandError(
                _("The programme %(programme)s has no travel report yet.")
                % {"programme": found.name}
            )
        return journal

    def _publication(self, journal: Journal, number: int | None) -> Publication | None:
        if number is None:
            return None
        publication = Publication.objects.filter(journal=journal, number=number).first()
        if publication is None:
            numbers = list(
                Publication.objects.filter(journal=journal)
                .order_by("number")
                .values_list("number", flat=True)
            )
            if numbers:
                raise CommandError(
                    _("The travel report has no version %(number)d. Its versions: %(numbers)s.")
                    % {"number": number, "numbers": ", ".join(str(n) for n in numbers)}
                )
            raise CommandError(
                _("The travel report has no version %(number)d: nothing is published yet.")
                % {"number": number}
            )
        return publication

    def _open(self, path: Path) -> tuple[int, str]:
        """A file beside FILE, renamed to it once complete: a failed export never leaves
        half a file, nor replaces an earlier good one. Opened first, so that a path that
        cannot be written is refused before the long work."""
        if path.is_dir():
            raise CommandError(
                _("Cannot write %(file)s: %(error)s.")
                % {"file": path, "error": _("it is a folder")}
            )
        try:
            return tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
        except OSError as exc:
            raise CommandError(
                _("Cannot write %(file)s: %(error)s.")
                % {"file": path, "error": exc.strerror or exc}
            ) from exc
