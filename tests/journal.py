"""Shared set-up for the travel report tests: a programme's report started through the
service (as the start page starts it), in Dutch whatever language an earlier test left."""

from django.utils import translation

from samenspel.journal import services
from samenspel.journal.models import Journal


def make_journal(programme, by, **kwargs) -> Journal:
    with translation.override("nl"):
        return services.journal_start(programme=programme, by=by, **kwargs)
