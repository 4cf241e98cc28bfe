"""Form helpers shared by every app."""

import re
from decimal import Decimal
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


MONEY_HELP = _("In euros, for example 1.250 or 1250,50.")

# Amounts are read and written the Dutch way whatever the interface language: the dot
# groups thousands, the comma starts the cents. A number input would follow the
# browser's locale instead (a Dutch browser turned "1250,50" into 125050), so money is a
# text input read by the pattern below. Grouping is all dots or all spaces, in threes.
_GROUPING_SPACES = re.compile("[ \u00a0\u202f\u2009]+")
_AMOUNT = re.compile(
    r"(?P<euros>[0-9]+|[1-9][0-9]{0,2}(?:\.[0-9]{3})+|[1-9][0-9]{0,2}(?: [0-9]{3})+)?"
    r"(?:,(?P<cents>[0-9]+|--?))?",
    re.ASCII,
)
_MINUS = ("-", "\u2212", "\u2013")


def money_format(amount: Decimal | int) -> str:
    """An amount the Dutch way, as a money field reads it back: 1.250,50; whole euros
    without cents: 1.250."""
    amount = Decimal(amount)
    sign = "-" if amount < 0 else ""
    euros, _dot, cents = f"{abs(amount):.2f}".partition(".")
    grouped = f"{int(euros):,}".replace(",", ".")
    return f"{sign}{grouped}" if cents == "00" else f"{sign}{grouped},{cents}"


class MoneyInput(forms.TextInput):
    """A text input for an amount in euros: the phone shows its number keyboard, the
    browser offers no earlier entries, and a stored amount is shown the Dutch way."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            return money_format(value)
        return super().format_value(value)


class MoneyField(forms.Field):
    """An amount in euros, never negative, written the Dutch way (see `_AMOUNT`):
    1250, 1.250, 1250,50, 1.250,50, € 1.250, 1 250 and 1.250,- are all accepted; an
    entry that could mean something else, such as 1.25 or 1,250, is refused with an
    example rather than guessed. The bounds match a model DecimalField."""

    widget = MoneyInput
    default_error_messages = {
        "invalid": _("Write amounts the Dutch way, for example 1.250 or 1250,50."),
        "digits": _("Write the amount with the digits 0 to 9."),
        "negative": _("An amount cannot be negative."),
        "cents": _("An amount has at most two decimals (the cents)."),
        "too_large": _("An amount can be at most € %(limit)s."),
    }

    def __init__(self, *, max_digits: int = 12, decimal_places: int = 2, **kwargs: Any) -> None:
        self.max_digits, self.decimal_places = max_digits, decimal_places
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            value = money_format(value)
        text = _GROUPING_SPACES.sub(" ", str(value or "")).strip()
        if not text:
            return None
        if text.startswith("€"):
            text = text[1:].lstrip()
        if any(char.isnumeric() and not "0" <= char <= "9" for char in text):
            raise ValidationError(self.error_messages["digits"], code="digits")
        if text.startswith(_MINUS):
            raise ValidationError(self.error_messages["negative"], code="negative")
        match = _AMOUNT.fullmatch(text)
        if match is None or not (match["euros"] or match["cents"]):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        euros = re.sub("[. ]", "", match["euros"] or "0")
        cents = (match["cents"] or "").strip("-")
        if len(cents) == 3 and "." not in (match["euros"] or ""):
            # 1,250 is 1250 to an English eye and 1.25 to a Dutch one: ask.
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if len(cents) > self.decimal_places:
            raise ValidationError(self.error_messages["cents"], code="cents")
        amount = Decimal(f"{euros}.{cents}" if cents else euros)
        limit = Decimal(10) ** (self.max_digits - self.decimal_places)
        if amount >= limit:
            largest = money_format(limit - Decimal(1).scaleb(-self.decimal_places))
            raise ValidationError(
                self.error_messages["too_large"], code="too_large", params={"limit": largest}
            )
        return amount
