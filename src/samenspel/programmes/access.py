"""Who may see or do what in a programme: the one shared answer every app builds on.

`access_programme_by_slug` reads the programme and the user's role in it, once per
request. Each app then decides access to its own objects next to its models, in its own
`access.py`, on this answer (cycles.access for learning cycles). The answers:

- not logged in → the view's login_required sends the visitor to the log-in page;
- not a member of the programme (and not a site administrator) → Http404, so that another
  programme's objects do not even reveal that they exist;
- a member whose role does not allow the action → PermissionDenied (403).

Each rule is one line per condition and is tested in tests/test_access_matrix.py.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404

from samenspel.accounts.models import User
from samenspel.programmes.constants import Role
from samenspel.programmes.models import Area, Initiative, LearningQuestion, Membership, Programme

MANAGERS = {Role.FACILITATOR, Role.ADMINISTRATOR}
EDITORS = {Role.FACILITATOR, Role.ADMINISTRATOR, Role.CIVIL_SERVANT}


@dataclass(frozen=True)
class ProgrammeAccess:
    """What one user may do in one programme, computed once per request."""

    user: User
    programme: Programme
    role: Role | None
    is_site_administrator: bool

    @property
    def can_manage(self) -> bool:
        """Edit the programme itself, its areas, review questions and memberships."""
        return self.is_site_administrator or self.role in MANAGERS

    @property
    def can_edit(self) -> bool:
        """Create and edit initiatives and learning questions."""
        return self.is_site_administrator or self.role in EDITORS

    @property
    def can_propose(self) -> bool:
        """Propose an initiative of one's own (it starts as an idea)."""
        return self.role == Role.INITIATOR

    @property
    def cache_parts(self) -> tuple[object, ...]:
        """What a cached rendering of this programme for this user depends on, besides
        the address (see common.caching): the data, and what the role may see and do."""
        return (
            self.programme.pk,
            self.programme.data_version,
            self.role or "",
            "staff" if self.is_site_administrator else "",
        )

    def require(self, allowed: bool) -> None:
        if not allowed:
            raise PermissionDenied


_MEMBERSHIPS, _PROGRAMMES = Membership._meta.db_table, Programme._meta.db_table
ACCESS_SQL = (
    f"SELECT p.*, (SELECT m.role FROM {_MEMBERSHIPS} m WHERE m.programme_id = p.id "
    f"AND m.user_id = %s LIMIT 1) AS viewer_role FROM {_PROGRAMMES} p WHERE p.slug = %s"
)


def access_programme_by_slug(*, user: User, slug: str) -> ProgrammeAccess:
    """The programme and the user's role in it, read in one query."""
    if not user.is_authenticated or not user.is_active:
        raise Http404
    # Every programme page asks this, warm or cold: written out once, not built by the
    # ORM on every request. The same SQL on SQLite and PostgreSQL.
    found = list(Programme.objects.raw(ACCESS_SQL, [user.pk, slug]))
    if not found:
        raise Http404
    programme = found[0]
    viewer_role = getattr(programme, "viewer_role", None)
    role = Role(viewer_role) if viewer_role else None
    if role is None and not user.is_staff:
        raise Http404
    return ProgrammeAccess(
        user=user, programme=programme, role=role, is_site_administrator=user.is_staff
    )


def access_initiative_by_id(*, access: ProgrammeAccess, initiative_id: int) -> Initiative:
    initiative = (
        Initiative.objects.filter(programme=access.programme, pk=initiative_id)
        .select_related("area", "contact")
        .order_by()
        .first()
    )
    if initiative is None:
        raise Http404
    initiative.programme = access.programme
    return initiative


def access_area_by_id(*, access: ProgrammeAccess, area_id: int) -> Area:
    area = Area.objects.filter(programme=access.programme, pk=area_id).order_by().first()
    if area is None:
        raise Http404
    area.programme = access.programme
    return area


def access_question_by_number(*, access: ProgrammeAccess, number: int) -> LearningQuestion:
    question = (
        LearningQuestion.objects.filter(programme=access.programme, number=number)
        .select_related("answered_by")
        .order_by()
        .first()
    )
    if question is None:
        raise Http404
    question.programme = access.programme
    return question


def access_membership_by_id(*, access: ProgrammeAccess, membership_id: int) -> Membership:
    membership = (
        Membership.objects.filter(programme=access.programme, pk=membership_id)
        .select_related("user")
        .order_by()
        .first()
    )
    if membership is None:
        raise Http404
    membership.programme = access.programme
    return membership


def can_create_programmes(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.is_staff
