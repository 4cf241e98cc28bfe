"""Pagination that never fails on bad input: a page number that is not a number, or
past the end, shows the nearest real page."""

from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.http import HttpRequest
from django.utils.functional import cached_property


class _CountedPaginator(Paginator):
    """A paginator told the number of items (from a tally), so it does not count them."""

    def __init__(self, *args: Any, known_count: int, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.known_count = known_count

    @cached_property
    def count(self) -> int:
        return self.known_count


def paginate(
    request: HttpRequest, items: Any, *, per_page: int | None = None, count: int | None = None
) -> Page:
    """The page the request asks for. `count`: the number of items, when it is already
    known (the database is not asked again)."""
    size = per_page or settings.SAMENSPEL_PAGE_SIZE
    if count is None:
        paginator = Paginator(items, size)
    else:
        paginator = _CountedPaginator(items, size, known_count=count)
    return paginator.get_page(request.GET.get("page"))
