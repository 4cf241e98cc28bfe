"""Template components shared by every page: form fields tied to their help and errors,
money in the Dutch way, and lines of a history."""

import datetime
from decimal import Decimal
from typing import Any

from django import forms, template
from django.forms import BoundField
from django.utils import timezone
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext_lazy

from samenspel.common.history import describe
from samenspel.common.models import AuditEvent
from samenspel.common.words import Words, euro_text, long_date

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


def _text(value: Any) -> str:
    """{{ value }} in a template: text as it is, anything else as text; escaped unless
    marked safe."""
    return conditional_escape(value if isinstance(value, str) else str(value))


@register.simple_tag
def form_field(field: BoundField) -> SafeString:
    """One field with its label (a legend for a group of choices), its widget, its help
    and its errors, tied together for screen readers (components/field.html). Drawn in
    Python: a template include per field was most of what a form cost to draw."""
    auto_id = _text(field.auto_id)
    errors = field.errors
    required = ' <span aria-hidden="true">*</span>' if field.field.required else ""
    label = _text(field.label)
    if is_multiple_choice(field):
        described = ""
        if field.help_text or errors:
            help_id = f"{auto_id}_help" if field.help_text else ""
            error_id = f"{auto_id}_error" if errors else ""
            described = f' aria-describedby="{help_id} {error_id}"'
        control = (
            f"\n  <fieldset{described}>\n    <legend>{label}{required}</legend>\n"
            f"    {_text(field)}\n  </fieldset>\n"
        )
    else:
        control = f'\n  <label for="{auto_id}">{label}{required}</label>\n  {field_widget(field)}\n'
    help_text = (
        f'<p class="sp-help" id="{auto_id}_help">{_text(field.help_text)}</p>'
        if field.help_text
        else ""
    )
    error_lines = "".join(
        f'<p class="sp-error" id="{auto_id}_error">{_text(error)}</p>' for error in errors
    )
    invalid = " sp-field--invalid" if errors else ""
    return SafeString(
        f'\n<div class="sp-field{invalid}">\n{control}\n{help_text}\n{error_lines}\n</div>\n'
    )


FORM_WORDS = Words({"correct": gettext_lazy("Please correct the fields marked below.")})


@register.simple_tag
def form_body(form: forms.BaseForm) -> SafeString:
    """A form's errors and fields (components/form.html): the form's own errors, or a
    line that asks to correct the marked fields, then its hidden and visible fields."""
    html = []
    non_field = form.non_field_errors()
    if non_field:
        lines = "".join(f"<p>{_text(error)}</p>" for error in non_field)
        html.append(f'\n<div class="sp-alert sp-alert--error" role="alert">\n  {lines}\n</div>\n')
    elif form.errors:
        correct = escape(FORM_WORDS(get_language())["correct"])
        html.append(
            f'\n<div class="sp-alert sp-alert--error" role="alert"><p>{correct}</p></div>\n'
        )
    html.append("".join(_text(field) for field in form.hidden_fields()))
    html.append("".join(form_field(field) for field in form.visible_fields()))
    return SafeString("".join(html))


@register.filter
def euro(amount: Decimal | int | None) -> str:
    """€ 1.250,50; whole euros without cents: € 1.250 (in the interface's language)."""
    if amount is None:
        return ""
    return euro_text(amount, get_language())


HISTORY_WORDS = Words({"recorded_on": gettext_lazy("recorded on")})


def _moment(at: datetime.datetime, language: str | None) -> str:
    """<time> for a moment, as the date filter writes "j F Y H:i" in local time."""
    local = timezone.localtime(at)
    return (
        f'<time datetime="{local.isoformat()}">'
        f"{escape(long_date(local.date(), language))} {local:%H:%M}</time>"
    )


@register.simple_tag
def history_item(event: AuditEvent) -> SafeString:
    """A line of a history: when the step happened (with when it was recorded) or, when
    no such date is known, when it was recorded; what happened, and who did it. Drawn
    in Python: a history has a line per step. `event.happened_on` may be set by the view
    (the day the step itself happened)."""
    language = get_language()
    label = escape(describe(event))
    actor = ""
    if event.actor:
        actor = f' <span class="sp-muted">— {escape(event.actor.name)}</span>'
    happened_on = getattr(event, "happened_on", None)
    if happened_on:
        recorded = escape(HISTORY_WORDS(language)["recorded_on"])
        return SafeString(
            f'<li><time datetime="{happened_on.isoformat()}">'
            f"{escape(long_date(happened_on, language))}</time> · {label}{actor} "
            f'<span class="sp-muted">({recorded} {_moment(event.at, language)})</span></li>'
        )
    return SafeString(f"<li>{_moment(event.at, language)} · {label}{actor}</li>")


@register.simple_tag
def audit_label(event: AuditEvent) -> str:
    """A readable line for an audit event in a history (see common.history)."""
    return describe(event)
