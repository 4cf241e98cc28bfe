"""Rows of the programme's long tables (initiatives, areas), drawn in Python rather than
in a template: they appear twenty-five to a page, where the template cost more than the
rest of the page. The markup is what the templates wrote; the cells other apps add
(programmes.extensions) come drawn already."""

from collections.abc import Sequence
from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext_lazy

from samenspel.common.words import Words, euro_text
from samenspel.programmes.constants import InitiativeStatus
from samenspel.programmes.extensions import NO_VALUE, menu_links

register = template.Library()

WORDS = Words(
    {
        **{status: status.label for status in InitiativeStatus},
        "societal_task": gettext_lazy("societal task"),
        "below_rule": gettext_lazy("below co-investment rule"),
        "edit": gettext_lazy("Edit"),
        "delete": gettext_lazy("Delete"),
    }
)


NUMERIC = ' class="sp-num"'


def _cells(cells: Sequence[tuple[Any, bool]]) -> str:
    return "".join(
        f"<td{NUMERIC if numeric else ''}>{conditional_escape(cell)}</td>"
        for cell, numeric in cells
    )


@register.simple_tag
def initiative_row(
    initiative: Any, cells: Sequence[tuple[Any, bool]], programme: Any
) -> SafeString:
    """A row of the initiative list. Needs the initiative with its area and its
    `co_investment_shortfall` (programmes.selectors.mark_co_investment_shortfalls)."""
    language = get_language()
    words = WORDS(language)
    url = reverse("initiative-detail", args=[programme.slug, initiative.pk])
    task = ""
    if initiative.societal_task:
        task = f' <span class="sp-badge sp-badge--neutral">{escape(words["societal_task"])}</span>'
    shortfall = getattr(initiative, "co_investment_shortfall", None)
    flag = ""
    if shortfall:
        reason = escape(str(shortfall))
        flag = (
            f' <span class="sp-badge sp-badge--warning" title="{reason}">'
            f"{escape(words['below_rule'])}</span>"
            f'<span class="sp-visually-hidden"> {reason}</span>'
        )
    area = escape(initiative.area.name) if initiative.area else NO_VALUE
    return SafeString(
        f'<tr>\n    <th scope="row"><a href="{url}">{escape(initiative.title)}</a>{task}</th>\n'
        f"    <td>{area}</td>\n"
        f"    <td>{escape(words.get(initiative.status, initiative.status))}</td>\n"
        f'    <td class="sp-num">{euro_text(initiative.total_funding, language)}{flag}</td>\n'
        f"    {_cells(cells)}\n  </tr>"
    )


@register.simple_tag
def area_row(
    area: Any, cells: Sequence[tuple[Any, bool]], programme: Any, actions: bool = False
) -> SafeString:
    """A row of the area table: an area summary (programmes.selectors.AreaSummary)
    with its initiatives and their funding, and the edit and delete links when
    `actions`."""
    language = get_language()
    words = WORDS(language)
    name = escape(area.name)
    url = reverse("initiative-list", args=[programme.slug])
    links = ""
    if actions:
        edit = reverse("area-edit", args=[programme.slug, area.pk])
        delete = reverse("area-delete", args=[programme.slug, area.pk])
        hidden = f'<span class="sp-visually-hidden"> {name}</span>'
        links = (
            f'\n    <td><a href="{edit}">{escape(words["edit"])}{hidden}</a> · '
            f'<a href="{delete}">{escape(words["delete"])}{hidden}</a></td>'
        )
    return SafeString(
        f'<tr>\n    <th scope="row"><a href="{url}?area={area.pk}">{name}</a></th>\n'
        f'    <td class="sp-num">{area.initiative_count}</td>\n'
        f'    <td class="sp-num">{euro_text(area.municipal, language)}</td>\n'
        f'    <td class="sp-num">{euro_text(area.residents, language)}</td>\n'
        f'    <td class="sp-num">{euro_text(area.other, language)}</td>\n'
        f"    {_cells(cells)}{links}\n  </tr>"
    )


@register.simple_tag
def programme_menu_links(access: Any, current: str | None) -> SafeString:
    """The links other apps add to the programme's menu (programmes.extensions), as list
    items; the one of the page shown is marked as the current page."""
    items = []
    for link in menu_links(access):
        url = reverse(link.url_name, args=[access.programme.slug])
        here = current == link.url_name or current in link.current
        marked = ' aria-current="page"' if here else ""
        items.append(f'<li><a href="{escape(url)}"{marked}>{escape(link.label)}</a></li>')
    return SafeString("".join(items))
