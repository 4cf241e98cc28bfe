"""A development goal's course as a picture, drawn on the server: an inline SVG whose
sizes are attributes (the Content Security Policy allows no inline styles), with a name
that says the same in words. The list of steps beside it is the full text equivalent.

The bar runs along the coaching's time, from its start to today (or its end): drawn
while the goal is open, with a mark on each step's day; achieved and dropped are marks
in their own colour, and the bar stops there until the goal is opened again."""

import datetime
from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext_lazy, ngettext

from samenspel.coaching.constants import GoalStatus
from samenspel.common.words import Words, long_date

register = template.Library()

WIDTH, HEIGHT = 1000, 24
TICK = 6
WORDS = Words(
    {
        "course": gettext_lazy("Set on %(date)s; now: %(status)s."),
        **{status: status.label for status in GoalStatus},
    }
)
BADGES = {
    GoalStatus.OPEN: "sp-badge",
    GoalStatus.ACHIEVED: "sp-badge sp-badge--success",
    GoalStatus.DROPPED: "sp-badge sp-badge--neutral",
}


def _x(day: datetime.date, start: datetime.date, until: datetime.date) -> int:
    span = max((until - start).days, 1)
    offset = min(max((day - start).days, 0), span)
    return round(offset * (WIDTH - TICK) / span)


@register.simple_tag
def goal_course(goal: Any, start: datetime.date, until: datetime.date) -> SafeString:
    """Needs the goal with its steps, the oldest first (coaching.selectors.goals_of)."""
    language = get_language()
    words = WORDS(language)
    steps = list(goal.steps.all())
    points = [(goal.set_on, GoalStatus.OPEN), *((step.on, step.status) for step in steps)]
    shapes = [
        format_html('<rect class="sp-course__track" x="0" y="9" width="{}" height="6"/>', WIDTH)
    ]
    for index, (day, status) in enumerate(points):
        if status != GoalStatus.OPEN:
            continue
        end = points[index + 1][0] if index + 1 < len(points) else until
        left = _x(day, start, until)
        shapes.append(
            format_html(
                '<rect class="sp-course__open" x="{}" y="7" width="{}" height="10"/>',
                left,
                max(_x(end, start, until) - left, TICK),
            )
        )
    for day, status in points:
        shapes.append(
            format_html(
                '<rect class="sp-course__mark sp-course__mark--{}" x="{}" y="0" width="{}" '
                'height="{}"/>',
                status,
                _x(day, start, until),
                TICK,
                HEIGHT,
            )
        )
    label = words["course"] % {
        "date": long_date(goal.set_on, language),
        "status": words[GoalStatus(goal.status)],
    }
    label += " " + ngettext("%(count)d step since.", "%(count)d steps since.", len(steps)) % {
        "count": len(steps)
    }
    return format_html(
        '<svg class="sp-course" viewBox="0 0 {} {}" preserveAspectRatio="none" role="img" '
        'aria-label="{}">{}</svg>',
        WIDTH,
        HEIGHT,
        label,
        format_html_join("", "{}", ((shape,) for shape in shapes)),
    )


@register.simple_tag
def goal_status(status: str) -> SafeString:
    """A goal's status as a badge."""
    words = WORDS(get_language())
    goal_status = GoalStatus(status)
    return format_html('<span class="{}">{}</span>', BADGES[goal_status], words[goal_status])
