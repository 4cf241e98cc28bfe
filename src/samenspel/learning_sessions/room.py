"""The room: where a learning session happens, live (DESIGN.md §4). Its facilitator,
the members on its participant list and the guests who joined with the code reach it
(learning_sessions.access.access_room); anyone else gets 404.

One page per person (`room`) shows what can be done in the session's phase, beside the
board, which is the same for everyone and also stands alone, projected (`board`). Every
POST goes through a service and comes back to the room (PRG) with a message; a refusal
shows the room again with the service's words, status 400, and nothing is stored. A step
that only the facilitator may take is refused with 403 for anyone else.

The board updates without a reload: static/samenspel/live.js polls `live`, which answers
from the session's version alone — 304 when nothing changed, without looking at the
log-in session or the user — and otherwise sends the board drawn once per session,
version and language and kept in the cache. Without JavaScript every step works by page
loads, and the room offers a refresh link.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from samenspel.accounts.models import User
from samenspel.common.forms import add_service_error
from samenspel.learning_sessions import places, selectors, services
from samenspel.learning_sessions.access import Room, access_room, guest_participant_id
from samenspel.learning_sessions.constants import (
    ACTION_OUTCOMES,
    CAPTURING,
    ActionStatus,
    SessionPhase,
    next_phase,
)
from samenspel.learning_sessions.forms_room import (
    CAPTURE_FORMS,
    ActionReviewForm,
    AdvanceForm,
    ContributionForm,
    GroupingForm,
    NoteForm,
    VoteForm,
)
from samenspel.learning_sessions.models import Action, Contribution, LearningSession, Theme

# A drawn board is valid for its version for ever; a day keeps the cache from filling up
# with sessions long over.
BOARD_SECONDS = 24 * 60 * 60
BOARD_TEMPLATE = "learning_sessions/board_fragment.html"


# The board -------------------------------------------------------------------------------


def board_html(request: HttpRequest, session: LearningSession) -> SafeString:
    """The board of the session at its current version, drawn once per version, language
    and host (the join address names the host) and kept in the cache: everyone watching
    one change costs one drawing per process. Nothing in it depends on who looks."""
    host = request.get_host()
    key = f"samenspel:board:{session.pk}:{session.version}:{get_language()}:{host}"
    html = cache.get(key)
    if html is None:
        html = render_to_string(
            BOARD_TEMPLATE,
            {
                "board": selectors.board_of(session=session),
                "join_url": request.build_absolute_uri(reverse("join")),
                "board_sections": places.render_board_sections(session),
            },
        )
        cache.set(key, html, timeout=BOARD_SECONDS)
    return SafeString(html)  # drawn by our own template, which escapes


def _etag_matches(request: HttpRequest, version: int) -> bool:
    """Whether the poll already has this version: If-None-Match: "7" (a proxy may have
    weakened it to W/"7"), or ?v=7."""
    tag = f'"{version}"'
    sent = request.headers.get("If-None-Match", "")
    tags = {part.strip().removeprefix("W/") for part in sent.split(",") if part.strip()}
    return tag in tags or "*" in tags or request.GET.get("v") == str(version)


@require_GET
def live(request: HttpRequest, key: str) -> HttpResponse:
    """The live board's poll. One query (the session by its watch key); an unchanged
    version is answered 304 with an empty body. Neither the log-in session nor the user
    is read: the key is the whole permission, and it only shows the board. The
    Cache-Control header set here also keeps PrivatePagesMiddleware from asking who is
    logged in."""
    session = LearningSession.objects.filter(watch_key=key).order_by().first()
    if session is None:
        response: HttpResponse = HttpResponse(status=404, content_type="text/plain")
        response["Cache-Control"] = "no-store"
        return response
    etag = f'"{session.version}"'
    if _etag_matches(request, session.version):
        response = HttpResponseNotModified()
    else:
        response = JsonResponse(
            {
                "version": session.version,
                "phase": session.phase,
                "board": str(board_html(request, session)),
            }
        )
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def board(request: HttpRequest, session_id: int) -> HttpResponse:
    """The board on its own, for the projector: large type, the join code, no forms."""
    room = access_room(request=request, session_id=session_id)
    return render(
        request,
        "learning_sessions/board.html",
        {
            "room": room,
            "session": room.session,
            "board_html": board_html(request, room.session),
            "live_url": reverse("room-live", args=[room.session.watch_key]),
        },
    )


# The room ---------------------------------------------------------------------------------


def _user(request: HttpRequest) -> User:
    """The logged-in person (the facilitator, for the steps only they may take)."""
    user: Any = request.user
    return user


def _agenda_cycles(session: LearningSession) -> Any:
    """The cycles a contribution may be about, or None when the agenda has none."""
    cycles = selectors.room_agenda_cycles(session=session)
    return cycles if cycles.exists() else None


Panel = Callable[[HttpRequest, Room, dict[str, Form]], dict[str, Any]]


@dataclass(frozen=True)
class ReviewRow:
    """An open action of an earlier session, and what this session decided about it."""

    action: Action
    outcome: str


@dataclass(frozen=True)
class GroupingRow:
    """A contribution on the facilitator's grouping form: its theme, and whether it was
    ticked (when a refused form is shown again)."""

    contribution: Contribution
    theme_title: str
    ticked: bool


@dataclass(frozen=True)
class ThemeNote:
    theme: Theme
    form: Form


def _actions_panel(request: HttpRequest, room: Room, bound: dict[str, Form]) -> dict[str, Any]:
    if not room.facilitator:
        return {}
    review = selectors.room_actions_to_review(session=room.session)
    return {"review": [ReviewRow(action, _outcome(action, room.session)) for action in review]}


def _outcome(action: Action, session: LearningSession) -> str:
    """What this session decided about an open action of an earlier one ("" when not
    yet)."""
    if action.reviewed_in_id != session.pk:
        return ""
    if action.status == ActionStatus.OPEN:
        return str(ActionStatus.CARRIED_OVER.label)
    return str(ActionStatus(action.status).label)


def _input_panel(request: HttpRequest, room: Room, bound: dict[str, Form]) -> dict[str, Any]:
    if not room.can_contribute:
        return {}
    session = room.session
    cycles = _agenda_cycles(session)
    forms = [
        bound.get(f"contribute-{index}")
        or ContributionForm(session=session, index=index, cycles=cycles)
        for index in range(len(session.questions))
    ]
    return {"contribution_forms": forms}


def _grouping_panel(request: HttpRequest, room: Room, bound: dict[str, Form]) -> dict[str, Any]:
    if not room.facilitator:
        return {}
    session = room.session
    form = bound.get("grouping") or GroupingForm(session=session)
    data: Any = form.data
    ticked = set(data.getlist("contributions")) if form.is_bound else set()
    themes = {theme.pk: theme for theme in selectors.board_themes(session=session)}
    questions: list[dict[str, Any]] = [
        {"index": index, "text": text, "rows": []} for index, text in enumerate(session.questions)
    ]
    for contribution in selectors.room_contributions(session=session):
        if 0 <= contribution.question < len(questions):
            theme = themes.get(contribution.theme_id) if contribution.theme_id else None
            row = GroupingRow(
                contribution=contribution,
                theme_title=theme.title if theme else "",
                ticked=str(contribution.pk) in ticked,
            )
            questions[contribution.question]["rows"].append(row)
    return {
        "grouping_form": form,
        "grouping_questions": questions,
        "grouping_count": sum(len(question["rows"]) for question in questions),
        "themes": list(themes.values()),
    }


def _voting_panel(request: HttpRequest, room: Room, bound: dict[str, Form]) -> dict[str, Any]:
    if room.participant is None:
        return {}
    votes_left = max(0, room.session.votes_per_person - room.participant.votes_used)
    return {
        "themes": selectors.board_themes(session=room.session),
        "votes_left": votes_left,
    }


def _capture_panel(request: HttpRequest, room: Room, bound: dict[str, Form]) -> dict[str, Any]:
    if not room.facilitator:
        return {}
    session = room.session
    notes = [
        ThemeNote(
            theme,
            bound.get(f"note-{theme.pk}")
            or NoteForm(
                session=session,
                initial={"theme": theme.pk, "text": theme.discussion},
                auto_id=f"id_note{theme.pk}_%s",
            ),
        )
        for theme in selectors.board_themes(session=session)
    ]
    forms = {
        name: bound.get(name) or make(session=session)
        for name, make in CAPTURE_FORMS.items()
        if name != "note"
    }
    return {
        "notes": notes,
        "capture_forms": forms,
        "proposals": selectors.room_proposals(session=session),
    }


def _nothing(request: HttpRequest, room: Room, bound: dict[str, Form]) -> dict[str, Any]:
    return {}


PANELS: dict[str, Panel] = {
    SessionPhase.PLANNED: _nothing,
    SessionPhase.ACTIONS: _actions_panel,
    SessionPhase.INPUT: _input_panel,
    SessionPhase.GROUPING: _grouping_panel,
    SessionPhase.VOTING: _voting_panel,
    SessionPhase.DISCUSSION: _capture_panel,
    SessionPhase.CAPTURE: _capture_panel,
    SessionPhase.CLOSED: _nothing,
}
assert set(PANELS) == set(SessionPhase)
# Discussion and capture share one panel; every other phase has its own.
PANEL_TEMPLATES = {phase: "learning_sessions/room_capture.html" for phase in CAPTURING}


def _offers(room: Room, name: str) -> bool:
    """Whether the room, in its phase now, shows the form `name` to this person (then a
    refused form is shown again as it was filled in)."""
    phase = room.session.phase
    if name.startswith("contribute-"):
        index = int(name.removeprefix("contribute-"))
        return (
            phase == SessionPhase.INPUT
            and room.can_contribute
            and index < len(room.session.questions)
        )
    if name == "grouping":
        return phase == SessionPhase.GROUPING and room.facilitator
    return phase in CAPTURING and room.facilitator


def _render_room(
    request: HttpRequest, room: Room, *, bound: dict[str, Form] | None = None, status: int = 200
) -> HttpResponse:
    session = room.session
    phase = SessionPhase(session.phase)
    member = room.facilitator or (room.participant is not None and not room.participant.is_guest)
    context = {
        "room": room,
        "session": session,
        "phase": phase,
        "next_phase": next_phase(phase),
        "member": member,
        "confirm_close": room.facilitator
        and phase == SessionPhase.CAPTURE
        and request.GET.get("close") == "1",
        "board_html": board_html(request, session),
        "live_url": reverse("room-live", args=[session.watch_key]),
        "panel_template": PANEL_TEMPLATES.get(phase, f"learning_sessions/room_{phase.value}.html"),
        "outcomes": ACTION_OUTCOMES,
        "room_sections": places.render_room_sections(request, room, bound or {}),
        **PANELS[phase](request, room, bound or {}),
    }
    return render(request, "learning_sessions/room.html", context, status=status)


def render_room(
    request: HttpRequest, room: Room, *, bound: dict[str, Form] | None = None, status: int = 200
) -> HttpResponse:
    """The room page, for the views of a room section (learning_sessions.places): a
    refused POST shows the room again with its bound form, status 400."""
    return _render_room(request, room, bound=bound, status=status)


@require_GET
def room(request: HttpRequest, session_id: int) -> HttpResponse:
    # A visitor who is not logged in and has not joined this session is asked for the
    # code, before the session is even looked up (its existence is not revealed).
    if not request.user.is_authenticated and guest_participant_id(request, session_id) is None:
        return redirect("join")
    return _render_room(request, access_room(request=request, session_id=session_id))


def _not_facilitator(request: HttpRequest, room: Room) -> HttpResponse:
    return _refused(request, room, _("Only the facilitator of this session can do this."))


def _refused(request: HttpRequest, room: Room, reason: str) -> HttpResponse:
    return render(
        request,
        "learning_sessions/room_refused.html",
        {"room": room, "session": room.session, "reason": reason},
        status=403,
    )


def _errors_to_top(form: Form) -> None:
    """Errors of hidden fields (which theme, which question) are shown above the form."""
    for field in form.hidden_fields():
        if field.name in form.errors:
            errors = form.errors.pop(field.name)
            top = form.errors.setdefault(NON_FIELD_ERRORS, form.error_class(error_class="nonfield"))
            top.extend(errors)


def _answer(
    request: HttpRequest,
    room: Room,
    form: Form,
    act: Callable[[dict[str, Any]], Any],
    done: Callable[[Any], str],
    name: str = "",
) -> HttpResponse:
    """Call the service with a valid form and go back to the room with `done`'s message.
    Refused (by the form or the service): the room again, in the phase it is in now,
    status 400, with the form as it was filled in when the room still offers it, else
    with the refusal as a message at the top. Nothing is stored."""
    if form.is_valid():
        try:
            result = act(form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, done(result))
            return redirect("room", session_id=room.session.pk)
    fresh = access_room(request=request, session_id=room.session.pk)
    if name and _offers(fresh, name):
        _errors_to_top(form)
        return _render_room(request, fresh, bound={name: form}, status=400)
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, str(message))
    return _render_room(request, fresh, status=400)


@require_POST
def advance(request: HttpRequest, session_id: int) -> HttpResponse:
    room = access_room(request=request, session_id=session_id)
    if not room.facilitator:
        return _not_facilitator(request, room)
    form = AdvanceForm(request.POST)
    if form.is_valid():
        expected = form.cleaned_data["expected"]
        closing = next_phase(expected) == SessionPhase.CLOSED
        if closing and room.session.phase == expected and not form.cleaned_data["confirm"]:
            messages.info(request, _("Closing is final. Check below and confirm."))
            return redirect(reverse("room", args=[session_id]) + "?close=1")

    def done(session: LearningSession) -> str:
        if session.phase == SessionPhase.CLOSED:
            return _("The session is closed. The code no longer works.")
        return _("The session moved on to “%(phase)s”.") % {
            "phase": SessionPhase(session.phase).label
        }

    return _answer(
        request,
        room,
        form,
        lambda data: services.session_advance(
            session=room.session, by=_user(request), expected=data["expected"]
        ),
        done,
    )


@require_POST
def review_actions(request: HttpRequest, session_id: int) -> HttpResponse:
    room = access_room(request=request, session_id=session_id)
    if not room.facilitator:
        return _not_facilitator(request, room)
    form = ActionReviewForm(request.POST, session=room.session)
    return _answer(
        request,
        room,
        form,
        lambda data: services.action_review(
            session=room.session, action=data["action"], outcome=data["outcome"], by=_user(request)
        ),
        lambda action: (
            _("“%(action)s”: %(outcome)s.")
            % {"action": action.text[:60], "outcome": _outcome(action, room.session)}
        ),
    )


@require_POST
def contribute(request: HttpRequest, session_id: int) -> HttpResponse:
    room = access_room(request=request, session_id=session_id)
    participant = room.participant
    if participant is None:
        return _refused(request, room, _("You do not take part in this session."))
    index = request.POST.get("question", "")
    form = ContributionForm(
        request.POST,
        session=room.session,
        index=int(index) if index.isdecimal() and len(index) < 4 else None,
        cycles=_agenda_cycles(room.session),
    )
    return _answer(
        request,
        room,
        form,
        lambda data: services.contribution_add(
            session=room.session,
            participant=participant,
            question=data["question"],
            text=data["text"],
            cycle=data.get("cycle"),
        ),
        # Only "received": the room never shows what someone wrote during input.
        lambda contribution: _("Received. You can add more if you like."),
        name=f"contribute-{index}" if index.isdecimal() and len(index) < 4 else "",
    )


@require_POST
def themes(request: HttpRequest, session_id: int) -> HttpResponse:
    room = access_room(request=request, session_id=session_id)
    if not room.facilitator:
        return _not_facilitator(request, room)
    form = GroupingForm(request.POST, session=room.session)

    def act(data: dict[str, Any]) -> str:
        contributions = list(data["contributions"])
        if data["what"] == "create":
            theme = services.theme_create(
                session=room.session,
                title=data["title"],
                contributions=contributions,
                by=_user(request),
            )
            return _("The theme “%(theme)s” has been made.") % {"theme": theme.title}
        target = data["theme"] if data["what"] == "move" else None
        services.contributions_group(
            session=room.session, theme=target, contributions=contributions, by=_user(request)
        )
        if target is None:
            return _("The contributions are out of their theme.")
        return _("The contributions are in the theme “%(theme)s”.") % {"theme": target.title}

    return _answer(request, room, form, act, lambda message: message, name="grouping")


@require_POST
def vote(request: HttpRequest, session_id: int) -> HttpResponse:
    room = access_room(request=request, session_id=session_id)
    participant = room.participant
    if participant is None:
        return _refused(request, room, _("You do not take part in this session."))
    form = VoteForm(request.POST, session=room.session)
    return _answer(
        request,
        room,
        form,
        lambda data: services.vote_cast(
            session=room.session, participant=participant, theme=data["theme"]
        ),
        lambda left: (
            ngettext(
                "Your vote is counted. You have %(left)s vote left.",
                "Your vote is counted. You have %(left)s votes left.",
                left,
            )
            % {"left": left}
        ),
    )


@require_POST
def capture(request: HttpRequest, session_id: int) -> HttpResponse:
    room = access_room(request=request, session_id=session_id)
    if not room.facilitator:
        return _not_facilitator(request, room)
    session, by = room.session, _user(request)
    what = request.POST.get("what", "")
    if what not in CAPTURE_FORMS:
        messages.error(request, _("Choose what to add."))
        return _render_room(request, room, status=400)
    name, options = what, {}
    if what == "note":
        theme_id = request.POST.get("theme", "")
        name, options = f"note-{theme_id}", {"auto_id": f"id_note{theme_id}_%s"}
    form = CAPTURE_FORMS[what](request.POST, session=session, **options)

    acts: dict[str, Callable[[dict[str, Any]], Any]] = {
        "note": lambda data: services.theme_note(
            session=session, theme=data["theme"], text=data["text"], by=by
        ),
        "insight": lambda data: services.insight_add(
            session=session,
            text=data["text"],
            kind=data["kind"],
            theme=data["theme"],
            questions=list(data["learning_questions"]),
            initiatives=list(data["initiatives"]),
            by=by,
        ),
        "action": lambda data: services.action_add(
            session=session, text=data["text"], owner=data["owner"], due_on=data["due_on"], by=by
        ),
        "proposal": lambda data: services.proposal_add(
            session=session, question=data["question"], kind=data["kind"], text=data["text"], by=by
        ),
    }
    done = {
        "note": _("What was said has been saved."),
        "insight": _("The insight has been added."),
        "action": _("The action has been added."),
        "proposal": _("The proposal has been added. It is applied when the session closes."),
    }
    return _answer(request, room, form, acts[what], lambda result: done[what], name=name)
