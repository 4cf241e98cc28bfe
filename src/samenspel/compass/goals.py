"""What the compass adds to coaching (coaching.places, registered in compass.extensions):
a development goal linked to facets of the programme's compass, and the coachee's own
compass over time for those facets.

- The form of a new goal gets the facets in use as check boxes; the link is kept by
  compass.goal_services.goal_facets_set in goal_add's transaction.
- Each goal's card shows its facets (name and colour) and a link to change them
  (`coaching-goal-facets`, a page of its own under the goal's address).
- The coaching page and the goals page show "the coachee's compass over time": their
  self-assessments (subject: the person) for the linked facets, the newest first.

Only the coach and the coachee reach these pages and the change page
(coaching.access: 404 for anyone else), so a self-assessment, which is otherwise its
person's alone (compass.access), is shown to their coach here and nowhere else.
"""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from samenspel.accounts.models import User
from samenspel.coaching import access as coaching_access
from samenspel.coaching.models import Coaching, DevelopmentGoal
from samenspel.common.forms import add_service_error
from samenspel.compass.constants import COLOUR_HEX, FacetColour, Subject
from samenspel.compass.goal_services import goal_facets_set
from samenspel.compass.models import Facet, GoalFacet, Score
from samenspel.programmes.access import ProgrammeAccess, access_programme_by_slug
from samenspel.programmes.models import Programme

# How many self-assessments per facet the coaching pages show.
OWN_SCORES_SHOWN = 8


def colour_of(facet: Facet) -> str:
    return COLOUR_HEX.get(FacetColour(facet.colour), COLOUR_HEX[FacetColour.BLUE])


def _facets_in_use(programme: Programme) -> QuerySet[Facet]:
    return Facet.objects.filter(compass__programme=programme, retired_at__isnull=True).order_by(
        "position", "id"
    )


class FacetChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.name


def facets_field(*, programme: Programme, required: bool = False) -> forms.Field:
    return FacetChoice(
        label=gettext_lazy("Facets of the compass"),
        queryset=_facets_in_use(programme),
        required=required,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "Which directions of the compass does this goal work on? None is fine too."
        ),
    )


# The new goal's form ----------------------------------------------------------------------


def goal_form_fields(programme: Programme) -> dict[str, forms.Field]:
    """The facets in use as check boxes; nothing when the compass has none."""
    if not _facets_in_use(programme).exists():
        return {}
    return {"facets": facets_field(programme=programme)}


def goal_form_save(goal: DevelopmentGoal, answers: Mapping[str, Any], by: User) -> None:
    facets = list(answers.get("facets") or [])
    if facets:
        goal_facets_set(goal=goal, facets=facets, by=by)


# The goals' cards and the coachee's own compass ----------------------------------------------


def _links(goals: list[DevelopmentGoal]) -> dict[int, list[Facet]]:
    linked: dict[int, list[Facet]] = defaultdict(list)
    rows = (
        GoalFacet.objects.filter(goal__in=goals)
        .select_related("facet")
        .order_by("facet__position", "facet_id")
    )
    for row in rows:
        linked[row.goal_id].append(row.facet)
    return linked


@dataclass(frozen=True)
class LinkedFacet:
    facet: Facet
    colour: str


def goal_part(
    request: HttpRequest, access: ProgrammeAccess, coaching: Coaching, goals: list[DevelopmentGoal]
) -> dict[int, dict[str, Any]]:
    """Per goal: its facets, and whether they may still be changed. One query. A goal
    gets an entry only when the programme has a compass or the goal has facets."""
    linked = _links(goals)
    has_compass = not coaching.has_ended and _facets_in_use(coaching.programme).exists()
    return {
        goal.pk: {
            "facets": [LinkedFacet(facet, colour_of(facet)) for facet in linked.get(goal.pk, [])],
            "can_change": has_compass,
        }
        for goal in goals
        if has_compass or linked.get(goal.pk)
    }


@dataclass(frozen=True)
class OwnScore:
    on: Any
    current: int
    desired: int | None


@dataclass(frozen=True)
class OwnFacet:
    facet: Facet
    colour: str
    scores: list[OwnScore]


