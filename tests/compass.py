"""Shared set-up for the compass tests: a programme's compass from a template, and
assessments made through the service (as the pages make them)."""

import datetime
from collections.abc import Mapping

from django.utils import translation

from samenspel.compass import services
from samenspel.compass.constants import DEFAULT_TEMPLATE, Perspective, Subject
from samenspel.compass.models import Assessment, Compass
from samenspel.compass.services import ScoreInput


def make_compass(programme, by, template: str = DEFAULT_TEMPLATE) -> Compass:
    """The compass from a template, its facets named in Dutch whatever language an
    earlier test left active (the tests name the facets in Dutch)."""
    with translation.override("nl"):
        return services.compass_create(programme=programme, template=template, by=by)


def assess(
    compass: Compass,
    scores: Mapping[str, int] | list[int],
    *,
    perspective: str = Perspective.CIVIL_SERVANTS,
    respondent=None,
    anonymous: bool = False,
    subject: str = Subject.PROGRAMME,
    on: datetime.date | None = None,
    desired: Mapping[str, int] | list[int] | None = None,
    notes: Mapping[str, str] | None = None,
    **subject_objects,
) -> Assessment:
    """Answer the compass: `scores` per facet name, or in facet order."""
    facets = list(compass.facets.filter(retired_at__isnull=True).order_by("position"))
    if isinstance(scores, list):
        scores = {facet.name: value for facet, value in zip(facets, scores, strict=False)}
    if isinstance(desired, list):
        desired = {facet.name: value for facet, value in zip(facets, desired, strict=False)}
    by_name = {facet.name: facet for facet in compass.facets.all()}
    answers = {
        by_name[name].pk: ScoreInput(
            current=value,
            desired=(desired or {}).get(name),
            note=(notes or {}).get(name, ""),
        )
        for name, value in scores.items()
    }
    return services.assessment_record(
        programme=compass.programme,
        subject=subject,
        perspective=perspective,
        answers=answers,
        respondent=respondent,
        anonymous=anonymous,
        assessed_on=on,
        **subject_objects,
    )
