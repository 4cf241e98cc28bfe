"""Who may see or do what with the compass, on the programme's shared answer
(programmes.access.ProgrammeAccess). One line per condition; tested in
tests/test_access_matrix.py and tests/test_compass*.py.

- every member sees the programme's compass and its pictures, and answers it from the
  perspective of their role (constants.PERSPECTIVE_OF_ROLE);
- the facilitator and the administrator choose the template, edit the facets and open
  and close the answer links;
- a self-assessment (about oneself) is seen by its person only (and by their coach, on
  the coaching's pages);
- a resident with a link reaches that link's form and nothing else; an unknown key is a
  404.
"""

from django.http import Http404

from samenspel.compass.constants import PERSPECTIVE_OF_ROLE, Perspective
from samenspel.compass.models import AnswerLink, Assessment, Facet
from samenspel.programmes.access import ProgrammeAccess


def can_see(access: ProgrammeAccess) -> bool:
    return access.role is not None or access.is_site_administrator


def can_manage(access: ProgrammeAccess) -> bool:
    return access.can_manage


def can_answer(access: ProgrammeAccess) -> bool:
    """A member answers; a site administrator who is not a member has no perspective."""
    return access.role is not None


def perspective_of(access: ProgrammeAccess) -> Perspective:
    assert access.role is not None
    return PERSPECTIVE_OF_ROLE[access.role]


def access_facet_by_id(*, access: ProgrammeAccess, facet_id: int) -> Facet:
    facet = (
        Facet.objects.filter(compass__programme=access.programme, pk=facet_id)
        .select_related("compass")
        .order_by()
        .first()
    )
    if facet is None:
        raise Http404
    facet.compass.programme = access.programme
    return facet


def access_link_by_id(*, access: ProgrammeAccess, link_id: int) -> AnswerLink:
    link = AnswerLink.objects.filter(programme=access.programme, pk=link_id).order_by().first()
    if link is None:
        raise Http404
    link.programme = access.programme
    return link


def access_link_by_key(*, key: str) -> AnswerLink:
    """The link a resident opened, open or closed (a closed one says so); else 404."""
    link = (
        AnswerLink.objects.filter(key=key)
        .select_related("programme", "initiative")
        .order_by()
        .first()
    )
    if link is None:
        raise Http404
    return link


def access_own_assessment_by_id(*, access: ProgrammeAccess, assessment_id: int) -> Assessment:
    """One's own named assessment in this programme (to take it back); else 404."""
    assessment = (
        Assessment.objects.filter(
            programme=access.programme, respondent=access.user, pk=assessment_id
        )
        .order_by()
        .first()
    )
    if assessment is None:
        raise Http404
    assessment.programme = access.programme
    return assessment
