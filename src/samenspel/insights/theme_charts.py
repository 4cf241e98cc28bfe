"""A theme's trend drawn as a small SVG: its texts per quarter as bars, the first and
the last quarter named below. Drawn like journal.charts (role="img", a <title> and a
<desc>, presentation attributes only, every text escaped); the page puts a table with
the same figures beside it."""

import datetime
from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samenspel.compass.charts import quarter_label
from samenspel.journal.charts import PRIMARY, svg_close, svg_open, text

BAR = 12  # user units per quarter
GAP = 3
HEIGHT = 48  # of the bars' area
LABELS = 18


def trend_svg(trend: Sequence[tuple[datetime.date, int]], *, name: str, prefix: str) -> str:
    """The bars of a theme's texts per quarter; empty without quarters."""
    if not trend:
        return ""
    largest = max(count for _quarter, count in trend) or 1
    width = max(len(trend) * (BAR + GAP) + GAP, 120)
    total = sum(count for _quarter, count in trend)
    first, last = quarter_label(trend[0][0]), quarter_label(trend[-1][0])
    busiest = max(trend, key=lambda item: (item[1], -item[0].toordinal()))
    description = ngettext(
        "%(count)d text from %(first)s to %(last)s; the most in %(busiest)s (%(most)d).",
        "%(count)d texts from %(first)s to %(last)s; the most in %(busiest)s (%(most)d).",
        total,
    ) % {
        "count": total,
        "first": first,
        "last": last,
        "busiest": quarter_label(busiest[0]),
        "most": busiest[1],
    }
    parts = svg_open(
        width=width,
        height=HEIGHT + LABELS + 2,
        title=_("Texts per quarter: %(theme)s") % {"theme": name},
        description=description,
        prefix=prefix,
        kind="theme-trend",
    )
    for position, (quarter, count) in enumerate(trend):
        height = round(HEIGHT * count / largest, 1)
        x = GAP + position * (BAR + GAP)
        parts.append(
            f'<rect x="{x}" y="{HEIGHT - height + 1:.1f}" width="{BAR}" height="{height:.1f}" '
            f'fill="{PRIMARY}" data-quarter="{quarter.isoformat()}" data-value="{count}"/>'
        )
    parts.append(
        f'<line x1="0" y1="{HEIGHT + 1}" x2="{width}" y2="{HEIGHT + 1}" stroke="#767676"/>'
    )
    parts.append(text(GAP, HEIGHT + LABELS, first, font_size=12))
    if len(trend) > 1:
        parts.append(text(width - GAP, HEIGHT + LABELS, last, font_size=12, text_anchor="end"))
    return svg_close(parts)
