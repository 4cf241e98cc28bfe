"""Personal pages: home, "mijn werk" and the about page."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from samenspel.accounts.selectors import memberships_of, my_work
from samenspel.common.caching import lazy, rendering_key
from samenspel.common.paging import paginate


def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("my-work")
    return redirect("login")


@login_required
def my_work_view(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    memberships = list(memberships_of(user=user))
    work = lazy(lambda: my_work(user=user))
    return render(
        request,
        "accounts/my_work.html",
        {
            "memberships": memberships,
            "work": work,
            "page": lazy(lambda: paginate(request, work.cycles)),
            "content_key": rendering_key(
                request,
                user.pk,
                *(f"{m.programme_id}.{m.programme.data_version}" for m in memberships),
            ),
        },
    )


@login_required
def about(request: HttpRequest) -> HttpResponse:
    """A page with the full layout and fixed text: the floor against which the benchmark
    measures every other page."""
    return render(request, "accounts/about.html")
