"""The programme's compass answers as a file for a spreadsheet: CSV or XLSX, one row per
score.

Nothing in a row names or identifies a person: no respondent, no answer link, no id of
an assessment, and the rows are sorted by what they say (day, subject, perspective, facet,
scores), never by when they were stored, so that neither the order nor the columns tell a
named answer from an anonymous one or tie one person's scores together. Self-assessments
(about a person) are private and never exported.

Both files are written while they are read from the database (an iterator, in chunks):
the bench programme's 100,000 assessments never sit in memory at once.
"""

import csv
import datetime
import io
from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from samenspel.compass.constants import Perspective, Subject
from samenspel.compass.models import Score
from samenspel.programmes.models import Programme

CHUNK = 2000
# A cell a spreadsheet would run as a formula starts with one of these; such text gets a
# leading apostrophe in a CSV file (the common defence against formula injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _headers() -> list[str]:
    return [
        _("Date"),
        _("Subject"),
        _("Subject name"),
        _("Perspective"),
        _("Facet"),
        _("Now"),
        _("Desired"),
        _("Note"),
    ]


def _scores(programme: Programme) -> QuerySet[Score, tuple[Any, ...]]:
    return (
        Score.objects.filter(assessment__programme=programme)
        .exclude(assessment__subject=Subject.PERSON)
        .order_by(
            "assessment__assessed_on",
            "assessment__subject",
            "assessment__initiative__title",
            "assessment__session__title",
            "assessment__perspective",
            "facet__position",
            "facet__name",
            "current",
            "desired",
            "note",
        )
        .values_list(
            "assessment__assessed_on",
            "assessment__subject",
            "assessment__initiative__title",
            "assessment__session__title",
            "assessment__perspective",
            "facet__name",
            "current",
            "desired",
            "note",
        )
    )


def export_rows(programme: Programme) -> Iterator[list[Any]]:
    """The rows (without the header): day, subject kind, subject name, perspective,
    facet, now, desired (None when not given), note."""
    kinds = {
        Subject.PROGRAMME: _("Programme"),
        Subject.INITIATIVE: _("Initiative"),
        Subject.SESSION: _("Learning session"),
    }
    groups = {value: str(label) for value, label in Perspective.choices}
    for row in _scores(programme).iterator(chunk_size=CHUNK):
        day, subject, initiative, session, perspective, facet, current, desired, note = row
        name = initiative if subject == Subject.INITIATIVE else session
        if subject == Subject.PROGRAMME:
            name = programme.name
        yield [day, kinds[subject], name or "", groups[perspective], facet, current, desired, note]


class _Line:
    """A file-like that hands back what csv.writer wrote, line by line."""

    def write(self, value: str) -> str:
        return value


def _safe(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_lines(programme: Programme) -> Iterator[str]:
    """The export as CSV for Dutch spreadsheets: UTF-8 with a byte order mark (so Excel
    reads the accents), semicolons between fields (a comma is the decimal sign), days
    as 2026-12-01 (read as a date by every spreadsheet)."""
    writer = csv.writer(_Line(), delimiter=";")
    yield "\ufeff" + writer.writerow(_headers())
    for row in export_rows(programme):
        day: datetime.date = row[0]
        yield writer.writerow([day.isoformat(), *(_safe(value) for value in row[1:])])


WIDTHS = (12, 18, 36, 20, 28, 8, 10, 60)


def xlsx_bytes(programme: Programme) -> bytes:
    """The export as an Excel workbook: a bold, frozen header row, widths that fit, days
    as dates. Written by XlsxWriter row by row (constant memory: each row goes to a
    temporary file as it is written); every text is written as text, never as a formula
    or a link, whatever it starts with."""
    import xlsxwriter  # type: ignore[import-untyped]

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    sheet = workbook.add_worksheet(_("Compass answers")[:31])
    for index, width in enumerate(WIDTHS):
        sheet.set_column(index, index, width)
    sheet.freeze_panes(1, 0)
    sheet.write_row(0, 0, _headers(), workbook.add_format({"bold": True}))
    day_format = workbook.add_format({"num_format": "d-m-yyyy"})
    for number, (day, *values) in enumerate(export_rows(programme), start=1):
        sheet.write_datetime(number, 0, datetime.datetime.combine(day, datetime.time()), day_format)
        for column, value in enumerate(values, start=1):
            if isinstance(value, int):
                sheet.write_number(number, column, value)
            elif value:
                sheet.write_string(number, column, value)
    workbook.close()
    return buffer.getvalue()
