"""The pages for planning learning sessions, through HTTP as a facilitator uses them: the
programme's list, planning with Dutch dates and times, a course, changing the plan, the
agenda, the participants, handing over, the session's page, and what sessions add to the
programme's overview, menu and "my work". Bad input gets a translated message, stores
nothing and never a server error."""

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from samenspel.common.models import AuditEvent
from samenspel.cycles.constants import CycleState
from samenspel.learning_sessions import services
from samenspel.learning_sessions.constants import SessionKind, SessionPhase
from samenspel.learning_sessions.models import Course, LearningSession, Participant
from samenspel.programmes.constants import Role
from tests.factories import CycleFactory, LearningQuestionFactory, MembershipFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def said(text: str, **values: object) -> str:
    """What a page shows for a source string, in Dutch (English until it is translated),
    escaped as the template escapes it."""
    with translation.override("nl"):
        words = translation.gettext(text)
    return html.escape(words % values if values else words)


def moment(days: int, hour: int = 19, minute: int = 30) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def plan(programme, facilitator, *, days=7, hours=2, **extra):
    start = moment(days)
    arguments = {
        "programme": programme,
        "kind": SessionKind.TEAM,
        "title": "Leersessie voorjaar",
        "starts_at": start,
        "ends_at": start + datetime.timedelta(hours=hours),
        "facilitator": facilitator,
        "by": facilitator,
        **extra,
    }
    return services.session_plan(**arguments)


def advance_to(session, phase):
    while session.phase != phase:
        services.session_advance(session=session, by=session.facilitator, expected=session.phase)


def dutch(day: datetime.date) -> str:
    """A date as a Dutch person types it: 14-3-2027."""
    return f"{day.day}-{day.month}-{day.year}"


@pytest.fixture
def people(member):
    return {
        "facilitator": member(Role.FACILITATOR),
        "ann": member(Role.CIVIL_SERVANT),
        "bob": member(Role.CIVIL_SERVANT),
        "gov": member(Role.GOVERNANCE),
    }


def url(name, programme, session=None):
    if session is None:
        return reverse(name, args=[programme.slug])
    return reverse(name, args=[programme.slug, session.pk])


# The list ----------------------------------------------------------------------------------


def test_the_list_shows_upcoming_sessions_first_then_the_past_ones(client_for, programme, people):
    facilitator = people["facilitator"]
    later = plan(programme, facilitator, days=30, title="Over een maand")
    soon = plan(programme, facilitator, days=2, title="Overmorgen")
    long_ago = plan(programme, facilitator, days=-200, title="Lang geleden")
    recent = plan(programme, facilitator, days=-10, title="Vorige week")
    advance_to(recent, SessionPhase.CLOSED)

    page = client_for(people["ann"]).get(url("session-list", programme)).content.decode()
    order = [page.index(s.title) for s in (soon, later, recent, long_ago)]
    assert order == sorted(order)
    assert said("Upcoming sessions") in page and said("Earlier sessions") in page
    # The report of the closed one, not of the others; the time the Dutch way.
    assert url("session-report", programme, recent) in page
    assert url("session-report", programme, later) not in page
    assert "19:30\u201321:30" in page
    # Planning is for facilitators and administrators.
    assert url("session-create", programme) not in page
    assert (
        url("session-create", programme)
        in client_for(facilitator).get(url("session-list", programme)).content.decode()
    )


def test_an_empty_list_says_so(client_for, programme, people):
    page = client_for(people["facilitator"]).get(url("session-list", programme)).content.decode()
    assert said("No sessions have been planned in this programme yet.") in page


def test_the_programme_menu_has_a_sessions_tab(client_for, programme, people):
    page = client_for(people["gov"]).get(reverse("programme-detail", args=[programme.slug]))
    assert url("session-list", programme) in page.content.decode()
    listed = client_for(people["gov"]).get(url("session-list", programme)).content.decode()
    assert f'href="{url("session-list", programme)}" aria-current="page"' in listed


# Planning ----------------------------------------------------------------------------------


def plan_form(people, day, **extra):
    return {
        "kind": SessionKind.TEAM,
        "title": "Wat leren we van de buurtbus?",
        "date": dutch(day),
        "starts": "19:30",
        "ends": "21.30",
        "place": "Raadzaal",
        "facilitator": people["facilitator"].pk,
        "anonymity": "anonymous",
        "votes_per_person": "3",
        "participants": [people["ann"].pk, people["gov"].pk],
        **extra,
    }


