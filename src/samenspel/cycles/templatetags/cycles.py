"""Template components of learning cycles: the learning yield, the phase badge and the
cycle as a picture. Drawn in Python rather than with {% include %}: they appear once per
row of long lists, where an include costs ten times as much."""

import functools
import math
from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from samenspel.cycles.constants import PHASES, CycleState, Phase
from samenspel.cycles.models import LearningCycle
from samenspel.cycles.selectors import LearningYield, yield_of

register = template.Library()


@register.simple_tag
def yield_figure(source: LearningYield | Any) -> SafeString:
    """A learning yield as "75% (3 of 4)". `source` is a LearningYield or a row annotated
    with cycles.selectors.yield_aggregates()."""
    value = source if isinstance(source, LearningYield) else yield_of(source)
    if value.percentage is None:
        return format_html('<span class="sp-muted">{}</span>', _("not yet due"))
    return format_html(
        '<strong>{}%</strong> <span class="sp-muted">({})</span>',
        value.percentage,
        _("%(completed)s of %(due)s") % {"completed": value.completed, "due": value.due},
    )


@register.simple_tag
def cycle_state(cycle: LearningCycle) -> SafeString:
    """The cycle's phase as a badge; overdue in the warning colour."""
    overdue = cycle.is_overdue
    if cycle.state == CycleState.CLOSED:
        tone = "success"
    elif overdue:
        tone = "warning"
    else:
        tone = "neutral"
    label = cycle.get_state_display()
    if overdue:
        label = _("%(phase)s · overdue") % {"phase": label}
    return format_html('<span class="sp-badge sp-badge--{}">{}</span>', tone, label)


def _segment(index: int, outer: float = 46, inner: float = 26, gap: float = 0.06) -> str:
    """An SVG path for quarter `index` of a ring, clockwise from the top."""
    start = -math.pi / 2 + index * math.pi / 2 + gap
    end = start + math.pi / 2 - 2 * gap

    def point(radius: float, angle: float) -> str:
        return f"{radius * math.cos(angle):.2f} {radius * math.sin(angle):.2f}"

    return (
        f"M {point(outer, start)} A {outer} {outer} 0 0 1 {point(outer, end)} "
        f"L {point(inner, end)} A {inner} {inner} 0 0 0 {point(inner, start)} Z"
    )


SEGMENT_PATHS = [_segment(i) for i in range(4)]
SEGMENT_STATUS = {
    "done": gettext_lazy("done"),
    "current": gettext_lazy("now"),
    "overdue": gettext_lazy("now, overdue"),
    "todo": gettext_lazy("still to come"),
    "abandoned": gettext_lazy("abandoned"),
}


@functools.lru_cache(maxsize=64)
def _wheel_parts(statuses: tuple[str, ...], language: str | None) -> tuple[SafeString, SafeString]:
    """The four segments of a wheel and the items of its legend, drawn once per
    combination of statuses and language (a list draws the same few over and over)."""
    texts = [
        f"{phase.label}: {SEGMENT_STATUS[status]}"
        for phase, status in zip(PHASES, statuses, strict=True)
    ]
    paths = format_html_join(
        "",
        '<path class="sp-wheel__{}" d="{}"><title>{}</title></path>',
        zip(statuses, SEGMENT_PATHS, texts, strict=True),
    )
    legend = format_html_join(
        "",
        '<li><span class="sp-swatch sp-wheel__{}" aria-hidden="true"></span>{}</li>',
        zip(statuses, texts, strict=True),
    )
    return paths, legend


@register.simple_tag
def cycle_wheel(cycle: LearningCycle, size: int = 96, with_legend: bool = False) -> SafeString:
    """The cycle as a picture: four phases around a circle, the current one marked,
    overdue in the warning colour; an accessible name says the same in words."""
    state = CycleState(cycle.state)
    current = PHASES.index(state) if state in PHASES else None
    statuses = []
    for index in range(len(PHASES)):
        if state == CycleState.ABANDONED:
            status = "abandoned"
        elif state == CycleState.CLOSED or (current is not None and index < current):
            status = "done"
        elif index == current:
            status = "overdue" if cycle.is_overdue else "current"
        else:
            status = "todo"
        statuses.append(status)
    paths, legend_items = _wheel_parts(tuple(statuses), get_language())
    if state == CycleState.ABANDONED:
        label = _("Cycle %(number)s: abandoned") % {"number": cycle.number}
    elif state == CycleState.CLOSED:
        label = _("Cycle %(number)s: completed") % {"number": cycle.number}
    else:
        label = _("Cycle %(number)s: phase %(phase)s of 4, %(name)s") % {
            "number": cycle.number,
            "phase": (current or 0) + 1,
            "name": state.label,
        }
        if cycle.is_overdue:
            label += " " + _("(overdue)")
    title_id = f"wheel-{cycle.pk}-title"
    svg = format_html(
        '<svg width="{size}" height="{size}" viewBox="-50 -50 100 100" role="img" '
        'aria-labelledby="{id}"><title id="{id}">{label}</title>{paths}'
        '<text x="0" y="5" text-anchor="middle" font-size="16" font-weight="700" '
        'fill="#1d2330">{number}</text></svg>',
        size=size,
        id=title_id,
        label=label,
        paths=paths,
        number=cycle.number,
    )
    legend = ""
    if with_legend:
        legend = format_html('<ol class="sp-wheel__legend">{}</ol>', legend_items)
    return format_html('<div class="sp-wheel">{}{}</div>', svg, legend)


@register.filter
def due_on(cycle: LearningCycle, phase: Phase) -> Any:
    """The date by which `cycle` should be done with `phase`."""
    return getattr(cycle, phase.due_field)


@register.filter
def done_on(cycle: LearningCycle, phase: Phase) -> Any:
    """The date `cycle` was actually done with `phase` (None while it is not, or for
    cycles recorded before these dates were kept)."""
    return getattr(cycle, phase.done_field)
