"""Template helpers of the compass's pictures: a link to a compass page that may not be
there, and a score as a person reads it."""

from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse

from samenspel.compass.charts import score_text

register = template.Library()


@register.simple_tag
def url_if_there(name: str, *args: Any) -> str:
    """The address of a page, or "" when this build has no page of that name: the
    pictures link to the compass's other pages (setup, answering) without needing them."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


@register.filter
def score(value: Any) -> str:
    """A score as score_text writes it; a dash for a figure that is not there (in a
    template, a missing figure's attribute comes out as "")."""
    return score_text(value if isinstance(value, int | float) else None)
