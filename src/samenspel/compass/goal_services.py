"""Writes that link a coachee's development goals to facets of the programme's compass
(compass.models.GoalFacet).

Audited like coaching's own events (coaching.services): programme=None and no content,
only ids, so that the programme's history and its data version never hear of a
coaching. Only facets in use of the goal's programme's compass may be linked.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samenspel.accounts.models import User
from samenspel.coaching.models import Coaching, DevelopmentGoal
from samenspel.common.services import audit_record
from samenspel.compass.models import Facet, GoalFacet


@transaction.atomic
def goal_facets_set(*, goal: DevelopmentGoal, facets: Iterable[Facet], by: User) -> list[Facet]:
    """Link the goal to exactly these facets (none is fine). Refused: a facet of another
    programme's compass, a retired facet, an ended coaching."""
    coaching = Coaching.objects.select_for_update().get(pk=goal.coaching_id)
    if coaching.ended_on is not None:
        raise ValidationError(_("This coaching has ended. It can no longer be changed."))
    wanted = {facet.pk: facet for facet in facets}
    found = {
        facet.pk: facet
        for facet in Facet.objects.filter(
            pk__in=wanted, compass__programme_id=coaching.programme_id
        )
    }
    if found.keys() != wanted.keys():
        raise ValidationError(
            {"facets": _("Choose facets of this programme's compass.")}, code="foreign"
        )
    retired = [facet.name for facet in found.values() if facet.retired_at is not None]
    if retired:
        raise ValidationError(
            {
                "facets": _("The facet “%(name)s” is retired: choose a facet in use.")
                % {"name": retired[0]}
            },
            code="retired",
        )
    linked = set(GoalFacet.objects.filter(goal=goal).values_list("facet_id", flat=True))
    if linked != found.keys():
        GoalFacet.objects.filter(goal=goal).exclude(facet_id__in=found).delete()
        GoalFacet.objects.bulk_create(
            GoalFacet(goal=goal, facet_id=facet_id) for facet_id in found.keys() - linked
        )
        audit_record(
            actor=by,
            action="coaching.goal_facets",
            target=goal,
            data={"coaching": coaching.pk, "facets": sorted(found)},
        )
    return sorted(found.values(), key=lambda facet: (facet.position, facet.pk))
