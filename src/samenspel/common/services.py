"""Writing the audit trail. Services call `audit_record` inside their own transaction,
so an event exists exactly when the change it describes does. Writing the event also
makes the programme's cached pages stale (see common.models, programmes.signals)."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from samenspel.common.models import AuditEvent


def audit_record(
    *,
    actor: Any,
    action: str,
    target: models.Model,
    programme: Any = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record that `actor` did `action` on `target`. Pass actor=None for anonymous input:
    nothing that identifies a person is stored then."""
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        programme_id=programme.pk if programme is not None else None,
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        data=data or {},
    )
