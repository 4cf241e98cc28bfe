"""Pages for programmes, areas, initiatives, the learning agenda and memberships.

Thin: every view reaches its data through programmes.access, reads through selectors and
writes through services. A service's refusal is shown on the form; nothing is stored.
What other apps add to these pages comes from programmes.extensions.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from samenspel.common.caching import lazy, rendering_key
from samenspel.common.forms import add_service_error
from samenspel.common.paging import paginate
from samenspel.programmes import extensions, selectors, services
from samenspel.programmes.access import (
    ProgrammeAccess,
    access_area_by_id,
    access_initiative_by_id,
    access_membership_by_id,
    access_programme_by_slug,
    access_question_by_number,
    can_create_programmes,
)
from samenspel.programmes.constants import Role
from samenspel.programmes.forms import (
    AreaEditForm,
    AreaForm,
    InitiativeCreateForm,
    InitiativeFilterForm,
    InitiativeForm,
    InitiativeProposeForm,
    LinesForm,
    MembershipAddForm,
    MembershipRoleForm,
    ProgrammeEditForm,
    ProgrammeForm,
    QuestionCreateForm,
    QuestionFilterForm,
    QuestionForm,
)


def _access(request: HttpRequest, slug: str) -> ProgrammeAccess:
    user: Any = request.user
    return access_programme_by_slug(user=user, slug=slug)


def _sections(
    place: str, request: HttpRequest, access: ProgrammeAccess, obj: Any = None
) -> list[Any]:
    """What other apps add to this page: drawn only on a cache miss."""
    return lazy(lambda: extensions.render_sections(place, request, access, obj))


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
    return _render(
        request,
        "programmes/programme_detail.html",
        access,
        overview=overview,
        budget=lazy(lambda: selectors.programme_budget(programme=access.programme)),
        co_investment_rule=lazy(lambda: selectors.co_investment_rule(programme=access.programme)),
        sections=_sections("programme", request, access),
        area_columns=lazy(lambda: _area_columns(access)),
    )


def _area_columns(access: ProgrammeAccess) -> extensions.Table:
    figures = selectors.programme_figures(programme=access.programme)
    return extensions.fill_columns("area", access.programme.pk, figures.areas)


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
            "budget": programme.budget,
            "co_investment_percentage": None
            if programme.co_investment_percentage is None
            else int(programme.co_investment_percentage),
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
    return _render(
        request,
        "programmes/area_list.html",
        access,
        figures=figures,
        area_columns=lazy(lambda: _area_columns(access)),
    )


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


# Several at once --------------------------------------------------------------------------


def _lines_page(
    request: HttpRequest,
    access: ProgrammeAccess,
    *,
    check: Any,
    store: Any,
    done: Any,
    back: str,
    page: dict[str, Any],
) -> HttpResponse:
    """A list, one item a line: the first post previews each line with what is wrong
    with it; the preview's Confirm stores everything or nothing, after checking again."""
    form = LinesForm(request.POST or None)
    lines: list[services.Line] = []
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["lines"]
        if form.cleaned_data["confirm"]:
            try:
                stored = store(text)
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, done(len(stored)))
                return redirect(back, slug=access.programme.slug)
        lines = check(text)
        if not lines:
            form.add_error("lines", _("Write at least one line."))
    can_confirm = bool(lines) and not any(line.error for line in lines)
    if can_confirm:
        form = LinesForm(initial={"lines": form.cleaned_data["lines"], "confirm": True})
    return _render(
        request,
        "programmes/lines_form.html",
        access,
        form=form,
        lines=lines,
        can_confirm=can_confirm,
        back=back,
        **page,
    )


