"""(To be built in issue 8.)"""

from django.http import HttpRequest, HttpResponse


def py(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def journal_overview(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def journal_start(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def journal_settings(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def journal_draft(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def chapter_add(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def chapter_edit(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def chapter_move(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def chapter_delete(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def review(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def review_open(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def review_close(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def comment_add(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def comment_resolve(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def publish(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def publication(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def compare(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def public_latest(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def public_publication(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError
