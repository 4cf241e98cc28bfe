"""Template helpers of the compass's pictures: a score as a person reads it."""

from typing import Any

from django import template

from samenspel.compass.charts import score_text

register = template.Library()


@register.filter
def score(value: Any) -> str:
    """A score as score_text writes it; a dash for a figure that is not there (in a
    template, a missing figure's attribute comes out as "")."""
    return score_text(value if isinstance(value, int | float) else None)
