"""Places in the room of a learning session where the apps above learning sessions add
their part (docs/decisions/0007): learning_sessions never imports them. Each app
registers what it adds in its AppConfig.ready() (the compass adds its compass round).

- a **room section**: a template and a function (request, room, bound) → its context,
  drawn on the room page of each person, below the panel of the phase. `bound` holds the
  forms a refused POST filled in (by the name the section gave them), so that the room
  shows them again with their errors; the section's own views render the room with
  `learning_sessions.room.render_room(…, bound=…)`.
- a **board section**: a template and a function (session) → its context, drawn inside
  the board (board_fragment.html). The board is drawn once per session version and kept
  in the cache (learning_sessions.room.board_html), so a board section may depend on the
  session and what the session's version covers, nothing else: no request, no user, no
  CSRF token. Whatever changes what a board section shows must raise the session's
  version (`services.session_touch`), or the live board keeps the old picture.

A board section may mark an element with `data-room-state="…"`: when that value
changes, static/samenspel/live.js reloads the room page as it does when the phase
changes (the room's forms differ), so that a new form appears without a reload by hand.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

if TYPE_CHECKING:
    from samenspel.learning_sessions.access import Room
    from samenspel.learning_sessions.models import LearningSession


@dataclass(frozen=True)
class RoomSection:
    template: str
    # (request, room, the refused POST's bound forms) → the template's context
    context: Callable[[HttpRequest, "Room", Mapping[str, Any]], dict[str, Any]]
    order: int = 0


@dataclass(frozen=True)
class BoardSection:
    template: str
    # (session) → the template's context; nothing that depends on who looks
    context: Callable[["LearningSession"], dict[str, Any]]
    order: int = 0


_room_sections: list[RoomSection] = []
_board_sections: list[BoardSection] = []


def add_room_section(section: RoomSection) -> None:
    _room_sections.append(section)
    _room_sections.sort(key=lambda s: s.order)


def add_board_section(section: BoardSection) -> None:
    _board_sections.append(section)
    _board_sections.sort(key=lambda s: s.order)


def render_room_sections(
    request: HttpRequest, room: "Room", bound: Mapping[str, Any]
) -> list[SafeString]:
    base = {"room": room, "session": room.session}
    return [
        SafeString(
            render_to_string(
                section.template,
                {**base, **section.context(request, room, bound)},
                request=request,
            )
        )
        for section in _room_sections
    ]


def render_board_sections(session: "LearningSession") -> list[SafeString]:
    return [
        SafeString(
            render_to_string(section.template, {"session": session, **section.context(session)})
        )
        for section in _board_sections
    ]
