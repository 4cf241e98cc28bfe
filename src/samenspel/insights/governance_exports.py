"""The governance overview as files: a PDF of the same overview (WeasyPrint, A4) and the
figures per initiative as CSV.

**The PDF** is drawn from templates/insights/governance_pdf.html, which includes the
same parts as the page (governance_content.html), with the learning sessions' print
stylesheet (static/samenspel/report.css: A4, the title in the top margin, the programme
and "page n of m" in the bottom margin) and a few rules of its own. Charts stay SVG, so
WeasyPrint lays them out as vectors. It stays a few pages at any size: the initiatives
are listed one by one only up to dashboards.PDF_INITIATIVES; a larger programme gets its
totals per area, and the CSV has every initiative. WeasyPrint fetches nothing: the
stylesheets are handed over and every other address is refused.

It is made in the request and kept in the cache per programme, data version, date and
language: everyone who may read it reads the same overview, and for the benchmark's
large programme (500 initiatives, 5,000 cycles, 100,000 compass answers) a cold PDF
takes about a second (see the developer notes), too little for the task queue's
round trip and progress page.

**The CSV** is for Dutch Excel: UTF-8 with a byte order mark (else Excel reads it as
Windows-1252), `;` between the fields and a decimal comma in amounts (what Excel expects
with Dutch regional settings, where `,` is the decimal separator), no thousands
separator and no currency sign, so every number is read as a number. Headers in the
interface's language (Dutch by default). A text cell that starts with = + - @, a tab or
a carriage return is written with a leading apostrophe, so a spreadsheet never runs it as
a formula (CSV injection).
"""

import csv
import io
from decimal import Decimal
from typing import Any

from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from samenspel.insights import dashboards
from samenspel.learning_sessions.report import PRINT_STYLESHEET, page_css
from samenspel.programmes.models import Programme

PDF_CACHE_SECONDS = 24 * 60 * 60
# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"

# Rules of the PDF beyond the session report's print stylesheet.
PDF_CSS = """
svg { max-width: 100%; height: auto; }
.sp-print-only { display: block; }
.sp-governance-chart { break-inside: avoid; margin: 0 0 3mm; }
.sp-governance-trend { break-inside: avoid; margin-bottom: 3mm; }
.sp-governance-trend h3 { font-size: 10.5pt; margin: 3mm 0 1mm; }
.sp-governance-trend .sp-governance-chart svg { width: 65%; }
.sp-governance-trend .sp-table { font-size: 7.5pt; }
.sp-governance-trend .sp-table th, .sp-governance-trend .sp-table td { padding: 0.8mm 1mm; }
.sp-table td.sp-num, .sp-table th.sp-num { text-align: right; }
.sp-lessons li { break-inside: avoid; }
section.sp-governance-part { break-inside: auto; }
h2 { break-after: avoid; }
.sp-table-wrap { overflow: visible; }
/* The funding bar is drawn with CSS fills, which WeasyPrint's SVG does not read: the
   table below it carries the same figures. */
.sp-bar, .sp-swatch { display: none; }
.sp-badge--warning { color: #8a4b00; background: #fff1dc; }
"""


def file_name(programme: Programme, extension: str) -> str:
    """An ASCII file name: the overview, the programme's slug and today's date."""
    words = slugify(_("governance-overview")) or "governance-overview"
    return f"{words}-{slugify(programme.slug)}-{timezone.localdate():%Y-%m-%d}.{extension}"


# The PDF ------------------------------------------------------------------------------


def _no_fetching(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError(f"not fetched: {url[:80]}")


def governance_html(*, programme: Programme) -> str:
    overview = dashboards.governance_overview(programme=programme, trend_prefix="pdf-trend")
    rows = dashboards.initiative_progress(programme=programme)
    listed = (
        dashboards.progress_of(rows[: dashboards.PDF_INITIATIVES])
        if overview.initiative_count <= dashboards.PDF_INITIATIVES
        else None
    )
    return render_to_string(
        "insights/governance_pdf.html",
        {
            "programme": programme,
            "overview": overview,
            "initiatives": listed,
            "yield_chart": overview.over_time.chart(prefix="pdf-yield"),
            "pdf": True,
        },
    )


def governance_pdf(*, programme: Programme, base_url: str) -> bytes:
    from weasyprint import CSS, HTML  # slow to import: only when a PDF is made

    stylesheet = finders.find(PRINT_STYLESHEET)
    assert isinstance(stylesheet, str), PRINT_STYLESHEET
    document = HTML(
        string=governance_html(programme=programme), base_url=base_url, url_fetcher=_no_fetching
    ).render(stylesheets=[CSS(filename=stylesheet), CSS(string=PDF_CSS), CSS(string=page_css())])
    pdf: bytes = document.write_pdf()
    return pdf


def pdf_key(programme: Programme) -> str:
    return (
        f"samenspel:governance-pdf:{programme.pk}.{programme.data_version}."
        f"{timezone.localdate():%Y%m%d}.{get_language()}"
    )


def cached_pdf(*, programme: Programme, base_url: str) -> bytes:
    """The PDF from the cache, or made now and kept: the key names the programme's data
    version and the date, so a kept PDF is never stale."""
    key = pdf_key(programme)
    pdf: bytes | None = cache.get(key)
    if pdf is None:
        pdf = governance_pdf(programme=programme, base_url=base_url)
        cache.set(key, pdf, timeout=PDF_CACHE_SECONDS)
    return pdf


# The CSV ------------------------------------------------------------------------------


def safe_cell(text: str) -> str:
    """A text cell a spreadsheet shows as text, never runs as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _amount(value: Decimal) -> str:
    return f"{value:.2f}".replace(".", ",")


def csv_header() -> list[str]:
    return [
        _("Initiative"),
        _("Area"),
        _("Status"),
        _("Cycles"),
        _("Completed"),
        _("Open"),
        _("Overdue"),
        _("Should have been completed"),
        _("Learning yield (%)"),
        _("Municipal contribution (EUR)"),
        _("Residents' co-investment (EUR)"),
        _("Other funding (EUR)"),
        _("Total funding (EUR)"),
    ]


def csv_row(row: dashboards.InitiativeProgress) -> list[str]:
    progress = row.progress
    percentage = progress.learning_yield.percentage
    return [
        safe_cell(row.title),
        safe_cell(row.area),
        safe_cell(row.status_label),
        str(progress.total),
        str(progress.completed),
        str(progress.open),
        str(progress.overdue),
        str(progress.due),
        "" if percentage is None else str(percentage),
        _amount(row.municipal),
        _amount(row.residents),
        _amount(row.other),
        _amount(row.funding_total),
    ]


def initiatives_csv(*, programme: Programme) -> str:
    """Every initiative of the programme, one row each, by area and title. Two queries
    (the stale tallies, the rows), whatever the size."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(csv_header())
    rows = dashboards.initiative_progress(programme=programme)
    writer.writerows(csv_row(row) for row in dashboards.progress_of(rows.iterator()))
    return out.getvalue()
