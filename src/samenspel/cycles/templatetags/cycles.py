"""Template components of learning cycles: the learning yield, the phase badge and the
cycle as a picture. Drawn in Python rather than with {% include %}: they appear once per
row of long lists, where an include costs ten times as much."""

import functools
import math
from typing import Any

from django import template
from django.template.defaultfilters import linebreaksbr, truncatewords
from django.urls import reverse
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from samenspel.common.words import Words, long_date
from samenspel.cycles.constants import PHASES, CycleState, Decision, ObservationKind, Phase
from samenspel.cycles.models import LearningCycle, Observation
from samenspel.cycles.selectors import LearningYield

register = template.Library()


@register.simple_tag
def yield_figure(value: LearningYield) -> SafeString:
    """A learning yield as "75% (3 of 4)"."""
    if value.percentage is None:
        return format_html('<span class="sp-muted">{}</span>', _("not yet due"))
    return format_html(
        '<strong>{}%</strong> <span class="sp-muted">({})</span>',
        value.percentage,
        _("%(completed)s of %(due)s") % {"completed": value.completed, "due": value.due},
    )


# The words of the components below, translated once per language (common.words).
WORDS = Words(
    {
        **{state: state.label for state in CycleState},
        "overdue_phase": gettext_lazy("%(phase)s · overdue"),
        "wheel_abandoned": gettext_lazy("Cycle %(number)s: abandoned"),
        "wheel_completed": gettext_lazy("Cycle %(number)s: completed"),
        "wheel_phase": gettext_lazy("Cycle %(number)s: phase %(phase)s of 4, %(name)s"),
        "wheel_overdue": gettext_lazy("(overdue)"),
        "heading": gettext_lazy("Cycle %(number)s: %(title)s"),
        "due": gettext_lazy("due %(date)s"),
        "expected": gettext_lazy("Expected"),
        "no_expectation": gettext_lazy("No expectation written yet."),
        "happened": gettext_lazy("Happened"),
        "nothing": gettext_lazy("Nothing recorded yet."),
        "adjustment": gettext_lazy("Adjustment"),
        "abandoned": gettext_lazy("Abandoned"),
        **{decision: decision.label for decision in Decision},
        **{kind: kind.label for kind in ObservationKind},
    }
)


@register.simple_tag
def cycle_state(cycle: LearningCycle, language: str | None = None) -> SafeString:
    """The cycle's phase as a badge; overdue in the warning colour."""
    words = WORDS(language or get_language())
    overdue = cycle.is_overdue
    if cycle.state == CycleState.CLOSED:
        tone = "success"
    elif overdue:
        tone = "warning"
    else:
        tone = "neutral"
    label = words[cycle.state]
    if overdue:
        label = words["overdue_phase"] % {"phase": label}
    return SafeString(f'<span class="sp-badge sp-badge--{tone}">{escape(label)}</span>')


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
    language = get_language()
    words = WORDS(language)
    paths, legend_items = _wheel_parts(tuple(statuses), language)
    if state == CycleState.ABANDONED:
        label = words["wheel_abandoned"] % {"number": cycle.number}
    elif state == CycleState.CLOSED:
        label = words["wheel_completed"] % {"number": cycle.number}
    else:
        label = words["wheel_phase"] % {
            "number": cycle.number,
            "phase": (current or 0) + 1,
            "name": words[state],
        }
        if cycle.is_overdue:
            label += " " + words["wheel_overdue"]
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


