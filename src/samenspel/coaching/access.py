"""Who may see or do what with coaching, on the programme's shared answer
(programmes.access.ProgrammeAccess). One line per condition; tested in
tests/test_access_matrix.py and tests/test_coaching.py.

A coaching exists only for its coach and its coachee, while they are members of the
programme. For everyone else (other facilitators, the programme's administrators, site
administrators, other members, other programmes) it does not exist: 404, never 403, so
that not even its existence shows. Site administrators who are not members find no
coaching pages at all.
"""

from django.db.models import Q
from django.http import Http404

from samenspel.coaching.constants import COACH_ROLES, COACHEE_ROLES
from samenspel.coaching.models import Coaching, CoachingConversation, DevelopmentGoal
from samenspel.programmes.access import ProgrammeAccess


def takes_part_in_coaching(access: ProgrammeAccess) -> bool:
    """A role that coaches or is coached. Decides the menu link (programmes.extensions),
    which may not ask the database: a coachee whose role changed since keeps their
    coaching, through "My coaching", but sees no link in the menu."""
    return access.role in COACH_ROLES or access.role in COACHEE_ROLES


def can_start_coaching(access: ProgrammeAccess) -> bool:
    return access.role in COACH_ROLES


def require_member(access: ProgrammeAccess) -> None:
    """Coaching is between members: without a role in the programme (a site
    administrator who is not a member) there is nothing here."""
    if access.role is None:
        raise Http404


def coachings_of(access: ProgrammeAccess) -> Q:
    """The coachings the viewer takes part in, as coach or as coachee."""
    return Q(programme=access.programme) & (Q(coach=access.user) | Q(coachee=access.user))


def access_coaching_by_id(*, access: ProgrammeAccess, coaching_id: int) -> Coaching:
    """The coaching, if the viewer is its coach or coachee and a member (else 404)."""
    require_member(access)
    coaching = (
        Coaching.objects.filter(coachings_of(access), pk=coaching_id)
        .select_related("coach", "coachee")
        .order_by()
        .first()
    )
    if coaching is None:
        raise Http404
    coaching.programme = access.programme
    return coaching


def access_conversation_by_id(*, coaching: Coaching, conversation_id: int) -> CoachingConversation:
    """A conversation of this coaching (reached through access_coaching_by_id)."""
    conversation = (
        CoachingConversation.objects.filter(coaching=coaching, pk=conversation_id)
        .order_by()
        .first()
    )
    if conversation is None:
        raise Http404
    conversation.coaching = coaching
    return conversation


def access_goal_by_id(*, coaching: Coaching, goal_id: int) -> DevelopmentGoal:
    """A goal of this coaching (reached through access_coaching_by_id)."""
    goal = DevelopmentGoal.objects.filter(coaching=coaching, pk=goal_id).order_by().first()
    if goal is None:
        raise Http404
    goal.coaching = coaching
    return goal
