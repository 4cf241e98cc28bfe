"""Home (which leads to "my work" or the log-in) and the about page."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render


def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("my-work")
    return redirect("login")


@login_required
def about(request: HttpRequest) -> HttpResponse:
    """A page with the full layout and fixed text: the floor against which the benchmark
    measures every other page."""
    return render(request, "accounts/about.html")
