"""The room of a learning session, through HTTP as its people use it: the facilitator, a
member on the participant list and a guest who joined with the code. Every phase's page,
every POST with its success and its refusals (a translated message, nothing stored,
never a server error), the live poll, the join throttle, and anonymity (what the pages,
the board and the logs never show)."""

import datetime
import json
import logging

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import empty
from django.utils.html import escape

from samenspel.common.models import AuditEvent
from samenspel.cycles import services as cycle_services
from samenspel.learning_sessions import services
from samenspel.learning_sessions.access import GUEST_SESSIONS
from samenspel.learning_sessions.constants import ActionStatus, SessionPhase
from samenspel.learning_sessions.models import (
    Action,
    AgendaProposal,
    Contribution,
    Insight,
    JoinThrottle,
    LearningSession,
    Participant,
    Theme,
)
from samenspel.programmes.constants import QuestionStatus, Role
from tests.factories import LearningQuestionFactory, MembershipFactory, ProgrammeFactory
from tests.sessions import advance_to, plan_session

pytestmark = pytest.mark.django_db

QUESTIONS = 5  # the programme's default review questions


def in_dutch(message):
    """A message in Dutch, not yet escaped (a value to put into another message)."""
    with translation.override("nl"):
        return translation.gettext(message)


def nl(message, **values):
    """A message as the Dutch page shows it (escaped, as in the HTML)."""
    with translation.override("nl"):
        text = translation.gettext(message)
    return escape(text % values if values else text)


def nl_count(singular, plural, count, name="count"):
    with translation.override("nl"):
        return escape(translation.ngettext(singular, plural, count) % {name: count})


@pytest.fixture
def people(programme, facilitator, member):
    return {
        "facilitator": facilitator,
        "member": member(Role.CIVIL_SERVANT),
        "bystander": member(Role.CIVIL_SERVANT),  # a member, not on the list
    }


@pytest.fixture
def session(programme, people):
    return plan_session(programme, people["facilitator"], [people["member"]])


def join(client, session, name=""):
    return client.post(reverse("join"), {"code": session.join_code, "display_name": name})


@pytest.fixture
def clients(client_for, people, session):
    guest = Client()
    assert join(guest, session, "Henk").status_code == 302
    return {
        "facilitator": client_for(people["facilitator"]),
        "member": client_for(people["member"]),
        "guest": guest,
        "bystander": client_for(people["bystander"]),
        "anonymous": Client(),
    }


def room_url(session, name="room"):
    return reverse(name, args=[session.pk])


def stored(session):
    """Everything a room POST can write, to check that a refusal wrote nothing."""
    session.refresh_from_db()
    return (
        session.phase,
        session.version,
        list(Contribution.objects.order_by("pk").values_list("pk", "theme_id", "text")),
        list(Theme.objects.order_by("pk").values_list("pk", "title", "votes", "discussion")),
        list(Participant.objects.order_by("pk").values_list("pk", "votes_used")),
        Insight.objects.count(),
        list(Action.objects.order_by("pk").values_list("pk", "status", "reviewed_in_id")),
        AgendaProposal.objects.count(),
        AuditEvent.objects.count(),
    )


def contribute(client, session, text, question=0):
    return client.post(room_url(session, "room-contribute"), {"question": question, "text": text})


# Who gets in ------------------------------------------------------------------------------


def test_the_room_lets_in_its_facilitator_participants_and_guests_only(clients, session):
    url = room_url(session)
    for who in ("facilitator", "member", "guest"):
        response = clients[who].get(url)
        assert response.status_code == 200, who
        assert "Leersessie maart" in response.content.decode()
    assert clients["bystander"].get(url).status_code == 404
    response = clients["anonymous"].get(url)
    assert response.status_code == 302
    assert response.url == reverse("join")


def test_an_unknown_room_redirects_a_stranger_without_revealing_it(clients):
    # Not logged in: asked for the code whether or not the session exists.
    assert clients["anonymous"].get(reverse("room", args=[987654])).url == reverse("join")
    assert clients["member"].get(reverse("room", args=[987654])).status_code == 404


def test_a_guest_sees_only_their_own_session(programme, people, clients, session):
    other = plan_session(programme, people["facilitator"], [], title="Een andere sessie")
    guest = clients["guest"]
    # Not in that session: asked for its code, and its board is not found.
    assert guest.get(reverse("room", args=[other.pk])).url == reverse("join")
    assert guest.get(reverse("room-board", args=[other.pk])).status_code == 404
    assert guest.post(reverse("room-vote", args=[other.pk]), {"theme": 1}).status_code == 404
    # Nothing of the programme: its pages ask for a log-in.
    for address in (
        reverse("programme-detail", args=[programme.slug]),
        reverse("session-detail", args=[programme.slug, session.pk]),
        reverse("session-report", args=[programme.slug, session.pk]),
        reverse("my-work"),
    ):
        response = guest.get(address)
        assert response.status_code in (302, 404), address
        assert response.status_code == 404 or response.url.startswith(reverse("login"))
    html = guest.get(room_url(session)).content.decode()
    assert reverse("programme-detail", args=[programme.slug]) not in html
    assert programme.name not in html
    assert reverse("session-detail", args=[programme.slug, session.pk]) not in html


