"""Caching what read-only pages draw, without ever showing stale data.

This module holds the one recipe for cache keys. A rendering is cached under a key that
names everything it depends on: the data version of the programmes it shows (every save
or delete of their rows raises it, see programmes.signals), today's date (overdue flags
change with it), the language, who looks (role, site administrator, or the person
itself) and the address with its filters and page number. Templates wrap
their content in {% cache 86400 content content_key %}. Pages with POST forms keep those
forms outside the cached part: a CSRF token is personal.

Values that only a cache miss needs are handed to the template with `lazy`, so that a
hit skips their queries.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language


def rendering_key(request: HttpRequest, *parts: object) -> str:
    return ":".join(
        [
            *(str(part) for part in parts),
            f"{timezone.localdate():%Y%m%d}",
            get_language() or "",
            request.get_full_path(),
        ]
    )


def lazy(compute: Callable[[], Any]) -> Any:
    """A value computed on first use: inside a cached fragment, only on a cache miss."""
    return SimpleLazyObject(compute)


def figures_key(programme_id: int, data_version: int, day: date) -> str:
    """The key of a programme's cached figures (programmes.selectors)."""
    return f"samenspel:figures:{programme_id}.{data_version}.{day:%Y%m%d}"


_paused: ContextVar[bool] = ContextVar("samenspel_invalidation_paused", default=False)


@contextmanager
def invalidation_paused() -> Iterator[None]:
    """For a restore into an empty database: the rows come with their own data
    versions, which must stay as they were in the backup."""
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)


def is_invalidation_paused() -> bool:
    return _paused.get()
