"""Fixed words, dates and amounts for components drawn in Python, translated once per
language.

A list draws the same few words on every row ("Expected", a phase's name, a month);
looking each up again costs more than drawing the row. `words(table, language)` turns a
table of lazily translated strings into plain text once per language and keeps it.
`long_date` writes a date as the `date:"j F Y"` filter does ("15 oktober 2016"), with
the month names kept the same way, and `euro_text` an amount as the euro filter does.
The caller passes the active language (django.utils.translation.get_language()), read
once per component."""

import datetime
import functools
from collections.abc import Hashable, Mapping
from decimal import Decimal

from django.utils.dates import MONTHS
from django.utils.formats import get_format
from django.utils.functional import Promise


class Words:
    """A table of translated words under names: `Words({"expected": gettext_lazy(...)})`.
    Kept as a class so that each table is its own cache key."""

    def __init__(self, table: Mapping[Hashable, Promise | str]):
        self.table = dict(table)

    def __call__(self, language: str | None) -> dict[Hashable, str]:
        return _translated(self, language)


@functools.lru_cache(maxsize=256)
def _translated(words: Words, language: str | None) -> dict[Hashable, str]:
    # Called with the language active, so str() translates into it.
    return {name: str(text) for name, text in words.table.items()}


@functools.lru_cache(maxsize=16)
def _months(language: str | None) -> tuple[str, ...]:
    return tuple(str(MONTHS[number]) for number in range(1, 13))


def long_date(value: datetime.date, language: str | None) -> str:
    """15 oktober 2016: the day, the month's name and the year (the date filter's
    "j F Y")."""
    return f"{value.day} {_months(language)[value.month - 1]} {value.year}"


@functools.lru_cache(maxsize=16)
def _separators(language: str | None) -> tuple[str, str]:
    """The decimal and thousands separators of the language, as number_format uses
    them with grouping forced."""
    return (
        str(get_format("DECIMAL_SEPARATOR", language, use_l10n=True)),
        str(get_format("THOUSAND_SEPARATOR", language, use_l10n=True)),
    )


def euro_text(amount: Decimal | int, language: str | None) -> str:
    """€ 1.250,50 in Dutch, € 1,250.50 in English; whole euros without cents (€ 1.250).
    The same as number_format with two decimals (or none) and grouping forced."""
    amount = Decimal(amount)
    whole = amount == amount.to_integral_value()
    text = f"{amount:,.0f}" if whole else f"{amount:,.2f}"
    decimal, thousands = _separators(language)
    return "€ " + text.replace(",", "\0").replace(".", decimal).replace("\0", thousands)
