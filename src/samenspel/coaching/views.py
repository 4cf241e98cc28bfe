"""Pages of coaching: "My coaching", a coaching with its conversations and goals, the
goals over time, and the forms that write. Thin: coaching.access hands out the coaching
(404 for anyone but its coach and coachee), a service writes, and a refusal is shown on
the form with status 400, nothing stored.

These pages are never cached: a coaching write does not raise the programme's data
version (the key of every cached rendering), and they are read by two people only.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samenspel.coaching import access as coaching_access
from samenspel.coaching import places, selectors, services
from samenspel.coaching.constants import CONVERSATIONS_PER_PAGE
from samenspel.coaching.forms import (
    CoachingStartForm,
    ConversationEditForm,
    ConversationForm,
    GoalForm,
    GoalStepForm,
)
from samenspel.coaching.models import Coaching
from samenspel.common.forms import add_service_error
from samenspel.common.paging import paginate
from samenspel.programmes.access import ProgrammeAccess, access_programme_by_slug


def _access(request: HttpRequest, slug: str) -> ProgrammeAccess:
    user: Any = request.user
    access = access_programme_by_slug(user=user, slug=slug)
    coaching_access.require_member(access)
    return access


def _coaching(request: HttpRequest, slug: str, coaching_id: int) -> tuple[ProgrammeAccess, Any]:
    access = _access(request, slug)
    return access, coaching_access.access_coaching_by_id(access=access, coaching_id=coaching_id)


def _render(
    request: HttpRequest,
    template: str,
    access: ProgrammeAccess,
    status: int = 200,
    **context: Any,
) -> HttpResponse:
    return render(
        request,
        template,
        {"access": access, "programme": access.programme, **context},
        status=status,
    )


def _to_coaching(coaching: Coaching) -> HttpResponse:
    return redirect("coaching-detail", slug=coaching.programme.slug, coaching_id=coaching.pk)


@login_required
def coaching_list(request: HttpRequest, slug: str) -> HttpResponse:
    access = _access(request, slug)
    can_start = coaching_access.can_start_coaching(access)
    return _render(
        request,
        "coaching/coaching_list.html",
        access,
        page=paginate(
            request, selectors.coachings_for(programme=access.programme, user=access.user)
        ),
        can_start=can_start,
        form=CoachingStartForm(programme=access.programme, coach=access.user)
        if can_start
        else None,
    )


@login_required
@require_http_methods(["GET", "POST"])
def coaching_start(request: HttpRequest, slug: str) -> HttpResponse:
    access = _access(request, slug)
    access.require(coaching_access.can_start_coaching(access))
    form = CoachingStartForm(request.POST or None, programme=access.programme, coach=access.user)
    if request.method == "POST" and form.is_valid():
        try:
            coaching = services.coaching_start(
                programme=access.programme,
                by=access.user,
                coachee=form.cleaned_data["coachee"],
                started_on=form.cleaned_data["started_on"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The coaching has started. Only the two of you see it."))
            return _to_coaching(coaching)
    status = 400 if request.method == "POST" else 200
    return _render(request, "coaching/coaching_start.html", access, status, form=form)


def _goals_with_places(
    place: str, request: HttpRequest, access: ProgrammeAccess, coaching: Coaching
) -> dict[str, Any]:
    """The coaching's goals, each with the parts other apps draw in its card
    (`goal.parts`), and the sections they add to the page (coaching.places)."""
    goals = selectors.goals_of(coaching=coaching)
    parts = places.render_goal_parts(place, request, access, coaching, goals)
    for goal in goals:
        goal.parts = parts[goal.pk]  # type: ignore[attr-defined]
    return {
        "goals": goals,
        "sections": places.render_sections(place, request, access, coaching, goals),
    }


@login_required
def coaching_detail(request: HttpRequest, slug: str, coaching_id: int) -> HttpResponse:
    access, coaching = _coaching(request, slug, coaching_id)
    return _render(
        request,
        "coaching/coaching_detail.html",
        access,
        coaching=coaching,
        page=paginate(
            request,
            selectors.conversations_of(coaching=coaching),
            per_page=CONVERSATIONS_PER_PAGE,
        ),
        **_goals_with_places("coaching", request, access, coaching),
    )


@login_required
def coaching_goals(request: HttpRequest, slug: str, coaching_id: int) -> HttpResponse:
    """The goals over time: each goal's course as a picture and as a list of steps."""
    access, coaching = _coaching(request, slug, coaching_id)
    return _render(
        request,
        "coaching/coaching_goals.html",
        access,
        coaching=coaching,
        heading=_("Goals over time"),
        until=coaching.ended_on or timezone.localdate(),
        **_goals_with_places("goals", request, access, coaching),
    )


