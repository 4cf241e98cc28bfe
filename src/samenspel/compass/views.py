"""Pages of the compass for members: setting it up from a template, editing its core and
facets, answering it, and one's own answers. Thin: compass.access decides who may do
what, compass.services writes (and audits), a refusal is shown on the form with status
400 and nothing stored. Every write answers with a redirect (PRG) and a message.

The answer links and the residents' form are in compass/links.py; the pictures are on
the overview page.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from samenspel.common.forms import add_service_error
from samenspel.common.paging import paginate
from samenspel.compass import access as compass_access
from samenspel.compass import selectors, services
from samenspel.compass.constants import TEMPLATES, Subject
from samenspel.compass.forms import AssessmentForm, CoreForm, FacetForm, TemplateForm
from samenspel.compass.models import Compass
from samenspel.programmes.access import (
    ProgrammeAccess,
    access_initiative_by_id,
    access_programme_by_slug,
)
from samenspel.programmes.models import Initiative

# Shared with compass.links: the programme's access answer for a compass page, a page
# drawn with what every compass page needs, and the way to the set-up.


def member_access(request: HttpRequest, slug: str) -> ProgrammeAccess:
    """The viewer's access to the programme, refused when they may not see its compass."""
    user: Any = request.user
    access = access_programme_by_slug(user=user, slug=slug)
    access.require(compass_access.can_see(access))
    return access


def render_page(
    request: HttpRequest, template: str, access: ProgrammeAccess, status: int = 200, **context: Any
) -> HttpResponse:
    return render(
        request,
        template,
        {
            "access": access,
            "programme": access.programme,
            "can_manage": compass_access.can_manage(access),
            **context,
        },
        status=status,
    )


def _compass_or_setup(access: ProgrammeAccess) -> Compass | None:
    return selectors.compass_of(programme=access.programme)


def to_setup(access: ProgrammeAccess) -> HttpResponse:
    return redirect("compass-setup", slug=access.programme.slug)


def _to_facets(access: ProgrammeAccess) -> HttpResponse:
    return redirect("compass-facets", slug=access.programme.slug)


# Setting up -------------------------------------------------------------------------------


def _templates() -> list[Any]:
    return list(TEMPLATES.values())


@login_required
@require_http_methods(["GET", "POST"])
def compass_setup(request: HttpRequest, slug: str) -> HttpResponse:
    """Choose a template (or one's own facets) for a programme without a compass; start
    again from another template while nobody has answered (after a confirmation, since
    the facets are replaced)."""
    access = member_access(request, slug)
    compass = _compass_or_setup(access)
    if request.method == "POST":
        access.require(compass_access.can_manage(access))
    answered = compass is not None and services.compass_has_answers(compass)
    form = TemplateForm(request.POST or None)
    confirming = False
    if request.method == "POST" and not answered and form.is_valid():
        template = form.cleaned_data["template"]
        try:
            if compass is None:
                services.compass_create(
                    programme=access.programme, template=template, by=access.user
                )
                messages.success(request, _("The compass is ready. Check its facets."))
                return _to_facets(access)
            if form.cleaned_data["confirm"]:
                services.compass_apply_template(compass=compass, template=template, by=access.user)
                messages.success(request, _("The compass has started again from the template."))
                return _to_facets(access)
            confirming = True
        except ValidationError as error:
            add_service_error(form, error)
    status = 400 if request.method == "POST" and not confirming else 200
    if confirming:
        form = TemplateForm(initial={"template": form.cleaned_data["template"], "confirm": True})
    return render_page(
        request,
        "compass/setup.html",
        access,
        status,
        heading=_("Set up the compass") if compass is None else _("Start again from a template"),
        compass=compass,
        answered=answered,
        form=form,
        confirming=confirming,
        templates=_templates(),
        chosen=form.initial.get("template") if confirming else None,
    )


# The core and the facets ------------------------------------------------------------------


def _facets_page(
    request: HttpRequest,
    access: ProgrammeAccess,
    compass: Compass,
    *,
    core_form: CoreForm | None = None,
    facet_form: FacetForm | None = None,
    status: int = 200,
) -> HttpResponse:
    manage = compass_access.can_manage(access)
    if manage and core_form is None:
        core_form = CoreForm(initial={"core": compass.core, "version": compass.version})
    if manage and facet_form is None:
        facet_form = FacetForm(prefix="facet")
    facets = list(compass.facets.all())
    answers = selectors.answers_per_facet(compass=compass)
    for facet in facets:
        facet.answer_count = answers.get(facet.pk, 0)  # type: ignore[attr-defined]
    return render_page(
        request,
        "compass/facets.html",
        access,
        status,
        heading=_("Facets of the compass"),
        compass=compass,
        facets=facets,
        in_use=sum(1 for facet in facets if not facet.retired),
        core_form=core_form,
        facet_form=facet_form,
    )


