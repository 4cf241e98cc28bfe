"""The rules of a learning session, through its services: the phases, who may move them,
what each phase allows, the vote limit, closing (the report's data, the learning agenda,
the agenda's cycles), guests' codes, and that a session's writes leave the programme's
cached pages alone."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from samenspel.cycles.constants import CycleState
from samenspel.learning_sessions import services
from samenspel.learning_sessions.constants import (
    ActionStatus,
    InsightKind,
    ProposalKind,
    SessionKind,
    SessionPhase,
)
from samenspel.learning_sessions.models import Contribution, LearningSession, Participant, Theme
from samenspel.programmes.constants import QuestionStatus, Role
from samenspel.programmes.models import Programme
from tests.factories import CycleFactory, LearningQuestionFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def plan(programme, facilitator, **extra):
    start = timezone.now() + datetime.timedelta(days=1)
    arguments = {
        "programme": programme,
        "kind": SessionKind.TEAM,
        "title": "Leersessie voorjaar",
        "starts_at": start,
        "ends_at": start + datetime.timedelta(hours=2),
        "facilitator": facilitator,
        "by": facilitator,
        **extra,
    }
    return services.session_plan(**arguments)


def advance_to(session, phase, by):
    while session.phase != phase:
        services.session_advance(session=session, by=by, expected=session.phase)


@pytest.fixture
def people(member):
    return {
        "facilitator": member(Role.FACILITATOR),
        "ann": member(Role.CIVIL_SERVANT),
        "bob": member(Role.CIVIL_SERVANT),
        "gov": member(Role.GOVERNANCE),
    }


@pytest.fixture
def session(programme, people):
    return plan(programme, people["facilitator"], participants=[people["ann"], people["bob"]])


def code_of(refusal):
    error = refusal.value
    if hasattr(error, "error_dict"):
        return next(iter(error.error_dict.values()))[0].code
    return error.code


def participant(session, user):
    return Participant.objects.get(session=session, user=user)


def test_planning_copies_the_questions_and_makes_a_join_code(programme, people):
    team = plan(programme, people["facilitator"])
    governance = plan(programme, people["facilitator"], kind=SessionKind.GOVERNANCE)
    assert team.questions == programme.review_questions
    assert governance.questions != programme.review_questions
    assert len(governance.questions) == 4
    assert team.join_code and len(team.join_code) == 6
    assert team.join_code != governance.join_code


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": "  "}, "title"),
        ({"ends_at": timezone.now()}, "ends_at"),
        ({"kind": "party"}, "kind"),
        ({"votes_per_person": 0}, "votes_per_person"),
        ({"votes_per_person": 99}, "votes_per_person"),
    ],
)
def test_planning_refuses_bad_input_and_stores_nothing(programme, people, change, field):
    with pytest.raises(ValidationError) as refusal:
        plan(programme, people["facilitator"], **change)
    assert field in refusal.value.message_dict
    assert not LearningSession.objects.exists()


def test_far_away_dates_are_refused(programme, people):
    far = timezone.now() + datetime.timedelta(days=366 * 12)
    with pytest.raises(ValidationError):
        plan(programme, people["facilitator"], starts_at=far, ends_at=far + datetime.timedelta(1))


def test_the_facilitator_must_be_a_member_who_may_facilitate(programme, people):
    with pytest.raises(ValidationError):
        plan(programme, people["gov"])
    outsider = MembershipFactory(role=Role.FACILITATOR).user
    with pytest.raises(ValidationError):
        plan(programme, outsider)


def test_only_the_facilitator_moves_the_phases(session, people):
    with pytest.raises(ValidationError) as refusal:
        services.session_advance(session=session, by=people["ann"], expected=session.phase)
    assert code_of(refusal) == "not_facilitator"
    session.refresh_from_db()
    assert session.phase == SessionPhase.PLANNED


def test_a_second_click_does_not_skip_a_phase(session, people):
    services.session_advance(session=session, by=people["facilitator"], expected="planned")
    with pytest.raises(ValidationError) as refusal:
        services.session_advance(session=session, by=people["facilitator"], expected="planned")
    assert code_of(refusal) == "stale_phase"
    assert LearningSession.objects.get(pk=session.pk).phase == SessionPhase.ACTIONS


def test_the_role_can_be_handed_over(session, people, member):
    other = member(Role.FACILITATOR)
    services.facilitator_hand_over(session=session, to=other, by=people["facilitator"])
    with pytest.raises(ValidationError):
        services.session_advance(session=session, by=people["facilitator"], expected="planned")
    services.session_advance(session=session, by=other, expected="planned")


def test_input_only_in_the_input_phase(session, people):
    ann = participant(session, people["ann"])
    with pytest.raises(ValidationError) as refusal:
        services.contribution_add(session=session, participant=ann, question=0, text="Te vroeg")
    assert code_of(refusal) == "wrong_phase"
    advance_to(session, SessionPhase.INPUT, people["facilitator"])
    with pytest.raises(ValidationError) as refusal:
        services.contribution_add(session=session, participant=ann, question=0, text=" \u200b ")
    assert code_of(refusal) == "empty"
    with pytest.raises(ValidationError):
        services.contribution_add(session=session, participant=ann, question=99, text="Ja")
    services.contribution_add(session=session, participant=ann, question=0, text="Goed gegaan")
    advance_to(session, SessionPhase.CLOSED, people["facilitator"])
    with pytest.raises(ValidationError):
        services.contribution_add(session=session, participant=ann, question=0, text="Te laat")
    assert list(Contribution.objects.values_list("text", flat=True)) == ["Goed gegaan"]


def test_anonymity_is_fixed_once_input_opens(session, people):
    advance_to(session, SessionPhase.INPUT, people["facilitator"])
    fields = {
        "title": session.title,
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "place": "",
        "votes_per_person": 3,
    }
    with pytest.raises(ValidationError) as refusal:
        services.session_update(
            session=session, by=people["facilitator"], anonymous=False, **fields
        )
    assert code_of(refusal) == "anonymity_fixed"
    assert LearningSession.objects.get(pk=session.pk).anonymous is True


def test_named_contributions_keep_their_author_anonymous_ones_do_not(programme, people):
    named = plan(programme, people["facilitator"], anonymous=False, participants=[people["ann"]])
    anonymous = plan(programme, people["facilitator"], participants=[people["ann"]])
    for session in (named, anonymous):
        advance_to(session, SessionPhase.INPUT, people["facilitator"])
        services.contribution_add(
            session=session, participant=participant(session, people["ann"]), question=0, text="x"
        )
    assert Contribution.objects.get(session=named).author.user == people["ann"]
    assert Contribution.objects.get(session=anonymous).author is None


def test_the_vote_limit_holds_without_storing_who_voted(session, people):
    advance_to(session, SessionPhase.INPUT, people["facilitator"])
    ann = participant(session, people["ann"])
    services.contribution_add(session=session, participant=ann, question=0, text="Overleg")
    advance_to(session, SessionPhase.GROUPING, people["facilitator"])
    theme = services.theme_create(
        session=session,
        title="Samenwerking",
        contributions=list(Contribution.objects.all()),
        by=people["facilitator"],
    )
    with pytest.raises(ValidationError):  # voting has not opened
        services.vote_cast(session=session, participant=ann, theme=theme)
    advance_to(session, SessionPhase.VOTING, people["facilitator"])
    version = LearningSession.objects.get(pk=session.pk).version
    left = [services.vote_cast(session=session, participant=ann, theme=theme) for _ in range(3)]
    # Nothing on the board changes until voting closes: the watchers are not woken.
    assert LearningSession.objects.get(pk=session.pk).version == version
    assert left == [2, 1, 0]
    with pytest.raises(ValidationError) as refusal:
        services.vote_cast(session=session, participant=ann, theme=theme)
    assert code_of(refusal) == "no_votes_left"
    assert Theme.objects.get(pk=theme.pk).votes == 3
    advance_to(session, SessionPhase.DISCUSSION, people["facilitator"])
    bob = participant(session, people["bob"])
    with pytest.raises(ValidationError):  # voting has closed
        services.vote_cast(session=session, participant=bob, theme=theme)
    assert Theme.objects.get(pk=theme.pk).votes == 3


def test_contributions_and_votes_leave_the_programme_cache_alone(session, people):
    advance_to(session, SessionPhase.INPUT, people["facilitator"])
    before = Programme.objects.get(pk=session.programme_id).data_version
    version = LearningSession.objects.get(pk=session.pk).version
    services.contribution_add(
        session=session, participant=participant(session, people["ann"]), question=1, text="Ja"
    )
    assert Programme.objects.get(pk=session.programme_id).data_version == before
    assert LearningSession.objects.get(pk=session.pk).version > version


def test_closing_reviews_the_agenda_cycles_and_updates_the_learning_agenda(
    programme, initiative, people
):
    cycle = CycleFactory(initiative=initiative, state=CycleState.ACTING, owner=people["ann"])
    other = CycleFactory(initiative=initiative, state=CycleState.ACTING, owner=people["bob"])
    question = LearningQuestionFactory(programme=programme, number=1)
    session = plan(programme, people["facilitator"], participants=[people["ann"], people["bob"]])
    services.agenda_set(
        session=session, cycles=[cycle], questions=[question], by=people["facilitator"]
    )
    advance_to(session, SessionPhase.INPUT, people["facilitator"])
    ann = participant(session, people["ann"])
    services.contribution_add(
        session=session, participant=ann, question=0, text="Een plan", cycle=cycle
    )
    services.contribution_add(session=session, participant=ann, question=1, text="Iets anders")
    advance_to(session, SessionPhase.CAPTURE, people["facilitator"])
    services.insight_add(
        session=session,
        text="Bewoners nemen het voortouw als de gemeente ruimte laat",
        kind=InsightKind.REFLECTION,
        questions=[question],
        initiatives=[initiative],
        by=people["facilitator"],
    )
    services.action_add(
        session=session,
        text="Verslag delen met de raad",
        owner=people["bob"],
        due_on=timezone.localdate() + datetime.timedelta(days=14),
        by=people["facilitator"],
    )
    services.proposal_add(
        session=session,
        question=question,
        kind=ProposalKind.ANSWER,
        text="Ja, als de gemeente loslaat",
        by=people["facilitator"],
    )
    advance_to(session, SessionPhase.CLOSED, people["facilitator"])
    session.refresh_from_db()
    assert session.join_code is None and session.closed_at is not None
    cycle.refresh_from_db()
    assert cycle.state == CycleState.REVIEWED
    answers = [pair["answer"] for pair in cycle.review.answers]
    assert answers[0] == "Een plan" and answers[1] == "Iets anders"
    assert cycle.review.held_in == session.title
    assert cycle.review.taken_part == ["Ambtenaar: 2"] or cycle.review.taken_part == [
        "Civil servant: 2"
    ]
    other.refresh_from_db()
    assert other.state == CycleState.ACTING  # not on the agenda
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED
    assert question.answer == "Ja, als de gemeente loslaat"


def test_open_actions_are_reviewed_in_a_later_session(programme, people):
    first = plan(programme, people["facilitator"])
    advance_to(first, SessionPhase.CAPTURE, people["facilitator"])
    action = services.action_add(
        session=first,
        text="Subsidieregels uitzoeken",
        owner=people["ann"],
        due_on=timezone.localdate() + datetime.timedelta(days=30),
        by=people["facilitator"],
    )
    advance_to(first, SessionPhase.CLOSED, people["facilitator"])
    second = plan(programme, people["facilitator"])
    with pytest.raises(ValidationError):  # not in the actions phase yet
        services.action_review(
            session=second, action=action, outcome=ActionStatus.DONE, by=people["facilitator"]
        )
    advance_to(second, SessionPhase.ACTIONS, people["facilitator"])
    with pytest.raises(ValidationError):
        services.action_review(
            session=second, action=action, outcome="maybe", by=people["facilitator"]
        )
    services.action_review(
        session=second, action=action, outcome=ActionStatus.CARRIED_OVER, by=people["facilitator"]
    )
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN and action.reviewed_in == second


def test_guests_join_with_the_code_until_the_session_closes(session, people):
    guest = services.guest_join(code=session.join_code.lower(), display_name="Marja")
    assert guest.session == session and guest.user is None
    with pytest.raises(ValidationError) as refusal:
        services.guest_join(code="ZZZZZZ")
    assert code_of(refusal) == "bad_code"
    code = session.join_code
    advance_to(session, SessionPhase.CLOSED, people["facilitator"])
    with pytest.raises(ValidationError):
        services.guest_join(code=code)
    assert Participant.objects.filter(user=None).count() == 1
