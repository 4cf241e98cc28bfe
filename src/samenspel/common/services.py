"""Writing the audit trail. Services call `audit_record` inside their own transaction,
so an event exists exactly when the change it describes does."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, QuerySet

from samenspel.common.models import AuditEvent


def data_changed(programmes: QuerySet[Any]) -> None:
    """Say that what these programmes show has changed: raising data_version makes
    every cached figure and rendering of them (keyed by it) stale, in every process."""
    programmes.update(data_version=F("data_version") + 1)


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
    if programme is not None:
        data_changed(type(programme).objects.filter(pk=programme.pk))
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        programme=programme,
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        data=data or {},
    )