@login_required
@require_http_methods(["GET", "POST"])
def area_add_lines(request: HttpRequest, slug: str) -> HttpResponse:
    access = _access(request, slug)
    access.require(access.can_manage)
    programme = access.programme
    return _lines_page(
        request,
        access,
        check=lambda text: services.area_lines_check(programme=programme, text=text),
        store=lambda text: services.areas_add_lines(programme=programme, text=text, by=access.user),
        done=lambda n: (
            ngettext("%(count)s area added.", "%(count)s areas added.", n) % {"count": n}
        ),
        back="area-list",
        page={
            "title": _("Add several areas"),
            "help": _("Write one name a line, for example a village or a neighbourhood."),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def membership_add_lines(request: HttpRequest, slug: str) -> HttpResponse:
    access = _access(request, slug)
    access.require(access.can_manage)
    programme = access.programme
    return _lines_page(
        request,
        access,
        check=lambda text: services.member_lines_check(programme=programme, text=text),
        store=lambda text: services.memberships_add_lines(
            programme=programme,
            text=text,
            by=access.user,
            site_url=request.build_absolute_uri("/"),
        ),
        done=lambda n: (
            ngettext("%(count)s member added.", "%(count)s members added.", n) % {"count": n}
        ),
        back="membership-list",
        page={
            "title": _("Add several members"),
            "help": _(
                "Write one member a line: the e-mail address and the role, with a comma "
                "between them, for example: anna@example.nl, ambtenaar. For someone "
                "without an account, add the name: piet@example.nl, initiatiefnemer, "
                "Piet de Vries. Dutch and English role names both work."
            ),
        },
    )


# Initiatives -----------------------------------------------------------------------------


@login_required
def initiative_list(request: HttpRequest, slug: str) -> HttpResponse:
    access = _access(request, slug)
    filters = InitiativeFilterForm(request.GET or None, programme=access.programme)

    def initiatives_page() -> Page:
        chosen = filters.filters() if request.GET else {}
        initiatives = selectors.initiative_list(programme=access.programme, **chosen)
        # Counted from the tallies when they can tell, so the count does not grow with
        # the programme.
        count = selectors.initiative_count(programme=access.programme, **chosen)
        page = paginate(request, initiatives, count=count)
        page.object_list = selectors.mark_co_investment_shortfalls(
            programme=access.programme, initiatives=list(page.object_list)
        )
        return page

    page = lazy(initiatives_page)

    query = request.GET.copy()
    query.pop("page", None)
    return _render(
        request,
        "programmes/initiative_list.html",
        access,
        page=page,
        columns=lazy(
            lambda: extensions.fill_columns("initiative", access.programme.pk, page.object_list)
        ),
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
        sections=_sections("initiative", request, access, initiative),
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
def initiative_propose(request: HttpRequest, slug: str) -> HttpResponse:
    access = _access(request, slug)
    access.require(access.can_propose)
    form = InitiativeProposeForm(request.POST or None, programme=access.programme)
    if request.method == "POST" and form.is_valid():
        try:
            initiative = services.initiative_propose(
                programme=access.programme, by=access.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Your initiative has been proposed. A facilitator or civil servant accepts it."),
            )
            return redirect("initiative-detail", slug=slug, initiative_id=initiative.pk)
    return _render(request, "programmes/initiative_propose.html", access, form=form)


@login_required
@require_http_methods(["POST"])
def initiative_accept(request: HttpRequest, slug: str, initiative_id: int) -> HttpResponse:
    access = _access(request, slug)
    access.require(access.can_edit)
    initiative = access_initiative_by_id(access=access, initiative_id=initiative_id)
    try:
        services.initiative_accept(initiative=initiative, by=access.user)
    except ValidationError as refusal:
        messages.error(request, refusal.messages[0])
    else:
        messages.success(request, _("The initiative has been accepted and is now running."))
    return redirect("initiative-detail", slug=slug, initiative_id=initiative.pk)


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
    return _render(
        request,
        "programmes/question_list.html",
        access,
        page=page,
        filters=filters,
        columns=lazy(
            lambda: extensions.fill_columns("question", access.programme.pk, page.object_list)
        ),
    )


@login_required
def question_detail(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    access = _access(request, slug)
    question = access_question_by_number(access=access, number=number)
    return _render(
        request,
        "programmes/question_detail.html",
        access,
        question=question,
        versions=lazy(lambda: list(selectors.versions_of(question=question))),
        sections=_sections("question", request, access, question),
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
    question = access_question_by_number(access=access, number=number)
    form = QuestionForm(
        request.POST or None,
        initial={
            "text": question.text,
            "status": question.status,
            "answer": question.answer,
            "version": question.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.question_update(
                question=question,
                by=access.user,
                text=form.cleaned_data["text"],
                status=form.cleaned_data["status"],
                answer=form.cleaned_data["answer"],
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
            membership, invited = services.membership_invite(
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
                message = _("%(name)s is now a member and gets an invitation by e-mail.")
            else:
                message = _("%(name)s is now a member.")
            messages.success(
                request, message % {"name": membership.user.name or membership.user.email}
            )
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
            services.membership_change_role(
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
            services.membership_remove(
                membership=membership, by=access.user, answers=request.POST.dict()
            )
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
        sections=extensions.render_sections("membership_remove", request, access, membership),
    )


# My work -------------------------------------------------------------------------------


@login_required
def my_work(request: HttpRequest) -> HttpResponse:
    """A person's work across their programmes: each app adds its part (open cycles, ...)."""
    user: Any = request.user
    memberships = list(selectors.memberships_of(user=user))
    return render(
        request,
        "programmes/my_work.html",
        {
            "memberships": memberships,
            "can_create": can_create_programmes(user),
            "sections": lazy(lambda: extensions.render_personal_sections(request, memberships)),
            "content_key": rendering_key(
                request,
                user.pk,
                "staff" if user.is_staff else "",
                *(f"{m.programme_id}.{m.programme.data_version}.{m.role}" for m in memberships),
            ),
        },
    )
