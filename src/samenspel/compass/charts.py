"""The compass's pictures drawn as SVG text on the server: the radar and the trend.

No chart library and no JavaScript: the same SVG is inlined in a page, downloaded as a
file, turned into a PNG (cairosvg) and laid out in a PDF (WeasyPrint), so it must need
nothing but itself. Colours are presentation attributes (the Content Security Policy
forbids inline styles in pages; a page's compass.css overrides them for forced colours),
and every series also differs in dash pattern and marker shape, so that colour is never
the only cue (docs/decisions/0014-compass-figures-from-histograms.md). Every number a
chart shows is also in it as data-value on its marker, for tests and for whoever reads
the file, and beside it in a table on the page.

The drawing functions are pure: they take labels and values. The last part of this file
turns a selector's figures (compass.selectors) into their series; the pages
(compass.pictures) and the travel report call it.
"""

import datetime
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from samenspel.compass.constants import SCORE_MAX, SCORE_MIN, Perspective
from samenspel.compass.figures import Figures
from samenspel.compass.models import Facet
from samenspel.compass.selectors import GROUPS, Picture, TrendPoint

FONT = "'DejaVu Sans', Verdana, Arial, sans-serif"
# At the natural width (760 user units ≈ the 17 cm of an A4 page's text), 15 units print
# at about 11 pt.
FONT_SIZE = 15
TEXT = "#1d2330"
GRID = "#767676"  # 4.5:1 on white
WIDTH = 760
NARROW = 440  # a phone's chart, about as wide as its screen
RINGS = (0, 2, 4, 6, 8, 10)
NO_VALUE = "\u2013"  # an en dash


@dataclass(frozen=True)
class Style:
    colour: str  # ≥ 3:1 on white
    dash: str  # stroke-dasharray, "" for a solid line
    marker: str  # circle, square, triangle, diamond, cross


# The styles in the order of every legend (perspective groups: Perspective's order).
# Each differs from the others in colour, dash pattern and marker alike.
STYLES = (
    Style("#1f5aa6", "", "circle"),
    Style("#a14c00", "9 5", "square"),
    Style("#2e6b30", "2 4", "triangle"),
    Style("#6a3d9a", "12 4 3 4", "diamond"),
    Style("#b0252a", "5 3", "cross"),
    Style("#4d4d4d", "1 3", "circle"),
)
MARKERS = {
    "circle": "M -5 0 A 5 5 0 1 0 5 0 A 5 5 0 1 0 -5 0 Z",
    "square": "M -5 -5 H 5 V 5 H -5 Z",
    "triangle": "M 0 -6.5 L 6 4.5 L -6 4.5 Z",
    "diamond": "M 0 -7 L 7 0 L 0 7 L -7 0 Z",
    "cross": "M -5 -5 L 5 5 M -5 5 L 5 -5",
}


@dataclass(frozen=True)
class Series:
    """One line of a chart: a label for the legend, a value per axis (None where nobody
    answered: then the line has a gap there, never a fake zero) and its style's index in
    STYLES."""

    label: str
    values: Sequence[float | None]
    style: int = 0


def score_text(value: float | None) -> str:
    """A value as a person reads it in the current language: 6,5 and 7 (not 7,0) in
    Dutch; a dash for no value."""
    if value is None:
        return NO_VALUE
    rounded = round(value, 1)
    return number_format(rounded, decimal_pos=0 if rounded == int(rounded) else 1)


