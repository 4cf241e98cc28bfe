"""The travel report's own pictures, drawn as SVG text: the funding per area as stacked
bars and the learning yield per quarter (the journey's timeline is in timeline.py; the
compass's radar and trend come from compass.charts).

Drawn by hand, as compass.charts draws its charts: no chart library and no script, so
the same SVG is inlined in the site's page, in the self-contained HTML file and in the
PDF (WeasyPrint lays it out as vector graphics). Every picture has role="img", a
<title> and a <desc>, and the same figures stand beside it in a table (the figure
block's header and rows). Colours are presentation attributes, and each series also
differs in its fill pattern, so colour is never the only cue. Every text is escaped.
"""

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from samenspel.compass.charts import FONT, GRID, TEXT

WIDTH = 760  # user units; laid out at the width of the text on an A4 page (≈ 16 cm)
FONT_SIZE = 14  # ≈ 10 pt on paper
SMALL = 12
# About the width of a character of FONT_SIZE, for laying out a legend.
CHARACTER = 8.2
PRIMARY = "#14527a"
GREEN = "#2e6b30"
ORANGE = "#a14c00"
PALE = "#eef1f5"


def svg_open(
    *, width: float, height: float, title: str, description: str, prefix: str, kind: str
) -> list[str]:
    """The start of a picture: its size, its role and the ids of its title and
    description (`prefix` keeps two pictures' ids apart on one page)."""
    title_id, desc_id = f"{prefix}-title", f"{prefix}-desc"
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="book-chart book-chart--{kind}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}" '
        f'role="img" aria-labelledby="{title_id} {desc_id}" '
        f'font-family="{FONT}" font-size="{FONT_SIZE}" fill="{TEXT}">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(description)}</desc>',
    ]


def svg_close(parts: list[str], *, height: float | None = None) -> str:
    """The end of a picture; with `height`, the picture's height set to it (for a
    legend that took more rows than planned)."""
    if height is not None:
        parts[0] = re.sub(
            r'viewBox="0 0 (\S+) \S+" width="(\S+)" height="\S+"',
            rf'viewBox="0 0 \1 {height:.0f}" width="\2" height="{height:.0f}"',
            parts[0],
        )
    parts.append("</svg>")
    return "".join(parts)


def text(x: float, y: float, content: str, **attributes: str | float) -> str:
    extra = "".join(
        f" {name.replace('_', '-')}={quoteattr(str(value))}" for name, value in attributes.items()
    )
    return f'<text x="{x:.1f}" y="{y:.1f}"{extra}>{escape(content)}</text>'


def shorten(words: str, width: int) -> str:
    """At most `width` characters; longer ends in an ellipsis (the table beside the
    picture has the whole text)."""
    words = " ".join(words.split())
    return words if len(words) <= width else words[: width - 1].rstrip() + "…"


def nice_step(largest: float, steps: int = 4) -> float:
    """A round step (1, 2 or 5 times a power of ten) that divides 0..largest into at
    most about `steps` parts."""
    if largest <= 0:
        return 1
    rough = largest / steps
    power = 10 ** math.floor(math.log10(rough))
    for factor in (1, 2, 5, 10):
        if rough <= factor * power:
            return factor * power
    return 10 * power  # pragma: no cover - the loop always returns


# The funding per area -----------------------------------------------------------------


@dataclass(frozen=True)
class FundingBar:
    label: str
    parts: tuple[Decimal, Decimal, Decimal]  # municipal, residents, other


# Each part differs in colour and in its fill: solid, hatched, dotted.
FUNDING_FILLS = ("solid", "hatched", "dotted")
PATTERNS = (
    '<defs><pattern id="{p}-hatched" width="6" height="6" patternUnits="userSpaceOnUse" '
    'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
    f'<rect width="3.5" height="6" fill="{GREEN}"/></pattern>'
    '<pattern id="{p}-dotted" width="5" height="5" patternUnits="userSpaceOnUse">'
    f'<rect width="5" height="5" fill="#fbe9d9"/><circle cx="2.5" cy="2.5" r="1.5" '
    f'fill="{ORANGE}"/></pattern></defs>'
)


def _fill(kind: str, prefix: str) -> str:
    if kind == "solid":
        return f'fill="{PRIMARY}"'
    colour = GREEN if kind == "hatched" else ORANGE
    return f'fill="url(#{prefix}-{kind})" stroke="{colour}" stroke-width="1"'


