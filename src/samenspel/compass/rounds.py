"""The compass round in the room of a learning session: what it adds to the room and to
the board (learning_sessions.places, registered in compass.extensions), its form, and
its three steps (POST only, under the room's address: /room/<id>/compass/…).

The facilitator opens and closes the round; each participant (member or guest) answers
the compass about the session once, on their phone or laptop. The board shows, live,
how many answered and per facet the median now and desired: never a name, never one
person's answer. The views reach the room as the room's own do
(learning_sessions.access.access_room: 404 for anyone not in it), refuse a step that is
the facilitator's with 403 for others, and a refused answer with the room again, its
form as filled in, status 400, nothing stored; a step that succeeds comes back to the
room (PRG). The writes are in compass.round_services.
"""

import re
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from samenspel.accounts.models import User
from samenspel.common.forms import add_service_error
from samenspel.compass import round_services
from samenspel.compass.constants import (
    COLOUR_HEX,
    SCORE_MAX,
    SCORES,
    FacetColour,
    Perspective,
    Subject,
)
from samenspel.compass.figures import Figures
from samenspel.compass.models import CompassRound, Facet, RoundResponse
from samenspel.compass.selectors import Scope, compass_of, compass_picture, facets_in_use
from samenspel.compass.services import ScoreInput
from samenspel.learning_sessions.access import Room, access_room
from samenspel.learning_sessions.models import LearningSession
from samenspel.learning_sessions.room import render_room

FORM_NAME = "compass-round"
# A facet's field as sent: a facet number of at most nine digits (beyond, no facet), and a
# whole number of at most four digits (anything else goes to the service as text).
# The board shows a round's figures from this many answers on (before, only the count).
MIN_ANSWERS_SHOWN = 3

FIELD = re.compile(r"^facet_([0-9]{1,9})_(current|desired)$")
NUMBER = re.compile(r"[0-9]{1,4}")


def round_of(session: LearningSession) -> CompassRound | None:
    compass_round = CompassRound.objects.filter(session=session).order_by().first()
    if compass_round is not None:
        compass_round.session = session
    return compass_round


# The form ---------------------------------------------------------------------------------