def test_a_facilitator_plans_a_session_typed_the_dutch_way(client_for, programme, people):
    day = TODAY + datetime.timedelta(days=40)
    client = client_for(people["facilitator"])
    form = client.get(url("session-create", programme)).content.decode()
    # Members to tick come in a group per role.
    assert "<legend>" + said("Civil servant") + "</legend>" in form
    assert 'type="date"' in form and 'type="time"' in form

    response = client.post(url("session-create", programme), plan_form(people, day))
    session = LearningSession.objects.get()
    assert response.status_code == 302
    assert response.url == url("session-agenda", programme, session)
    local = timezone.localtime(session.starts_at)
    assert (local.date(), local.hour, local.minute) == (day, 19, 30)
    assert timezone.localtime(session.ends_at).hour == 21
    assert session.anonymous and session.place == "Raadzaal"
    assert session.questions == programme.review_questions
    assert set(session.participants.values_list("user", flat=True)) == {
        people["ann"].pk,
        people["gov"].pk,
    }
    assert AuditEvent.objects.filter(action="session.plan", programme_id=programme.pk).exists()


def test_a_date_picker_sends_the_date_as_iso(client_for, programme, people):
    day = TODAY + datetime.timedelta(days=3)
    data = plan_form(people, day, date=day.isoformat(), anonymity="named", participants=[])
    response = client_for(people["facilitator"]).post(url("session-create", programme), data)
    assert response.status_code == 302
    session = LearningSession.objects.get()
    assert timezone.localtime(session.starts_at).date() == day
    assert not session.anonymous


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"ends": "18:00"}, "The session ends after it starts."),
        ({"date": "31-2-2027"}, "Write the date as day-month-year, for example 14-3-2027."),
        ({"starts": "half acht"}, "Write the time as hours:minutes, for example 19:30."),
        ({"votes_per_person": "0"}, "Give everyone between 1 and %(max)s votes."),
        ({"title": "\u200b\u00a0"}, "Fill in this field with words, not only spaces."),
    ],
)
def test_planning_refuses_bad_input_with_a_message(client_for, programme, people, change, message):
    data = plan_form(people, TODAY + datetime.timedelta(days=5), **change)
    response = client_for(people["facilitator"]).post(url("session-create", programme), data)
    assert response.status_code == 400
    assert said(message, max=20) in response.content.decode()
    assert not LearningSession.objects.exists()


def test_a_date_far_away_is_refused_by_the_service(client_for, programme, people):
    data = plan_form(people, TODAY + datetime.timedelta(days=366 * 12))
    response = client_for(people["facilitator"]).post(url("session-create", programme), data)
    assert response.status_code == 400
    assert said("Choose a date within ten years of today.") in response.content.decode()
    assert not LearningSession.objects.exists()


def test_a_facilitator_who_is_not_a_member_cannot_be_chosen(client_for, programme, people):
    outsider = MembershipFactory(role=Role.FACILITATOR).user  # of another programme
    data = plan_form(people, TODAY + datetime.timedelta(days=5), facilitator=outsider.pk)
    response = client_for(people["facilitator"]).post(url("session-create", programme), data)
    assert response.status_code == 400
    assert 'id="id_facilitator_error"' in response.content.decode()
    # Nor a governance member, who may take part but not facilitate.
    data["facilitator"] = people["gov"].pk
    response = client_for(people["facilitator"]).post(url("session-create", programme), data)
    assert response.status_code == 400
    assert not LearningSession.objects.exists()


def test_a_stranger_cannot_be_ticked_as_participant(client_for, programme, people):
    outsider = MembershipFactory(role=Role.CIVIL_SERVANT).user
    data = plan_form(people, TODAY + datetime.timedelta(days=5), participants=[outsider.pk])
    response = client_for(people["facilitator"]).post(url("session-create", programme), data)
    assert response.status_code == 400
    assert not LearningSession.objects.exists()


def test_a_course_and_its_days(client_for, programme, people):
    client = client_for(people["facilitator"])
    response = client.post(
        url("course-create", programme),
        {"name": "Samenspel in de praktijk", "cohort": [people["ann"].pk, people["bob"].pk]},
    )
    course = Course.objects.get()
    assert response.status_code == 302
    assert response.url == f"{url('session-create', programme)}?course={course.pk}"
    form = client.get(response.url).content.decode()
    assert f'value="{course.pk}" selected' in form

    data = plan_form(
        people,
        TODAY + datetime.timedelta(days=10),
        kind=SessionKind.COURSE_DAY,
        course=course.pk,
        participants=[],
        title="Cursusdag 1",
    )
    assert client.post(url("session-create", programme), data).status_code == 302
    day = LearningSession.objects.get()
    assert day.course == course
    assert set(day.participants.values_list("user", flat=True)) == {
        people["ann"].pk,
        people["bob"].pk,
    }
    empty = client.post(url("course-create", programme), {"name": " ", "cohort": []})
    assert empty.status_code == 400
    assert Course.objects.count() == 1


# Changing the plan -------------------------------------------------------------------------


def test_the_plan_can_change_until_the_session_closes(client_for, programme, people):
    session = plan(programme, people["facilitator"])
    client = client_for(people["facilitator"])
    day = TODAY + datetime.timedelta(days=12)
    page = client.get(url("session-edit", programme, session)).content.decode()
    assert 'value="19:30"' in page
    response = client.post(
        url("session-edit", programme, session),
        {
            "title": "Leersessie najaar",
            "date": dutch(day),
            "starts": "14:00",
            "ends": "16:00",
            "place": "Dorpshuis",
            "anonymity": "named",
            "votes_per_person": "5",
        },
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.title == "Leersessie najaar" and not session.anonymous
    assert timezone.localtime(session.starts_at).date() == day
    assert session.votes_per_person == 5

    advance_to(session, SessionPhase.CLOSED)
    closed = client.get(url("session-edit", programme, session))
    assert closed.status_code == 302
    assert closed.url == url("session-detail", programme, session)


def test_anonymity_cannot_be_switched_after_input_opened(client_for, programme, people):
    session = plan(programme, people["facilitator"])
    advance_to(session, SessionPhase.INPUT)
    client = client_for(people["facilitator"])
    page = client.get(url("session-edit", programme, session)).content.decode()
    assert said("Silent writing has started: this can no longer change.") in page
    start = timezone.localtime(session.starts_at)
    data = {
        "title": "Andere titel",
        "date": dutch(start.date()),
        "starts": "19:30",
        "ends": "21:30",
        "place": "",
        "anonymity": "named",  # sent anyway, as a tampered form would
        "votes_per_person": "3",
    }
    response = client.post(url("session-edit", programme, session), data)
    assert response.status_code == 400
    assert (
        said("Anonymous or named is chosen before input opens; it cannot change now.")
        in response.content.decode()
    )
    session.refresh_from_db()
    assert session.anonymous and session.title == "Leersessie voorjaar"
    # Without the disabled field, the rest of the plan still changes.
    del data["anonymity"]
    assert client.post(url("session-edit", programme, session), data).status_code == 302
    session.refresh_from_db()
    assert session.anonymous and session.title == "Andere titel"


# The agenda --------------------------------------------------------------------------------


def test_the_agenda_offers_acting_cycles_first_and_shows_open_actions(
    client_for, programme, initiative, people
):
    draft = CycleFactory(initiative=initiative, title="Nog in verwachting", number=1)
    acting = CycleFactory(
        initiative=initiative, title="Volop bezig", number=2, state=CycleState.ACTING
    )
    question = LearningQuestionFactory(programme=programme, number=1, text="Hoe dan?")
    earlier = plan(programme, people["facilitator"], days=-20, title="Vorige keer")
    advance_to(earlier, SessionPhase.CAPTURE)
    services.action_add(
        session=earlier,
        text="Bel de dorpsraad",
        owner=people["ann"],
        due_on=TODAY,
        by=people["facilitator"],
    )
    advance_to(earlier, SessionPhase.CLOSED)
    session = plan(programme, people["facilitator"])
    client = client_for(people["facilitator"])

    page = client.get(url("session-agenda", programme, session)).content.decode()
    assert page.index("Volop bezig") < page.index("Nog in verwachting")
    assert "Bel de dorpsraad" in page

    response = client.post(
        url("session-agenda", programme, session),
        {"cycles": [acting.pk, draft.pk], "questions": [question.pk]},
    )
    assert response.status_code == 302
    assert set(session.agenda_cycles.all()) == {acting, draft}
    detail = client.get(url("session-detail", programme, session)).content.decode()
    assert "Volop bezig" in detail and "Hoe dan?" in detail and "Bel de dorpsraad" in detail


def test_a_cycle_of_another_programme_is_refused_on_the_agenda(
    client_for, programme, initiative, people
):
    ours = CycleFactory(initiative=initiative, state=CycleState.ACTING)
    theirs = CycleFactory(state=CycleState.ACTING)  # another programme's initiative
    session = plan(programme, people["facilitator"])
    response = client_for(people["facilitator"]).post(
        url("session-agenda", programme, session), {"cycles": [ours.pk, theirs.pk]}
    )
    assert response.status_code == 400
    assert 'id="id_cycles_error"' in response.content.decode()
    assert not session.agenda_cycles.exists()
    assert not AuditEvent.objects.filter(action="session.agenda").exists()


def test_the_agenda_is_fixed_once_the_session_started(client_for, programme, initiative, people):
    cycle = CycleFactory(initiative=initiative, state=CycleState.ACTING)
    session = plan(programme, people["facilitator"])
    advance_to(session, SessionPhase.INPUT)
    client = client_for(people["facilitator"])
    page = client.get(url("session-agenda", programme, session)).content.decode()
    assert said("The session has started: the agenda can no longer change.") in page
    response = client.post(url("session-agenda", programme, session), {"cycles": [cycle.pk]})
    assert response.status_code == 400
    assert not session.agenda_cycles.exists()


# The participants and handing over ---------------------------------------------------------


def test_members_are_added_and_taken_off_the_list(client_for, programme, people):
    session = plan(programme, people["facilitator"], participants=[people["ann"]])
    services.guest_join(code=session.join_code, display_name="Henk van de buurt")
    services.guest_join(code=session.join_code)
    client = client_for(people["facilitator"])
    address = url("session-participants", programme, session)
    page = client.get(address).content.decode()
    assert "Henk van de buurt" in page and said("Guest") in page
    assert session.join_code in page

    assert client.post(address, {"action": "add", "users": [people["bob"].pk]}).status_code == 302
    ann = Participant.objects.get(session=session, user=people["ann"])
    assert client.post(address, {"action": "remove", "participant": ann.pk}).status_code == 302
    assert set(session.participants.exclude(user=None).values_list("user", flat=True)) == {
        people["bob"].pk
    }
    assert client.post(address, {"action": "add"}).status_code == 400
    assert client.post(address, {"action": "remove", "participant": "abc"}).status_code == 404
    other = plan(programme, people["facilitator"], participants=[people["gov"]])
    foreign = other.participants.get()
    assert client.post(address, {"action": "remove", "participant": foreign.pk}).status_code == 404
    assert Participant.objects.filter(pk=foreign.pk).exists()


def test_nobody_is_taken_off_the_list_after_input_opened(client_for, programme, people):
    session = plan(programme, people["facilitator"], participants=[people["ann"]])
    advance_to(session, SessionPhase.INPUT)
    ann = session.participants.get()
    client = client_for(people["facilitator"])
    address = url("session-participants", programme, session)
    response = client.post(address, {"action": "remove", "participant": ann.pk})
    assert response.status_code == 400
    assert Participant.objects.filter(pk=ann.pk).exists()
    # Someone who comes late can still be added.
    assert client.post(address, {"action": "add", "users": [people["bob"].pk]}).status_code == 302


def test_handing_over_asks_to_confirm(client_for, programme, people, member):
    other = member(Role.CIVIL_SERVANT)
    session = plan(programme, people["facilitator"])
    client = client_for(people["facilitator"])
    address = url("session-hand-over", programme, session)
    asked = client.post(address, {"to": other.pk})
    assert asked.status_code == 200
    assert 'name="confirm" value="True"' in asked.content.decode()
    session.refresh_from_db()
    assert session.facilitator == people["facilitator"]

    done = client.post(address, {"to": other.pk, "confirm": "True"})
    assert done.status_code == 302
    session.refresh_from_db()
    assert session.facilitator == other
    # The old facilitator, a civil servant here, may no longer change the plan... but a
    # facilitator of the programme still may; the new one can.
    assert client_for(other).get(url("session-edit", programme, session)).status_code == 200
    refused = client.post(address, {"to": people["gov"].pk, "confirm": "True"})
    assert refused.status_code == 400
    session.refresh_from_db()
    assert session.facilitator == other


def test_a_civil_servant_who_facilitates_may_change_the_plan(client_for, programme, people):
    session = plan(programme, people["ann"], by=people["facilitator"])
    assert client_for(people["ann"]).get(url("session-edit", programme, session)).status_code == 200
    assert client_for(people["bob"]).get(url("session-edit", programme, session)).status_code == 403


# The session's page ------------------------------------------------------------------------


def test_the_session_page_shows_the_plan_to_every_member(client_for, programme, people, member):
    session = plan(programme, people["facilitator"], participants=[people["ann"], people["gov"]])
    services.guest_join(code=session.join_code, display_name="Gerda")
    partner = member(Role.PARTNER)

    as_facilitator = client_for(people["facilitator"]).get(
        url("session-detail", programme, session)
    )
    page = as_facilitator.content.decode()
    assert session.join_code in page
    assert reverse("room", args=[session.pk]) in page
    assert (
        said("Phase %(number)s of %(total)s: %(name)s", number=1, total=8, name=said("Preparation"))
        in page
    )
    assert 'aria-current="step"' in page
    # Anonymous input: the list says who took part, not who wrote what.
    assert people["ann"].name in page and "Gerda" in page
    assert said("This list says who took part, not who wrote what.") in page
    assert said("Session planned") in page  # the history

    as_partner = client_for(partner).get(url("session-detail", programme, session)).content.decode()
    assert session.join_code not in as_partner
    assert reverse("room", args=[session.pk]) not in as_partner
    assert people["ann"].name in as_partner
    as_ann = (
        client_for(people["ann"]).get(url("session-detail", programme, session)).content.decode()
    )
    assert reverse("room", args=[session.pk]) in as_ann
    assert session.join_code not in as_ann


def test_the_session_page_follows_the_session(client_for, programme, people):
    """Cached by the session's own version: a guest joining shows at once, although it
    leaves the programme's data version as it was."""
    session = plan(programme, people["facilitator"])
    client = client_for(people["ann"])
    address = url("session-detail", programme, session)
    assert "Truus" not in client.get(address).content.decode()
    services.guest_join(code=session.join_code, display_name="Truus")
    assert "Truus" in client.get(address).content.decode()
    advance_to(session, SessionPhase.CLOSED)
    page = client.get(address).content.decode()
    assert url("session-report", programme, session) in page
    assert reverse("room", args=[session.pk]) not in page


def test_the_overview_and_my_work_show_the_next_sessions(client_for, programme, people):
    client = client_for(people["ann"])
    overview = reverse("programme-detail", args=[programme.slug])
    assert said("No sessions planned.") in client.get(overview).content.decode()
    session = plan(programme, people["facilitator"], participants=[people["ann"]])
    assert session.title in client.get(overview).content.decode()
    my_work = client.get(reverse("my-work")).content.decode()
    assert session.title in my_work and reverse("calendar-settings") in my_work
    # A change of the plan shows on the cached overview at once.
    start = timezone.localtime(session.starts_at)
    services.session_update(
        session=session,
        by=people["facilitator"],
        title="Verplaatst",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        place="",
        anonymous=True,
        votes_per_person=3,
    )
    assert "Verplaatst" in client.get(overview).content.decode()
    assert "Verplaatst" in client.get(reverse("my-work")).content.decode()
    services.participant_remove(participant=session.participants.get(), by=people["facilitator"])
    assert "Verplaatst" not in client.get(reverse("my-work")).content.decode()


def test_another_programmes_session_is_not_found(client_for, programme, people):
    other = MembershipFactory(role=Role.FACILITATOR)
    theirs = plan(other.programme, other.user)
    response = client_for(people["facilitator"]).get(
        reverse("session-detail", args=[programme.slug, theirs.pk])
    )
    assert response.status_code == 404
