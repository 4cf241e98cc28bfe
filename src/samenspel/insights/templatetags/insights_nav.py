"""The helicopter view's own navigation (templates/insights/_views.html) asks who runs
the programme: only they see the link to the facilitator's dashboard."""

from django import template

from samenspel.insights import access as insights_access
from samenspel.programmes.access import ProgrammeAccess

register = template.Library()


@register.filter
def runs_programme(access: ProgrammeAccess | None) -> bool:
    return access is not None and insights_access.can_run(access)
