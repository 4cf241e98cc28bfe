"""TEMPORARY stand-ins (branch `room`), only so that learning_sessions.urls imports: the
programme-scoped session pages are written on another branch, which replaces this file."""

from django.http import Http404, HttpRequest, HttpResponse


def _not_yet(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


session_list = session_create = course_create = session_detail = session_edit = _not_yet
session_agenda = session_participants = session_hand_over = _not_yet
session_report = session_report_pdf = _not_yet
