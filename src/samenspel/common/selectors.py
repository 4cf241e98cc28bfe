"""Reading the audit trail."""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet

from samenspel.common import rows
from samenspel.common.models import AuditEvent


def audit_events_for(*, target: models.Model) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=target.pk
    ).select_related("actor")


def history_of(*, target: models.Model) -> list[AuditEvent]:
    """The events of one object, the oldest first, each with its actor's name: read
    with one written-out query (common.rows), for the history on a page."""
    events = AuditEvent._meta.db_table
    users = get_user_model()
    found = rows.read(
        [("e", AuditEvent, None), ("u", users, ["name"])],
        f"FROM {events} e LEFT JOIN {users._meta.db_table} u ON u.id = e.actor_id "
        "WHERE e.target_type_id = %s AND e.target_id = %s ORDER BY e.at, e.id",
        [ContentType.objects.get_for_model(target).pk, target.pk],
    )
    result = []
    for event, actor in found:
        event.actor = actor
        result.append(event)
    return result
