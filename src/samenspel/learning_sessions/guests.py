"""Joining a session with its code, without an account (DESIGN.md §4).

A guest types the code from the board (and, if they like, a name); their browser then
remembers which participant they are, in Django's session (access.GUEST_SESSIONS), and
the room lets them in. A guest sees that session only: nothing of its programme. A
logged-in member can join with a code too, as a guest of that session. The code stops
working when the session closes (services.guest_join).

Guessing is slowed down (services.join_throttled): per client address at most
JOIN_FAILURES_PER_ADDRESS failures, per code at most JOIN_ATTEMPTS_PER_CODE attempts,
per ten minutes; beyond that the answer is 429 and nobody joins. The address is the one
django-axes uses for log-in blocking (REMOTE_ADDR, or the proxy's header when
AXES_PROXY_COUNT is set), so one setting serves both behind a reverse proxy.
"""

from typing import Any

from axes.helpers import get_client_ip_address
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samenspel.common.forms import add_service_error
from samenspel.learning_sessions import selectors, services
from samenspel.learning_sessions.access import GUEST_SESSIONS, guest_participant_id
from samenspel.learning_sessions.forms_room import JoinForm
from samenspel.learning_sessions.models import LearningSession, Participant


def client_address(request: HttpRequest) -> str:
    return get_client_ip_address(request) or "unknown"


def _already_in(request: HttpRequest, session: LearningSession) -> bool:
    """Whether this browser is in the room already: as its facilitator, as a member on
    the list, or as a guest who joined before (a second join would add a second guest,
    with a second set of votes)."""
    user: Any = request.user
    if user.is_authenticated and (
        user.pk == session.facilitator_id
        or Participant.objects.filter(session=session, user=user).exists()
    ):
        return True
    guest_id = guest_participant_id(request, session.pk)
    return (
        guest_id is not None
        and Participant.objects.filter(session=session, pk=guest_id, user=None).exists()
    )


def _remember(request: HttpRequest, participant: Participant) -> None:
    joined = request.session.get(GUEST_SESSIONS)
    joined = dict(joined) if isinstance(joined, dict) else {}
    joined[str(participant.session_id)] = participant.pk
    request.session[GUEST_SESSIONS] = joined


@require_http_methods(["GET", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        form = JoinForm(initial={"code": request.GET.get("code", "")[:20]})
        return render(request, "learning_sessions/join.html", {"form": form})
    form = JoinForm(request.POST)
    if not form.is_valid():
        return render(request, "learning_sessions/join.html", {"form": form}, status=400)
    code = services.normalise_code(form.cleaned_data["code"])
    address = client_address(request)
    if services.join_throttled(address=address, code=code):
        form.add_error(
            None, _("Too many attempts. Wait ten minutes and try again, or ask the facilitator.")
        )
        return render(request, "learning_sessions/join.html", {"form": form}, status=429)
    session = selectors.room_open_session_by_code(code=code)
    if session is not None and _already_in(request, session):
        services.join_attempt_record(address=address, code=code, failed=False)
        messages.info(request, _("You are already in this session."))
        return redirect("room", session_id=session.pk)
    try:
        participant = services.guest_join(code=code, display_name=form.cleaned_data["display_name"])
    except ValidationError as error:
        services.join_attempt_record(address=address, code=code, failed=True)
        add_service_error(form, error)
        return render(request, "learning_sessions/join.html", {"form": form}, status=400)
    services.join_attempt_record(address=address, code=code, failed=False)
    _remember(request, participant)
    messages.success(request, _("Welcome. You are in the session now."))
    return redirect("room", session_id=participant.session_id)
