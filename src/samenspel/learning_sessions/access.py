"""Who may see or do what with learning sessions, on the programme's shared answer
(programmes.access.ProgrammeAccess), and who is in a session's room.

- Every member of the programme sees its sessions, their agenda and their reports.
- Facilitators and administrators plan sessions (`can_plan`).
- Only the session's facilitator moves its phases and groups, captures and closes
  (`is_facilitator`); the role can be handed over.
- The room (the live session) is for its participants and its facilitator: members on
  the participant list, and guests who joined with the session's code. A guest's browser
  remembers which participant it is (in Django's session); a guest sees nothing else.
"""

from dataclasses import dataclass

from django.http import Http404, HttpRequest

from samenspel.accounts.models import User
from samenspel.learning_sessions.models import Action, LearningSession, Participant
from samenspel.programmes.access import MANAGERS, ProgrammeAccess

GUEST_SESSIONS = "guest_sessions"


def can_plan(access: ProgrammeAccess) -> bool:
    return access.is_site_administrator or access.role in MANAGERS


def is_facilitator(user: User | None, session: LearningSession) -> bool:
    return user is not None and user.is_authenticated and user.pk == session.facilitator_id


def can_edit_plan(access: ProgrammeAccess, session: LearningSession) -> bool:
    """Change the date, the agenda, the participants; hand the facilitator role over."""
    return is_facilitator(access.user, session) or can_plan(access)


def access_session_by_id(*, access: ProgrammeAccess, session_id: int) -> LearningSession:
    session = (
        LearningSession.objects.filter(programme=access.programme, pk=session_id)
        .select_related("facilitator", "course")
        .order_by()
        .first()
    )
    if session is None:
        raise Http404
    session.programme = access.programme
    return session


def access_action_by_id(*, access: ProgrammeAccess, action_id: int) -> Action:
    action = (
        Action.objects.filter(session__programme=access.programme, pk=action_id)
        .select_related("owner", "session")
        .order_by()
        .first()
    )
    if action is None:
        raise Http404
    return action


@dataclass(frozen=True)
class Room:
    """Someone in a session's room: its participant row (None for a facilitator who
    does not take part) and whether they run the session."""

    session: LearningSession
    participant: Participant | None
    facilitator: bool

    @property
    def can_contribute(self) -> bool:
        return self.participant is not None


def guest_participant_id(request: HttpRequest, session_id: int) -> int | None:
    joined = request.session.get(GUEST_SESSIONS, {})
    value = joined.get(str(session_id)) if isinstance(joined, dict) else None
    return value if isinstance(value, int) else None


def access_room(*, request: HttpRequest, session_id: int) -> Room:
    """The room of a session, for its facilitator, a member on its participant list, or a
    guest who joined it with the code. Anyone else: 404, so that a session one is not
    part of does not reveal that it exists."""
    session = (
        LearningSession.objects.filter(pk=session_id)
        .select_related("programme", "facilitator")
        .order_by()
        .first()
    )
    if session is None:
        raise Http404
    user = request.user
    if user.is_authenticated and user.is_active:
        participant = Participant.objects.filter(session=session, user=user).first()
        facilitator = is_facilitator(user, session)
        if participant is not None or facilitator:
            return Room(session=session, participant=participant, facilitator=facilitator)
    # A guest; a logged-in member who is not on the list may have joined with the code.
    guest_id = guest_participant_id(request, session.pk)
    participant = (
        Participant.objects.filter(session=session, pk=guest_id, user=None).first()
        if guest_id is not None
        else None
    )
    if participant is None:
        raise Http404
    return Room(session=session, participant=participant, facilitator=False)
