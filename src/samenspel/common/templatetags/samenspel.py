"""Template components shared by every page: form fields tied to their help and errors,
money in the Dutch way, and lines of a history."""

from decimal import Decimal
from typing import Any

from django import forms, template
from django.forms import BoundField
from django.utils.formats import number_format
from django.utils.safestring import SafeString

from samenspel.common.history import describe
from samenspel.common.models import AuditEvent

register = template.Library()


@register.filter
def is_multiple_choice(field: BoundField) -> bool:
    return isinstance(field.field.widget, forms.CheckboxSelectMultiple | forms.RadioSelect)


@register.simple_tag
def field_widget(field: BoundField) -> SafeString:
    """The widget with aria-describedby pointing at its help and errors."""
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_help")
    if field.errors:
        described.append(f"{field.auto_id}_error")
    attrs: dict[str, Any] = {}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.filter
def euro(amount: Decimal | int | None) -> str:
    """€ 1.250,50; whole euros without cents: € 1.250 (in the interface's language)."""
    if amount is None:
        return ""
    amount = Decimal(amount)
    cents = 0 if amount == amount.to_integral_value() else 2
    return "€ " + number_format(amount, decimal_pos=cents, use_l10n=True, force_grouping=True)


@register.simple_tag
def audit_label(event: AuditEvent) -> str:
    """A readable line for an audit event in a history (see common.history)."""
    return describe(event)
