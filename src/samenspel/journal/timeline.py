"""The journey as a picture: an SVG timeline of a programme, a column per quarter (or
per year for a long journey), in lanes one above the other:

- milestones: numbered diamonds on their day (the start and end of the programme, the
  publications of the travel report, answered learning questions), named in a numbered
  list under the picture, so labels never overlap;
- learning cycles: per column a bar of the cycles started (outlined) beside a bar of
  those completed (filled), each with its number;
- learning sessions held: a circle with the number;
- adjustments: a row per decision (continue, change course, scale up, stop) with the
  number of cycles that ended with it, shaded by how many.

Drawn by hand like compass.charts (journal.charts has the shared pieces): no script,
role="img" with a <title> and a <desc>, readable when printed at the width of an A4
page. The same figures stand beside it in a table.
"""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from samenspel.journal.charts import (
    GREEN,
    GRID,
    ORANGE,
    PALE,
    PRIMARY,
    SMALL,
    WIDTH,
    shorten,
    svg_close,
    svg_open,
    text,
)
from samenspel.journal.periods import Period, per_year

LEFT = 150.0
RIGHT = WIDTH - 10.0
DIAMOND = "M 0 -9 L 9 0 L 0 9 L -9 0 Z"


@dataclass
class Column:
    """The figures of one period."""

    period: Period
    started: int = 0
    completed: int = 0
    sessions: int = 0
    decisions: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Milestone:
    day: datetime.date
    label: str


@dataclass(frozen=True)
class Words:
    """The picture's words, translated by the caller."""

    milestones: str
    cycles: str
    started: str
    completed: str
    sessions: str
    adjustments: str
    decisions: Sequence[tuple[str, str]]  # (decision value, label), in order


def _x_of(day: datetime.date, columns: Sequence[Column], width: float) -> float | None:
    for index, column in enumerate(columns):
        period = column.period
        if period.start <= day < period.end:
            fraction = (day - period.start).days / max((period.end - period.start).days, 1)
            return LEFT + width * (index + fraction)
    return None


def _spread(positions: Sequence[float | None], gap: float = 19) -> list[tuple[int, float]]:
    """(number, x) of the milestones that fall in the picture, at least `gap` apart, in
    order, and left of the right edge."""
    placed = [(number, x) for number, x in enumerate(positions, start=1) if x is not None]
    xs = [x for _number, x in placed]
    for index in range(1, len(xs)):
        xs[index] = max(xs[index], xs[index - 1] + gap)
    if xs:
        xs[-1] = min(xs[-1], RIGHT - 10)
    for index in range(len(xs) - 2, -1, -1):
        xs[index] = min(xs[index], xs[index + 1] - gap)
    return [(number, x) for (number, _x), x in zip(placed, xs, strict=True)]


