"""The compass round in the room of a learning session, through HTTP as its people use
it: the facilitator opens and closes it, a member and a guest answer once each, and the
board shows the count and the medians, live. Refusals: a step only the facilitator may
take (403), answering twice, after closing, a score out of range, a retired facet and a
facet of another programme (400) — each stores nothing. Anonymous answers (an anonymous
session, a guest) store no respondent and no audit actor."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from samenspel.common.models import AuditEvent
from samenspel.compass import round_services
from samenspel.compass.constants import Perspective, Subject
from samenspel.compass.models import Assessment, CompassRound, RoundResponse, Score
from samenspel.compass.services import facet_retire
from samenspel.learning_sessions.constants import SessionPhase
from samenspel.learning_sessions.models import LearningSession
from samenspel.programmes.constants import Role
from tests.compass import make_compass
from tests.factories import MembershipFactory
from tests.sessions import advance_to, plan_session

pytestmark = pytest.mark.django_db


def nl(message, **values):
    with translation.override("nl"):
        text = translation.gettext(message)
    return escape(text % values if values else text)


@pytest.fixture
def people(programme, facilitator, member):
    return {
        "facilitator": facilitator,
        "member": member(Role.CIVIL_SERVANT),
        "bystander": member(Role.CIVIL_SERVANT),
    }


@pytest.fixture
def compass(programme, people):
    return make_compass(programme, people["facilitator"])


def make_session(programme, people, anonymous=False):
    session = plan_session(
        programme, people["facilitator"], [people["member"]], anonymous=anonymous
    )
    return advance_to(session, SessionPhase.INPUT)


@pytest.fixture
def session(programme, people, compass):
    return make_session(programme, people)


@pytest.fixture
def clients(client_for, people, session):
    guest = Client()
    response = guest.post(reverse("join"), {"code": session.join_code, "display_name": "Henk"})
    assert response.status_code == 302
    return {
        "facilitator": client_for(people["facilitator"]),
        "member": client_for(people["member"]),
        "guest": guest,
        "bystander": client_for(people["bystander"]),
    }


@pytest.fixture
def figures_from_one_answer(monkeypatch):
    """The board shows a round's figures from the first answer on (normally from
    rounds.MIN_ANSWERS_SHOWN), for the tests about what happens to them."""
    from samenspel.compass import rounds

    monkeypatch.setattr(rounds, "MIN_ANSWERS_SHOWN", 1)


def url(session, name):
    return reverse(name, args=[session.pk])


def facets(compass):
    return list(compass.facets.filter(retired_at__isnull=True).order_by("position"))


def answer_data(compass, now=(6, 4, 7, 3), desired=(8, 8, 8, 8), **extra):
    data = {}
    for facet, current, wish in zip(facets(compass), now, desired, strict=False):
        data[f"facet_{facet.pk}_current"] = current
        data[f"facet_{facet.pk}_desired"] = wish
    data.update(extra)
    return data


def stored(session):
    """Everything a compass-round POST can write."""
    session.refresh_from_db()
    return (
        session.version,
        list(CompassRound.objects.values_list("pk", "closed_at")),
        RoundResponse.objects.count(),
        Assessment.objects.count(),
        Score.objects.count(),
        AuditEvent.objects.count(),
    )


def open_round(clients, session):
    response = clients["facilitator"].post(url(session, "room-compass-open"))
    assert response.status_code == 302
    assert response.url == url(session, "room")


# Opening and closing ------------------------------------------------------------------------


def test_the_facilitator_opens_the_round_and_everyone_in_the_room_sees_it(
    clients, session, compass, people
):
    before = session.version
    page = clients["facilitator"].get(url(session, "room")).content.decode()
    assert nl("Start a compass round") in page
    assert (
        nl("Start a compass round")
        not in clients["member"].get(url(session, "room")).content.decode()
    )
    open_round(clients, session)
    session.refresh_from_db()
    assert session.version > before
    event = AuditEvent.objects.get(action="compass_round.open")
    assert event.actor == people["facilitator"]
    assert event.programme_id is None  # an event of the session only
    page = clients["facilitator"].get(url(session, "room")).content.decode()
    assert nl("Close the round") in page
    for who in ("member", "guest"):
        page = clients[who].get(url(session, "room")).content.decode()
        assert url(session, "room-compass-answer") in page, who
        for facet in facets(compass):
            assert f'name="facet_{facet.pk}_current"' in page
    # The guest chooses a perspective; the member's follows from their role.
    assert 'name="perspective"' in clients["guest"].get(url(session, "room")).content.decode()
    assert 'name="perspective"' not in clients["member"].get(url(session, "room")).content.decode()


def test_only_the_facilitator_opens_and_closes(clients, session):
    before = stored(session)
    for who in ("member", "guest"):
        assert clients[who].post(url(session, "room-compass-open")).status_code == 403
    assert clients["bystander"].post(url(session, "room-compass-open")).status_code == 404
    assert stored(session) == before
    open_round(clients, session)
    before = stored(session)
    for who in ("member", "guest"):
        assert clients[who].post(url(session, "room-compass-close")).status_code == 403
    assert stored(session) == before


def test_a_round_needs_a_running_session_and_a_compass_with_facets(programme, people, client_for):
    facilitator = client_for(people["facilitator"])
    session = plan_session(programme, people["facilitator"], [people["member"]])
    # No compass yet.
    advance_to(session, SessionPhase.ACTIONS)
    before = stored(session)
    response = facilitator.post(url(session, "room-compass-open"))
    assert response.status_code == 400
    assert nl("The programme's compass has no facets in use yet. Choose the compass first.") in (
        response.content.decode()
    )
    assert stored(session) == before
    # Planned, not yet running.
    make_compass(programme, people["facilitator"])
    planned = plan_session(programme, people["facilitator"], [people["member"]])
    before = stored(planned)
    assert facilitator.post(url(planned, "room-compass-open")).status_code == 400
    assert stored(planned) == before
    # Once per session.
    assert facilitator.post(url(session, "room-compass-open")).status_code == 302
    before = stored(session)
    response = facilitator.post(url(session, "room-compass-open"))
    assert response.status_code == 400
    assert nl("This session has had its compass round already.") in response.content.decode()
    assert stored(session) == before


def test_closing_ends_the_answers_and_the_board_keeps_the_figures(
    clients, session, compass, figures_from_one_answer
):
    open_round(clients, session)
    assert (
        clients["member"]
        .post(url(session, "room-compass-answer"), answer_data(compass))
        .status_code
        == 302
    )
    version = LearningSession.objects.get(pk=session.pk).version
    response = clients["facilitator"].post(url(session, "room-compass-close"))
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.version > version
    assert CompassRound.objects.get(session=session).closed_at is not None
    before = stored(session)
    response = clients["guest"].post(url(session, "room-compass-answer"), answer_data(compass))
    assert response.status_code == 400
    assert (
        nl("The compass round is closed. It no longer takes answers.") in response.content.decode()
    )
    assert stored(session) == before
    board = clients["guest"].get(url(session, "room-board")).content.decode()
    assert 'data-room-state="compass-round-closed"' in board
    assert "<caption>" in board
    # Closing twice says so.
    assert clients["facilitator"].post(url(session, "room-compass-close")).status_code == 400


# Answering --------------------------------------------------------------------------------


def test_a_member_and_a_guest_answer_once_and_the_board_shows_the_medians(
    clients, session, compass, people
):
    open_round(clients, session)
    board_before = clients["facilitator"].get(url(session, "room-board")).content.decode()
    version = LearningSession.objects.get(pk=session.pk).version
    response = clients["member"].post(
        url(session, "room-compass-answer"), answer_data(compass, now=(6, 4, 7, 3))
    )
    assert response.status_code == 302
    assert response.url == url(session, "room")
    session.refresh_from_db()
    assert session.version > version
    response = clients["guest"].post(
        url(session, "room-compass-answer"),
        answer_data(
            compass, now=(8, 5, 7, 2), desired=("", "", 9, 9), perspective="civil_servants"
        ),
    )
    assert response.status_code == 302
    member_answer = Assessment.objects.get(respondent=people["member"])
    assert member_answer.subject == Subject.SESSION
    assert member_answer.session_id == session.pk
    assert member_answer.perspective == Perspective.CIVIL_SERVANTS
    guest_answer = Assessment.objects.get(respondent=None)
    assert guest_answer.anonymous
    assert guest_answer.perspective == Perspective.CIVIL_SERVANTS  # what the guest chose
    # The guest's answer: its audit event has no actor and points to the compass, not
    # to the answer; the member's names them and their answer.
    events = AuditEvent.objects.filter(action="assessment.record")
    assert {(e.actor_id, e.target_type.model, e.target_id) for e in events} == {
        (people["member"].pk, "assessment", member_answer.pk),
        (None, "compass", compass.pk),
    }
    assert RoundResponse.objects.count() == 2
    # Both now see that their answers are in, and no form.
    for who in ("member", "guest"):
        page = clients[who].get(url(session, "room")).content.decode()
        assert (
            nl("Your answers are in. Thank you! The board shows what everyone answered together.")
            in page
        )
        assert url(session, "room-compass-answer") not in page
    page = clients["facilitator"].get(url(session, "room")).content.decode()
    with translation.override("nl"):
        answered = translation.ngettext(
            "%(count)s of %(total)s participants answered.",
            "%(count)s of %(total)s participants answered.",
            2,
        ) % {"count": 2, "total": 2}
    assert escape(answered) in page
    board = clients["facilitator"].get(url(session, "room-board")).content.decode()
    assert board != board_before
    first = facets(compass)[0]
    # Two answers: the count, not yet the figures (one person's answer would show).
    assert f"{first.name}</th>" not in board
    assert (
        escape(
            nl(
                "The figures appear from %(count)s answers on, so that nobody's answer can be read "
                "from them.",
                count=3,
            )
        )
        in board
    )
    # A third person joins with the code and answers: now the figures show.
    third = Client()
    joined = third.post(reverse("join"), {"code": session.join_code, "display_name": "Ria"})
    assert joined.status_code == 302
    response = third.post(
        url(session, "room-compass-answer"),
        answer_data(compass, now=(7, 6, 7, 3), desired=("", "", "", "")),
    )
    assert response.status_code == 302
    board = clients["facilitator"].get(url(session, "room-board")).content.decode()
    # The medians of (6, 8, 7) and (4, 5, 6): 7 and 5; desired of the first facet: only 8.
    row = board.split(f"{first.name}</th>", 1)[1].split("</tr>", 1)[0]
    assert ">7<" in row and ">8<" in row
    second = board.split(f"{facets(compass)[1].name}</th>", 1)[1].split("</tr>", 1)[0]
    assert ">5<" in second
    assert "Henk" not in board and "Ria" not in board
    assert people["member"].name not in board


def test_answering_twice_is_refused_and_stores_nothing(clients, session, compass):
    open_round(clients, session)
    assert (
        clients["member"]
        .post(url(session, "room-compass-answer"), answer_data(compass))
        .status_code
        == 302
    )
    before = stored(session)
    response = clients["member"].post(url(session, "room-compass-answer"), answer_data(compass))
    assert response.status_code == 400
    assert nl("You have answered in this compass round already. Each person answers once.") in (
        response.content.decode()
    )
    assert stored(session) == before


def test_the_service_refuses_a_second_answer_too(clients, session, compass):
    open_round(clients, session)
    participant = session.participants.get(user__isnull=False)
    compass_round = CompassRound.objects.get(session=session)
    answers = {facets(compass)[0].pk: round_services.ScoreInput(current=5)}
    round_services.round_answer(round=compass_round, participant=participant, answers=answers)
    with pytest.raises(ValidationError) as refused:
        round_services.round_answer(round=compass_round, participant=participant, answers=answers)
    assert refused.value.code == "duplicate"
    assert Assessment.objects.count() == 1


@pytest.mark.parametrize(
    "bad",
    [
        "out of range",
        "retired",
        "foreign",
        "empty",
        "not a number",
        "a superscript two",
        "thousands of digits",
    ],
)
def test_a_bad_answer_is_refused_with_the_form_again_and_stores_nothing(
    clients, session, compass, people, bad
):
    open_round(clients, session)
    data = answer_data(compass)
    first = facets(compass)[0]
    message = ""
    if bad == "out of range":
        data[f"facet_{first.pk}_current"] = 11
    elif bad == "retired":
        retired = facets(compass)[-1]
        facet_retire(facet=retired, by=people["facilitator"])
        message = nl(
            "The facet “%(name)s” is retired: nobody answers it any more.", name=retired.name
        )
    elif bad == "foreign":
        other = MembershipFactory(role=Role.FACILITATOR)
        foreign = facets(make_compass(other.programme, other.user))[0]
        data[f"facet_{foreign.pk}_current"] = 5
        message = nl("This facet is not part of this programme's compass.")
    elif bad == "empty":
        data = {}
        message = nl("Score at least one facet.")
    elif bad == "a superscript two":  # a facet not on the form: what it sends is text
        data = {**data, "facet_999999_current": "\u00b2"}
    elif bad == "thousands of digits":
        data = {**data, f"facet_{'9' * 5000}_current": "5", "facet_999999_current": "9" * 5000}
    else:
        data[f"facet_{first.pk}_current"] = "zeven"
    before = stored(session)
    response = clients["member"].post(url(session, "room-compass-answer"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    # The form is shown again, as filled in.
    assert url(session, "room-compass-answer") in page
    assert stored(session) == before


def test_an_anonymous_session_stores_no_respondent_and_no_actor(
    programme, people, client_for, compass
):
    session = make_session(programme, people, anonymous=True)
    facilitator, member = client_for(people["facilitator"]), client_for(people["member"])
    assert facilitator.post(url(session, "room-compass-open")).status_code == 302
    # Everyone on the list has their row from the moment the round opens, unticked.
    rows_before = set(RoundResponse.objects.values_list("pk", "participant", "answered"))
    assert {answered for _, _, answered in rows_before} == {False}
    assert member.post(url(session, "room-compass-answer"), answer_data(compass)).status_code == 302
    assessment = Assessment.objects.get()
    assert assessment.respondent is None
    assert assessment.anonymous
    assert assessment.perspective == Perspective.CIVIL_SERVANTS  # from the member's role
    event = AuditEvent.objects.get(action="assessment.record")
    assert event.actor is None
    assert str(people["member"].pk) not in json.dumps(event.data)
    # The one trace per person has a random key, no time and no tie to the assessment:
    # answering ticked the member's row, made before anyone answered; no row was added.
    response = RoundResponse.objects.get(answered=True)
    assert response.participant.user == people["member"]
    assert (response.pk, response.participant_id, False) in rows_before
    assert RoundResponse.objects.count() == len(rows_before)
    assert {field.name for field in RoundResponse._meta.get_fields()} == {
        "id",
        "round",
        "participant",
        "answered",
    }


def test_people_outside_the_room_cannot_answer(clients, session, compass):
    open_round(clients, session)
    before = stored(session)
    assert (
        clients["bystander"]
        .post(url(session, "room-compass-answer"), answer_data(compass))
        .status_code
        == 404
    )
    assert (
        Client().post(url(session, "room-compass-answer"), answer_data(compass)).status_code == 404
    )
    # The facilitator does not take part: nothing to answer as.
    assert (
        clients["facilitator"]
        .post(url(session, "room-compass-answer"), answer_data(compass))
        .status_code
        == 403
    )
    assert stored(session) == before


def test_get_is_not_allowed(clients, session):
    for name in ("room-compass-open", "room-compass-close", "room-compass-answer"):
        assert clients["facilitator"].get(url(session, name)).status_code == 405


# The live board ---------------------------------------------------------------------------


def test_the_live_poll_answers_304_until_someone_answers(
    clients, session, compass, figures_from_one_answer
):
    open_round(clients, session)
    session.refresh_from_db()
    live = reverse("room-live", args=[session.watch_key])
    tag = f'"{session.version}"'
    assert Client().get(live, HTTP_IF_NONE_MATCH=tag).status_code == 304
    assert (
        clients["member"]
        .post(url(session, "room-compass-answer"), answer_data(compass))
        .status_code
        == 302
    )
    response = Client().get(live, HTTP_IF_NONE_MATCH=tag)
    assert response.status_code == 200
    board = json.loads(response.content)["board"]
    assert 'data-room-state="compass-round-open"' in board
    assert "<caption>" in board


def test_the_board_follows_a_renamed_facet_and_a_named_answer_taken_back(
    clients, session, compass, people, figures_from_one_answer
):
    from samenspel.compass.services import facet_update

    open_round(clients, session)
    assert (
        clients["member"]
        .post(url(session, "room-compass-answer"), answer_data(compass))
        .status_code
        == 302
    )
    board = clients["facilitator"].get(url(session, "room-board")).content.decode()
    first = facets(compass)[0]
    old_name = first.name
    assert old_name in board
    facet_update(
        facet=first, name="Rechtmatig en eerlijk", colour=first.colour, by=people["facilitator"]
    )
    board = clients["facilitator"].get(url(session, "room-board")).content.decode()
    assert "Rechtmatig en eerlijk" in board and old_name not in board
    # The member takes their named answer back through "my answers": the board's count
    # goes back to nought.
    answer = Assessment.objects.get(respondent=people["member"])
    version = LearningSession.objects.get(pk=session.pk).version
    taken_back = clients["member"].post(
        reverse("compass-assessment-delete", args=[session.programme.slug, answer.pk])
    )
    assert taken_back.status_code == 302
    assert LearningSession.objects.get(pk=session.pk).version > version
    assert not Assessment.objects.exists()
