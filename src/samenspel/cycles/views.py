"""The cycle page and its phase actions. Every POST goes through a service, which
enforces the state machine; the view checks access (cycles.access) and shows the answer.
Which forms a phase offers comes from the phase table (cycles.constants). Changing the
due dates and handing over have their own pages: the hand-over form lists every member
who may own a cycle, which would make the cycle page grow with the programme."""

import datetime
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from samenspel.common.caching import lazy, rendering_key
from samenspel.common.forms import add_service_error
from samenspel.common.selectors import history_of
from samenspel.cycles import access as cycle_access
from samenspel.cycles import selectors, services
from samenspel.cycles.constants import OPEN_PHASES, PHASE_OF, CycleState
from samenspel.cycles.forms import (
    AbandonForm,
    AdjustmentForm,
    CycleForm,
    ExpectationForm,
    HandOverForm,
    ObservationForm,
    ReplanForm,
    ReviewForm,
    StartForm,
)
from samenspel.cycles.models import LearningCycle
from samenspel.programmes.access import (
    ProgrammeAccess,
    access_initiative_by_id,
    access_programme_by_slug,
)


def _access_cycle(
    request: HttpRequest, slug: str, cycle_id: int
) -> tuple[ProgrammeAccess, LearningCycle]:
    user: Any = request.user
    access = access_programme_by_slug(user=user, slug=slug)
    return access, cycle_access.access_cycle_by_id(access=access, cycle_id=cycle_id)


def _expectation_form(cycle: LearningCycle) -> Form:
    expectation = getattr(cycle, "expectation", None)
    if expectation is None:
        return ExpectationForm(initial={"based_on": ""})
    return ExpectationForm(
        initial={
            "intention": expectation.intention,
            "expected_outcome": expectation.expected_outcome,
            "success_signs": expectation.success_signs,
            "based_on": services.expectation_token(expectation),
        }
    )


def _review_form(cycle: LearningCycle) -> Form:
    expectation = getattr(cycle, "expectation", None)
    return ReviewForm(
        questions=cycle.initiative.programme.review_questions,
        # The first question looks back at the plan: start from what was expected.
        initial={"answer_0": f"{expectation.intention}\n\n{expectation.expected_outcome}"}
        if expectation
        else None,
    )


# The form that ends each open phase (cycles.constants.Phase.ends_with), unbound.
ENDING_FORMS: dict[str, Callable[[LearningCycle], Form]] = {
    "start": _expectation_form,
    "review": _review_form,
    "adjustment": lambda cycle: AdjustmentForm(),
}
assert {phase.ends_with for phase in OPEN_PHASES} == set(ENDING_FORMS)


def _can_change(access: ProgrammeAccess, cycle: LearningCycle) -> bool:
    """An open cycle, and someone who may work on it."""
    return CycleState(cycle.state) in PHASE_OF and cycle_access.can_work_on(access, cycle)


def _forms_for(access: ProgrammeAccess, cycle: LearningCycle) -> dict[str, Form]:
    """The forms the current phase offers to this user (unbound)."""
    forms: dict[str, Form] = {}
    if _can_change(access, cycle):
        phase = PHASE_OF[CycleState(cycle.state)]
        name = "expectation" if phase.ends_with == "start" else phase.ends_with
        forms[name] = ENDING_FORMS[phase.ends_with](cycle)
        if phase.ends_with == "start" and getattr(cycle, "expectation", None):
            forms["start"] = StartForm()
        forms["abandon"] = AbandonForm()
    if cycle.state == CycleState.ACTING and cycle_access.can_observe(access, cycle):
        forms["observation"] = ObservationForm()
    return forms


# Stands in for the CSRF token in cached forms; the view puts the person's token in.
CSRF_PLACEHOLDER = "samenspel-csrf-token-placeholder"
FORMS_CACHE_SECONDS = 24 * 60 * 60


def _forms_html(
    request: HttpRequest,
    access: ProgrammeAccess,
    cycle: LearningCycle,
    bound: dict[str, Form] | None,
) -> SafeString:
    """The forms of the cycle's phase, drawn. Unbound they only depend on the data, the
    language and the person (an initiator may observe only their own initiative's
    cycles), so they are cached under that key with a placeholder for the personal CSRF
    token. Bound forms (with the errors of a refused POST) are drawn fresh."""
    key = "samenspel:cycle-forms:" + rendering_key(request, *access.cache_parts, access.user.pk)

    # Built only when the forms are drawn: `cycle` reads the records on first use.
    def context(forms: dict[str, Form]) -> dict[str, Any]:
        return {
            "programme": access.programme,
            "cycle": cycle,
            "forms": forms,
            "can_change": _can_change(access, cycle),
        }

    if bound:
        forms = {**_forms_for(access, cycle), **bound}
        return SafeString(render_to_string("cycles/cycle_forms.html", context(forms), request))
    html = cache.get(key)
    if html is None:
        unbound = {**context(_forms_for(access, cycle)), "csrf_token": CSRF_PLACEHOLDER}
        html = render_to_string("cycles/cycle_forms.html", unbound)
        cache.set(key, html, timeout=FORMS_CACHE_SECONDS)
    return SafeString(html.replace(CSRF_PLACEHOLDER, get_token(request)))


