"""Form helpers shared by every app."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from samenspel.common.text import LONG_TEXT, has_visible


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class VersionedForm(forms.Form):
    """A form for an editable text that carries the version it was loaded from, so that a
    save after someone else's save is refused instead of overwriting it."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class TextField(forms.CharField):
    """Free text that a person writes: bounded (LONG_TEXT characters unless max_length
    says otherwise), and, when required, with at least one visible character. Text made
    only of invisible characters counts as empty."""

    default_error_messages = {
        "invisible": _("Fill in this field with words, not only spaces."),
        "too_long": _("Keep this under %(limit)s characters (now %(count)s)."),
    }

    def __init__(self, *, max_length: int = LONG_TEXT, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # Set after the parent, so that our message replaces Django's MaxLengthValidator.
        self.max_length = max_length
        self.widget.attrs.update(self.widget_attrs(self.widget))

    def clean(self, value: Any) -> str:
        text: str = self.to_python(value) or ""
        if text and not has_visible(text):
            if self.required:
                raise ValidationError(self.error_messages["invisible"], code="invisible")
            text = ""
        self.validate(text)
        if self.max_length is not None and len(text) > self.max_length:
            raise ValidationError(
                self.error_messages["too_long"],
                code="too_long",
                params={
                    "limit": number_format(self.max_length, force_grouping=True),
                    "count": number_format(len(text), force_grouping=True),
                },
            )
        self.run_validators(text)
        return text


def add_service_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's refusal on the form: on the field it names when the form has that
    field, otherwise at the top of the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


MONEY_HELP = _("In euros, for example 1250 or 1250.50.")
