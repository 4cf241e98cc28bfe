"""Writing the travel report: starting it, its settings, its chapters, the review round
and publishing. Every write is keyword-only, atomic and audited (common.services).
Voices and consent are written in voice_services.py, renderings in rendering_services.py.
"""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from samenspel.common.services import audit_record
from samenspel.journal.constants import DEFAULT_CHAPTERS
from samenspel.journal.models import Chapter, Journal
from samenspel.programmes.models import Programme


@transaction.atomic
def journal_start(*, programme: Programme, by: Any, title: str = "") -> Journal:
    """The programme's travel report with the default chapters, titled in the active
    language. A programme has one report; starting it twice gives the one there is."""
    existing = Journal.objects.filter(programme=programme).first()
    if existing is not None:
        return existing
    journal = Journal.objects.create(
        programme=programme,
        title=title or _("Travel report: %(programme)s") % {"programme": programme.name},
        covers_from=programme.starts_on,
        covers_until=programme.ends_on,
    )
    Chapter.objects.bulk_create(
        Chapter(journal=journal, kind=kind, title=str(title_), position=index, updated_by=by)
        for index, (kind, title_) in enumerate(DEFAULT_CHAPTERS, start=1)
    )
    audit_record(actor=by, action="journal.start", target=journal, programme=programme)
    return journal
