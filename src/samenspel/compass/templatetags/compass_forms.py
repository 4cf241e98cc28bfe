"""Template helpers of the compass's forms and lists: a facet's colour as a swatch."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from samenspel.compass.constants import COLOUR_HEX

register = template.Library()
HEX = {str(colour): value for colour, value in COLOUR_HEX.items()}


@register.simple_tag
def facet_swatch(colour: str) -> SafeString:
    """A small square in the facet's colour, drawn with an SVG attribute (the content
    security policy allows no inline style). Decorative: the colour's name is written
    beside it wherever it matters."""
    fill = HEX.get(colour, HEX["grey"])
    return format_html(
        '<svg class="sp-swatch-svg" width="14" height="14" viewBox="0 0 14 14" '
        'aria-hidden="true" focusable="false">'
        '<rect width="14" height="14" rx="2" fill="{}"/></svg>',
        fill,
    )