def timeline_svg(
    *,
    columns: Sequence[Column],
    milestones: Sequence[Milestone],
    words: Words,
    title: str,
    description: str,
    prefix: str,
    date_text: Callable[[datetime.date], str],
) -> str:
    count = max(len(columns), 1)
    width = (RIGHT - LEFT) / count
    yearly = per_year([column.period for column in columns])
    # The lanes, top to bottom.
    header_top = 0.0
    header_height = 26.0 if yearly else 44.0
    milestone_top = header_height + 8
    milestone_height = 40.0
    cycles_top = milestone_top + milestone_height + 10
    cycles_height = 130.0
    sessions_top = cycles_top + cycles_height + 12
    sessions_height = 38.0
    adjust_top = sessions_top + sessions_height + 24
    row_height = 24.0
    adjust_height = row_height * len(words.decisions)
    chart_bottom = adjust_top + adjust_height + 6
    legend_top = chart_bottom + 26
    shown = list(milestones)
    list_top = legend_top + 30
    list_rows = (len(shown) + 1) // 2
    height = list_top + list_rows * 20 + (6 if shown else 0)

    parts = svg_open(
        width=WIDTH,
        height=height,
        title=title,
        description=description,
        prefix=prefix,
        kind="timeline",
    )
    # Years as alternating bands behind everything, named at the top.
    years: list[tuple[int, int, int]] = []  # (year, first column, last column)
    for index, column in enumerate(columns):
        year = column.period.start.year
        if years and years[-1][0] == year:
            years[-1] = (year, years[-1][1], index)
        else:
            years.append((year, index, index))
    for number, (year, first, last) in enumerate(years):
        x = LEFT + first * width
        span = (last - first + 1) * width
        if number % 2 == 0:
            parts.append(
                f'<rect x="{x:.1f}" y="{header_top:.1f}" width="{span:.1f}" '
                f'height="{chart_bottom - header_top:.1f}" fill="{PALE}"/>'
            )
        parts.append(
            text(x + span / 2, header_top + 18, str(year), text_anchor="middle", font_weight="bold")
        )
    if not yearly:
        for index, column in enumerate(columns):
            quarter = f"{(column.period.start.month - 1) // 3 + 1}"
            label = column.period.label.split(" ")[0] if width >= 30 else quarter
            parts.append(
                text(
                    LEFT + width * (index + 0.5),
                    header_top + 38,
                    label,
                    text_anchor="middle",
                    font_size=SMALL,
                )
            )
    # The lanes' names.
    parts.append(text(8, milestone_top + 25, words.milestones, font_weight="bold"))
    parts.append(text(8, cycles_top + 18, words.cycles, font_weight="bold"))
    parts.append(text(8, sessions_top + 24, words.sessions, font_weight="bold"))
    parts.append(text(8, adjust_top - 8, words.adjustments, font_weight="bold"))
    for row, (_value, label) in enumerate(words.decisions):
        parts.append(text(16, adjust_top + row * row_height + 16, shorten(label, 17)))
    # Separating lines between the lanes.
    parts.append(f'<g stroke="{GRID}" stroke-width="0.5">')
    for y in (milestone_top - 4, cycles_top - 5, sessions_top - 6, adjust_top - 24):
        parts.append(f'<line x1="0" y1="{y:.1f}" x2="{RIGHT:.0f}" y2="{y:.1f}"/>')
    parts.append(
        f'<line x1="{LEFT:.0f}" y1="{cycles_top + cycles_height:.1f}" x2="{RIGHT:.0f}" '
        f'y2="{cycles_top + cycles_height:.1f}"/>'
    )
    parts.append("</g>")

    # Milestones: numbered diamonds on their day; those on (nearly) the same day stand
    # side by side in their order, and never past the right edge.
    y = milestone_top + milestone_height / 2
    for number, x in _spread([_x_of(m.day, columns, width) for m in shown]):
        parts.append(
            f'<path d="{DIAMOND}" transform="translate({x:.1f} {y:.1f})" fill="{ORANGE}"/>'
        )
        parts.append(
            text(x, y + 4, str(number), text_anchor="middle", font_size=11, fill="#ffffff")
        )

    # Cycles: started (outlined) beside completed (filled).
    largest = max((max(c.started, c.completed) for c in columns), default=0) or 1
    bar = max(min(width * 0.34, 22), 3)
    base = cycles_top + cycles_height
    room = cycles_height - 26
    labelled = width >= 24
    for index, column in enumerate(columns):
        centre = LEFT + width * (index + 0.5)
        for offset, value, filled in (
            (-bar - 1, column.started, False),
            (1, column.completed, True),
        ):
            if not value:
                continue
            h = room * value / largest
            fill = PRIMARY if filled else "#ffffff"
            parts.append(
                f'<rect x="{centre + offset:.1f}" y="{base - h:.1f}" width="{bar:.1f}" '
                f'height="{h:.1f}" fill="{fill}" stroke="{PRIMARY}" stroke-width="1.5" '
                f'data-value="{value}"/>'
            )
            # A number stands over its bar where it fits (the table has them all).
            if labelled and len(str(value)) * 6.2 <= bar + 5:
                parts.append(
                    text(
                        centre + offset + bar / 2,
                        base - h - 4,
                        str(value),
                        text_anchor="middle",
                        font_size=10,
                    )
                )

    # Sessions: a circle with the number.
    for index, column in enumerate(columns):
        if not column.sessions:
            continue
        centre = LEFT + width * (index + 0.5)
        radius = min(max(width * 0.35, 8), 14)
        y = sessions_top + sessions_height / 2
        parts.append(
            f'<circle cx="{centre:.1f}" cy="{y:.1f}" r="{radius:.1f}" fill="{GREEN}" '
            f'data-value="{column.sessions}"/>'
        )
        parts.append(
            text(
                centre,
                y + 4,
                str(column.sessions),
                text_anchor="middle",
                font_size=11,
                fill="#ffffff",
            )
        )

    # Adjustments: a row per decision, a shaded cell with the number per column.
    most = max((n for c in columns for n in c.decisions.values()), default=0) or 1
    for row, (decision, _label) in enumerate(words.decisions):
        y = adjust_top + row * row_height
        for index, column in enumerate(columns):
            n = column.decisions.get(decision, 0)
            if not n:
                continue
            x = LEFT + width * index
            opacity = 0.15 + 0.55 * n / most
            parts.append(
                f'<rect x="{x + 1:.1f}" y="{y + 1:.1f}" width="{width - 2:.1f}" '
                f'height="{row_height - 2:.1f}" fill="{PRIMARY}" fill-opacity="{opacity:.2f}" '
                f'data-value="{n}"/>'
            )
            parts.append(
                text(
                    x + width / 2,
                    y + 16,
                    str(n),
                    text_anchor="middle",
                    font_size=10 if n >= 100 or width < 24 else 11,
                )
            )

    # The legend, and the milestones by number.
    x = LEFT
    y = legend_top
    parts.append(
        f'<rect x="{x:.0f}" y="{y - 12:.0f}" width="14" height="14" fill="#ffffff" '
        f'stroke="{PRIMARY}" stroke-width="1.5"/>'
    )
    parts.append(text(x + 20, y, words.started))
    x += 20 + 8 * len(words.started) + 24
    parts.append(f'<rect x="{x:.0f}" y="{y - 12:.0f}" width="14" height="14" fill="{PRIMARY}"/>')
    parts.append(text(x + 20, y, words.completed))
    x += 20 + 8 * len(words.completed) + 24
    parts.append(f'<circle cx="{x + 7:.0f}" cy="{y - 5:.0f}" r="7" fill="{GREEN}"/>')
    parts.append(text(x + 20, y, words.sessions))
    column_width = (RIGHT - 8) / 2
    for number, milestone in enumerate(shown, start=1):
        left = 8 + ((number - 1) % 2) * column_width
        top = list_top + ((number - 1) // 2) * 20
        parts.append(
            f'<path d="{DIAMOND}" transform="translate({left + 9:.1f} {top - 5:.1f})" '
            f'fill="{ORANGE}"/>'
        )
        parts.append(
            text(left + 9, top - 1, str(number), text_anchor="middle", font_size=11, fill="#ffffff")
        )
        label = f"{date_text(milestone.day)}: {milestone.label}"
        parts.append(text(left + 24, top, shorten(label, 46), font_size=SMALL))
    return svg_close(parts)