@login_required
@require_http_methods(["GET", "POST"])
def compass_facets(request: HttpRequest, slug: str) -> HttpResponse:
    """The core and the facets in order; managers change the core (with the version it
    was loaded at) and add facets (`action` says which)."""
    access = member_access(request, slug)
    compass = _compass_or_setup(access)
    if compass is None:
        return to_setup(access)
    if request.method == "GET":
        return _facets_page(request, access, compass)
    access.require(compass_access.can_manage(access))
    if request.POST.get("action") == "core":
        core_form = CoreForm(request.POST)
        if core_form.is_valid():
            try:
                services.compass_update(
                    compass=compass,
                    core=core_form.cleaned_data["core"],
                    expected_version=core_form.cleaned_data["version"],
                    by=access.user,
                )
            except ValidationError as error:
                add_service_error(core_form, error)
            else:
                messages.success(request, _("The core has been saved."))
                return _to_facets(access)
        return _facets_page(request, access, compass, core_form=core_form, status=400)
    facet_form = FacetForm(request.POST, prefix="facet")
    if facet_form.is_valid():
        try:
            facet = services.facet_add(compass=compass, by=access.user, **facet_form.cleaned_data)
        except ValidationError as error:
            add_service_error(facet_form, error)
        else:
            messages.success(
                request, _("The facet “%(name)s” has been added.") % {"name": facet.name}
            )
            return _to_facets(access)
    return _facets_page(request, access, compass, facet_form=facet_form, status=400)


def _managed_facet(request: HttpRequest, slug: str, facet_id: int) -> tuple[ProgrammeAccess, Any]:
    access = member_access(request, slug)
    facet = compass_access.access_facet_by_id(access=access, facet_id=facet_id)
    access.require(compass_access.can_manage(access))
    return access, facet


@login_required
@require_POST
def facet_move(request: HttpRequest, slug: str, facet_id: int) -> HttpResponse:
    access, facet = _managed_facet(request, slug, facet_id)
    services.facet_move(facet=facet, up=request.POST.get("direction") != "down", by=access.user)
    messages.success(request, _("The facet “%(name)s” has been moved.") % {"name": facet.name})
    return _to_facets(access)


