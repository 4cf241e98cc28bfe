"""Django's form renderer, with the common widgets drawn in Python.

Django draws every widget through three or four nested templates (input.html inside
text.html, attrs.html inside both); on a page with a handful of forms that was the
larger part of drawing the forms, each time the page is not in the cache. This renderer
writes the same markup directly for the widgets whose templates are listed below, byte
for byte as Django's templates write it (tests/test_form_renderer.py compares the two
for every form in Samenspel), and leaves every other template to Django. Anything it is
not sure of (an unexpected value or a context it does not know) is left to Django too.
"""

from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.functional import Promise
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData, SafeString

W = "django/forms/widgets/"
INPUTS = {
    W + name
    for name in (
        "text.html",
        "date.html",
        "email.html",
        "number.html",
        "password.html",
        "url.html",
        "hidden.html",
        "checkbox.html",
    )
}
CHOICES = {W + "radio.html", W + "checkbox_select.html"}
TEXTAREA = W + "textarea.html"
SELECT = W + "select.html"
SELECT_OPTION = W + "select_option.html"
OPTIONS = {W + "radio_option.html", W + "checkbox_option.html"}


class NotDrawnError(Exception):
    """The context holds something these functions do not draw as Django would."""


def _text(value: Any) -> str:
    """{{ value }} in a template, for text only (numbers and dates are localized there)."""
    if isinstance(value, str):
        return conditional_escape(value)
    if isinstance(value, Promise):
        return escape(str(value))
    raise NotDrawnError


def _formatted(value: Any) -> str:
    """{{ value|stringformat:'s' }}: the value as text, escaped unless marked safe."""
    if isinstance(value, tuple | list | dict):
        raise NotDrawnError
    text = str(value)
    return text if isinstance(value, SafeData) else escape(text)


def _attrs(attrs: dict[str, Any]) -> str:
    """django/forms/widgets/attrs.html"""
    html = []
    for name, value in attrs.items():
        if value is False:
            continue
        html.append(" " + _text(name))
        if value is not True:
            html.append(f'="{_formatted(value)}"')
    return "".join(html)


def _input(widget: dict[str, Any]) -> str:
    """django/forms/widgets/input.html, with the newline that ends the file."""
    value = widget["value"]
    shown = "" if value is None else f' value="{_formatted(value)}"'
    return (
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"'
        f"{shown}{_attrs(widget['attrs'])}>\n"
    )


def _option(option: dict[str, Any]) -> str:
    """radio_option.html or checkbox_option.html (input_option.html), with their
    newlines."""
    if option.get("template_name") not in OPTIONS:
        raise NotDrawnError
    if not option["wrap_label"]:
        return _input(option) + "\n\n"
    target = option["attrs"].get("id")
    label_for = f' for="{_text(target)}"' if target else ""
    return f"<label{label_for}>{_input(option)} {_text(option['label'])}</label>\n\n"


def _choices(widget: dict[str, Any]) -> str:
    """django/forms/widgets/multiple_input.html"""
    target = widget["attrs"].get("id")
    css = widget["attrs"].get("class")
    html = ["<div", f' id="{_text(target)}"' if target else ""]
    if css:
        html.append(f' class="{_text(css)}"')
    html.append(">")
    for group, options, _index in widget["optgroups"]:
        if group:
            html.append(f"\n  <div><label>{_text(group)}</label>")
        for option in options:
            html.append(f"<div>\n    {_option(option)}</div>")
        if group:
            html.append("\n  </div>")
    html.append("\n</div>")
    return "".join(html)


def _textarea(widget: dict[str, Any]) -> str:
    """django/forms/widgets/textarea.html"""
    value = widget["value"]
    text = _text(value) if value else ""
    return f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n{text}</textarea>'


def _select(widget: dict[str, Any]) -> str:
    """django/forms/widgets/select.html, with select_option.html for each option."""
    html = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group, options, _index in widget["optgroups"]:
        if group:
            html.append(f'\n  <optgroup label="{_text(group)}">')
        for option in options:
            if option.get("template_name") != SELECT_OPTION:
                raise NotDrawnError
            html.append(
                f'\n  <option value="{_formatted(option["value"])}"'
                f"{_attrs(option['attrs'])}>{_text(option['label'])}</option>\n"
            )
        if group:
            html.append("\n  </optgroup>")
    html.append("\n</select>")
    return "".join(html)


class FormRenderer(DjangoTemplates):
    """settings.FORM_RENDERER: Django's, with the widgets above drawn in Python."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        try:
            widget = context["widget"]
            if widget["template_name"] != template_name:
                raise NotDrawnError
            if template_name in INPUTS:
                return SafeString(_input(widget).strip())
            if template_name == TEXTAREA:
                return SafeString(_textarea(widget))
            if template_name in CHOICES:
                return SafeString(_choices(widget).strip())
            if template_name == SELECT:
                return SafeString(_select(widget))
        except (NotDrawnError, KeyError, TypeError):
            pass
        return str(super().render(template_name, context, request))
