"""The stop link of the reminder e-mail. No log-in: the signed token in the address names
the person (reminder_services.stop_token), and only someone who has their mail has it.

GET only asks: mail scanners and link previews open every link in a mail, and must not
stop anyone's reminders. The POST (with its CSRF token, like every POST here) stops them
and comes back to the same address, which then says they are off. A mail program's own
one-click POST (RFC 8058) is therefore not offered: its "unsubscribe" opens this page."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samenspel.accounts.services import user_reminders_set
from samenspel.insights.reminder_services import user_of_stop_token


@require_http_methods(["GET", "POST"])
def reminders_stop(request: HttpRequest, token: str) -> HttpResponse:
    user = user_of_stop_token(token)
    if user is None:
        return render(request, "insights/reminders/stop_invalid.html", status=400)
    if request.method == "POST":
        user_reminders_set(user=user, reminders=False, by=user, via="mail")
        messages.success(request, _("Samenspel no longer sends you reminders."))
        return redirect("reminders-stop", token=token)
    return render(request, "insights/reminders/stop.html", {"person": user})
