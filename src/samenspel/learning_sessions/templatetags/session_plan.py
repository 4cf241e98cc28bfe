"""Template components of the planning pages and the report: when a session is, its
phase as a badge and as a picture, and members to tick, grouped by role. Drawn in
Python, like the cycle's picture (cycles.templatetags.cycles)."""

import functools
from typing import Any

from django import template
from django.forms import BoundField
from django.utils import timezone
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext_lazy

from samenspel.common.words import Words, long_date
from samenspel.learning_sessions.constants import PHASE_ORDER, SessionPhase
from samenspel.learning_sessions.models import LearningSession

register = template.Library()

WORDS = Words(
    {
        **{phase: phase.label for phase in SessionPhase},
        "picture": gettext_lazy("Phase %(number)s of %(total)s: %(name)s"),
        "closed_picture": gettext_lazy("The session is closed."),
        "done": gettext_lazy("done"),
        "current": gettext_lazy("now"),
        "todo": gettext_lazy("still to come"),
    }
)


def when_text(session: LearningSession, language: str | None) -> str:
    """14 maart 2027, 19:30-21:30 with an en dash (in Europe/Amsterdam)."""
    starts, ends = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
    return f"{long_date(starts.date(), language)}, {starts:%H:%M}\u2013{ends:%H:%M}"


@register.simple_tag
def session_when(session: LearningSession) -> SafeString:
    """When a session is, as a <time> the way the Dutch write it."""
    starts = timezone.localtime(session.starts_at)
    return format_html(
        '<time datetime="{}">{}</time>', starts.isoformat(), when_text(session, get_language())
    )


TONES = {SessionPhase.PLANNED: "neutral", SessionPhase.CLOSED: "success"}


@register.simple_tag
def session_phase_badge(session: LearningSession) -> SafeString:
    """The phase as a badge: in preparation, under way (any live phase) or closed."""
    words = WORDS(get_language())
    tone = TONES.get(SessionPhase(session.phase), "live")
    return format_html(
        '<span class="sp-badge sp-badge--{}">{}</span>', tone, words[SessionPhase(session.phase)]
    )


STEP, RADIUS = 34, 9


@functools.lru_cache(maxsize=32)
def _phases_picture(phase: str, language: str | None) -> SafeString:
    words = WORDS(language)
    current = PHASE_ORDER.index(SessionPhase(phase))
    closed = phase == SessionPhase.CLOSED
    statuses = [
        "done" if index < current or closed else "current" if index == current else "todo"
        for index in range(len(PHASE_ORDER))
    ]
    texts = [f"{words[p]}: {words[s]}" for p, s in zip(PHASE_ORDER, statuses, strict=True)]
    circles = format_html_join(
        "",
        '<circle class="sp-wheel__{}" cx="{}" cy="14" r="{}"><title>{}</title></circle>',
        (
            (status, index * STEP + 14, RADIUS + (3 if status == "current" else 0), text)
            for index, (status, text) in enumerate(zip(statuses, texts, strict=True))
        ),
    )
    width = (len(PHASE_ORDER) - 1) * STEP + 28
    if closed:
        label = str(words["closed_picture"])
    else:
        label = words["picture"] % {
            "number": current + 1,
            "total": len(PHASE_ORDER),
            "name": words[SessionPhase(phase)],
        }
    legend = format_html_join(
        "",
        '<li{}><span class="sp-swatch sp-wheel__{}" aria-hidden="true"></span>{}</li>',
        (
            (SafeString(' aria-current="step"') if status == "current" else "", status, text)
            for status, text in zip(statuses, texts, strict=True)
        ),
    )
    return format_html(
        '<div class="sp-phases"><svg width="{w}" height="28" viewBox="0 0 {w} 28" role="img" '
        'aria-labelledby="session-phases-title"><title id="session-phases-title">{label}</title>'
        '<line x1="14" y1="14" x2="{end}" y2="14" stroke="#6b7385" stroke-width="2"/>{circles}'
        '</svg><ol class="sp-phases__legend">{legend}</ol></div>',
        w=width,
        end=width - 14,
        label=label,
        circles=circles,
        legend=legend,
    )


@register.simple_tag
def session_phases(session: LearningSession) -> SafeString:
    """The eight phases in a row, the ones done filled, the current one larger; a list
    beside it says the same in words, with the current phase marked for screen readers."""
    return _phases_picture(session.phase, get_language())


@register.simple_tag
def member_choices(field: BoundField) -> SafeString:
    """A check box per member, in a group per role: a fieldset per role inside the
    field's own, so that a screen reader names the group of each box. Help and errors
    are tied to the whole as form_field ties them (common.templatetags.samenspel)."""
    auto_id = escape(field.auto_id)
    chosen = {str(value) for value in (field.value() or [])}
    described = []
    if field.help_text:
        described.append(f"{auto_id}_help")
    if field.errors:
        described.append(f"{auto_id}_error")
    described_by = f' aria-describedby="{" ".join(described)}"' if described else ""
    groups = []
    index = 0
    choices: Any = getattr(field.field, "choices", [])
    for group, options in choices:
        boxes = []
        for value, label in options:
            box_id = f"{auto_id}_{index}"
            checked = " checked" if str(value) in chosen else ""
            boxes.append(
                f'<li><label for="{box_id}"><input type="checkbox" '
                f'name="{escape(field.html_name)}" value="{escape(value)}" id="{box_id}"'
                f"{checked}> {escape(label)}</label></li>"
            )
            index += 1
        groups.append(
            f'<fieldset class="sp-choice-group"><legend>{escape(group)}</legend>'
            f"<ul>{''.join(boxes)}</ul></fieldset>"
        )
    help_text = (
        f'<p class="sp-help" id="{auto_id}_help">{escape(field.help_text)}</p>'
        if field.help_text
        else ""
    )
    errors = "".join(
        f'<p class="sp-error" id="{auto_id}_error">{escape(error)}</p>' for error in field.errors
    )
    invalid = " sp-field--invalid" if field.errors else ""
    body = "".join(groups) if groups else ""
    return SafeString(
        f'<div class="sp-field{invalid}"><fieldset{described_by}><legend>{escape(field.label)}'
        f"</legend>{body}</fieldset>{help_text}{errors}</div>"
    )
