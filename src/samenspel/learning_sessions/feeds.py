"""TEMPORARY stand-ins (branch `room`), only so that learning_sessions.urls imports: the
calendar feeds are written on another branch, which replaces this file."""

from django.http import Http404, HttpRequest, HttpResponse


def _not_yet(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


calendar_settings = calendar_feed = _not_yet