def test_a_guest_of_another_programme_session_cannot_use_an_id_from_this_one(
    people, clients, session
):
    other_programme = ProgrammeFactory()
    host = MembershipFactory(programme=other_programme, role=Role.FACILITATOR).user
    elsewhere = plan_session(other_programme, host, [])
    guest = Client()
    join(guest, elsewhere)
    assert guest.get(room_url(session)).url == reverse("join")
    assert guest.get(room_url(session, "room-board")).status_code == 404


# Every phase, for everyone ------------------------------------------------------------------


def test_every_phase_has_a_page_for_everyone(clients, session, people):
    for phase in SessionPhase:
        advance_to(session, phase)
        for who in ("facilitator", "member", "guest"):
            response = clients[who].get(room_url(session))
            assert response.status_code == 200, (phase, who)
            html = response.content.decode()
            assert 'id="board"' in html and f'data-phase="{phase}"' in html, (phase, who)
            assert (nl("Lead the session") in html) == (
                who == "facilitator" and phase != SessionPhase.CLOSED
            ), (phase, who)
            # Closing is confirmed first: the step itself is on the confirmation.
            assert (reverse("room-advance", args=[session.pk]) in html) == (
                who == "facilitator" and phase not in (SessionPhase.CAPTURE, SessionPhase.CLOSED)
            ), (phase, who)
        board = clients["guest"].get(room_url(session, "room-board"))
        assert board.status_code == 200


def test_the_pages_of_each_phase_offer_what_that_phase_does(clients, session, people):
    def html(who):
        return clients[who].get(room_url(session)).content.decode()

    advance_to(session, SessionPhase.ACTIONS)
    assert nl("Review the open actions") in html("facilitator")
    assert reverse("room-actions", args=[session.pk]) not in html("member")
    advance_to(session, SessionPhase.INPUT)
    for who in ("member", "guest"):
        page = html(who)
        assert page.count(reverse("room-contribute", args=[session.pk])) == QUESTIONS
        assert (
            nl(
                "This session is anonymous. Your contributions are stored without your name. "
                "That is why you cannot see or change them after you send them: not even you "
                "can tell which ones are yours."
            )
            in page
        )
    assert reverse("room-contribute", args=[session.pk]) not in html("facilitator")
    advance_to(session, SessionPhase.GROUPING)
    assert reverse("room-themes", args=[session.pk]) in html("facilitator")
    assert reverse("room-themes", args=[session.pk]) not in html("guest")
    advance_to(session, SessionPhase.VOTING)
    assert in_dutch("There are no themes to vote on.") in html("guest")
    advance_to(session, SessionPhase.DISCUSSION)
    assert reverse("room-capture", args=[session.pk]) in html("facilitator")
    assert reverse("room-capture", args=[session.pk]) not in html("member")
    advance_to(session, SessionPhase.CLOSED)
    report = reverse("session-report", args=[session.programme.slug, session.pk])
    assert report in html("member")
    assert report not in html("guest")


# Open actions of earlier sessions --------------------------------------------------------------


@pytest.fixture
def open_action(programme, people):
    earlier = plan_session(programme, people["facilitator"], [], title="Vorige sessie")
    advance_to(earlier, SessionPhase.DISCUSSION)
    return services.action_add(
        session=earlier,
        text="Bewoners bellen over de bus",
        owner=people["member"],
        due_on=timezone.localdate() + datetime.timedelta(days=10),
        by=people["facilitator"],
    )


def test_the_facilitator_reviews_an_open_action(clients, session, open_action):
    advance_to(session, SessionPhase.ACTIONS)
    url = room_url(session, "room-actions")
    assert "Bewoners bellen over de bus" in clients["guest"].get(room_url(session)).content.decode()
    response = clients["facilitator"].post(url, {"action": open_action.pk, "outcome": "done"})
    assert response.status_code == 302 and response.url == room_url(session)
    open_action.refresh_from_db()
    assert open_action.status == ActionStatus.DONE and open_action.reviewed_in == session
    page = clients["facilitator"].get(response.url).content.decode()
    assert nl("Done") in page
    # Carried over: it stays open, for the next session.
    clients["facilitator"].post(url, {"action": open_action.pk, "outcome": "carried_over"})
    open_action.refresh_from_db()
    assert open_action.status == ActionStatus.OPEN and open_action.reviewed_in == session


def test_reviewing_an_action_is_refused_with_a_message(clients, session, open_action, people):
    advance_to(session, SessionPhase.ACTIONS)
    url = room_url(session, "room-actions")
    before = stored(session)
    response = clients["member"].post(url, {"action": open_action.pk, "outcome": "done"})
    assert response.status_code == 403
    assert nl("Only the facilitator of this session can do this.") in response.content.decode()
    response = clients["guest"].post(url, {"action": open_action.pk, "outcome": "done"})
    assert response.status_code == 403
    response = clients["facilitator"].post(url, {"action": open_action.pk, "outcome": "gone"})
    assert response.status_code == 400
    assert nl("Choose done, carried over or dropped.") in response.content.decode()
    assert stored(session) == before
    advance_to(session, SessionPhase.INPUT)
    before = stored(session)
    response = clients["facilitator"].post(url, {"action": open_action.pk, "outcome": "done"})
    assert response.status_code == 400
    assert (
        nl(
            "This cannot be done now: the session is in the phase “%(phase)s”.",
            phase=in_dutch("Silent input"),
        )
        in response.content.decode()
    )
    assert stored(session) == before


