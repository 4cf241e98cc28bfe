"""(To be built in issue 8.)"""

from django.http import HttpRequest, HttpResponse


def py(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def render_request(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def rendering(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def rendering_download(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def public_download(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError
