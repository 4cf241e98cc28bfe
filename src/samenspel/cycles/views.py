"""The cycle page and its phase actions. Every POST goes through a service, which
enforces the state machine; the view only checks the role and shows the answer."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from samenspel.accounts.access import (
    ProgrammeAccess,
    access_initiative_by_id,
    access_programme_by_slug,
)
from samenspel.common.caching import lazy, rendering_key
from samenspel.common.forms import add_service_error
from samenspel.common.selectors import audit_events_for
from samenspel.cycles import selectors, services
from samenspel.cycles.constants import CycleState
from samenspel.cycles.forms import (
    AbandonForm,
    AdjustmentForm,
    CycleForm,
    ExpectationForm,
    ObservationForm,
    ReviewForm,
)
from samenspel.cycles.models import LearningCycle

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


def _access_cycle(
    request: HttpRequest, slug: str, cycle_id: int
) -> tuple[ProgrammeAccess, LearningCycle]:
    user: Any = request.user
    access = access_programme_by_slug(user=user, slug=slug)
    cycle = selectors.cycle_detail(cycle_id=cycle_id, programme=access.programme)
    if cycle is None:
        raise Http404
    return access, cycle


def _forms_for(access: ProgrammeAccess, cycle: LearningCycle) -> dict[str, Form]:
    """The forms the current phase offers to this user (unbound)."""
    forms: dict[str, Form] = {}
    if access.can_work_on(cycle):
        if cycle.state == CycleState.DRAFT:
            expectation = getattr(cycle, "expectation", None)
            forms["expectation"] = ExpectationForm(
                initial={
                    "intention": expectation.intention,
                    "expected_outcome": expectation.expected_outcome,
                    "success_signs": expectation.success_signs,
                    "based_on": services.expectation_token(expectation),
                }
                if expectation
                else {"based_on": ""}
            )
        elif cycle.state == CycleState.ACTING:
            expectation = getattr(cycle, "expectation", None)
            forms["review"] = ReviewForm(
                questions=cycle.initiative.programme.review_questions,
                # The first question looks back at the plan: start from what was expected.
                initial={"answer_0": f"{expectation.intention}\n\n{expectation.expected_outcome}"}
                if expectation
                else None,
            )
        elif cycle.state == CycleState.REVIEWED:
            forms["adjustment"] = AdjustmentForm()
        if cycle.is_open:
            forms["abandon"] = AbandonForm()
    if cycle.state == CycleState.ACTING and access.can_observe(cycle):
        forms["observation"] = ObservationForm()
    return forms


def _render_cycle(
    request: HttpRequest,
    access: ProgrammeAccess,
    cycle: LearningCycle,
    bound: dict[str, Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    forms = {**_forms_for(access, cycle), **(bound or {})}
    return render(
        request,
        "cycles/cycle_detail.html",
        {
            "access": access,
            "programme": access.programme,
            "initiative": cycle.initiative,
            "cycle": cycle,
            "forms": forms,
            # Only the cached parts of the page use these: a cache hit skips them.
            "content_key": rendering_key(request, *access.cache_parts),
            "history": lazy(lambda: list(audit_events_for(target=cycle))),
            "observations": lazy(lambda: list(selectors.observations_of(cycle=cycle))),
            "learning_questions": lazy(lambda: list(cycle.learning_questions.all())),
            "next_cycle": lazy(lambda: selectors.next_cycle_of(cycle)),
        },
        status=status,
    )


@login_required
def cycle_detail(request: HttpRequest, slug: str, cycle_id: int) -> HttpResponse:
    access, cycle = _access_cycle(request, slug, cycle_id)
    return _render_cycle(request, access, cycle)


@login_required
@require_http_methods(["GET", "POST"])
def cycle_create(request: HttpRequest, slug: str, initiative_id: int) -> HttpResponse:
    user: Any = request.user
    access = access_programme_by_slug(user=user, slug=slug)
    access.require(access.can_start_cycles)
    initiative = access_initiative_by_id(access=access, initiative_id=initiative_id)
    form = CycleForm(request.POST or None, programme=access.programme, initial={"owner": user})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            cycle = services.cycle_create(
                initiative=initiative,
                by=access.user,
                title=data["title"],
                owner=data["owner"],
                starts_on=data["starts_on"],
                expectation_due=data["expectation_due"],
                review_due=data["review_due"],
                adjustment_due=data["adjustment_due"],
                learning_questions=list(data["learning_questions"]),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The cycle has been created. Write down the expectation."))
            return redirect("cycle-detail", slug=slug, cycle_id=cycle.pk)
    return render(
        request,
        "cycles/cycle_form.html",
        {"access": access, "programme": access.programme, "initiative": initiative, "form": form},
    )


def _phase_action(
    name: str,
    make_form: Callable[[HttpRequest, LearningCycle], Form],
    act: Callable[[LearningCycle, dict[str, Any], Any, Form], object],
    done: "StrPromise",
    allowed: Callable[[ProgrammeAccess, LearningCycle], bool],
) -> Callable[..., HttpResponse]:
    """A POST that validates a form and calls one service. On refusal the cycle page is
    shown again, status 400, and nothing is stored: with the form as it was filled in
    when the page still offers that form, else with the refusal as a message at the top
    (someone else may have moved the cycle on in the meantime)."""

    @login_required
    @require_POST
    def view(request: HttpRequest, slug: str, cycle_id: int) -> HttpResponse:
        access, cycle = _access_cycle(request, slug, cycle_id)
        access.require(allowed(access, cycle))
        form = make_form(request, cycle)
        if form.is_valid():
            try:
                act(cycle, form.cleaned_data, access.user, form)
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, done)
                return redirect("cycle-detail", slug=slug, cycle_id=cycle.pk)
        cycle = selectors.cycle_detail(cycle_id=cycle.pk, programme=access.programme) or cycle
        if name in _forms_for(access, cycle):
            return _render_cycle(request, access, cycle, bound={name: form}, status=400)
        for field_errors in form.errors.values():
            for message in field_errors:
                messages.error(request, str(message))
        return _render_cycle(request, access, cycle, status=400)

    view.__name__ = f"cycle_{name}"
    return view


def _work(access: ProgrammeAccess, cycle: LearningCycle) -> bool:
    return access.can_work_on(cycle)


def _observe(access: ProgrammeAccess, cycle: LearningCycle) -> bool:
    return access.can_observe(cycle)


cycle_expectation = _phase_action(
    "expectation",
    lambda request, cycle: ExpectationForm(request.POST),
    lambda cycle, data, by, form: services.expectation_record(cycle=cycle, by=by, **data),
    gettext_lazy("The expectation has been saved."),
    _work,
)
cycle_start = _phase_action(
    "start",
    lambda request, cycle: Form(request.POST),
    lambda cycle, data, by, form: services.cycle_start(cycle=cycle, by=by),
    gettext_lazy("The cycle is now acting. The expectation is frozen."),
    _work,
)
cycle_observation = _phase_action(
    "observation",
    lambda request, cycle: ObservationForm(request.POST),
    lambda cycle, data, by, form: services.observation_add(cycle=cycle, by=by, **data),
    gettext_lazy("The observation has been added to the log."),
    _observe,
)
cycle_review = _phase_action(
    "review",
    lambda request, cycle: ReviewForm(
        request.POST, questions=cycle.initiative.programme.review_questions
    ),
    lambda cycle, data, by, form: services.review_record(
        cycle=cycle,
        by=by,
        answers=form.answers(),  # type: ignore[attr-defined]
    ),
    gettext_lazy("The review has been recorded."),
    _work,
)
cycle_adjustment = _phase_action(
    "adjustment",
    lambda request, cycle: AdjustmentForm(request.POST),
    lambda cycle, data, by, form: services.adjustment_record(cycle=cycle, by=by, **data),
    gettext_lazy("The adjustment has been recorded. The cycle is completed."),
    _work,
)
cycle_abandon = _phase_action(
    "abandon",
    lambda request, cycle: AbandonForm(request.POST),
    lambda cycle, data, by, form: services.cycle_abandon(cycle=cycle, by=by, **data),
    gettext_lazy("The cycle has been abandoned."),
    _work,
)