# Silent input ---------------------------------------------------------------------------------


def test_a_contribution_is_received_and_shown_to_nobody_during_input(clients, session):
    advance_to(session, SessionPhase.INPUT)
    response = contribute(clients["member"], session, "De bus rijdt te laat", question=1)
    assert response.status_code == 302 and response.url == room_url(session)
    contribution = Contribution.objects.get()
    assert (contribution.question, contribution.author) == (1, None)
    page = clients["member"].get(response.url).content.decode()
    assert nl("Received. You can add more if you like.") in page
    # Not the writer, not the others, not the facilitator: only the count per question.
    for who in ("member", "guest", "facilitator"):
        html = clients[who].get(room_url(session)).content.decode()
        assert "De bus rijdt te laat" not in html, who
        assert nl_count("%(count)s contribution", "%(count)s contributions", 1) in html, who
    board = clients["facilitator"].get(room_url(session, "room-board")).content.decode()
    assert "De bus rijdt te laat" not in board
    # Moving on to themes reveals it, to everyone.
    advance_to(session, SessionPhase.GROUPING)
    for who in ("member", "guest", "facilitator"):
        assert "De bus rijdt te laat" in clients[who].get(room_url(session)).content.decode()


def test_a_guest_contributes_and_a_named_session_keeps_the_writer(programme, people, client_for):
    session = plan_session(programme, people["facilitator"], [people["member"]], anonymous=False)
    guest = Client()
    join(guest, session, "Henk")
    advance_to(session, SessionPhase.INPUT)
    assert contribute(guest, session, "Meer koffie").status_code == 302
    assert contribute(client_for(people["member"]), session, "Minder vergaderen").status_code == 302
    authors = dict(Contribution.objects.values_list("text", "author__display_name"))
    assert authors == {"Meer koffie": "Henk", "Minder vergaderen": people["member"].name}
    advance_to(session, SessionPhase.GROUPING)
    board = guest.get(room_url(session, "room-board")).content.decode()
    assert "Meer koffie" in board and "Henk" in board


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Write your contribution first."),
        ("   \u200b ", "Fill in this field with words, not only spaces."),
    ],
)
def test_an_empty_contribution_is_refused(clients, session, text, message):
    advance_to(session, SessionPhase.INPUT)
    before = stored(session)
    response = contribute(clients["guest"], session, text)
    assert response.status_code == 400
    assert nl(message) in response.content.decode()
    assert stored(session) == before


def test_a_contribution_to_no_question_or_too_long_is_refused(clients, session):
    advance_to(session, SessionPhase.INPUT)
    before = stored(session)
    response = contribute(clients["member"], session, "Iets", question=QUESTIONS)
    assert response.status_code == 400
    assert nl("Choose one of the session's questions.") in response.content.decode()
    response = contribute(clients["member"], session, "x" * 2001)
    assert response.status_code == 400
    assert stored(session) == before


@pytest.mark.parametrize("phase", [SessionPhase.ACTIONS, SessionPhase.GROUPING])
def test_input_outside_the_input_phase_is_refused(clients, session, phase):
    advance_to(session, phase)
    before = stored(session)
    response = contribute(clients["member"], session, "Te laat")
    assert response.status_code == 400
    assert (
        nl(
            "This cannot be done now: the session is in the phase “%(phase)s”.",
            phase=in_dutch(SessionPhase(phase).label),
        )
        in response.content.decode()
    )
    assert stored(session) == before


def test_input_after_close_is_refused(clients, session):
    advance_to(session, SessionPhase.CLOSED)
    before = stored(session)
    response = contribute(clients["guest"], session, "Nog iets")
    assert response.status_code == 400
    assert (
        nl(
            "This cannot be done now: the session is in the phase “%(phase)s”.",
            phase=in_dutch("Closed"),
        )
        in response.content.decode()
    )
    assert stored(session) == before


def test_the_facilitator_who_does_not_take_part_cannot_contribute(clients, session):
    advance_to(session, SessionPhase.INPUT)
    before = stored(session)
    response = contribute(clients["facilitator"], session, "Ik ook")
    assert response.status_code == 403
    assert nl("You do not take part in this session.") in response.content.decode()
    assert stored(session) == before


def test_a_contribution_about_a_cycle_on_the_agenda(clients, session, people, initiative):
    cycle = cycle_services.cycle_create(
        initiative=initiative, title="Buurtbus", owner=people["member"], by=people["member"]
    )
    other = cycle_services.cycle_create(
        initiative=initiative,
        title="Niet op de agenda",
        owner=people["member"],
        by=people["member"],
    )
    services.agenda_set(session=session, cycles=[cycle], questions=[], by=people["facilitator"])
    advance_to(session, SessionPhase.INPUT)
    page = clients["guest"].get(room_url(session)).content.decode()
    assert "Buurtbus" in page and "Niet op de agenda" not in page
    url = room_url(session, "room-contribute")
    data = {"question": 0, "text": "Over de bus", "cycle": cycle.pk}
    assert clients["guest"].post(url, data).status_code == 302
    assert Contribution.objects.get().cycle == cycle
    before = stored(session)
    response = clients["guest"].post(url, {**data, "cycle": other.pk})
    assert response.status_code == 400
    assert nl("Choose a cycle on the agenda.") in response.content.decode()
    assert stored(session) == before


# Themes ----------------------------------------------------------------------------------------


@pytest.fixture
def grouped(clients, session):
    """The session in the themes phase with three contributions."""
    advance_to(session, SessionPhase.INPUT)
    for text in ("Bus te laat", "Bus te vol", "Koffie is op"):
        contribute(clients["member"], session, text)
    advance_to(session, SessionPhase.GROUPING)
    return {c.text: c for c in Contribution.objects.all()}


def themes_post(client, session, **data):
    return client.post(room_url(session, "room-themes"), data)


def test_the_facilitator_makes_and_fills_themes(clients, session, grouped):
    bus = [str(grouped["Bus te laat"].pk), str(grouped["Bus te vol"].pk)]
    response = themes_post(
        clients["facilitator"], session, what="create", title="De bus", contributions=bus
    )
    assert response.status_code == 302
    theme = Theme.objects.get()
    assert theme.title == "De bus"
    assert set(theme.contributions.values_list("text", flat=True)) == {"Bus te laat", "Bus te vol"}
    page = clients["facilitator"].get(room_url(session)).content.decode()
    assert nl("The theme “%(theme)s” has been made.", theme="De bus") in page
    # Move one in, take one out.
    coffee = str(grouped["Koffie is op"].pk)
    themes_post(
        clients["facilitator"], session, what="move", theme=theme.pk, contributions=[coffee]
    )
    assert theme.contributions.count() == 3
    themes_post(clients["facilitator"], session, what="remove", contributions=[coffee])
    assert theme.contributions.count() == 2
    board = clients["guest"].get(room_url(session, "room-board")).content.decode()
    assert "De bus" in board and "Koffie is op" in board


def test_grouping_is_refused_with_a_message(programme, people, clients, session, grouped):
    other = plan_session(programme, people["facilitator"], [], title="Andere sessie")
    advance_to(other, SessionPhase.GROUPING)
    foreign = services.theme_create(
        session=other, title="Van elders", contributions=[], by=people["facilitator"]
    )
    bus = str(grouped["Bus te laat"].pk)
    before = stored(session)
    cases = [
        ({"what": "create", "title": "", "contributions": [bus]}, "Give the theme a name."),
        (
            {"what": "move", "theme": foreign.pk, "contributions": [bus]},
            "Choose a theme of this session.",
        ),
        ({"what": "move", "contributions": [bus]}, "Choose the theme to move them to."),
        ({"what": "remove"}, "Tick the contributions first."),
        (
            {
                "what": "create",
                "title": "X",
                "contributions": ["00000000-0000-0000-0000-000000000000"],
            },
            "Choose contributions of this session.",
        ),
    ]
    for data, message in cases:
        response = themes_post(clients["facilitator"], session, **data)
        assert response.status_code == 400, data
        assert nl(message) in response.content.decode(), data
    assert stored(session) == before
    for who in ("member", "guest"):
        response = themes_post(
            clients[who], session, what="create", title="Eigen", contributions=[bus]
        )
        assert response.status_code == 403
        assert nl("Only the facilitator of this session can do this.") in response.content.decode()
    assert stored(session) == before


def test_contributions_are_shown_in_the_order_of_their_sort_key(clients, session, grouped):
    ordered = sorted(grouped.values(), key=lambda c: (c.sort_key, str(c.pk)))
    html = clients["guest"].get(room_url(session, "room-board")).content.decode()
    positions = [html.index(c.text) for c in ordered]
    assert positions == sorted(positions)
    # Not the order they came in, whenever the random keys say otherwise.
    Contribution.objects.filter(pk=grouped["Bus te laat"].pk).update(sort_key=3)
    Contribution.objects.filter(pk=grouped["Bus te vol"].pk).update(sort_key=2)
    Contribution.objects.filter(pk=grouped["Koffie is op"].pk).update(sort_key=1)
    LearningSession.objects.filter(pk=session.pk).update(version=session.version + 100)
    html = clients["guest"].get(room_url(session, "room-board")).content.decode()
    assert html.index("Koffie is op") < html.index("Bus te vol") < html.index("Bus te laat")


# Votes -----------------------------------------------------------------------------------------


@pytest.fixture
def voting(clients, session, grouped, people):
    bus = services.theme_create(
        session=session,
        title="De bus",
        contributions=[grouped["Bus te laat"], grouped["Bus te vol"]],
        by=people["facilitator"],
    )
    coffee = services.theme_create(
        session=session,
        title="Koffie",
        contributions=[grouped["Koffie is op"]],
        by=people["facilitator"],
    )
    advance_to(session, SessionPhase.VOTING)
    return bus, coffee


def vote(client, session, theme):
    return client.post(room_url(session, "room-vote"), {"theme": theme.pk})


def test_votes_are_counted_and_their_totals_hidden_until_voting_closes(clients, session, voting):
    bus, coffee = voting
    response = vote(clients["guest"], session, bus)
    assert response.status_code == 302
    page = clients["guest"].get(room_url(session)).content.decode()
    message = nl_count(
        "Your vote is counted. You have %(left)s vote left.",
        "Your vote is counted. You have %(left)s votes left.",
        2,
        name="left",
    )
    assert message in page
    assert (
        nl_count("You have %(left)s vote left.", "You have %(left)s votes left.", 2, "left") in page
    )
    vote(clients["member"], session, bus)
    vote(clients["member"], session, coffee)
    assert Theme.objects.get(pk=bus.pk).votes == 2
    votes_shown = nl_count("%(count)s vote", "%(count)s votes", 2)
    for who in ("guest", "member", "facilitator"):
        assert votes_shown not in clients[who].get(room_url(session, "room-board")).content.decode()
    advance_to(session, SessionPhase.DISCUSSION)
    board = clients["guest"].get(room_url(session, "room-board")).content.decode()
    assert votes_shown in board
    # The discussion takes the themes in order of votes.
    assert board.index("De bus") < board.index("Koffie")


def test_more_votes_than_allowed_are_refused(clients, session, voting):
    bus, _ = voting
    for _ in range(3):
        assert vote(clients["guest"], session, bus).status_code == 302
    before = stored(session)
    response = vote(clients["guest"], session, bus)
    assert response.status_code == 400
    assert nl("You have used all your %(votes)s votes.", votes=3) in response.content.decode()
    assert stored(session) == before
    assert Theme.objects.get(pk=bus.pk).votes == 3


def test_a_vote_after_voting_closed_or_on_another_sessions_theme_is_refused(
    programme, people, clients, session, voting
):
    bus, _ = voting
    other = plan_session(programme, people["facilitator"], [], title="Andere sessie")
    advance_to(other, SessionPhase.GROUPING)
    foreign = services.theme_create(
        session=other, title="Elders", contributions=[], by=people["facilitator"]
    )
    before = stored(session)
    response = vote(clients["member"], session, foreign)
    assert response.status_code == 400
    assert nl("Choose a theme of this session.") in response.content.decode()
    assert stored(session) == before
    advance_to(session, SessionPhase.DISCUSSION)
    before = stored(session)
    response = vote(clients["member"], session, bus)
    assert response.status_code == 400
    assert (
        nl(
            "This cannot be done now: the session is in the phase “%(phase)s”.",
            phase=in_dutch("Discussion"),
        )
        in response.content.decode()
    )
    assert stored(session) == before
    assert vote(clients["facilitator"], session, bus).status_code == 403


# Discussion and capture ------------------------------------------------------------------------


def capture(client, session, what, **data):
    return client.post(room_url(session, "room-capture"), {"what": what, **data})


def dutch(day):
    """A date as people type it: 15-1-2027."""
    return f"{day.day}-{day.month}-{day.year}"


def test_the_facilitator_captures_what_was_said_insights_actions_and_proposals(
    clients, session, voting, people, programme, initiative
):
    bus, _ = voting
    question = LearningQuestionFactory(programme=programme, number=7, text="Hoe reizen bewoners?")
    advance_to(session, SessionPhase.DISCUSSION)
    f = clients["facilitator"]
    assert (
        capture(f, session, "note", theme=bus.pk, text="De bus is vaak te laat.").status_code == 302
    )
    assert Theme.objects.get(pk=bus.pk).discussion == "De bus is vaak te laat."
    response = capture(
        f,
        session,
        "insight",
        text="Bewoners willen meedenken over de dienstregeling.",
        kind="perception",
        theme=bus.pk,
        learning_questions=[question.pk],
        initiatives=[initiative.pk],
    )
    assert response.status_code == 302
    insight = Insight.objects.get()
    assert (insight.kind, insight.theme) == ("perception", bus)
    assert list(insight.learning_questions.all()) == [question]
    assert list(insight.initiatives.all()) == [initiative]
    due = timezone.localdate() + datetime.timedelta(days=45)
    response = capture(
        f, session, "action", text="Bel de vervoerder", owner=people["member"].pk, due_on=dutch(due)
    )
    assert response.status_code == 302
    action = Action.objects.get(session=session)
    assert (action.owner, action.due_on, action.status) == (people["member"], due, "open")
    advance_to(session, SessionPhase.CAPTURE)
    response = capture(
        f, session, "proposal", question=question.pk, kind="reformulate", text="Hoe reizen wij?"
    )
    assert response.status_code == 302
    assert AgendaProposal.objects.get().text == "Hoe reizen wij?"
    # The board shows what was captured, to everyone.
    board = clients["guest"].get(room_url(session, "room-board")).content.decode()
    for text in ("De bus is vaak te laat.", "Bewoners willen meedenken", "Bel de vervoerder"):
        assert text in board
    assert nl("Perception") in board


@pytest.mark.parametrize(
    ("what", "data", "message"),
    [
        ("insight", {"text": "", "kind": "fact"}, "This field is required."),
        ("insight", {"text": "Iets", "kind": "gerucht"}, None),
        (
            "action",
            {"text": "Bellen", "due_on": "2027-15-01"},
            "Write the date as day-month-year, for example 15-1-2027.",
        ),
        (
            "action",
            {"text": "Bellen", "due_on": "1-1-2000"},
            "Choose a due date after the session, within three years.",
        ),
        ("proposal", {"kind": "answer", "text": ""}, "Write the answer."),
        ("nothing", {}, "Choose what to add."),
    ],
)
def test_capture_is_refused_with_a_message(
    clients, session, people, programme, what, data, message
):
    question = LearningQuestionFactory(programme=programme, number=3)
    advance_to(session, SessionPhase.CAPTURE)
    if what == "action":
        data = {**data, "owner": people["member"].pk}
    if what == "proposal":
        data = {**data, "question": question.pk}
    before = stored(session)
    response = capture(clients["facilitator"], session, what, **data)
    assert response.status_code == 400
    if message:
        assert nl(message) in response.content.decode()
    assert stored(session) == before


def test_capture_needs_the_facilitator_and_its_phase(clients, session, people):
    advance_to(session, SessionPhase.VOTING)
    before = stored(session)
    data = {"text": "Inzicht", "kind": "fact"}
    response = capture(clients["facilitator"], session, "insight", **data)
    assert response.status_code == 400
    assert (
        nl(
            "This cannot be done now: the session is in the phase “%(phase)s”.",
            phase=in_dutch("Voting"),
        )
        in response.content.decode()
    )
    advance_to(session, SessionPhase.DISCUSSION)
    for who in ("member", "guest"):
        assert capture(clients[who], session, "insight", **data).status_code == 403
    stranger = MembershipFactory(role=Role.FACILITATOR).user  # of another programme
    data = {"text": "Bellen", "owner": stranger.pk, "due_on": dutch(timezone.localdate())}
    response = capture(clients["facilitator"], session, "action", **data)
    assert response.status_code == 400
    assert stored(session)[5:8] == before[5:8]


def test_the_dutch_date_field_reads_dates_as_people_type_them():
    from samenspel.learning_sessions.forms_room import DutchDateField

    field = DutchDateField()
    expected = datetime.date(2027, 1, 15)
    for typed in (
        "15-1-2027",
        "15-01-2027",
        "15/1/2027",
        "15.1.2027",
        "15-1-27",
        "2027-01-15",
        " 15 - 1 - 2027 ",
    ):
        assert field.clean(typed) == expected, typed
    with translation.override("en"):
        assert field.clean("15-1-2027") == expected
    for typed in ("1/15/2027", "2027-15-01", "15 januari", "31-2-2027"):
        with pytest.raises(ValidationError):
            field.clean(typed)


# Moving on and closing -------------------------------------------------------------------------


def advance(client, session, expected, **data):
    return client.post(room_url(session, "room-advance"), {"expected": expected, **data})


def test_only_the_facilitator_moves_the_phases(clients, session):
    for who in ("member", "guest"):
        before = stored(session)
        response = advance(clients[who], session, "planned")
        assert response.status_code == 403
        assert nl("Only the facilitator of this session can do this.") in response.content.decode()
        assert stored(session) == before
    response = advance(clients["facilitator"], session, "planned")
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.phase == SessionPhase.ACTIONS
    page = clients["facilitator"].get(room_url(session)).content.decode()
    assert nl("The session moved on to “%(phase)s”.", phase=in_dutch("Open actions")) in page


def test_a_stale_phase_does_not_skip_one(clients, session):
    assert advance(clients["facilitator"], session, "planned").status_code == 302
    before = stored(session)
    response = advance(clients["facilitator"], session, "planned")  # the same click again
    assert response.status_code == 400
    assert nl("The session already moved on to “%(phase)s”.", phase=in_dutch("Open actions")) in (
        response.content.decode()
    )
    assert stored(session) == before


def test_closing_is_confirmed_first_and_ends_the_code(clients, session, people, programme):
    question = LearningQuestionFactory(programme=programme, number=4, text="Oude vraag?")
    advance_to(session, SessionPhase.CAPTURE)
    services.proposal_add(
        session=session, question=question, kind="answer", text="Zo dus.", by=people["facilitator"]
    )
    code = session.join_code
    before = stored(session)
    response = advance(clients["facilitator"], session, "capture")
    assert response.status_code == 302 and response.url.endswith("?close=1")
    assert stored(session) == before
    page = clients["facilitator"].get(response.url).content.decode()
    assert nl("Closing is final.") in page
    assert nl("Close the session") in page
    response = advance(clients["facilitator"], session, "capture", confirm="on")
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.phase == SessionPhase.CLOSED and session.join_code is None
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED
    # The code no longer works; the guests who joined still see the summary.
    response = Client().post(reverse("join"), {"code": code})
    assert response.status_code == 400
    assert nl("This code is not valid, or the session has closed.") in response.content.decode()
    assert clients["guest"].get(room_url(session)).status_code == 200
    assert advance(clients["facilitator"], session, "closed").status_code == 400


def test_closing_reviews_the_acting_cycles_on_the_agenda(clients, session, people, initiative):
    cycle = cycle_services.cycle_create(
        initiative=initiative, title="Buurtbus", owner=people["member"], by=people["member"]
    )
    cycle_services.expectation_record(
        cycle=cycle, intention="Rijden", expected_outcome="Vol", by=people["member"]
    )
    cycle_services.cycle_start(cycle=cycle, by=people["member"])
    services.agenda_set(session=session, cycles=[cycle], questions=[], by=people["facilitator"])
    advance_to(session, SessionPhase.INPUT)
    data = {"question": 1, "text": "De bus reed vol", "cycle": cycle.pk}
    assert clients["guest"].post(room_url(session, "room-contribute"), data).status_code == 302
    advance_to(session, SessionPhase.CAPTURE)
    assert advance(clients["facilitator"], session, "capture", confirm="on").status_code == 302
    cycle.refresh_from_db()
    assert cycle.state == "reviewed"
    assert "De bus reed vol" in cycle.review.answers[1]["answer"]


# Joining with a code ---------------------------------------------------------------------------


def test_a_guest_joins_with_the_code_as_typed(session):
    guest = Client()
    assert guest.get(reverse("join")).status_code == 200
    typed = f" {session.join_code[:3].lower()}-{session.join_code[3:]} "
    response = guest.post(reverse("join"), {"code": typed, "display_name": "  Fatima "})
    assert response.status_code == 302 and response.url == room_url(session)
    participant = Participant.objects.get(user=None)
    assert (participant.session, participant.display_name) == (session, "Fatima")
    assert guest.session[GUEST_SESSIONS] == {str(session.pk): participant.pk}
    page = guest.get(response.url).content.decode()
    assert nl("Welcome. You are in the session now.") in page
    # Joining again in the same browser adds nobody (and no second set of votes).
    assert guest.post(reverse("join"), {"code": session.join_code}).url == room_url(session)
    assert Participant.objects.filter(user=None).count() == 1


def test_a_member_joins_with_the_code_as_a_guest(session, people, client_for):
    client = client_for(people["bystander"])
    assert client.get(room_url(session)).status_code == 404
    assert client.post(reverse("join"), {"code": session.join_code}).url == room_url(session)
    assert client.get(room_url(session)).status_code == 200
    guest = Participant.objects.get(user=None)
    assert guest.session == session
    # Someone on the list, or the facilitator, is let in without a second participant.
    for who in ("member", "facilitator"):
        response = client_for(people[who]).post(reverse("join"), {"code": session.join_code})
        assert response.url == room_url(session)
    assert Participant.objects.count() == 2


@pytest.mark.parametrize("code", ["", "   ", "ZZZZZZ"])
def test_a_wrong_code_is_refused(session, code):
    before = Participant.objects.count()
    response = Client().post(reverse("join"), {"code": code})
    assert response.status_code == 400
    message = (
        "This code is not valid, or the session has closed."
        if code.strip()
        else "Type the code of the session."
    )
    assert nl(message) in response.content.decode()
    assert Participant.objects.count() == before


def test_failed_joins_from_one_address_are_limited(session, settings):
    stranger = Client(REMOTE_ADDR="203.0.113.9")
    for attempt in range(10):
        response = stranger.post(reverse("join"), {"code": f"WRONG{attempt}"})
        assert response.status_code == 400, attempt
    # The eleventh: refused before the code is looked at, even the right one.
    response = stranger.post(reverse("join"), {"code": session.join_code})
    assert response.status_code == 429
    assert (
        nl("Too many attempts. Wait ten minutes and try again, or ask the facilitator.")
        in response.content.decode()
    )
    assert not Participant.objects.filter(user=None).exists()
    # Another address is not held up.
    assert (
        Client(REMOTE_ADDR="203.0.113.10")
        .post(reverse("join"), {"code": session.join_code})
        .status_code
        == 302
    )
    # The table holds neither the address nor the code.
    keys = " ".join(JoinThrottle.objects.values_list("key", flat=True))
    assert "203.0.113" not in keys and session.join_code not in keys


def test_attempts_per_code_are_limited(session, settings):
    settings.JOIN_ATTEMPTS_PER_CODE = 3
    for number in range(3):
        response = Client(REMOTE_ADDR=f"198.51.100.{number}").post(
            reverse("join"), {"code": session.join_code}
        )
        assert response.status_code == 302
    response = Client(REMOTE_ADDR="198.51.100.99").post(
        reverse("join"), {"code": session.join_code}
    )
    assert response.status_code == 429
    assert Participant.objects.filter(user=None).count() == 3


def test_a_new_window_counts_afresh(session, monkeypatch):
    stranger = Client(REMOTE_ADDR="203.0.113.9")
    for attempt in range(10):
        stranger.post(reverse("join"), {"code": f"WRONG{attempt}"})
    assert stranger.post(reverse("join"), {"code": "WRONG"}).status_code == 429
    later = services.throttle_window() + 1
    monkeypatch.setattr(services, "throttle_window", lambda at=None: later)
    assert stranger.post(reverse("join"), {"code": session.join_code}).status_code == 302


# The live board --------------------------------------------------------------------------------


def live_url(session):
    return reverse("room-live", args=[session.watch_key])


def test_an_unchanged_poll_is_one_query_and_304(session, client_for, people):
    session.refresh_from_db()
    for client in (Client(), client_for(people["member"])):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(live_url(session), HTTP_IF_NONE_MATCH=f'"{session.version}"')
        assert response.status_code == 304
        assert response.content == b""
        assert response["ETag"] == f'"{session.version}"'
        assert response["Cache-Control"] == "no-cache"
        assert len(queries) == 1, [q["sql"] for q in queries]
        assert "learning_sessions_learningsession" in queries[0]["sql"]
        request = response.wsgi_request
        assert request.user._wrapped is empty  # never asked who is logged in
        assert not request.session.accessed
        assert "Cookie" not in response.get("Vary", "")
    # The same with ?v= for a poll that cannot send the header.
    response = Client().get(live_url(session), {"v": session.version})
    assert response.status_code == 304


def test_a_changed_board_is_sent_as_json_and_drawn_once_per_version(clients, session):
    advance_to(session, SessionPhase.INPUT)
    old = session.version
    contribute(clients["member"], session, "Eerste gedachte")
    response = Client().get(live_url(session), HTTP_IF_NONE_MATCH=f'"{old}"')
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-cache"
    data = json.loads(response.content)
    session.refresh_from_db()
    assert data["version"] == session.version > old
    assert data["phase"] == "input"
    assert nl_count("%(count)s contribution", "%(count)s contributions", 1) in data["board"]
    assert "Eerste gedachte" not in data["board"]
    assert response["ETag"] == f'"{session.version}"'
    # Another watcher of the same version: from the cache, one query.
    with CaptureQueriesContext(connection) as queries:
        again = Client().get(live_url(session))
    assert again.status_code == 200
    assert json.loads(again.content)["board"] == data["board"]
    assert len(queries) == 1
    # The room page shows the same fragment, for everyone.
    for who in ("guest", "facilitator"):
        assert data["board"] in clients[who].get(room_url(session)).content.decode()


def test_an_unknown_key_is_not_found(session):
    response = Client().get(reverse("room-live", args=["geen-sleutel"]))
    assert response.status_code == 404
    assert Client().post(live_url(session)).status_code == 405


# Anonymity ------------------------------------------------------------------------------------


def test_nothing_logs_who_wrote_an_anonymous_contribution(clients, session, people, caplog):
    advance_to(session, SessionPhase.INPUT)
    writer = people["member"]
    events = AuditEvent.objects.count()
    with caplog.at_level(logging.DEBUG):
        logging.getLogger().setLevel(logging.DEBUG)
        response = contribute(clients["member"], session, "Niemand weet dat ik dit schreef")
        assert response.status_code == 302
        clients["member"].get(response.url)
    written = "\n".join(
        f"{record.name} {record.getMessage()} {record.args!r} {record.__dict__!r}"
        for record in caplog.records
    )
    for trace in (writer.name, writer.email, f"user_id={writer.pk}", f"'user': {writer.pk}"):
        assert trace not in written
    assert AuditEvent.objects.count() == events  # no event for anonymous input
    contribution = Contribution.objects.get()
    assert contribution.author is None
    assert not hasattr(contribution, "created_at")


def test_the_rooms_query_count_does_not_grow_with_the_session(clients, session, people):
    """Every phase's page, for the facilitator and a guest, costs the same number of
    queries with two contributions as with ten (and from a cold cache)."""

    def queries(who, phase):
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert clients[who].get(room_url(session)).status_code == 200
        return len(captured)

    def grow(count):
        participant = Participant.objects.get(user=people["member"])
        for n in range(count):
            services.contribution_add(
                session=session, participant=participant, question=n % 2, text=f"Gedachte {n}"
            )

    counts = {}
    for size in (2, 10):
        Contribution.objects.all().delete()
        Theme.objects.all().delete()
        session.phase = SessionPhase.INPUT
        session.save(update_fields=["phase"])
        grow(size)
        for phase in ("grouping", "voting", "discussion"):
            advance_to(session, phase)
            if phase == "grouping":
                for n, contribution in enumerate(Contribution.objects.all()[: size // 2]):
                    services.theme_create(
                        session=session,
                        title=f"Thema {n}",
                        contributions=[contribution],
                        by=people["facilitator"],
                    )
            for who in ("facilitator", "guest"):
                counts.setdefault((phase, who), []).append(queries(who, phase))
    assert all(first == second for first, second in counts.values()), counts