def _render_cycle(
    request: HttpRequest,
    access: ProgrammeAccess,
    cycle: LearningCycle,
    bound: dict[str, Form] | None = None,
    status: int = 200,
    with_records: bool = False,
) -> HttpResponse:
    # The cached parts and the forms need the cycle with its records: the page reads them
    # with the cycle itself (access_cycle_page, one written-out query); a refused form's
    # page reads them again, only on a cache miss.
    full = cycle if with_records else lazy(lambda: selectors.cycle_with_records(cycle=cycle))
    return render(
        request,
        "cycles/cycle_detail.html",
        {
            "access": access,
            "programme": access.programme,
            "initiative": cycle.initiative,
            "heading": cycle,
            "cycle": full,
            "forms_html": _forms_html(request, access, full, bound),
            "phases": OPEN_PHASES,
            # Only the cached parts of the page use these: a cache hit skips them. Two
            # people with the same role may have different rights on one cycle (an
            # initiator of this initiative may add to its log): the key names them.
            "content_key": rendering_key(
                request,
                *access.cache_parts,
                "work" if cycle_access.can_work_on(access, cycle) else "",
                "observe" if cycle_access.can_observe(access, cycle) else "",
            ),
            "history": lazy(lambda: _with_happened_dates(history_of(target=cycle))),
            "observations": lazy(lambda: selectors.observations_of(cycle=cycle)),
            "learning_questions": lazy(lambda: selectors.learning_questions_of(cycle=cycle)),
            "next_cycle": lazy(lambda: selectors.next_cycle_of(full)),
        },
        status=status,
    )


def _with_happened_dates(events: Any) -> list[Any]:
    """The history's events, each with the date its step happened (`happened_on`, from
    the event's "on") beside the moment it was recorded."""
    events = list(events)
    for event in events:
        on = event.data.get("on") if isinstance(event.data, dict) else None
        event.happened_on = datetime.date.fromisoformat(on) if isinstance(on, str) else None
    return events


@login_required
def cycle_detail(request: HttpRequest, slug: str, cycle_id: int) -> HttpResponse:
    user: Any = request.user
    access = access_programme_by_slug(user=user, slug=slug)
    cycle = cycle_access.access_cycle_page(access=access, cycle_id=cycle_id)
    return _render_cycle(request, access, cycle, with_records=True)


@login_required
@require_http_methods(["GET", "POST"])
def cycle_create(request: HttpRequest, slug: str, initiative_id: int) -> HttpResponse:
    user: Any = request.user
    access = access_programme_by_slug(user=user, slug=slug)
    access.require(cycle_access.can_start_cycles(access))
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


def _answer(
    request: HttpRequest,
    access: ProgrammeAccess,
    cycle: LearningCycle,
    name: str,
    form: Form,
    act: Callable[[], object],
    done: str,
) -> HttpResponse:
    """Call the phase's service with a valid form. On refusal the cycle page is shown
    again, status 400, and nothing is stored: with the form as it was filled in when the
    page still offers that form, else with the refusal as a message at the top (someone
    else may have moved the cycle on in the meantime)."""
    if form.is_valid():
        try:
            act()
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, done)
            return redirect("cycle-detail", slug=access.programme.slug, cycle_id=cycle.pk)
    cycle = cycle_access.access_cycle_by_id(access=access, cycle_id=cycle.pk)
    if name in _forms_for(access, cycle):
        return _render_cycle(request, access, cycle, bound={name: form}, status=400)
    for field_errors in form.errors.values():
        for message in field_errors:
            messages.error(request, str(message))
    return _render_cycle(request, access, cycle, status=400)


@login_required
@require_POST
def cycle_expectation(request: HttpRequest, slug: str, cycle_id: int) -> HttpResponse:
    access, cycle = _access_cycle(request, slug, cycle_id)
    access.require(cycle_access.can_work_on(access, cycle))
    form = ExpectationForm(request.POST)
    return _answer(
        request,
        access,
        cycle,
        "expectation",
        form,
        lambda: services.expectation_record(cycle=cycle, by=access.user, **form.cleaned_data),
        _("The expectation has been saved."),
    )


@login_required
@require_POST
def cycle_start(request: HttpRequest, slug: str, cycle_id: int) -> HttpResponse:
    access, cycle = _access_cycle(request, slug, cycle_id)
    access.require(cycle_access.can_work_on(access, cycle))
    form = StartForm(request.POST)
    return _answer(
        request,
        access,
        cycle,
        "start",
        form,
        lambda: services.cycle_start(cycle=cycle, by=access.user, **form.cleaned_data),
        _("The cycle is now acting. The expectation is frozen."),
    )