def own_scores(*, coaching: Coaching, facets: list[Facet]) -> list[OwnFacet]:
    """The coachee's self-assessments in the coaching's programme for `facets`, made while
    the coaching ran (from its start, until its end if it ended: a former coach does not
    follow the coachee afterwards): per facet the newest OWN_SCORES_SHOWN (day, now,
    desired). One query, however many there are."""
    if not facets:
        return []
    during = {"assessment__assessed_on__gte": coaching.started_on}
    if coaching.ended_on is not None:
        during["assessment__assessed_on__lte"] = coaching.ended_on
    rows = (
        Score.objects.filter(
            assessment__programme_id=coaching.programme_id,
            assessment__subject=Subject.PERSON,
            assessment__person_id=coaching.coachee_id,
            facet__in=facets,
            **during,
        )
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("facet_id")],
                order_by=[F("assessment__assessed_on").desc(), F("assessment_id").desc()],
            )
        )
        .filter(rank__lte=OWN_SCORES_SHOWN)
        .order_by("facet_id", "rank")
        .values_list("facet_id", "assessment__assessed_on", "current", "desired")
    )
    scores: dict[int, list[OwnScore]] = defaultdict(list)
    for facet_id, on, current, desired in rows:
        scores[facet_id].append(OwnScore(on, current, desired))
    return [OwnFacet(facet, colour_of(facet), scores.get(facet.pk, [])) for facet in facets]


def own_compass_section(
    request: HttpRequest, access: ProgrammeAccess, coaching: Coaching, goals: list[DevelopmentGoal]
) -> dict[str, Any]:
    """ "The coachee's compass over time" for the facets the goals are linked to."""
    linked = _links(goals)
    facets: dict[int, Facet] = {}
    for goal in goals:
        for facet in linked.get(goal.pk, []):
            facets.setdefault(facet.pk, facet)
    ordered = sorted(facets.values(), key=lambda facet: (facet.position, facet.pk))
    is_coachee = access.user.pk == coaching.coachee_id
    slug = coaching.programme.slug
    return {
        "own_facets": own_scores(coaching=coaching, facets=ordered),
        "is_coachee": is_coachee,
        "personal_url": reverse("compass-personal", args=[slug]) if is_coachee else None,
        "answer_url": reverse("compass-answer", args=[slug]) if is_coachee else None,
    }


# Changing a goal's facets -------------------------------------------------------------------


class GoalFacetsForm(forms.Form):
    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["facets"] = facets_field(programme=programme)


@login_required
@require_http_methods(["GET", "POST"])
def goal_facets(request: HttpRequest, slug: str, coaching_id: int, goal_id: int) -> HttpResponse:
    """Change which facets a goal works on: for its coach and coachee (else 404), while
    the coaching is open."""
    user: Any = request.user
    access = access_programme_by_slug(user=user, slug=slug)
    coaching = coaching_access.access_coaching_by_id(access=access, coaching_id=coaching_id)
    goal = coaching_access.access_goal_by_id(coaching=coaching, goal_id=goal_id)
    to_goals = redirect("coaching-goals", slug=slug, coaching_id=coaching.pk)
    if coaching.has_ended:
        messages.info(request, _("This coaching has ended. It can no longer be changed."))
        return to_goals
    if not _facets_in_use(access.programme).exists():
        messages.info(request, _("The programme's compass has no facets in use yet."))
        return to_goals
    linked = list(GoalFacet.objects.filter(goal=goal).values_list("facet_id", flat=True))
    # Bound on every POST: one with no box ticked unlinks them all.
    form = GoalFacetsForm(
        request.POST if request.method == "POST" else None,
        programme=access.programme,
        initial={"facets": linked},
    )
    if request.method == "POST" and form.is_valid():
        try:
            goal_facets_set(goal=goal, facets=list(form.cleaned_data["facets"]), by=access.user)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The facets of the goal have been saved."))
            return to_goals
    return render(
        request,
        "compass/goal_facets.html",
        {
            "access": access,
            "programme": access.programme,
            "coaching": coaching,
            "goal": goal,
            "form": form,
            "heading": _("Facets of the goal"),
        },
        status=400 if request.method == "POST" else 200,
    )