@register.simple_tag
def cycle_card(cycle: LearningCycle, programme: Any) -> SafeString:
    """A cycle as a card of the initiative's page: its picture, phase, owner, what was
    expected beside what happened, and how it ended. Needs the cycle with its owner,
    records and observations (cycles.selectors.cycles_of_initiative). Drawn here, not
    in a template: ten to a page, and a template drew them four times slower."""
    language = get_language()
    words = WORDS(language)
    url = reverse("cycle-detail", args=[programme.slug, cycle.pk])
    heading = words["heading"] % {"number": cycle.number, "title": escape(cycle.title)}
    due = cycle.current_due
    due_text = ""
    if due:
        when = escape(words["due"] % {"date": long_date(due, language)})
        due_text = f' <span class="sp-muted">{when}</span>'
    expectation = getattr(cycle, "expectation", None)
    if expectation is not None:
        expected = f"<p>{linebreaksbr(expectation.expected_outcome, autoescape=True)}</p>"
    else:
        expected = f'<p class="sp-muted">{escape(words["no_expectation"])}</p>'
    observations = list(cycle.observations.all())
    if observations:
        items = "".join(
            f'<li><time datetime="{o.occurred_on.isoformat()}">'
            f"{escape(long_date(o.occurred_on, language))}</time>: "
            f"{escape(truncatewords(o.text, 25))}</li>"
            for o in observations[:3]
        )
        happened = f"<ul>{items}</ul>"
        if len(observations) > 3:
            count = len(observations)
            everything = ngettext(
                "All %(counter)s observations", "All %(counter)s observations", count
            ) % {"counter": count}
            happened += f'\n<p><a href="{url}">{escape(everything)}</a></p>'
    else:
        happened = f'<p class="sp-muted">{escape(words["nothing"])}</p>'
    ending = ""
    adjustment = getattr(cycle, "adjustment", None)
    if adjustment is not None:
        ending += (
            f"<p><strong>{escape(words['adjustment'])}:</strong> "
            f"{escape(words[adjustment.decision])} — "
            f"{escape(truncatewords(adjustment.text, 40))}</p>"
        )
    if cycle.state == CycleState.ABANDONED:
        ending += (
            f"<p><strong>{escape(words['abandoned'])}:</strong> {escape(cycle.abandon_reason)}</p>"
        )
    return SafeString(
        f'<article class="sp-card" aria-labelledby="cycle-{cycle.pk}-heading">\n'
        f'  <div class="sp-page-header">\n    <div class="sp-wheel">\n'
        f"      {cycle_wheel(cycle, size=72)}\n      <div>\n"
        f'        <h3 id="cycle-{cycle.pk}-heading"><a href="{url}">{heading}</a></h3>\n'
        f"        <p>{cycle_state(cycle, language)}{due_text} · "
        f'<span class="sp-muted">{escape(cycle.owner.name)}</span></p>\n'
        f"      </div>\n    </div>\n  </div>\n"
        f'  <div class="sp-compare">\n'
        f"    <section>\n      <h4>{escape(words['expected'])}</h4>\n"
        f"      {expected}\n    </section>\n"
        f"    <section>\n      <h4>{escape(words['happened'])}</h4>\n"
        f"      {happened}\n    </section>\n"
        f"  </div>\n  {ending}\n</article>\n"
    )


@register.simple_tag
def observation_item(observation: Observation) -> SafeString:
    """A line of a cycle's log: when, what kind, what was seen, and who wrote it down
    (the observation with its recorded_by)."""
    language = get_language()
    day = observation.occurred_on
    author = ""
    if observation.recorded_by:
        author = f' <span class="sp-muted">— {escape(observation.recorded_by.name)}</span>'
    return SafeString(
        f'<li><time datetime="{day.isoformat()}">{escape(long_date(day, language))}</time>'
        f" · {escape(WORDS(language)[observation.kind])}<br>"
        f"{linebreaksbr(observation.text, autoescape=True)}{author}</li>"
    )


@register.simple_tag
def cycle_row(cycle: LearningCycle) -> SafeString:
    """A row of a table of open cycles across programmes (my work): the cycle, its
    initiative and programme, its phase and its due date. Needs the cycle with its
    initiative and programme."""
    language = get_language()
    initiative = cycle.initiative
    url = reverse("cycle-detail", args=[initiative.programme.slug, cycle.pk])
    due = cycle.current_due
    return SafeString(
        f'<tr>\n    <td><a href="{url}">{cycle.number}. {escape(cycle.title)}</a></td>\n'
        f"    <td>{escape(initiative.title)} "
        f'<span class="sp-muted">· {escape(initiative.programme.name)}</span></td>\n'
        f"    <td>{cycle_state(cycle, language)}</td>\n"
        f"    <td>{escape(long_date(due, language)) if due else ''}</td>\n  </tr>"
    )


@register.filter
def due_on(cycle: LearningCycle, phase: Phase) -> Any:
    """The date by which `cycle` should be done with `phase`."""
    return getattr(cycle, phase.due_field)


@register.filter
def done_on(cycle: LearningCycle, phase: Phase) -> Any:
    """The date `cycle` was actually done with `phase` (None while it is not, or for
    cycles recorded before these dates were kept)."""
    return getattr(cycle, phase.done_field)
