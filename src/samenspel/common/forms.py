"""Form helpers shared by every app."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class VersionedForm(forms.Form):
    """A form for an editable text that carries the version it was loaded from, so that a
    save after someone else's save is refused instead of overwriting it."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


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