def funding_svg(
    *,
    bars: Sequence[FundingBar],
    legend: Sequence[str],
    money: Callable[[Decimal], str],
    title: str,
    description: str,
    prefix: str,
) -> str:
    """A horizontal bar per row (an area), in three stacked parts, its total at its
    end; a scale of euros below."""
    left, right, bar_height, gap, top = 190.0, WIDTH - 110.0, 20.0, 10.0, 12.0
    largest = max((float(sum(bar.parts)) for bar in bars), default=0.0)
    step = nice_step(largest)
    scale_max = step * max(1, math.ceil(largest / step)) if largest else 1.0
    chart_bottom = top + len(bars) * (bar_height + gap)
    legend_top = chart_bottom + 44
    height = legend_top + 14
    parts = svg_open(
        width=WIDTH,
        height=height,
        title=title,
        description=description,
        prefix=prefix,
        kind="funding",
    )
    parts.append(PATTERNS.replace("{p}", prefix))
    parts.append(f'<g stroke="{GRID}" stroke-width="0.75">')
    ticks = round(scale_max / step)
    for tick in range(ticks + 1):
        x = left + (right - left) * tick / ticks
        parts.append(
            f'<line x1="{x:.1f}" y1="{top - 4:.1f}" x2="{x:.1f}" y2="{chart_bottom:.1f}"/>'
        )
    parts.append("</g>")
    for tick in range(ticks + 1):
        x = left + (right - left) * tick / ticks
        parts.append(
            text(
                x,
                chart_bottom + 18,
                money(Decimal(step * tick)),
                text_anchor="middle",
                font_size=SMALL,
            )
        )
    for row, bar in enumerate(bars):
        y = top + row * (bar_height + gap)
        parts.append(text(left - 10, y + 15, shorten(bar.label, 24), text_anchor="end"))
        x = left
        for kind, amount in zip(FUNDING_FILLS, bar.parts, strict=True):
            width = (right - left) * float(amount) / scale_max
            if width > 0:
                parts.append(
                    f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" '
                    f'height="{bar_height:.0f}" {_fill(kind, prefix)}/>'
                )
            x += width
        parts.append(text(x + 6, y + 15, money(sum(bar.parts, Decimal(0))), font_size=SMALL))
    x, y = 10.0, legend_top
    for kind, label in zip(FUNDING_FILLS, legend, strict=True):
        needed = 36 + CHARACTER * len(label) + 24
        if x > 10 and x + needed > WIDTH:
            x, y = 10.0, y + 26
        parts.append(
            f'<rect x="{x:.1f}" y="{y - 13:.1f}" width="28" height="16" {_fill(kind, prefix)}/>'
        )
        parts.append(text(x + 36, y, label))
        x += needed
    return svg_close(parts, height=y + 14)


# The learning yield per period ---------------------------------------------------------


def yield_svg(
    *,
    labels: Sequence[str],
    values: Sequence[int | None],
    title: str,
    description: str,
    prefix: str,
    no_value: str,
) -> str:
    """A bar per period: the learning yield in percent (0 to 100), its figure on top; a
    period with nothing due yet shows a dash instead of a bar."""
    left, right, top, bottom = 52.0, WIDTH - 12.0, 20.0, 250.0
    count = max(len(labels), 1)
    slot = (right - left) / count
    bar = min(slot * 0.6, 48)
    height = bottom + 44
    parts = svg_open(
        width=WIDTH,
        height=height,
        title=title,
        description=description,
        prefix=prefix,
        kind="yield",
    )
    parts.append(f'<g stroke="{GRID}" stroke-width="0.75">')
    for percent in (0, 25, 50, 75, 100):
        y = bottom - (bottom - top) * percent / 100
        parts.append(f'<line x1="{left:.0f}" y1="{y:.1f}" x2="{right:.0f}" y2="{y:.1f}"/>')
    parts.append("</g>")
    for percent in (0, 25, 50, 75, 100):
        y = bottom - (bottom - top) * percent / 100
        parts.append(text(left - 8, y + 5, f"{percent}%", text_anchor="end", font_size=SMALL))
    every = max(1, math.ceil(count * 64 / (right - left)))
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        centre = left + slot * (index + 0.5)
        if value is None:
            parts.append(text(centre, bottom - 6, no_value, text_anchor="middle"))
        else:
            y = bottom - (bottom - top) * value / 100
            parts.append(
                f'<rect x="{centre - bar / 2:.1f}" y="{y:.1f}" width="{bar:.1f}" '
                f'height="{bottom - y:.1f}" fill="{PRIMARY}" data-value="{value}"/>'
            )
            parts.append(text(centre, y - 5, f"{value}%", text_anchor="middle", font_size=SMALL))
        if index % every == 0:
            parts.append(text(centre, bottom + 20, label, text_anchor="middle", font_size=SMALL))
    return svg_close(parts)