def _write_page(
    request: HttpRequest,
    access: ProgrammeAccess,
    coaching: Coaching,
    *,
    template: str,
    heading: str,
    form: Form,
    act: Callable[[dict[str, Any]], object],
    done: str,
    **context: Any,
) -> HttpResponse:
    """A form that writes to an open coaching. GET shows it; a valid POST calls the
    service and returns to the coaching; a refusal shows the form again with its errors,
    status 400, and nothing is stored. An ended coaching offers no forms."""
    if request.method == "GET" and coaching.has_ended:
        messages.info(request, _("This coaching has ended. It can no longer be changed."))
        return _to_coaching(coaching)
    if request.method == "POST" and form.is_valid():
        try:
            act(form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, done)
            return _to_coaching(coaching)
    status = 400 if request.method == "POST" else 200
    return _render(
        request, template, access, status, coaching=coaching, form=form, heading=heading, **context
    )


def _conversation(data: dict[str, Any]) -> dict[str, Any]:
    """A conversation form's answers, as the services take them."""
    texts = ("held_on", "what_happened", "reflection", "agreements")
    return {**{name: data[name] for name in texts}, "initiatives": list(data["initiatives"])}


@login_required
@require_http_methods(["GET", "POST"])
def conversation_create(request: HttpRequest, slug: str, coaching_id: int) -> HttpResponse:
    access, coaching = _coaching(request, slug, coaching_id)
    form = ConversationForm(request.POST or None, programme=access.programme)
    return _write_page(
        request,
        access,
        coaching,
        template="coaching/conversation_form.html",
        heading=_("New conversation"),
        form=form,
        act=lambda data: services.conversation_add(
            coaching=coaching, by=access.user, **_conversation(data)
        ),
        done=_("The conversation has been saved."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def conversation_edit(
    request: HttpRequest, slug: str, coaching_id: int, conversation_id: int
) -> HttpResponse:
    access, coaching = _coaching(request, slug, coaching_id)
    conversation = coaching_access.access_conversation_by_id(
        coaching=coaching, conversation_id=conversation_id
    )
    form = ConversationEditForm(
        request.POST or None,
        programme=access.programme,
        initial={
            "held_on": conversation.held_on,
            "initiatives": list(conversation.initiatives.all()),
            "what_happened": conversation.what_happened,
            "reflection": conversation.reflection,
            "agreements": conversation.agreements,
            "version": conversation.version,
        },
    )
    return _write_page(
        request,
        access,
        coaching,
        template="coaching/conversation_form.html",
        heading=_("Edit the conversation"),
        form=form,
        act=lambda data: services.conversation_update(
            conversation=conversation,
            by=access.user,
            expected_version=data["version"],
            **_conversation(data),
        ),
        done=_("The conversation has been saved."),
        conversation=conversation,
    )


@login_required
@require_http_methods(["GET", "POST"])
def goal_create(request: HttpRequest, slug: str, coaching_id: int) -> HttpResponse:
    access, coaching = _coaching(request, slug, coaching_id)
    form = GoalForm(request.POST or None, programme=access.programme)
    return _write_page(
        request,
        access,
        coaching,
        template="coaching/goal_form.html",
        heading=_("New development goal"),
        form=form,
        act=lambda data: services.goal_add(
            coaching=coaching,
            by=access.user,
            text=data["text"],
            learning_questions=list(data["learning_questions"]),
            set_on=data["set_on"],
            answers={name: data[name] for name in form.extra_fields},
        ),
        done=_("The development goal has been added."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def goal_step(request: HttpRequest, slug: str, coaching_id: int, goal_id: int) -> HttpResponse:
    access, coaching = _coaching(request, slug, coaching_id)
    goal = coaching_access.access_goal_by_id(coaching=coaching, goal_id=goal_id)
    form = GoalStepForm(request.POST or None, initial={"status": goal.status})
    return _write_page(
        request,
        access,
        coaching,
        template="coaching/goal_step.html",
        heading=_("Add a step"),
        form=form,
        act=lambda data: services.goal_step_record(goal=goal, by=access.user, **data),
        done=_("The step has been added to the goal."),
        goal=goal,
    )


@login_required
@require_http_methods(["GET", "POST"])
def coaching_end(request: HttpRequest, slug: str, coaching_id: int) -> HttpResponse:
    """Asks first; the POST of the confirmation ends the coaching."""
    access, coaching = _coaching(request, slug, coaching_id)
    if coaching.has_ended:
        messages.info(request, _("This coaching has ended. It can no longer be changed."))
        return _to_coaching(coaching)
    if request.method == "POST":
        try:
            services.coaching_end(coaching=coaching, by=access.user)
        except ValidationError as refusal:  # ended by the other one in the meantime
            messages.info(request, refusal.messages[0])
        else:
            messages.success(request, _("The coaching has ended. You can still read it."))
        return _to_coaching(coaching)
    return _render(
        request,
        "coaching/coaching_end.html",
        access,
        coaching=coaching,
        heading=_("End the coaching?"),
    )
