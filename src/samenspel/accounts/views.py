"""Home (which leads to "my work" or the log-in), the about page and a person's own
settings."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samenspel.accounts import services
from samenspel.accounts.forms import SettingsForm


def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("my-work")
    return redirect("login")


@login_required
def about(request: HttpRequest) -> HttpResponse:
    """A page with the full layout and fixed text: the floor against which the benchmark
    measures every other page."""
    return render(request, "accounts/about.html")


@login_required
@require_http_methods(["GET", "POST"])
def account_settings(request: HttpRequest) -> HttpResponse:
    """My settings: whether I get e-mail reminders. The same for every role."""
    user: Any = request.user
    bound = request.POST if request.method == "POST" else None
    form = SettingsForm(bound, initial={"reminders": user.reminders})
    if request.method == "POST":
        if form.is_valid():
            on = form.cleaned_data["reminders"]
            changed = services.user_reminders_set(user=user, reminders=on, by=user)
            if not changed:
                messages.info(request, _("Nothing changed."))
            elif on:
                messages.success(request, _("You get e-mail reminders again."))
            else:
                messages.success(request, _("You no longer get e-mail reminders."))
            return redirect("account-settings")
        return render(request, "accounts/settings.html", {"form": form}, status=400)
    return render(request, "accounts/settings.html", {"form": form})
