"""(being written on the room branch) TEMPORARY stub so that learning_sessions.urls
imports on the plan branch: take the room branch's file at merge."""

from django.http import Http404, HttpRequest, HttpResponse


def join(request: HttpRequest) -> HttpResponse:
    raise Http404
