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

from django.core.signals import request_finished, request_started
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


# What one request has already read (request_memo); None outside a request.
_request_memo: ContextVar[dict[str, Any] | None] = ContextVar(
    "samenspel_request_memo", default=None
)


def _request_started(**kwargs: Any) -> None:
    _request_memo.set({})


def _request_finished(**kwargs: Any) -> None:
    _request_memo.set(None)


def connect_request_memo() -> None:
    request_started.connect(_request_started, dispatch_uid="samenspel.common.memo_start")
    request_finished.connect(_request_finished, dispatch_uid="samenspel.common.memo_end")


def request_memo() -> dict[str, Any] | None:
    """A dict that lives as long as the current request, for reads that two parts of one
    page both need (the figures a section and a table column show): the second reads it
    here instead of asking the database again. None outside a request (a command, a
    script), where nothing is kept. Only for data the request itself does not change:
    a write in the same request is not seen."""
    return _request_memo.get()


def memoised(key: str, compute: Callable[[], Any]) -> Any:
    """compute(), read once per request under `key` (see request_memo)."""
    memo = request_memo()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]