class RoundForm(forms.Form):
    """The compass on a phone: per facet in use a fieldset with the score now and,
    optionally, the desired score, each a row of large choices 0 to 10. A guest also
    says which perspective they answer from. It parses; round_services decides (so a
    score for a facet not on the form, retired or of another compass, reaches the
    service and is refused there with its own words)."""

    perspective = forms.ChoiceField(
        label=gettext_lazy("I answer as"),
        choices=Perspective.choices,
        initial=Perspective.RESIDENTS,
        required=False,  # residents, unless the guest says else
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, facets: list[Facet], guest: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.facets = facets
        if not guest:
            del self.fields["perspective"]
        choices = [("", _("No answer"))] + [(str(score), str(score)) for score in SCORES]
        for facet in facets:
            for part, label in (("current", _("Now")), ("desired", _("Desired"))):
                self.fields[f"facet_{facet.pk}_{part}"] = forms.TypedChoiceField(
                    label=label,
                    choices=choices,
                    coerce=int,
                    empty_value=None,
                    required=False,
                    initial="",
                    widget=forms.RadioSelect,
                )

    def rows(self) -> list[tuple[Facet, forms.BoundField, forms.BoundField]]:
        return [
            (facet, self[f"facet_{facet.pk}_current"], self[f"facet_{facet.pk}_desired"])
            for facet in self.facets
        ]

    def answers(self) -> dict[int, ScoreInput]:
        """The answers per facet id: the form's facets, and any other facet's fields that
        were sent (a number, or the text as sent, which the service refuses)."""
        data = self.cleaned_data
        answers = {
            facet.pk: ScoreInput(
                current=data.get(f"facet_{facet.pk}_current"),
                desired=data.get(f"facet_{facet.pk}_desired"),
            )
            for facet in self.facets
        }
        extra: dict[int, dict[str, Any]] = {}
        for name in self.data:
            match = FIELD.match(name)
            if match is None or name in self.fields:
                continue
            value = self.data.get(name, "")
            extra.setdefault(int(match[1]), {})[match[2]] = (
                int(value) if NUMBER.fullmatch(value) else value or None
            )
        for facet_id, values in extra.items():
            answers[facet_id] = ScoreInput(
                current=values.get("current"), desired=values.get("desired")
            )
        return answers


# The room's section -------------------------------------------------------------------------


def room_context(request: HttpRequest, room: Room, bound: Any) -> dict[str, Any]:
    """The facilitator's buttons and count; a participant's form until they answered."""
    session = room.session
    compass_round = round_of(session)
    context: dict[str, Any] = {"compass_round": compass_round}
    if room.facilitator:
        compass = compass_of(programme=session.programme)
        context["can_open"] = (
            compass_round is None
            and session.phase in round_services.ROUND_PHASES
            and compass is not None
            and bool(facets_in_use(compass))
        )
        if compass_round is not None:
            context["answered"] = RoundResponse.objects.filter(
                round=compass_round, answered=True
            ).count()
            context["participants"] = session.participants.count()
    if room.participant is None or compass_round is None:
        return context
    round_services.round_seen(round=compass_round, participant=room.participant)
    context["has_answered"] = RoundResponse.objects.filter(
        round=compass_round, participant=room.participant, answered=True
    ).exists()
    if compass_round.is_open and not context["has_answered"] and session.phase != "closed":
        form = bound.get(FORM_NAME)
        if form is None:
            compass = compass_of(programme=session.programme)
            form = RoundForm(
                facets=facets_in_use(compass) if compass else [],
                guest=room.participant.is_guest,
            )
        context["form"] = form
    return context


# The board's section ------------------------------------------------------------------------


@dataclass(frozen=True)
class BoardRow:
    facet: Facet
    colour: str
    current: Figures | None
    desired: Figures | None

    @staticmethod
    def width(figures: Figures | None) -> str:
        """The bar's length in per cent of the scale, for an inline style."""
        return f"{figures.median * 100 / SCORE_MAX:g}" if figures else "0"

    @property
    def current_width(self) -> str:
        return self.width(self.current)

    @property
    def desired_width(self) -> str:
        return self.width(self.desired)


def board_context(session: LearningSession) -> dict[str, Any]:
    """The round's figures for the board: how many answered, and per facet the medians
    of everyone's answers together. Depends on the session alone (the board is cached
    per version, and every answer raises it)."""
    compass_round = round_of(session)
    if compass_round is None:
        return {"compass_round": None}
    compass = compass_of(programme=session.programme)
    if compass is None:  # the programme's compass went after the round
        return {"compass_round": None}
    picture = compass_picture(
        compass=compass, scope=Scope(subject=Subject.SESSION, session_id=session.pk)
    )
    rows = [
        BoardRow(
            facet,
            COLOUR_HEX.get(FacetColour(facet.colour), COLOUR_HEX[FacetColour.BLUE]),
            picture.current_overall.get(facet.pk),
            picture.desired_overall.get(facet.pk),
        )
        for facet in picture.facets
        if facet.retired_at is None or facet.pk in picture.current_overall
    ]
    return {
        "compass_round": compass_round,
        "answers": picture.total,
        # With fewer answers, someone watching the board as one person answers could read
        # that person's scores from the change: only the count shows until then.
        "shown": picture.total >= MIN_ANSWERS_SHOWN,
        "min_answers": MIN_ANSWERS_SHOWN,
        "rows": rows,
        "open": compass_round.is_open and session.phase != "closed",
    }


# The steps ----------------------------------------------------------------------------------


def _user(request: HttpRequest) -> User:
    user: Any = request.user
    return user


def _refused(request: HttpRequest, room: Room, reason: str, status: int) -> HttpResponse:
    return render(
        request,
        "learning_sessions/room_refused.html",
        {"room": room, "session": room.session, "reason": reason},
        status=status,
    )


def _refusal_in_room(request: HttpRequest, room: Room, error: ValidationError) -> HttpResponse:
    for message in error.messages:
        messages.error(request, message)
    return render_room(
        request, access_room(request=request, session_id=room.session.pk), status=400
    )


@require_POST
def round_open(request: HttpRequest, session_id: int) -> HttpResponse:
    room = access_room(request=request, session_id=session_id)
    if not room.facilitator:
        return _refused(request, room, _("Only the facilitator of this session can do this."), 403)
    try:
        round_services.round_open(session=room.session, by=_user(request))
    except ValidationError as error:
        return _refusal_in_room(request, room, error)
    messages.success(request, _("The compass round is open. Everyone can answer in the room."))
    return redirect("room", session_id=session_id)


@require_POST
def round_close(request: HttpRequest, session_id: int) -> HttpResponse:
    room = access_room(request=request, session_id=session_id)
    if not room.facilitator:
        return _refused(request, room, _("Only the facilitator of this session can do this."), 403)
    compass_round = round_of(room.session)
    if compass_round is None:
        return _refusal_in_room(
            request, room, ValidationError(_("This session has no compass round."))
        )
    try:
        round_services.round_close(round=compass_round, by=_user(request))
    except ValidationError as error:
        return _refusal_in_room(request, room, error)
    messages.success(request, _("The compass round is closed. The board keeps its figures."))
    return redirect("room", session_id=session_id)


@require_POST
def round_answer(request: HttpRequest, session_id: int) -> HttpResponse:
    room = access_room(request=request, session_id=session_id)
    participant = room.participant
    if participant is None:
        return _refused(request, room, _("You do not take part in this session."), 403)
    compass_round = round_of(room.session)
    if compass_round is None:
        return _refusal_in_room(
            request, room, ValidationError(_("This session has no compass round."))
        )
    compass = compass_of(programme=room.session.programme)
    form = RoundForm(
        request.POST,
        facets=facets_in_use(compass) if compass else [],
        guest=participant.is_guest,
    )
    if form.is_valid():
        try:
            round_services.round_answer(
                round=compass_round,
                participant=participant,
                answers=form.answers(),
                perspective=form.cleaned_data.get("perspective", ""),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your answers have been sent."))
            return redirect("room", session_id=session_id)
    # The room as it is now: the form again as filled in while it is still asked for,
    # else (answered, closed meanwhile) the refusal as a message at the top.
    fresh = access_room(request=request, session_id=session_id)
    compass_round.refresh_from_db()
    answered = RoundResponse.objects.filter(
        round=compass_round, participant=participant, answered=True
    )
    if compass_round.is_open and fresh.session.phase != "closed" and not answered.exists():
        return render_room(request, fresh, bound={FORM_NAME: form}, status=400)
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, str(message))
    return render_room(request, fresh, status=400)
