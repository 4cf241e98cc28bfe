"""(being written on the room branch) TEMPORARY stubs so that learning_sessions.urls
imports on the plan branch: take the room branch's file at merge."""

from django.http import Http404, HttpRequest, HttpResponse


def _stub(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


room = board = advance = review_actions = contribute = themes = vote = capture = live = _stub
