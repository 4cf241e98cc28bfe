"""Caching what read-only pages draw, without ever showing stale data.

A rendering is cached under a key that names everything it depends on: the data
version of the programmes it shows (every audited change raises it, see
common.services.data_changed), today's date (overdue flags change with it), the
language, who looks, and the address with its filters and page number. Templates wrap
their content in {% cache 86400 content content_key %}. Pages with POST forms keep those
forms outside the cached part: a CSRF token is personal.

Values that only a cache miss needs are handed to the template with `lazy`, so that a
hit skips their queries.
"""

from collections.abc import Callable
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
