"""The compass's pictures: the overview (a radar with its table and the perspective gaps),
the trend per facet, one's own compass, and the downloads (a chart as SVG or PNG, the
answers as CSV or XLSX).

Thin: access through compass.access, figures through compass.selectors (a fixed handful
of counting queries, however many answers there are), drawing in compass.charts and files
in compass.exports. The filters are a GET form that works without JavaScript; a value
that is not one of its choices falls back to the default, so a hand-made address never
breaks a page.
"""

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from samenspel.common.caching import lazy, rendering_key
from samenspel.common.words import long_date
from samenspel.compass import charts, exports, selectors
from samenspel.compass.access import can_answer, can_manage
from samenspel.compass.constants import Perspective, Subject
from samenspel.compass.figures import Figures
from samenspel.compass.models import Compass, Facet
from samenspel.compass.selectors import GROUPS, Picture, Scope, SubjectChoice
from samenspel.compass.views import member_access
from samenspel.programmes.access import ProgrammeAccess

ALL = "all"
PERIOD = re.compile(r"^([1-9][0-9]{3})-([1-4])$")
CHARTS = {"radar", "trend"}
CHART_FORMATS = {"svg": "image/svg+xml", "png": "image/png"}
EXPORT_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
VIEWS = (
    (charts.NOW_AND_DESIRED, gettext_lazy("Now and desired")),
    (charts.PERSPECTIVES, gettext_lazy("Perspectives side by side")),
)


def _render(
    request: HttpRequest,
    template: str,
    access: ProgrammeAccess,
    *,
    key_parts: tuple[object, ...] = (),
    **context: Any,
) -> HttpResponse:
    return render(
        request,
        template,
        {
            "access": access,
            "programme": access.programme,
            "content_key": rendering_key(request, *access.cache_parts, *key_parts),
            "can_answer": can_answer(access),
            "can_manage": can_manage(access),
            **context,
        },
    )


# The filters ---------------------------------------------------------------------------


def _period_value(quarter: datetime.date) -> str:
    return f"{quarter.year}-{(quarter.month - 1) // 3 + 1}"


def _quarter_end(quarter: datetime.date) -> datetime.date:
    following = datetime.date(
        quarter.year + (quarter.month + 3 > 12), (quarter.month + 2) % 12 + 1, 1
    )
    return following - datetime.timedelta(days=1)


