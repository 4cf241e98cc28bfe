"""What learning sessions add to the programme's pages (programmes.extensions) and how
their events read in a history (common.history). Registered in
LearningSessionsConfig.ready().

The overview's "next sessions" and "my work"'s sessions are drawn inside cached
renderings keyed by the programme's data version and the date. They stay correct
because everything they show changes only through services that audit with the
programme (planning, changing, a phase, closing, a hand-over, the participant list),
and an audit event with a programme raises its data version; "upcoming" is counted
from the start of today, which the key names.
"""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samenspel.common.history import register_describer, register_labels
from samenspel.common.models import AuditEvent
from samenspel.learning_sessions import selectors
from samenspel.learning_sessions.access import can_plan
from samenspel.learning_sessions.constants import SessionPhase
from samenspel.programmes import extensions
from samenspel.programmes.access import ProgrammeAccess

# Every page of the planning side marks the programme menu's "Learning sessions" tab.
PAGES = frozenset(
    {
        "session-list",
        "session-create",
        "course-create",
        "session-detail",
        "session-edit",
        "session-agenda",
        "session-participants",
        "session-hand-over",
        "session-report",
    }
)


def _next_sessions(request: HttpRequest, access: ProgrammeAccess, obj: Any) -> dict[str, Any]:
    return {
        "sessions": selectors.sessions_upcoming(programme=access.programme),
        "can_plan": can_plan(access),
    }


def _my_sessions(request: HttpRequest, memberships: list[Any]) -> dict[str, Any]:
    user: Any = request.user
    return {
        "sessions": selectors.my_upcoming_sessions(
            user=user, programme_ids=[m.programme_id for m in memberships]
        ),
        "has_programmes": bool(memberships),
    }


def _phase_label(value: Any) -> str:
    return str(SessionPhase(value).label) if value in SessionPhase.values else str(value)


def _describe_phase(event: AuditEvent) -> str:
    return _("Phase changed: %(from)s → %(to)s") % {
        "from": _phase_label(event.data.get("from")),
        "to": _phase_label(event.data.get("to")),
    }


def register() -> None:
    extensions.add_menu_link(
        extensions.MenuLink(
            gettext_lazy("Learning sessions"), "session-list", current=PAGES, order=10
        )
    )
    extensions.add_section(
        "programme",
        extensions.Section("learning_sessions/programme_sessions.html", _next_sessions, order=5),
    )
    extensions.add_personal_section(
        extensions.PersonalSection("learning_sessions/my_sessions.html", _my_sessions, order=5)
    )
    register_labels(
        {
            "session.plan": gettext_lazy("Session planned"),
            "session.update": gettext_lazy("Plan changed"),
            "session.agenda": gettext_lazy("Agenda set"),
            "session.participants": gettext_lazy("Participants added"),
            "session.participant_remove": gettext_lazy("Participant taken off the list"),
            "session.hand_over": gettext_lazy("Facilitator's role handed over"),
            "session.guest_join": gettext_lazy("A guest joined with the code"),
            "contribution.add": gettext_lazy("Contribution written"),
            "course.create": gettext_lazy("Course created"),
            "calendar.create": gettext_lazy("Calendar address made"),
            "calendar.revoke": gettext_lazy("Calendar address revoked"),
        }
    )
    register_describer("session.phase", _describe_phase)
