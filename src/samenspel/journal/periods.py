"""Quarters and years of the journey, as the generated chapters count them.

A date's quarter is found in the database by a CASE over the quarters' bounds, not by
TruncQuarter: SQLite runs that as a Python function for every row (compass.selectors
does the same, for the same reason). Pure functions, besides the expression.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext as _

from samenspel.compass.charts import quarter_label

# A journey longer than this many quarters is drawn per year: a picture of more columns
# no longer reads at print size.
MAX_QUARTERS = 24


def quarter_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def next_quarter(start: datetime.date) -> datetime.date:
    month = start.month + 3
    return datetime.date(start.year + (month > 12), (month - 1) % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    """A column of the journey's pictures and tables: a quarter or a year, from `start`
    up to (not including) `end`."""

    start: datetime.date
    end: datetime.date
    label: str

    @property
    def last_day(self) -> datetime.date:
        return self.end - datetime.timedelta(days=1)


def periods_between(first: datetime.date, last: datetime.date) -> list[Period]:
    """The quarters from the one holding `first` to the one holding `last`; whole years
    when that would be more than MAX_QUARTERS."""
    if last < first:
        return []
    starts = [quarter_start(first)]
    while starts[-1] < quarter_start(last):
        starts.append(next_quarter(starts[-1]))
    if len(starts) > MAX_QUARTERS:
        return [
            Period(datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1), str(year))
            for year in range(first.year, last.year + 1)
        ]
    return [Period(start, next_quarter(start), quarter_label(start)) for start in starts]


def period_index(field: str, periods: list[Period]) -> Case:
    """The position of `field`'s date in `periods` (rows outside them are filtered out
    by the caller)."""
    return Case(
        *(
            When(**{f"{field}__lt": period.end}, then=Value(index))
            for index, period in enumerate(periods[:-1])
        ),
        default=Value(len(periods) - 1),
        output_field=IntegerField(),
    )


def per_year(periods: list[Period]) -> bool:
    return bool(periods) and periods[0].label == str(periods[0].start.year)


def period_word(periods: list[Period]) -> str:
    return _("Year") if per_year(periods) else _("Quarter")