class FiltersForm(forms.Form):
    subject = forms.ChoiceField(label=gettext_lazy("Compass about"))
    period = forms.ChoiceField(label=gettext_lazy("Period"))
    view = forms.ChoiceField(label=gettext_lazy("Show"), choices=VIEWS)
    group = forms.ChoiceField(label=gettext_lazy("Now and desired of"))

    def __init__(self, *args: Any, filters: "Filters", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        initiatives = [
            (one.key, one.title) for one in filters.subjects if one.subject == Subject.INITIATIVE
        ]
        sessions = [
            (one.key, one.title) for one in filters.subjects if one.subject == Subject.SESSION
        ]
        choices: list[Any] = [(Subject.PROGRAMME.value, _("The whole programme"))]
        if initiatives:
            choices.append((_("Initiatives"), initiatives))
        if sessions:
            choices.append((_("Learning sessions"), sessions))
        subject: Any = self.fields["subject"]
        subject.choices = choices
        period: Any = self.fields["period"]
        period.choices = [
            (ALL, _("All periods")),
            *((_period_value(q), charts.quarter_label(q)) for q in filters.quarters),
        ]
        group: Any = self.fields["group"]
        group.choices = [(ALL, _("All perspectives together")), *Perspective.choices]


@dataclass(frozen=True)
class Filters:
    subjects: list[SubjectChoice]
    subject: SubjectChoice
    quarters: list[datetime.date]  # newest first
    quarter: datetime.date | None  # None: all periods
    view: str
    group: str | None  # None: all groups together

    @property
    def scope(self) -> Scope:
        if self.quarter is None:
            return self.subject.scope()
        return self.subject.scope(since=self.quarter, until=_quarter_end(self.quarter))

    def values(self) -> dict[str, str]:
        return {
            "subject": self.subject.key,
            "period": ALL if self.quarter is None else _period_value(self.quarter),
            "view": self.view,
            "group": self.group or ALL,
        }

    @property
    def query(self) -> str:
        return urlencode(self.values())

    def form(self) -> FiltersForm:
        return FiltersForm(self.values(), filters=self)

    def name(self) -> str:
        """The part of a download's file name that says what it shows."""
        parts = [self.subject.title if self.subject.subject != Subject.PROGRAMME else ""]
        parts.append(_("all") if self.quarter is None else charts.quarter_label(self.quarter))
        return slugify(" ".join(part for part in parts if part))


def _filters(request: HttpRequest, access: ProgrammeAccess) -> Filters:
    """The filters asked for; each value that is not one of the choices falls back to the
    default: the whole programme, the newest quarter with answers, now and desired of all
    perspectives together."""
    subjects = selectors.subjects_answered(programme=access.programme)
    asked = request.GET.get("subject", "")
    subject = next((one for one in subjects if one.key == asked), subjects[0])
    quarters = selectors.quarters_answered(programme=access.programme, scope=subject.scope())
    period = PERIOD.match(request.GET.get("period", ""))
    quarter = quarters[0] if quarters else None
    if request.GET.get("period") == ALL:
        quarter = None
    elif period:
        year, number = int(period[1]), int(period[2])
        wanted = datetime.date(year, 3 * number - 2, 1)
        if wanted in quarters:
            quarter = wanted
    view = request.GET.get("view", "")
    group = request.GET.get("group", "")
    return Filters(
        subjects=subjects,
        subject=subject,
        quarters=quarters,
        quarter=quarter,
        view=view if view in dict(VIEWS) else charts.NOW_AND_DESIRED,
        group=group if group in Perspective.values else None,
    )


# The overview --------------------------------------------------------------------------


@dataclass(frozen=True)
class TableRow:
    facet: Facet
    group: str | None  # None: all groups together
    current: Figures | None  # None: a facet in use that nobody answered
    desired: Figures | None
    first: bool = True  # the facet's first row: its name shows (the others say it unseen)

    @property
    def group_label(self) -> str:
        return str(Perspective(self.group).label) if self.group else _("All together")


@dataclass(frozen=True)
class GapRow:
    facet: Facet
    higher: str
    lower: str
    higher_median: float
    lower_median: float
    higher_notes: list[str]
    lower_notes: list[str]

    @property
    def difference(self) -> float:
        return self.higher_median - self.lower_median

    @property
    def higher_label(self) -> str:
        return str(Perspective(self.higher).label)

    @property
    def lower_label(self) -> str:
        return str(Perspective(self.lower).label)

    @property
    def notes(self) -> list[tuple[str, list[str]]]:
        return [(self.higher_label, self.higher_notes), (self.lower_label, self.lower_notes)]


def table_rows(picture: Picture) -> list[TableRow]:
    """Per facet: each perspective group that answered it, then all together."""
    rows = []
    for facet in charts.shown_facets(picture):
        first = True
        for group in GROUPS:
            figures = picture.current.get((facet.pk, group))
            if figures is not None:
                desired = picture.desired.get((facet.pk, group))
                rows.append(TableRow(facet, group, figures, desired, first))
                first = False
        overall = picture.current_overall.get(facet.pk)
        rows.append(TableRow(facet, None, overall, picture.desired_overall.get(facet.pk), first))
    return rows


def gap_rows(compass: Compass, scope: Scope, picture: Picture) -> list[GapRow]:
    notes = selectors.gap_notes(compass=compass, scope=scope, gaps=picture.gaps)
    facets = {facet.pk: facet for facet in picture.facets}
    return [
        GapRow(
            facets[gap.facet_id],
            gap.higher,
            gap.lower,
            gap.higher_median,
            gap.lower_median,
            notes.get((gap.facet_id, gap.higher), []),
            notes.get((gap.facet_id, gap.lower), []),
        )
        for gap in picture.gaps
    ]


def _radar_title(programme_name: str, filters: Filters) -> str:
    period = _("all periods") if filters.quarter is None else charts.quarter_label(filters.quarter)
    if filters.view == charts.PERSPECTIVES:
        what = _("the perspectives")
    elif filters.group:
        what = _("now and desired, %(group)s") % {"group": Perspective(filters.group).label}
    else:
        what = _("now and desired")
    return _("Compass of %(subject)s, %(period)s: %(what)s") % {
        "subject": filters.subject.title or programme_name,
        "period": period,
        "what": what,
    }


def _radar(
    picture: Picture, view: str, group: str | None, title: str, prefix: str
) -> tuple[str, str]:
    """The radar for a wide screen and for a phone."""
    return (
        charts.radar_of(picture, view=view, group=group, title=title, prefix=prefix),
        charts.radar_of(
            picture,
            view=view,
            group=group,
            title=title,
            prefix=f"{prefix}-narrow",
            width=charts.NARROW,
        ),
    )


def _overview(request: HttpRequest, access: ProgrammeAccess) -> dict[str, Any]:
    compass = selectors.compass_of(programme=access.programme)
    if compass is None:
        return {"compass": None}
    filters = _filters(request, access)
    picture = selectors.compass_picture(compass=compass, scope=filters.scope)
    title = _radar_title(access.programme.name, filters)
    return {
        "compass": compass,
        "filters": filters,
        "form": filters.form(),
        "picture": picture,
        "title": title,
        "radar": _radar(picture, filters.view, filters.group, title, "radar")
        if picture.total
        else ("", ""),
        "rows": table_rows(picture),
        "gaps": gap_rows(compass, filters.scope, picture),
        "groups": [(str(Perspective(g).label), picture.respondents.get(g, 0)) for g in GROUPS],
    }


@login_required
def overview(request: HttpRequest, slug: str) -> HttpResponse:
    access = member_access(request, slug)
    return _render(
        request, "compass/overview.html", access, page=lazy(lambda: _overview(request, access))
    )


# The trend -----------------------------------------------------------------------------


@dataclass(frozen=True)
class FacetTrend:
    facet: Facet
    chart: str  # "" when the facet has no answers
    narrow: str
    quarters: list[str]
    # Per perspective group: its label and its figures per quarter (None: no answers).
    rows: list[tuple[str, list[Figures | None]]]


def facet_trends(compass: Compass, scope: Scope, *, prefix: str) -> list[FacetTrend]:
    trend = selectors.compass_trend(compass=compass, scope=scope)
    quarters = charts.trend_quarters(trend)
    labels = [charts.quarter_label(quarter) for quarter in quarters]
    found = []
    for facet in compass.facets.all():
        points = trend.get(facet.pk, [])
        if facet.retired_at is not None and not points:
            continue
        by_quarter = {point.quarter: point for point in points}
        rows = []
        for group in GROUPS:
            cells = [
                by_quarter[quarter].figures.get(group) if quarter in by_quarter else None
                for quarter in quarters
            ]
            if any(cells):
                rows.append((str(Perspective(group).label), cells))
        title = _("Trend of %(facet)s") % {"facet": facet.name}
        drawn = [
            charts.trend_of(
                points, quarters, title=title, prefix=f"{prefix}-{facet.pk}-{width}", width=width
            )
            if points
            else ""
            for width in (charts.WIDTH, charts.NARROW)
        ]
        found.append(FacetTrend(facet, drawn[0], drawn[1], labels, rows))
    return found


def _trend(request: HttpRequest, access: ProgrammeAccess) -> dict[str, Any]:
    compass = selectors.compass_of(programme=access.programme)
    if compass is None:
        return {"compass": None}
    filters = _filters(request, access)
    scope = filters.subject.scope()
    return {
        "compass": compass,
        "filters": filters,
        "fields": [filters.form()["subject"]],
        "trends": facet_trends(compass, scope, prefix="trend"),
    }


@login_required
def trend(request: HttpRequest, slug: str) -> HttpResponse:
    access = member_access(request, slug)
    return _render(
        request, "compass/trend.html", access, page=lazy(lambda: _trend(request, access))
    )


# One's own compass ---------------------------------------------------------------------


def _personal(access: ProgrammeAccess) -> dict[str, Any]:
    compass = selectors.compass_of(programme=access.programme)
    if compass is None:
        return {"compass": None}
    scope = Scope(subject=Subject.PERSON, person_id=access.user.pk)
    latest = selectors.latest_assessment_day(programme=access.programme, scope=scope)
    if latest is None:
        return {"compass": compass, "latest": None}
    picture = selectors.compass_picture(
        compass=compass,
        scope=Scope(subject=Subject.PERSON, person_id=access.user.pk, since=latest, until=latest),
    )
    title = _("My compass on %(day)s: now and desired") % {"day": _day(latest)}
    return {
        "compass": compass,
        "latest": latest,
        "picture": picture,
        "title": title,
        "radar": _radar(picture, charts.NOW_AND_DESIRED, None, title, "mine"),
        "rows": [row for row in table_rows(picture) if row.group is None],
        "trends": facet_trends(compass, scope, prefix="mine-trend"),
    }


def _day(day: datetime.date) -> str:
    return long_date(day, get_language())


@login_required
def personal(request: HttpRequest, slug: str) -> HttpResponse:
    """Only the person sees their own self-assessments: the scope is theirs, whoever
    asks, and the cached rendering is keyed by them."""
    access = member_access(request, slug)
    return _render(
        request,
        "compass/personal.html",
        access,
        key_parts=("mine", access.user.pk),
        page=lazy(lambda: _personal(access)),
    )


# Downloads -----------------------------------------------------------------------------


def _attachment(response: HttpResponse | StreamingHttpResponse, name: str) -> Any:
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def chart(request: HttpRequest, slug: str, chart: str, fmt: str) -> HttpResponse:
    """The radar or one facet's trend as a file, with the filters of the page. A trend
    names its facet (?facet=<id>); a missing or unknown one is a 400."""
    if chart not in CHARTS or fmt not in CHART_FORMATS:
        raise Http404
    access = member_access(request, slug)
    compass = selectors.compass_of(programme=access.programme)
    if compass is None:
        raise Http404
    filters = _filters(request, access)
    if chart == "radar":
        picture = selectors.compass_picture(compass=compass, scope=filters.scope)
        title = _radar_title(access.programme.name, filters)
        svg = charts.radar_of(
            picture, view=filters.view, group=filters.group, title=title, standalone=True
        )
        name = "-".join([_("compass"), access.programme.slug, filters.name()])
    else:
        facets = {str(facet.pk): facet for facet in compass.facets.all()}
        facet = facets.get(request.GET.get("facet", ""))
        if facet is None:
            return HttpResponse(
                _("Choose one of the compass's facets."),
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        trend = selectors.compass_trend(compass=compass, scope=filters.subject.scope())
        svg = charts.trend_of(
            trend.get(facet.pk, []),
            charts.trend_quarters(trend),
            title=_("Trend of %(facet)s") % {"facet": facet.name},
            standalone=True,
        )
        name = "-".join([_("compass-trend"), access.programme.slug, slugify(facet.name)])
    body: str | bytes = svg if fmt == "svg" else charts.svg_to_png(svg)
    return _attachment(HttpResponse(body, content_type=CHART_FORMATS[fmt]), f"{name}.{fmt}")


@login_required
def export(request: HttpRequest, slug: str, fmt: str) -> Any:
    """Every answer of the programme except self-assessments, one row per score, with
    nothing that names or identifies a person (compass.exports)."""
    if fmt not in EXPORT_FORMATS:
        raise Http404
    access = member_access(request, slug)
    name = "-".join(
        [_("compass-answers"), access.programme.slug, f"{timezone.localdate():%Y-%m-%d}"]
    )
    if fmt == "csv":
        response: Any = StreamingHttpResponse(
            exports.csv_lines(access.programme), content_type=EXPORT_FORMATS[fmt]
        )
    else:
        response = HttpResponse(
            exports.xlsx_bytes(access.programme), content_type=EXPORT_FORMATS[fmt]
        )
    return _attachment(response, f"{name}.{fmt}")
