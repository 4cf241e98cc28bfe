"""Pages for programmes, areas, initiatives, the learning agenda and memberships.

Thin: every view reaches its data through accounts.access, reads through selectors and
writes through services. A service's refusal is shown on the form; nothing is stored.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samenspel.accounts import services as account_services
from samenspel.accounts.access import (
    ProgrammeAccess,
    access_area_by_id,
    access_initiative_by_id,
    access_membership_by_id,
    access_programme_by_slug,
    can_create_programmes,
)
from samenspel.accounts.constants import Role
from samenspel.common.caching import lazy, rendering_key
from samenspel.common.forms import add_service_error
from samenspel.common.paging import paginate
from samenspel.cycles.selectors import cycles_of_initiative
from samenspel.programmes import selectors, services
from samenspel.programmes.forms import (
    AreaEditForm,
    AreaForm,
    InitiativeCreateForm,
    InitiativeFilterForm,
    InitiativeForm,
    MembershipAddForm,
    MembershipRoleForm,
    ProgrammeEditForm,
    ProgrammeForm,
    QuestionCreateForm,
    QuestionFilterForm,
    QuestionForm,
)
from samenspel.programmes.models import LearningQuestion

# Each cycle is a card with its picture and expected beside happened: ten per page.
CYCLES_PER_PAGE = 10


def _access(request: HttpRequest, slug: str) -> ProgrammeAccess:
    user: Any = request.user
    return access_programme_by_slug(user=user, slug=slug)


def _render(
    request: HttpRequest, template: str, access: ProgrammeAccess, **context: Any
) -> HttpResponse:
    return render(
        request,
        template,
        {
            "access": access,
            "programme": access.programme,
            "content_key": rendering_key(request, *access.cache_parts),
            **context,
        },
    )


# Programmes ------------------------------------------------------------------------------


@login_required
def programme_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    page = paginate(request, selectors.programmes_for(user=user))
    return render(
        request,
        "programmes/programme_list.html",
        {"page": page, "can_create": can_create_programmes(user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme_create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not can_create_programmes(user):
        raise PermissionDenied
    form = ProgrammeForm(
        request.POST or None,
        initial={"review_questions": "\n".join(services.default_review_questions())},
    )
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_create(by=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The programme has been created."))
            return redirect("programme-detail", slug=programme.slug)
    return render(request, "programmes/programme_form.html", {"form": form})


@login_required
def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    access = _access(request, slug)
    overview = lazy(lambda: selectors.programme_overview(programme=access.programme))
    return _render(request, "programmes/programme_detail.html", access, overview=overview)


@login_required
@require_http_methods(["GET", "POST"])
def programme_edit(request: HttpRequest, slug: str) -> HttpResponse:
    access = _access(request, slug)
    access.require(access.can_manage)
    programme = access.programme
    form = ProgrammeEditForm(
        request.POST or None,
        initial={
            "name": programme.name,
            "learning_goal": programme.learning_goal,
            "description": programme.description,
            "starts_on": programme.starts_on,
            "ends_on": programme.ends_on,
            "review_questions": "\n".join(programme.review_questions),
            "version": programme.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        version = fields.pop("version")
        try:
            services.programme_update(
                programme=programme, by=access.user, expected_version=version, **fields
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The programme has been saved."))
            return redirect("programme-detail", slug=programme.slug)
    return _render(request, "programmes/programme_form.html", access, form=form)


# Areas -----------------------------------------------------------------------------------


@login_required
def area_list(request: HttpRequest, slug: str) -> HttpResponse:
    access = _access(request, slug)
    figures = lazy(lambda: selectors.programme_figures(programme=access.programme))
    return _render(request, "programmes/area_list.html", access, figures=figures)


@login_required
@require_http_methods(["GET", "POST"])
def area_form(request: HttpRequest, slug: str, area_id: int | None = None) -> HttpResponse:
    access = _access(request, slug)
    access.require(access.can_manage)
    area = access_area_by_id(access=access, area_id=area_id) if area_id else None
    if area:
        form: AreaForm = AreaEditForm(
            request.POST or None,
            initial={"name": area.name, "description": area.description, "version": area.version},
        )
    else:
        form = AreaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if area:
                fields = dict(form.cleaned_data)
                version = fields.pop("version")
                services.area_update(area=area, by=access.user, expected_version=version, **fields)
            else:
                services.area_create(
                    programme=access.programme, by=access.user, **form.cleaned_data
                )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The area has been saved."))
            return redirect("area-list", slug=slug)
    return _render(request, "programmes/area_form.html", access, form=form, area=area)


@login_required
@require_http_methods(["GET", "POST"])
def area_delete(request: HttpRequest, slug: str, area_id: int) -> HttpResponse:
    access = _access(request, slug)
    access.require(access.can_manage)
    area = access_area_by_id(access=access, area_id=area_id)
    error = None
    if request.method == "POST":
        try:
            services.area_delete(area=area, by=access.user)
        except ValidationError as refusal:
            error = refusal.messages[0]
        else:
            messages.success(request, _("The area has been deleted."))
            return redirect("area-list", slug=slug)
    return _render(request, "programmes/area_delete.html", access, area=area, error=error)


# Initiatives -----------------------------------------------------------------------------


@login_required
def initiative_list(request: HttpRequest, slug: str) -> HttpResponse:
    access = _access(request, slug)
    filters = InitiativeFilterForm(request.GET or None, programme=access.programme)

    def initiatives_page() -> Page:
        initiatives = selectors.initiative_list(
            programme=access.programme, **(filters.filters() if request.GET else {})
        )
        page = paginate(request, initiatives)
        page.object_list = selectors.with_learning_yield(list(page.object_list))
        return page

    query = request.GET.copy()
    query.pop("page", None)
    return _render(
        request,
        "programmes/initiative_list.html",
        access,
        page=lazy(initiatives_page),
        filters=filters,
        query=query.urlencode(),
    )


@login_required
def initiative_detail(request: HttpRequest, slug: str, initiative_id: int) -> HttpResponse:
    access = _access(request, slug)
    initiative = access_initiative_by_id(access=access, initiative_id=initiative_id)
    return _render(
        request,
        "programmes/initiative_detail.html",
        access,
        initiative=initiative,
        detail=lazy(lambda: selectors.initiative_detail(initiative=initiative)),
        page=lazy(
            lambda: paginate(
                request,
                cycles_of_initiative(initiative_id=initiative.pk),
                per_page=CYCLES_PER_PAGE,
            )
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def initiative_create(request: HttpRequest, slug: str) -> HttpResponse:
    access = _access(request, slug)
    access.require(access.can_edit)
    form = InitiativeCreateForm(request.POST or None, programme=access.programme)
    if request.method == "POST" and form.is_valid():
        try:
            initiative = services.initiative_create(
                programme=access.programme, by=access.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The initiative has been created."))
            return redirect("initiative-detail", slug=slug, initiative_id=initiative.pk)
    return _render(request, "programmes/initiative_form.html", access, form=form)


@login_required
@require_http_methods(["GET", "POST"])
def initiative_edit(request: HttpRequest, slug: str, initiative_id: int) -> HttpResponse:
    access = _access(request, slug)
    access.require(access.can_edit)
    initiative = access_initiative_by_id(access=access, initiative_id=initiative_id)
    initial = {
        name: getattr(initiative, name)
        for name in InitiativeForm.base_fields
        if name not in {"initiator_accounts"}
    }
    initial["initiator_accounts"] = list(initiative.initiator_accounts.all())
    form = InitiativeForm(request.POST or None, initial=initial, programme=access.programme)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        version = fields.pop("version")
        try:
            services.initiative_update(
                initiative=initiative, by=access.user, expected_version=version, **fields
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The initiative has been saved."))
            return redirect("initiative-detail", slug=slug, initiative_id=initiative.pk)
    return _render(
        request, "programmes/initiative_form.html", access, form=form, initiative=initiative
    )


# Learning agenda -------------------------------------------------------------------------


@login_required
def question_list(request: HttpRequest, slug: str) -> HttpResponse:
    access = _access(request, slug)
    filters = QuestionFilterForm(request.GET or None)
    status = filters.cleaned_data.get("status", "") if filters.is_valid() else ""
    page = lazy(
        lambda: paginate(
            request, selectors.learning_agenda(programme=access.programme, status=status)
        )
    )
    return _render(request, "programmes/question_list.html", access, page=page, filters=filters)


def _question(access: ProgrammeAccess, number: int) -> LearningQuestion:
    question = selectors.question_detail(programme=access.programme, number=number)
    if question is None:
        raise Http404
    return question


@login_required
def question_detail(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    access = _access(request, slug)
    question = _question(access, number)
    return _render(
        request,
        "programmes/question_detail.html",
        access,
        question=question,
        versions=lazy(lambda: list(selectors.versions_of(question=question))),
        page=lazy(lambda: paginate(request, selectors.cycles_of_question(question=question))),
    )


@login_required
@require_http_methods(["GET", "POST"])
def question_create(request: HttpRequest, slug: str) -> HttpResponse:
    access = _access(request, slug)
    access.require(access.can_edit)
    form = QuestionCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            question = services.question_create(
                programme=access.programme, by=access.user, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The learning question has been added."))
            return redirect("question-detail", slug=slug, number=question.number)
    return _render(request, "programmes/question_form.html", access, form=form)


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    access = _access(request, slug)
    access.require(access.can_edit)
    question = _question(access, number)
    form = QuestionForm(
        request.POST or None,
        initial={"text": question.text, "status": question.status, "version": question.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.question_update(
                question=question,
                by=access.user,
                text=form.cleaned_data["text"],
                status=form.cleaned_data["status"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The learning question has been saved."))
            return redirect("question-detail", slug=slug, number=number)
    return _render(request, "programmes/question_form.html", access, form=form, question=question)


# Memberships -----------------------------------------------------------------------------


@login_required
def membership_list(request: HttpRequest, slug: str) -> HttpResponse:
    access = _access(request, slug)
    access.require(access.can_manage)
    page = lazy(lambda: paginate(request, selectors.members_of(programme=access.programme)))
    return _render(request, "programmes/membership_list.html", access, page=page)


@login_required
@require_http_methods(["GET", "POST"])
def membership_add(request: HttpRequest, slug: str) -> HttpResponse:
    access = _access(request, slug)
    access.require(access.can_manage)
    form = MembershipAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            membership, invited = account_services.membership_invite(
                programme=access.programme,
                email=data["email"],
                name=data["name"],
                role=Role(data["role"]),
                by=access.user,
                site_url=request.build_absolute_uri("/"),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if invited:
                message = _("%(email)s is now a member and gets an invitation by e-mail.")
            else:
                message = _("%(email)s is now a member.")
            messages.success(request, message % {"email": membership.user.email})
            return redirect("membership-list", slug=slug)
    return _render(request, "programmes/membership_form.html", access, form=form)


@login_required
@require_http_methods(["GET", "POST"])
def membership_edit(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    access = _access(request, slug)
    access.require(access.can_manage)
    membership = access_membership_by_id(access=access, membership_id=membership_id)
    form = MembershipRoleForm(request.POST or None, initial={"role": membership.role})
    if request.method == "POST" and form.is_valid():
        try:
            account_services.membership_change_role(
                membership=membership, role=Role(form.cleaned_data["role"]), by=access.user
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The role has been changed."))
            return redirect("membership-list", slug=slug)
    return _render(
        request, "programmes/membership_form.html", access, form=form, membership=membership
    )


@login_required
@require_http_methods(["GET", "POST"])
def membership_remove(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    access = _access(request, slug)
    access.require(access.can_manage)
    membership = access_membership_by_id(access=access, membership_id=membership_id)
    error = None
    if request.method == "POST":
        try:
            account_services.membership_remove(membership=membership, by=access.user)
        except ValidationError as refusal:
            error = refusal.messages[0]
        else:
            messages.success(request, _("The membership has been removed."))
            return redirect("membership-list", slug=slug)
    return _render(
        request,
        "programmes/membership_remove.html",
        access,
        membership=membership,
        error=error,
    )
