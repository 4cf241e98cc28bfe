"""The book's blocks in templates: `{% book_block block %}` draws one block and
`{% book_blocks chapter %}` a chapter's blocks (journal/blocks_html.py)."""

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from samenspel.journal.blocks_html import block_html, blocks_html

register = template.Library()


@register.simple_tag
def book_block(block: Any) -> SafeString:
    return mark_safe(block_html(block))  # escaped in blocks_html


@register.simple_tag
def book_blocks(chapter: Any) -> SafeString:
    return mark_safe(blocks_html(chapter.blocks))  # escaped in blocks_html