@login_required
@require_POST
def cycle_observation(request: HttpRequest, slug: str, cycle_id: int) -> HttpResponse:
    access, cycle = _access_cycle(request, slug, cycle_id)
    access.require(cycle_access.can_observe(access, cycle))
    form = ObservationForm(request.POST)
    return _answer(
        request,
        access,
        cycle,
        "observation",
        form,
        lambda: services.observation_add(cycle=cycle, by=access.user, **form.cleaned_data),
        _("The observation has been added to the log."),
    )


@login_required
@require_POST
def cycle_review(request: HttpRequest, slug: str, cycle_id: int) -> HttpResponse:
    access, cycle = _access_cycle(request, slug, cycle_id)
    access.require(cycle_access.can_work_on(access, cycle))
    form = ReviewForm(request.POST, questions=cycle.initiative.programme.review_questions)
    return _answer(
        request,
        access,
        cycle,
        "review",
        form,
        lambda: services.review_record(
            cycle=cycle,
            by=access.user,
            answers=form.answers(),
            reviewed_on=form.cleaned_data["reviewed_on"],
            fingerprint=form.cleaned_data["fingerprint"],
        ),
        _("The review has been recorded."),
    )


@login_required
@require_POST
def cycle_adjustment(request: HttpRequest, slug: str, cycle_id: int) -> HttpResponse:
    access, cycle = _access_cycle(request, slug, cycle_id)
    access.require(cycle_access.can_work_on(access, cycle))
    form = AdjustmentForm(request.POST)
    return _answer(
        request,
        access,
        cycle,
        "adjustment",
        form,
        lambda: services.adjustment_record(cycle=cycle, by=access.user, **form.cleaned_data),
        _("The adjustment has been recorded. The cycle is completed."),
    )


@login_required
@require_POST
def cycle_abandon(request: HttpRequest, slug: str, cycle_id: int) -> HttpResponse:
    access, cycle = _access_cycle(request, slug, cycle_id)
    access.require(cycle_access.can_work_on(access, cycle))
    form = AbandonForm(request.POST)
    return _answer(
        request,
        access,
        cycle,
        "abandon",
        form,
        lambda: services.cycle_abandon(cycle=cycle, by=access.user, **form.cleaned_data),
        _("The cycle has been abandoned."),
    )


def _change_page(
    request: HttpRequest,
    slug: str,
    cycle_id: int,
    *,
    template: str,
    heading: str,
    submit: str,
    make_form: Callable[[ProgrammeAccess, LearningCycle, Any], Form],
    act: Callable[[ProgrammeAccess, LearningCycle, dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    """A change to an open cycle on its own page. GET shows the form; a valid POST calls
    the service and returns to the cycle; a refused or invalid form is shown again with
    its errors, status 400, and nothing is stored."""
    access, cycle = _access_cycle(request, slug, cycle_id)
    access.require(cycle_access.can_work_on(access, cycle))
    if request.method == "GET" and CycleState(cycle.state) not in PHASE_OF:
        messages.info(request, _("This cycle has ended. It can no longer be changed."))
        return redirect("cycle-detail", slug=slug, cycle_id=cycle.pk)
    form = make_form(access, cycle, request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                act(access, cycle, form.cleaned_data)
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, done)
                return redirect("cycle-detail", slug=slug, cycle_id=cycle.pk)
    context = {
        "access": access,
        "programme": access.programme,
        "initiative": cycle.initiative,
        "cycle": cycle,
        "form": form,
        "heading": heading,
        "submit": submit,
    }
    return render(request, template, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def cycle_replan(request: HttpRequest, slug: str, cycle_id: int) -> HttpResponse:
    return _change_page(
        request,
        slug,
        cycle_id,
        template="cycles/cycle_replan.html",
        heading=_("Change the due dates"),
        submit=_("Save the due dates"),
        make_form=lambda access, cycle, data: ReplanForm(
            data,
            initial={
                "expectation_due": cycle.expectation_due,
                "review_due": cycle.review_due,
                "adjustment_due": cycle.adjustment_due,
            },
        ),
        act=lambda access, cycle, data: services.cycle_replan(cycle=cycle, by=access.user, **data),
        done=_("The due dates have been changed."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def cycle_hand_over(request: HttpRequest, slug: str, cycle_id: int) -> HttpResponse:
    return _change_page(
        request,
        slug,
        cycle_id,
        template="cycles/cycle_hand_over.html",
        heading=_("Hand over this cycle"),
        submit=_("Hand over"),
        make_form=lambda access, cycle, data: HandOverForm(data, programme=access.programme),
        act=lambda access, cycle, data: services.cycle_hand_over(
            cycle=cycle, by=access.user, **data
        ),
        done=_("The cycle has been handed over."),
    )
