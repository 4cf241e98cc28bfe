"""Dutch first: the interface is Dutch unless the visitor chose English with the language
switch (which sets Django's language cookie). The browser's Accept-Language is ignored on
purpose: many Dutch civil servants have an English browser but expect a Dutch service.

Also two guards: no caching of personal pages, and no control characters in requests."""

from collections.abc import Callable, Iterable, Iterator

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _


class DutchFirstLocaleMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.languages else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class PrivatePagesMiddleware:
    """Pages shown to a logged-in person are theirs: no shared cache (a proxy, a public
    computer's browser) may keep a copy. After the authentication middleware.

    A response that already says how it may be cached is left alone, without asking who
    the visitor is: the live board's poll (learning_sessions.room.live) answers from a
    version number only, and looking at request.user would read the log-in session and
    the user on every poll."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            return response
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "private, no-store"
        return response


# Form data may hold tab, newline and carriage return; no other C0 control character.
_CONTROL = {chr(code) for code in range(32)}
_FORM_CONTROL = _CONTROL - {"\t", "\n", "\r"}


def _has(characters: set[str], texts: Iterable[str]) -> bool:
    return any(not characters.isdisjoint(text) for text in texts)


def _items(query: QueryDict) -> Iterator[str]:
    for key, values in query.lists():
        yield key
        yield from values


class RefuseControlCharactersMiddleware:
    """A NUL or other control character in an address or a form is never what a person
    typed; databases refuse NUL (PostgreSQL raises), so such a request is refused with a
    400 page before any view sees it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            _has(_CONTROL, [request.path_info])
            or _has(_CONTROL, _items(request.GET))
            or (request.method == "POST" and _has(_FORM_CONTROL, _items(request.POST)))
        ):
            reason = _("The address or the form contains a character that is not allowed.")
            return render(request, "400.html", {"reason": reason}, status=400)
        return self.get_response(request)