@login_required
@require_http_methods(["GET", "POST"])
def facet_edit(request: HttpRequest, slug: str, facet_id: int) -> HttpResponse:
    access, facet = _managed_facet(request, slug, facet_id)
    form = FacetForm(
        request.POST or None,
        initial={"name": facet.name, "description": facet.description, "colour": facet.colour},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.facet_update(facet=facet, by=access.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The facet has been saved."))
            return _to_facets(access)
    answers = selectors.answers_per_facet(compass=facet.compass).get(facet.pk, 0)
    return render_page(
        request,
        "compass/facet_edit.html",
        access,
        400 if request.method == "POST" else 200,
        heading=_("Facet “%(name)s”") % {"name": facet.name},
        facet=facet,
        form=form,
        answers=answers,
    )


@login_required
@require_POST
def facet_retire(request: HttpRequest, slug: str, facet_id: int) -> HttpResponse:
    """Retire a facet (nobody answers it any more) or put it back in use."""
    access, facet = _managed_facet(request, slug, facet_id)
    if request.POST.get("action") == "restore":
        try:
            services.facet_restore(facet=facet, by=access.user)
        except ValidationError as refusal:
            messages.error(request, refusal.messages[0])
        else:
            messages.success(
                request, _("The facet “%(name)s” is in use again.") % {"name": facet.name}
            )
    else:
        services.facet_retire(facet=facet, by=access.user)
        messages.success(request, _("The facet “%(name)s” is retired.") % {"name": facet.name})
    return redirect("compass-facet-edit", slug=slug, facet_id=facet.pk)


@login_required
@require_http_methods(["GET", "POST"])
def facet_delete(request: HttpRequest, slug: str, facet_id: int) -> HttpResponse:
    """Asks first; the POST deletes a facet nobody answered. One with answers says why it
    stays (and can be retired)."""
    access, facet = _managed_facet(request, slug, facet_id)
    answers = selectors.answers_per_facet(compass=facet.compass).get(facet.pk, 0)
    error = None
    if request.method == "POST":
        try:
            services.facet_delete(facet=facet, by=access.user)
        except ValidationError as refusal:
            error = refusal.messages[0]
        else:
            messages.success(request, _("The facet has been deleted."))
            return _to_facets(access)
    return render_page(
        request,
        "compass/facet_delete.html",
        access,
        400 if error else 200,
        heading=_("Delete the facet “%(name)s”?") % {"name": facet.name},
        facet=facet,
        answers=answers,
        error=error,
    )


# Answering --------------------------------------------------------------------------------


def facet_fields_key(programme: Any) -> str:
    """The key of an empty answer sheet's facets, drawn once per compass version and
    language (templates/compass/_facet_fields.html): every change of the facets raises
    the programme's data version."""
    return f"{programme.pk}.{programme.data_version}.{get_language()}"


def _initiative_asked(access: ProgrammeAccess, value: str) -> Initiative | None:
    """The initiative an answer starts from (?initiative=<id>, from its page); anything
    else, or another programme's, is no initiative."""
    if not value.isdecimal() or len(value) > 9:
        return None
    try:
        return access_initiative_by_id(access=access, initiative_id=int(value))
    except Http404:
        return None


def _answer_page(
    request: HttpRequest,
    access: ProgrammeAccess,
    compass: Compass | None,
    form: AssessmentForm | None,
    status: int = 200,
) -> HttpResponse:
    perspective = compass_access.perspective_of(access) if form is not None else None
    return render_page(
        request,
        "compass/answer.html",
        access,
        status,
        heading=_("Answer the compass"),
        compass=compass,
        form=form,
        fields_key=facet_fields_key(access.programme),
        perspective=perspective.label if perspective else None,
    )


@login_required
@require_http_methods(["GET", "POST"])
def compass_answer(request: HttpRequest, slug: str) -> HttpResponse:
    """A member answers the compass, from the perspective of their role."""
    access = member_access(request, slug)
    compass = _compass_or_setup(access)
    if compass is None:
        return to_setup(access)
    if not compass_access.can_answer(access):
        # A site administrator who is not a member has no perspective to answer from.
        access.require(request.method == "GET")
        return _answer_page(request, access, compass, None)
    facets = selectors.facets_in_use(compass)
    about = _initiative_asked(access, request.GET.get("initiative", ""))
    form = AssessmentForm(
        request.POST or None, programme=access.programme, about=about, facets=facets
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        subject = data["subject"]
        try:
            services.assessment_record(
                programme=access.programme,
                subject=subject,
                perspective=compass_access.perspective_of(access),
                answers=form.answers(),
                respondent=access.user,
                anonymous=data["anonymous"],
                initiative=data.get("initiative") if subject == Subject.INITIATIVE else None,
                assessed_on=data["assessed_on"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if data["anonymous"]:
                messages.success(
                    request, _("Thank you. Your answer has been saved without your name.")
                )
                return redirect("compass", slug=slug)
            messages.success(request, _("Thank you. Your answer has been saved."))
            return redirect("compass-answers", slug=slug)
    return _answer_page(request, access, compass, form, 400 if request.method == "POST" else 200)


@login_required
def my_answers(request: HttpRequest, slug: str) -> HttpResponse:
    access = member_access(request, slug)
    return render_page(
        request,
        "compass/answers.html",
        access,
        heading=_("My answers"),
        page=paginate(
            request,
            selectors.own_assessments(programme=access.programme, user_id=access.user.pk),
        ),
        can_answer=compass_access.can_answer(access),
    )


@login_required
@require_http_methods(["GET", "POST"])
def assessment_delete(request: HttpRequest, slug: str, assessment_id: int) -> HttpResponse:
    """Asks first; the POST takes one's own named answer back."""
    access = member_access(request, slug)
    assessment = compass_access.access_own_assessment_by_id(
        access=access, assessment_id=assessment_id
    )
    if request.method == "POST":
        services.assessment_delete(assessment=assessment, by=access.user)
        messages.success(request, _("Your answer has been taken back."))
        return redirect("compass-answers", slug=slug)
    return render_page(
        request,
        "compass/assessment_delete.html",
        access,
        heading=_("Take back your answer?"),
        assessment=assessment,
    )
