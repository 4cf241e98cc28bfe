"""Places on the pages of a coaching where the apps above coaching add their part
(docs/decisions/0007): coaching never imports them. Each app registers what it adds in
its AppConfig.ready() (the compass links goals to its facets and shows the coachee's
own compass over time).

- a **section** of a coaching page: a template and a function (request, access,
  coaching, goals) → its context. Places: "coaching" (the coaching's page, below its
  goals) and "goals" (the goals over time, below the goals);
- a **goal part**: a template drawn inside each goal's card, with a function (request,
  access, coaching, goals) → the context per goal id, filled for all goals in one go.
  Places: "coaching" and "goals", as the sections;
- **goal form fields**: fields added to the form of a new goal (given the programme),
  and a function that keeps their answers, called inside goal_add's transaction once the
  goal exists (goal, answers, by); it may refuse with a ValidationError on its fields,
  and then nothing is stored.

These pages are read by the coach and the coachee only (coaching.access): whatever a
section shows is theirs. The pages are not cached, so a section may depend on anything.
"""

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

if TYPE_CHECKING:
    from samenspel.accounts.models import User
    from samenspel.coaching.models import Coaching, DevelopmentGoal
    from samenspel.programmes.access import ProgrammeAccess
    from samenspel.programmes.models import Programme

# (request, access, coaching, goals) → a context, or per goal id a context
PageContext = Callable[
    [HttpRequest, "ProgrammeAccess", "Coaching", list["DevelopmentGoal"]], dict[Any, Any]
]


@dataclass(frozen=True)
class Section:
    template: str
    context: PageContext
    order: int = 0


@dataclass(frozen=True)
class GoalPart:
    template: str
    # → {goal id: the template's context}; a goal without an entry shows nothing
    context: PageContext
    order: int = 0


@dataclass(frozen=True)
class GoalFormFields:
    # (the programme) → the fields added to the new goal's form, by name
    fields: Callable[["Programme"], dict[str, forms.Field]]
    # (goal, the form's answers, by) → None, inside goal_add's transaction
    save: Callable[["DevelopmentGoal", Mapping[str, Any], "User"], None]


_sections: dict[str, list[Section]] = defaultdict(list)
_goal_parts: dict[str, list[GoalPart]] = defaultdict(list)
_goal_form_fields: list[GoalFormFields] = []


def add_section(place: str, section: Section) -> None:
    _sections[place].append(section)
    _sections[place].sort(key=lambda s: s.order)


def add_goal_part(place: str, part: GoalPart) -> None:
    _goal_parts[place].append(part)
    _goal_parts[place].sort(key=lambda p: p.order)


def add_goal_form_fields(extra: GoalFormFields) -> None:
    _goal_form_fields.append(extra)


def goal_form_fields(programme: "Programme") -> dict[str, forms.Field]:
    fields: dict[str, forms.Field] = {}
    for extra in _goal_form_fields:
        fields.update(extra.fields(programme))
    return fields


def after_goal_add(*, goal: "DevelopmentGoal", answers: Mapping[str, Any], by: "User") -> None:
    for extra in _goal_form_fields:
        extra.save(goal, answers, by)


def render_sections(
    place: str,
    request: HttpRequest,
    access: "ProgrammeAccess",
    coaching: "Coaching",
    goals: list["DevelopmentGoal"],
) -> list[SafeString]:
    base = {"access": access, "programme": access.programme, "coaching": coaching}
    return [
        SafeString(
            render_to_string(
                section.template,
                {**base, **section.context(request, access, coaching, goals)},
                request=request,
            )
        )
        for section in _sections[place]
    ]


def render_goal_parts(
    place: str,
    request: HttpRequest,
    access: "ProgrammeAccess",
    coaching: "Coaching",
    goals: list["DevelopmentGoal"],
) -> dict[int, list[SafeString]]:
    """Per goal id, the parts drawn for it (an empty list when none)."""
    drawn: dict[int, list[SafeString]] = {goal.pk: [] for goal in goals}
    base = {"access": access, "programme": access.programme, "coaching": coaching}
    for part in _goal_parts[place]:
        contexts = part.context(request, access, coaching, goals)
        for goal in goals:
            if goal.pk in contexts:
                drawn[goal.pk].append(
                    SafeString(
                        render_to_string(
                            part.template,
                            {**base, "goal": goal, **contexts[goal.pk]},
                            request=request,
                        )
                    )
                )
    return drawn