def _coordinate(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _data(value: float) -> str:
    """A value as a machine reads it."""
    return repr(float(value))


def _style(index: int) -> Style:
    return STYLES[index % len(STYLES)]


def _wrap(text: str, width: int, lines: int = 2) -> list[str]:
    """Words on at most `lines` lines of about `width` characters; what does not fit
    ends in an ellipsis (the full text is in the table beside the chart)."""
    result: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if len(candidate) <= width or not current:
            current = candidate
        else:
            result.append(current)
            current = word
    if current:
        result.append(current)
    if len(result) > lines:
        result = [*result[: lines - 1], " ".join(result[lines - 1 :])]
    if result and len(result[-1]) > width:
        result[-1] = result[-1][: width - 1].rstrip() + "…"
    return result


def _marker(x: float, y: float, style: Style, series: int, value: float, label: str) -> str:
    shape = style.marker
    filled = shape != "cross"
    return (
        f'<path class="sp-chart-point" d="{MARKERS[shape]}" '
        f'transform="translate({_coordinate(x)} {_coordinate(y)})" '
        f'fill="{style.colour if filled else "none"}" stroke="{style.colour}" stroke-width="2" '
        f'data-series="{series}" data-axis={quoteattr(label)} data-value="{_data(value)}"/>'
    )


def _segments(points: Sequence[tuple[float, float] | None], closed: bool) -> list[str]:
    """The runs of consecutive points that have a value, as polyline point lists; a point
    without a value breaks the line."""
    present = [point for point in points if point is not None]
    if closed and present and len(present) == len(points):
        return [_polyline_points([*present, present[0]])]
    runs: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = []
    for point in points:
        if point is None:
            if current:
                runs.append(current)
            current = []
        else:
            current.append(point)
    if current:
        runs.append(current)
    if closed and len(runs) > 1 and points[0] is not None and points[-1] is not None:
        runs[0] = runs.pop() + runs[0]  # the last run goes on round to the first
    return [_polyline_points(run) for run in runs if len(run) > 1]


def _polyline_points(points: Sequence[tuple[float, float]]) -> str:
    return " ".join(f"{_coordinate(x)},{_coordinate(y)}" for x, y in points)


def _line(points: str, style: Style, series: int) -> str:
    dash = f' stroke-dasharray="{style.dash}"' if style.dash else ""
    return (
        f'<polyline class="sp-chart-line" points="{points}" fill="none" '
        f'stroke="{style.colour}" stroke-width="3" stroke-linejoin="round"{dash} '
        f'data-series="{series}"/>'
    )


def _legend(series: Sequence[Series], top: float, width: int) -> tuple[list[str], float]:
    """The legend under the chart, two entries a row (one on a narrow chart): a piece of
    line with its marker, and the label. Returns its parts and its height."""
    parts = ['<g class="sp-chart-legend">']
    columns = 2 if width >= 600 else 1
    column_width = (width - 40) / columns
    row_height = 28
    for index, one in enumerate(series):
        style = _style(one.style)
        x = 20 + (index % columns) * column_width
        y = top + (index // columns) * row_height + 14
        dash = f' stroke-dasharray="{style.dash}"' if style.dash else ""
        parts.append(
            f'<line class="sp-chart-line" x1="{x:.0f}" y1="{y:.0f}" x2="{x + 46:.0f}" '
            f'y2="{y:.0f}" stroke="{style.colour}" stroke-width="3"{dash}/>'
        )
        shape = style.marker
        parts.append(
            f'<path class="sp-chart-point" d="{MARKERS[shape]}" '
            f'transform="translate({x + 23:.0f} {y:.0f})" '
            f'fill="{style.colour if shape != "cross" else "none"}" stroke="{style.colour}" '
            'stroke-width="2"/>'
        )
        label = _wrap(one.label, 36, 1)[0]
        parts.append(f'<text x="{x + 56:.0f}" y="{y + 5:.0f}" fill="{TEXT}">{escape(label)}</text>')
    parts.append("</g>")
    rows = math.ceil(len(series) / columns)
    return parts, rows * row_height + 10


def _describe(axes: Sequence[str], series: Sequence[Series]) -> str:
    sentences = []
    for one in series:
        nothing = _("no answers")
        values = [
            f"{axis} {score_text(value) if value is not None else nothing}"
            for axis, value in zip(axes, one.values, strict=True)
        ]
        sentences.append(f"{one.label}: {', '.join(values)}.")
    return " ".join(sentences)


def _open(
    width: int, height: float, title: str, description: str, prefix: str, kind: str
) -> list[str]:
    title_id, desc_id = f"{prefix}-title", f"{prefix}-desc"
    size = "wide" if width >= WIDTH else "narrow"
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sp-chart sp-chart--{kind} '
        f'sp-chart--{size}" '
        f'viewBox="0 0 {width} {height:.0f}" width="{width}" height="{height:.0f}" '
        f'role="img" aria-labelledby="{title_id} {desc_id}" '
        f'font-family="{FONT}" font-size="{FONT_SIZE}">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(description)}</desc>',
    ]


# A downloaded file carries its own rule for forced colours; on a page, compass.css does.
STANDALONE_STYLE = (
    "<style>@media (forced-colors: active) {"
    " .sp-chart-line, .sp-chart-point { stroke: CanvasText; }"
    " .sp-chart-point { fill: CanvasText; }"
    " text { fill: CanvasText; } .sp-chart-grid { stroke: GrayText; } }</style>"
)


# A downloaded file is read without the page around it (on paper, on a slide): its
# title stands above the chart, wrapped to at most three lines.
HEADING_LINE = 24


def _close(
    parts: list[str], standalone: bool, *, width: int = 0, height: float = 0, title: str = ""
) -> str:
    if standalone:
        parts.insert(3, STANDALONE_STYLE)
        if title:
            lines = _wrap(title, width // 12, 3)
            room = HEADING_LINE * len(lines) + 16
            parts[0] = parts[0].replace(
                f'viewBox="0 0 {width} {height:.0f}" width="{width}" height="{height:.0f}"',
                f'viewBox="0 0 {width} {height + room:.0f}" width="{width}" '
                f'height="{height + room:.0f}"',
            )
            tspans = "".join(
                f'<tspan x="{width / 2:.0f}" y="{26 + HEADING_LINE * i}">{escape(line)}</tspan>'
                for i, line in enumerate(lines)
            )
            parts.insert(
                4,
                f'<text class="sp-chart-heading" text-anchor="middle" font-weight="bold" '
                f'font-size="{FONT_SIZE + 4}" fill="{TEXT}">{tspans}</text>'
                f'<g transform="translate(0 {room})">',
            )
            parts.append("</g>")
    parts.append("</svg>")
    return "\n".join(parts)


def radar_svg(
    *,
    axes: Sequence[str],
    series: Sequence[Series],
    title: str,
    prefix: str = "radar",
    standalone: bool = False,
    width: int = WIDTH,
) -> str:
    """A radar: an axis per facet (in order, the first at the top, clockwise), rings at
    0, 2, …, 10, and a line per series through its values. `prefix` keeps the ids of two
    charts on one page apart; `standalone` adds the file's own style. A narrow one
    (width NARROW) is for a phone's screen: the same text size on a smaller radar."""
    narrow = width < WIDTH
    radius = 90.0 if narrow else 170.0
    wrap, lines_at_most = (12, 3) if narrow else (20, 2)
    # A small radar has room for every other number of its scale.
    scale = (2, 6, 10) if narrow else RINGS
    top_room = 18 * lines_at_most + 26
    centre_x, centre_y = width / 2, top_room + radius
    count = max(len(axes), 1)

    def position(axis: int, value: float) -> tuple[float, float]:
        angle = 2 * math.pi * axis / count
        distance = radius * (value - SCORE_MIN) / (SCORE_MAX - SCORE_MIN)
        return centre_x + distance * math.sin(angle), centre_y - distance * math.cos(angle)

    chart_bottom = centre_y + radius + top_room - 10
    legend, legend_height = _legend(series, chart_bottom, width)
    height = chart_bottom + legend_height
    parts = _open(width, height, title, _describe(axes, series), prefix, "radar")
    parts.append(f'<g class="sp-chart-grid" stroke="{GRID}" fill="none" stroke-width="1">')
    for ring in RINGS[1:]:
        corners = [position(axis, ring) for axis in range(count)]
        if len(axes) >= 3:
            points = " ".join(f"{_coordinate(x)},{_coordinate(y)}" for x, y in corners)
            parts.append(f'<polygon points="{points}"/>')
        else:
            parts.append(
                f'<circle cx="{centre_x:.0f}" cy="{centre_y:.0f}" r="{radius * ring / 10:.2f}"/>'
            )
    for axis in range(len(axes)):
        x, y = position(axis, SCORE_MAX)
        parts.append(
            f'<line x1="{centre_x:.0f}" y1="{centre_y:.0f}" x2="{_coordinate(x)}" '
            f'y2="{_coordinate(y)}"/>'
        )
    parts.append("</g>")
    # The scale sits halfway between the last axis and the first, on a white ground, out
    # of the way of the axes' lines; the series' markers are drawn over it.
    parts.append(f'<g class="sp-chart-scale" fill="{TEXT}" text-anchor="middle">')
    for ring in scale:
        start, end = position(0, ring), position(count - 1, ring)
        x, y = (start[0] + end[0]) / 2, (start[1] + end[1]) / 2
        if count < 3:
            x, y = centre_x - radius * ring / 10 * 0.71, centre_y - radius * ring / 10 * 0.71
        parts.append(
            f'<rect class="sp-chart-ground" x="{x - 11:.1f}" y="{y - 10:.1f}" width="22" '
            f'height="18" fill="#ffffff"/><text x="{x:.1f}" y="{y + 5:.1f}">{ring}</text>'
        )
    parts.append("</g>")
    parts.append(f'<g class="sp-chart-axes" fill="{TEXT}">')
    for axis, name in enumerate(axes):
        x, y = position(axis, SCORE_MAX + 1.1)
        sine = math.sin(2 * math.pi * axis / count)
        anchor = "middle" if abs(sine) < 0.3 else "start" if sine > 0 else "end"
        lines = _wrap(name, wrap, lines_at_most)
        cosine = math.cos(2 * math.pi * axis / count)
        # Above the top the lines grow upwards, below the bottom downwards.
        first = (
            y - (len(lines) - 1) * 18
            if cosine > 0.3
            else y + 5
            if cosine < -0.3
            else y + 5 - (len(lines) - 1) * 9
        )
        tspans = "".join(
            f'<tspan x="{_coordinate(x)}" y="{_coordinate(first + 18 * i)}">{escape(line)}</tspan>'
            for i, line in enumerate(lines)
        )
        parts.append(f'<text text-anchor="{anchor}" font-weight="bold">{tspans}</text>')
    parts.append("</g>")
    for index, one in enumerate(series):
        style = _style(one.style)
        placed = [
            None if value is None else position(axis, value)
            for axis, value in enumerate(one.values)
        ]
        parts.append(f'<g class="sp-chart-series" data-label={quoteattr(one.label)}>')
        parts.extend(_line(run, style, index) for run in _segments(placed, closed=True))
        for axis, (point, value) in enumerate(zip(placed, one.values, strict=True)):
            if point is not None and value is not None:
                parts.append(_marker(*point, style, index, value, axes[axis]))
        parts.append("</g>")
    parts.extend(legend)
    return _close(parts, standalone, width=width, height=height, title=title)


def trend_svg(
    *,
    periods: Sequence[str],
    series: Sequence[Series],
    title: str,
    prefix: str = "trend",
    standalone: bool = False,
    width: int = WIDTH,
) -> str:
    """A line per series over the periods (oldest left), values 0 to 10 upwards."""
    left, right, top, bottom = 40.0, width - 36.0, 20.0, 300.0
    count = len(periods)

    def x_of(index: int) -> float:
        if count <= 1:
            return (left + right) / 2
        return left + 20 + (right - left - 40) * index / (count - 1)

    def y_of(value: float) -> float:
        return bottom - (bottom - top) * (value - SCORE_MIN) / (SCORE_MAX - SCORE_MIN)

    axis_bottom = bottom + 50
    legend, legend_height = _legend(series, axis_bottom, width)
    height = axis_bottom + legend_height
    parts = _open(width, height, title, _describe(periods, series), prefix, "trend")
    parts.append(f'<g class="sp-chart-grid" stroke="{GRID}" stroke-width="1">')
    for ring in RINGS:
        parts.append(
            f'<line x1="{left:.0f}" y1="{y_of(ring):.1f}" x2="{right:.0f}" y2="{y_of(ring):.1f}"/>'
        )
    parts.append("</g>")
    parts.append(f'<g class="sp-chart-scale" fill="{TEXT}" text-anchor="end">')
    for ring in RINGS:
        parts.append(f'<text x="{left - 8:.0f}" y="{y_of(ring) + 5:.1f}">{ring}</text>')
    parts.append("</g>")
    # Labels of about 7 characters: every one while they fit, else every n-th.
    step = max(1, math.ceil(count * 80 / (right - left)))
    parts.append(f'<g class="sp-chart-axes" fill="{TEXT}" text-anchor="middle">')
    for index, period in enumerate(periods):
        if index % step == 0 or (index == count - 1 and count % step == 1):
            parts.append(
                f'<text x="{_coordinate(x_of(index))}" y="{bottom + 26:.0f}">'
                f"{escape(period)}</text>"
            )
    parts.append("</g>")
    for index, one in enumerate(series):
        style = _style(one.style)
        points = [
            None if value is None else (x_of(position), y_of(value))
            for position, value in enumerate(one.values)
        ]
        parts.append(f'<g class="sp-chart-series" data-label={quoteattr(one.label)}>')
        parts.extend(_line(run, style, index) for run in _segments(points, closed=False))
        for position, (point, value) in enumerate(zip(points, one.values, strict=True)):
            if point is not None and value is not None:
                parts.append(_marker(*point, style, index, value, periods[position]))
        parts.append("</g>")
    parts.extend(legend)
    return _close(parts, standalone, width=width, height=height, title=title)


def quarter_label(day: datetime.date) -> str:
    """A quarter the Dutch way: K1 2025 (its first day given)."""
    return _("Q%(quarter)d %(year)d") % {"quarter": (day.month - 1) // 3 + 1, "year": day.year}


def svg_to_png(svg: str, scale: float = 2) -> bytes:
    import cairosvg  # type: ignore[import-untyped]  # loads libcairo: only for a PNG

    png: bytes = cairosvg.svg2png(bytestring=svg.encode(), scale=scale)
    return png


# From figures to pictures -----------------------------------------------------------------
# The radar and the trend of a compass's figures (compass.selectors), as the pages, the
# downloads and the travel report draw them.

NOW_AND_DESIRED = "desired"
PERSPECTIVES = "perspectives"


def shown_facets(picture: Picture) -> list[Facet]:
    """The facets in use, and a retired one where the picture has answers on it: its
    history stays in the pictures of the periods it was answered in."""
    answered = set(picture.current_overall)
    return [facet for facet in picture.facets if facet.retired_at is None or facet.pk in answered]


def radar_series(picture: Picture, *, view: str, group: str | None = None) -> list[Series]:
    facets = shown_facets(picture)
    if view == PERSPECTIVES:
        return [
            Series(
                str(Perspective(one).label),
                [_median(picture.current.get((facet.pk, one))) for facet in facets],
                GROUPS.index(one),
            )
            for one in picture.groups
        ]
    if group is None:
        now = [_median(picture.current_overall.get(facet.pk)) for facet in facets]
        desired = [_median(picture.desired_overall.get(facet.pk)) for facet in facets]
    else:
        now = [_median(picture.current.get((facet.pk, group))) for facet in facets]
        desired = [_median(picture.desired.get((facet.pk, group))) for facet in facets]
    series = [Series(_("Now"), now, 0)]
    if any(value is not None for value in desired):
        series.append(Series(_("Desired"), desired, 1))
    return series


def radar_of(
    picture: Picture,
    *,
    view: str,
    title: str,
    group: str | None = None,
    prefix: str = "radar",
    standalone: bool = False,
    width: int = WIDTH,
) -> str:
    return radar_svg(
        axes=[facet.name for facet in shown_facets(picture)],
        series=radar_series(picture, view=view, group=group),
        title=title,
        prefix=prefix,
        standalone=standalone,
        width=width,
    )


def trend_quarters(trend: Mapping[int, Sequence[TrendPoint]]) -> list[datetime.date]:
    """Every quarter with answers on any facet, oldest first: the facets' charts share
    their horizontal axis."""
    return sorted({point.quarter for points in trend.values() for point in points})


def trend_series(points: Sequence[TrendPoint], quarters: Sequence[datetime.date]) -> list[Series]:
    by_quarter = {point.quarter: point for point in points}
    series = []
    for index, group in enumerate(GROUPS):
        values = [
            _median(by_quarter[quarter].figures.get(group)) if quarter in by_quarter else None
            for quarter in quarters
        ]
        if any(value is not None for value in values):
            series.append(Series(str(Perspective(group).label), values, index))
    return series


def trend_of(
    points: Sequence[TrendPoint],
    quarters: Sequence[datetime.date],
    *,
    title: str,
    prefix: str = "trend",
    standalone: bool = False,
    width: int = WIDTH,
) -> str:
    return trend_svg(
        periods=[quarter_label(quarter) for quarter in quarters],
        series=trend_series(points, quarters),
        title=title,
        prefix=prefix,
        standalone=standalone,
        width=width,
    )


def _median(figures: Figures | None) -> float | None:
    return None if figures is None else figures.median
