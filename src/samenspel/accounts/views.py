"""Personal pages: home, "mijn werk" and the about page."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from samenspel.accounts.selectors import my_work


def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("my-work")
    return redirect("login")


@login_required
def my_work_view(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    return render(request, "accounts/my_work.html", {"work": my_work(user=user)})


@login_required
def about(request: HttpRequest) -> HttpResponse:
    """A page with the full layout and fixed text: the floor against which the benchmark
    measures every other page."""
    return render(request, "accounts/about.html")
