"""`samenspel build_search_index [--programme SLUG]`: build the search index of every
programme (or of one) now, in this process, without the task queue. For a database
that existed before search did, after a restore, and in the demo. A thin wrapper
around insights.search_services.search_index_build."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext_noop

from samenspel.insights.search_services import search_index_build
from samenspel.programmes.models import Programme

HELP = gettext_noop("Build the search index of every programme, or of one with --programme.")


class Command(BaseCommand):
    help = HELP

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--programme", metavar="SLUG", help="only this programme")

    def handle(self, *args: Any, **options: Any) -> None:
        programmes = Programme.objects.order_by("pk")
        if options["programme"]:
            programmes = programmes.filter(slug=options["programme"])
            if not programmes.exists():
                raise CommandError(f"No programme {options['programme']!r}.")
        for programme in programmes.iterator():
            state = search_index_build(programme=programme)
            self.stdout.write(f"{programme.slug}: {state.documents} texts")
