"""(To be built in issue 8.)"""

from django.http import HttpRequest, HttpResponse


def py(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def voice_list(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def voice_pick(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def voice_add(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def voice_edit(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def voice_delete(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def my_voices(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def consent_answer(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError
