"""The pages for planning and reading learning sessions: the programme's list, planning
and changing a session, its agenda and participants, handing the facilitator's role over,
a course, the session's page and its report (a page and a PDF).

Thin: each view reaches the programme and the session through learning_sessions.access,
reads through selectors (report.py for the report) and writes through the services. A
service's refusal is shown on the form, with status 400, and nothing is stored. The live
session itself is the room (room.py).
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samenspel.common.caching import lazy, rendering_key
from samenspel.common.forms import add_service_error
from samenspel.common.paging import paginate
from samenspel.common.selectors import history_of
from samenspel.learning_sessions import report, selectors, services
from samenspel.learning_sessions.access import (
    access_session_by_id,
    can_edit_plan,
    can_plan,
    is_facilitator,
)
from samenspel.learning_sessions.constants import BEFORE_INPUT, SessionKind, SessionPhase
from samenspel.learning_sessions.forms import (
    ANONYMOUS,
    NAMED,
    NOT_QUOTABLE,
    QUOTABLE,
    AgendaForm,
    CourseForm,
    HandOverForm,
    MembersField,
    ParticipantsAddForm,
    SessionEditForm,
    SessionForm,
    chosen_quotable,
)
from samenspel.learning_sessions.models import LearningSession, Participant
from samenspel.programmes.access import ProgrammeAccess, access_programme_by_slug

# Where a service's refusal lands on the planning forms: the services name their
# arguments, the forms their fields.
FIELDS = {"starts_at": "date", "ends_at": "ends", "users": "participants", "cohort": "cohort"}
PDF_CACHE_SECONDS = 24 * 60 * 60


def _access(request: HttpRequest, slug: str) -> ProgrammeAccess:
    user: Any = request.user
    return access_programme_by_slug(user=user, slug=slug)


def _session(
    request: HttpRequest, slug: str, session_id: int
) -> tuple[ProgrammeAccess, LearningSession]:
    access = _access(request, slug)
    return access, access_session_by_id(access=access, session_id=session_id)


def _render(
    request: HttpRequest,
    template: str,
    access: ProgrammeAccess,
    *,
    status: int = 200,
    key_parts: tuple[object, ...] = (),
    **context: Any,
) -> HttpResponse:
    return render(
        request,
        template,
        {
            "access": access,
            "programme": access.programme,
            "content_key": rendering_key(request, *access.cache_parts, *key_parts),
            **context,
        },
        status=status,
    )


def _refused(form: BaseForm, error: ValidationError) -> None:
    """Show a service's refusal on the form field it concerns."""
    if hasattr(error, "error_dict"):
        error = ValidationError(
            {FIELDS.get(field, field): errors for field, errors in error.error_dict.items()}
        )
    add_service_error(form, error)


def _closed(request: HttpRequest, access: ProgrammeAccess, session: LearningSession) -> Any:
    """A change page of a closed session: nothing to change any more."""
    messages.info(request, _("This session is closed. Its plan can no longer change."))
    return redirect("session-detail", slug=access.programme.slug, session_id=session.pk)


# The programme's sessions ------------------------------------------------------------------


def _upcoming_and_past(page: Any) -> dict[str, list[LearningSession]]:
    sessions = list(page.object_list)
    return {
        "upcoming": [s for s in sessions if not s.is_past],
        "past": [s for s in sessions if s.is_past],
    }


@login_required
def session_list(request: HttpRequest, slug: str) -> HttpResponse:
    access = _access(request, slug)
    page = lazy(lambda: paginate(request, selectors.session_list(programme=access.programme)))
    return _render(
        request,
        "learning_sessions/session_list.html",
        access,
        page=page,
        parts=lazy(lambda: _upcoming_and_past(page)),
        can_plan=can_plan(access),
    )


# Planning ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request: HttpRequest, slug: str) -> HttpResponse:
    access = _access(request, slug)
    access.require(can_plan(access))
    programme = access.programme
    initial: dict[str, Any] = {"facilitator": access.user.pk}
    course = request.GET.get("course", "")
    if course.isdecimal() and len(course) < 10:
        initial.update(course=int(request.GET["course"]), kind=SessionKind.COURSE_DAY)
    form = SessionForm(request.POST or None, programme=programme, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            starts_at, ends_at = form.times()
            participants: MembersField = form.fields["participants"]  # type: ignore[assignment]
            try:
                session = services.session_plan(
                    programme=programme,
                    kind=data["kind"],
                    title=data["title"],
                    starts_at=starts_at,
                    ends_at=ends_at,
                    facilitator=data["facilitator"],
                    by=access.user,
                    place=data["place"],
                    anonymous=data["anonymity"] == ANONYMOUS,
                    quotable=chosen_quotable(form, False),
                    votes_per_person=data["votes_per_person"],
                    course=data["course"],
                    participants=participants.users(data["participants"]),
                )
            except ValidationError as error:
                _refused(form, error)
            else:
                messages.success(request, _("The session has been planned. Now set its agenda."))
                return redirect("session-agenda", slug=slug, session_id=session.pk)
    return _render(request, "learning_sessions/session_form.html", access, form=form, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def course_create(request: HttpRequest, slug: str) -> HttpResponse:
    access = _access(request, slug)
    access.require(can_plan(access))
    form = CourseForm(request.POST or None, programme=access.programme)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            cohort: MembersField = form.fields["cohort"]  # type: ignore[assignment]
            try:
                course = services.course_create(
                    programme=access.programme,
                    name=form.cleaned_data["name"],
                    cohort=cohort.users(form.cleaned_data["cohort"]),
                    by=access.user,
                )
            except ValidationError as error:
                _refused(form, error)
            else:
                messages.success(request, _("The course has been created. Now plan its days."))
                return redirect(f"{reverse('session-create', args=[slug])}?course={course.pk}")
    return _render(request, "learning_sessions/course_form.html", access, form=form, status=status)


def _plan_page(
    request: HttpRequest,
    slug: str,
    session_id: int,
    *,
    template: str,
    make_form: Callable[[ProgrammeAccess, LearningSession, Any], BaseForm],
    act: Callable[[ProgrammeAccess, LearningSession, BaseForm], object],
    done: str,
    heading: str,
    extra: Callable[[LearningSession], dict[str, Any]] | None = None,
) -> HttpResponse:
    """A change to a session's plan on its own page: GET shows the form; a valid POST
    calls the service and goes on; a refused or invalid form is shown again with its
    errors, status 400, and nothing is stored. Only the session's facilitator and
    those who plan sessions come here; a closed session has nothing to change."""
    access, session = _session(request, slug, session_id)
    access.require(can_edit_plan(access, session))
    if session.phase == SessionPhase.CLOSED:
        return _closed(request, access, session)
    form = make_form(access, session, request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                act(access, session, form)
            except ValidationError as error:
                _refused(form, error)
            else:
                messages.success(request, done)
                return redirect("session-detail", slug=slug, session_id=session.pk)
    return _render(
        request,
        template,
        access,
        status=status,
        session=session,
        form=form,
        heading=heading,
        **(extra(session) if extra else {}),
    )


def _edit_form(access: ProgrammeAccess, session: LearningSession, data: Any) -> BaseForm:
    starts, ends = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
    return SessionEditForm(
        data,
        session=session,
        input_opened=session.phase not in BEFORE_INPUT,
        initial={
            "title": session.title,
            "date": starts.date(),
            "starts": starts.time(),
            "ends": ends.time(),
            "place": session.place,
            "anonymity": ANONYMOUS if session.anonymous else NAMED,
            "quotable": QUOTABLE if session.quotable else NOT_QUOTABLE,
            "votes_per_person": session.votes_per_person,
        },
    )


def _update(access: ProgrammeAccess, session: LearningSession, form: Any) -> None:
    starts_at, ends_at = form.times()
    services.session_update(
        session=session,
        by=access.user,
        title=form.cleaned_data["title"],
        starts_at=starts_at,
        ends_at=ends_at,
        place=form.cleaned_data["place"],
        anonymous=form.anonymous(session),
        quotable=form.quotable_rule(session),
        votes_per_person=form.cleaned_data["votes_per_person"],
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    return _plan_page(
        request,
        slug,
        session_id,
        template="learning_sessions/session_edit.html",
        heading=_("Change the plan"),
        make_form=_edit_form,
        act=_update,
        done=_("The session has been saved."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_agenda(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    def act(access: ProgrammeAccess, session: LearningSession, form: Any) -> None:
        services.agenda_set(
            session=session,
            cycles=list(form.cleaned_data["cycles"]),
            questions=list(form.cleaned_data["questions"]),
            by=access.user,
        )

    return _plan_page(
        request,
        slug,
        session_id,
        template="learning_sessions/session_agenda.html",
        heading=_("Agenda"),
        make_form=lambda access, session, data: AgendaForm(
            data, session=session, programme=access.programme
        ),
        act=act,
        done=_("The agenda has been saved."),
        extra=lambda session: {
            "open_actions": lazy(lambda: list(selectors.open_actions_before(session=session))),
            "fixed": session.phase not in BEFORE_INPUT,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_participants(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    """The participant list: members are added here (until the session closes, so that
    someone who comes late can still take part) and removed (until input opens)."""
    access, session = _session(request, slug, session_id)
    access.require(can_edit_plan(access, session))
    if session.phase == SessionPhase.CLOSED:
        return _closed(request, access, session)
    participants = selectors.session_participants(session=session)
    present = {p.user_id for p in participants if p.user_id is not None}
    adding = request.method == "POST" and request.POST.get("action") != "remove"
    form = ParticipantsAddForm(
        request.POST if adding else None, programme=access.programme, present=present
    )
    status = 200
    error = None
    if request.method == "POST":
        status = 400
        try:
            if adding:
                if form.is_valid():
                    users: MembersField = form.fields["users"]  # type: ignore[assignment]
                    chosen = users.users(form.cleaned_data["users"])
                    if not chosen:
                        form.add_error("users", _("Tick at least one member."))
                    else:
                        services.participants_set(session=session, users=chosen, by=access.user)
                        messages.success(request, _("The participants have been added."))
                        return redirect(request.path)
            else:
                participant = get_object_or_404(
                    Participant, session=session, pk=_number(request.POST.get("participant"))
                )
                services.participant_remove(participant=participant, by=access.user)
                messages.success(request, _("The participant has been taken off the list."))
                return redirect(request.path)
        except ValidationError as refusal:
            if adding:
                _refused(form, refusal)
            else:
                error = refusal.messages[0]
    return _render(
        request,
        "learning_sessions/session_participants.html",
        access,
        status=status,
        heading=_("Participants"),
        session=session,
        participants=participants,
        form=form,
        error=error,
        can_remove=session.phase in BEFORE_INPUT,
    )


def _number(value: str | None) -> int:
    if value is None or not value.isdecimal() or len(value) > 18:
        raise Http404
    return int(value)


@login_required
@require_http_methods(["GET", "POST"])
def session_hand_over(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    """Choose another facilitator, then confirm: from then on only they move the phases."""
    access, session = _session(request, slug, session_id)
    access.require(can_edit_plan(access, session))
    if session.phase == SessionPhase.CLOSED:
        return _closed(request, access, session)
    form = HandOverForm(
        request.POST if request.method == "POST" else None,
        session=session,
        programme=access.programme,
    )
    status, confirming = 200, False
    if request.method == "POST":
        status = 400
        if form.is_valid():
            if not form.cleaned_data["confirm"]:
                # The choice is fine: ask to confirm it.
                status, confirming = 200, True
            else:
                try:
                    services.facilitator_hand_over(
                        session=session, to=form.cleaned_data["to"], by=access.user
                    )
                except ValidationError as error:
                    _refused(form, error)
                else:
                    messages.success(
                        request,
                        _("%(name)s is now the facilitator of this session.")
                        % {"name": form.cleaned_data["to"].name},
                    )
                    return redirect("session-detail", slug=slug, session_id=session.pk)
    return _render(
        request,
        "learning_sessions/session_hand_over.html",
        access,
        status=status,
        heading=_("Hand over the facilitator's role"),
        session=session,
        form=form,
        confirming=confirming,
    )


# Reading -----------------------------------------------------------------------------------


@login_required
def session_detail(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    access, session = _session(request, slug, session_id)
    editor = can_edit_plan(access, session)
    in_room = is_facilitator(access.user, session) or selectors.is_participant(
        session=session, user=access.user
    )
    return _render(
        request,
        "learning_sessions/session_detail.html",
        access,
        # The session's own version changes with every write in it (a guest joining
        # included), which the programme's data version does not see.
        key_parts=(
            session.pk,
            session.version,
            "plan" if editor else "",
            "room" if in_room else "",
        ),
        session=session,
        can_edit=editor,
        in_room=in_room and session.phase != SessionPhase.CLOSED,
        before_input=session.phase in BEFORE_INPUT,
        agenda=lazy(lambda: selectors.session_agenda(session=session)),
        participants=lazy(lambda: selectors.session_participants(session=session)),
        history=lazy(lambda: history_of(target=session)),
    )


@login_required
def session_report(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    access, session = _session(request, slug, session_id)
    return _render(
        request,
        "learning_sessions/report.html",
        access,
        key_parts=(session.pk, session.version),
        session=session,
        report=lazy(lambda: report.session_report(session=session)),
    )


@login_required
def session_report_pdf(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    """The report as a PDF (WeasyPrint); made once per version of the data and language.
    A session that is not closed has no report yet: 404."""
    access, session = _session(request, slug, session_id)
    if session.phase != SessionPhase.CLOSED:
        raise Http404
    key = "samenspel:session-report-pdf:" + rendering_key(
        request, *access.cache_parts, session.pk, session.version
    )
    pdf = cache.get(key)
    if pdf is None:
        pdf = report.report_pdf(
            report.session_report(session=session),
            base_url=request.build_absolute_uri("/"),
        )
        cache.set(key, pdf, timeout=PDF_CACHE_SECONDS)
    response = HttpResponse(pdf, content_type="application/pdf")
    day = timezone.localtime(session.starts_at).date()
    response["Content-Disposition"] = f'inline; filename="leersessie-{day:%Y-%m-%d}.pdf"'
    return response
