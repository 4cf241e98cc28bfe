"""What every page of the helicopter view does first and last: reach the programme
through the shared access answer and the rule of the page (insights.access), and draw the
template with the content key of the programme's cached pages (common.caching)."""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from samenspel.common.caching import rendering_key
from samenspel.programmes.access import ProgrammeAccess, access_programme_by_slug


def programme_access(
    request: HttpRequest, slug: str, allowed: Callable[[ProgrammeAccess], bool]
) -> ProgrammeAccess:
    """The viewer's access to the programme: 404 for a non-member, 403 when the page's
    rule refuses them."""
    user: Any = request.user
    access = access_programme_by_slug(user=user, slug=slug)
    access.require(allowed(access))
    return access


def render_page(
    request: HttpRequest,
    template: str,
    access: ProgrammeAccess,
    *key_parts: object,
    **context: Any,
) -> HttpResponse:
    return render(
        request,
        template,
        {
            "access": access,
            "programme": access.programme,
            "content_key": rendering_key(request, *access.cache_parts, *key_parts),
            **context,
        },
    )
