"""Writing the audit trail. Services call `audit_record` inside their own transaction,
so an event exists exactly when the change it describes does. Writing the event also
makes the programme's cached pages stale (see common.models, programmes.signals).

Also the shape of a refusal that every app's services share: `refusal` and
`bounded_text` (a ValidationError with a translated message, on a form field)."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from samenspel.common.models import AuditEvent
from samenspel.common.text import tidy


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


def refusal(message: str, field: str | None = None, code: str = "invalid") -> ValidationError:
    """A service's refusal with its message, on a form field when `field` is given (the
    view shows it there, status 400, nothing stored)."""
    error = ValidationError(message, code=code)
    return ValidationError({field: error}) if field else error


def bounded_text(field: str, value: str, limit: int, *, required: bool = False) -> str:
    """`value` tidied (common.text.tidy); refused on `field` when empty but required, or
    longer than `limit` characters."""
    text = tidy(value)
    if required and not text:
        raise refusal(_("Fill this in."), field, "required")
    if len(text) > limit:
        raise refusal(
            _("Use at most %(limit)s characters (now %(count)s).")
            % {"limit": limit, "count": len(text)},
            field,
            "too_long",
        )
    return text
