"""`samenspel load_demo`, through the command line as `make demo` uses it."""

from collections import Counter
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from samenspel.accounts.models import User
from samenspel.coaching.models import Coaching, CoachingConversation, DevelopmentGoal, GoalStep
from samenspel.common.models import AuditEvent
from samenspel.compass.constants import Perspective, Subject
from samenspel.compass.models import AnswerLink, Assessment, Compass, Score
from samenspel.compass.selectors import Scope, compass_picture
from samenspel.cycles.constants import CycleState, Decision, ObservationKind
from samenspel.cycles.models import Adjustment, LearningCycle, Observation, Review
from samenspel.cycles.selectors import overdue_q
from samenspel.demo.loader import DEMO_PASSWORD, DEMO_SLUG, demo_logins
from samenspel.learning_sessions.constants import ActionStatus, SessionKind, SessionPhase
from samenspel.learning_sessions.models import (
    Action,
    AgendaProposal,
    Contribution,
    Course,
    LearningSession,
    Participant,
)
from samenspel.programmes.constants import InitiativeStatus, QuestionStatus, Role
from samenspel.programmes.models import Initiative, LearningQuestion, Membership, Programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


def load_demo(*args: str) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def fingerprint() -> dict:
    """What a person sees of the demo, without database ids."""
    cycles = LearningCycle.objects.order_by("initiative__title", "number")
    return {
        "users": sorted(User.objects.values_list("email", flat=True)),
        "memberships": Membership.objects.count(),
        "areas": sorted(Programme.objects.get(slug=DEMO_SLUG).areas.values_list("name", flat=True)),
        "initiatives": sorted(Initiative.objects.values_list("title", "status")),
        "cycles": list(
            cycles.values_list("initiative__title", "number", "title", "state", "starts_on")
        ),
        "questions": list(LearningQuestion.objects.values_list("number", "status", "version")),
        "observations": Observation.objects.count(),
        "coaching": list(
            CoachingConversation.objects.order_by("held_on").values_list(
                "coaching__coach__email", "coaching__coachee__email", "held_on"
            )
        ),
        "goals": list(DevelopmentGoal.objects.order_by("set_on").values_list("status", "set_on")),
        "events": AuditEvent.objects.count(),
        "assessments": list(
            Assessment.objects.order_by("assessed_on", "subject", "perspective").values_list(
                "subject", "perspective", "assessed_on", "anonymous"
            )
        ),
        "scores": Counter(Score.objects.values_list("facet__name", "current", "desired", "note")),
        "links": sorted((link.title, link.is_open) for link in AnswerLink.objects.all()),
    }


def test_builds_a_programme_with_two_years_of_learning(debug):
    output = load_demo()

    programme = Programme.objects.get(slug=DEMO_SLUG)
    today = timezone.localdate()
    assert programme.starts_on <= today - timedelta(days=700)
    assert today + timedelta(days=150) <= programme.ends_on
    assert len(programme.review_questions) == 5
    assert programme.areas.count() == 20

    initiatives = programme.initiatives.all()
    assert initiatives.count() == 50
    assert initiatives.filter(status=InitiativeStatus.IDEA).count() == 25
    assert set(initiatives.values_list("status", flat=True)) == set(InitiativeStatus.values)
    assert initiatives.filter(societal_task=True).exists()
    for initiative in initiatives.exclude(status=InitiativeStatus.IDEA):
        assert initiative.contact is not None
        assert initiative.municipal_contribution > 0
        assert initiative.resident_contribution > 0
        assert initiative.cycles.exists()

    cycles = LearningCycle.objects.filter(initiative__programme=programme)
    assert set(cycles.values_list("state", flat=True)) == set(CycleState.values)
    for state in (CycleState.DRAFT, CycleState.ACTING, CycleState.REVIEWED):
        assert cycles.filter(overdue_q(), state=state).exists(), state
        assert cycles.filter(state=state).exclude(overdue_q()).exists(), state
    assert not cycles.filter(state=CycleState.ABANDONED, abandon_reason="").exists()
    assert cycles.filter(previous__isnull=False).count() > 50
    assert cycles.filter(learning_questions__isnull=False).distinct().count() > 50
    assert all(
        len(review.answers) == 5 and all(pair["answer"] for pair in review.answers)
        for review in Review.objects.all()
    )
    assert set(Adjustment.objects.values_list("decision", flat=True)) == set(Decision.values)
    assert set(Observation.objects.values_list("kind", flat=True)) == set(ObservationKind.values)
    assert not Observation.objects.filter(occurred_on__gt=today).exists()

    questions = programme.learning_questions.all()
    assert questions.count() == 8
    assert set(questions.values_list("status", flat=True)) == set(QuestionStatus.values)
    assert sum(1 for question in questions if question.versions.count() > 1) >= 3

    # Every transition is audited, and the history reaches back two years, not into the future.
    events = AuditEvent.objects.filter(programme_id=programme.pk)
    assert events.filter(action="cycle.transition").count() >= cycles.count()
    assert events.filter(at__lt=timezone.now() - timedelta(days=700)).exists()
    assert not events.filter(at__gt=timezone.now()).exists()
    # Each step keeps the day it happened: the day it was recorded in the story.
    for cycle in cycles.filter(state=CycleState.CLOSED):
        assert cycle.closed_on == timezone.localdate(cycle.state_changed_at), cycle
        assert cycle.acting_on <= cycle.reviewed_on <= cycle.closed_on
        assert cycle.expectation.written_on <= cycle.acting_on

    for role in Role:
        user = User.objects.get(email=f"{role.value.replace('_', '-')}@demo.samenspel.nl")
        assert Membership.objects.get(user=user, programme=programme).role == role
        assert user.check_password(DEMO_PASSWORD)
    initiator = User.objects.get(email="initiator@demo.samenspel.nl")
    assert initiator.initiatives_as_initiator.exists()
    superuser = User.objects.get(email="beheer@demo.samenspel.nl")
    assert superuser.is_staff and superuser.is_superuser

    # The facilitator coaches the demo civil servant through the last year.
    coaching = Coaching.objects.get(programme=programme)
    assert coaching.coach.email == "facilitator@demo.samenspel.nl"
    assert coaching.coachee.email == "civil-servant@demo.samenspel.nl"
    conversations = CoachingConversation.objects.filter(coaching=coaching)
    assert conversations.count() >= 5
    assert {c.held_on for c in conversations} <= {today - timedelta(days=n) for n in range(1, 366)}
    assert all(c.initiatives.exists() for c in conversations)
    goals = DevelopmentGoal.objects.filter(coaching=coaching)
    assert 2 <= goals.count() <= 3
    assert set(goals.values_list("status", flat=True)) == {"open", "achieved", "dropped"}
    assert GoalStep.objects.filter(goal__coaching=coaching).count() >= goals.count()
    assert (
        not AuditEvent.objects.filter(action__startswith="coaching.")
        .exclude(programme_id=None)
        .exists()
    )

    for login in demo_logins():
        assert login.email in output
        assert login.role in output
    assert DEMO_PASSWORD in output
    check_the_learning_sessions(programme)
    check_the_compass(programme)


def check_the_learning_sessions(programme):
    """A year of sessions of every kind, held through the services: all closed but the
    next one, each with contributions, themes, votes, insights and actions."""
    sessions = LearningSession.objects.filter(programme=programme)
    today = timezone.localdate()
    assert set(sessions.values_list("kind", flat=True)) == set(SessionKind.values)
    closed = sessions.filter(phase=SessionPhase.CLOSED)
    upcoming = sessions.exclude(phase=SessionPhase.CLOSED).get()
    assert upcoming.phase == SessionPhase.PLANNED and upcoming.starts_at.date() > today
    assert upcoming.agenda_cycles.exists() and upcoming.agenda_questions.exists()
    for session in closed:
        assert today - timedelta(days=366) <= timezone.localdate(session.starts_at) < today
        assert session.closed_at == session.ends_at and session.join_code is None
        assert session.contributions.exists() and session.insights.exists(), session
        assert sum(session.themes.values_list("votes", flat=True)) > 0, session
    anonymous = closed.filter(anonymous=True)
    assert anonymous.exists()
    assert not Contribution.objects.filter(session__in=anonymous, author__isnull=False).exists()
    assert Contribution.objects.filter(session__anonymous=False, author__isnull=False).exists()
    assert Participant.objects.filter(session__in=closed, user=None).count() >= 2
    governance = closed.get(kind=SessionKind.GOVERNANCE)
    assert governance.questions[0].startswith("Wat zagen we")
    course = Course.objects.get(programme=programme)
    assert course.days.filter(kind=SessionKind.COURSE_DAY).count() == 4
    assert course.cohort.count() >= 4
    actions = Action.objects.filter(session__programme=programme)
    assert actions.filter(status=ActionStatus.OPEN).exists()
    assert actions.filter(reviewed_in__isnull=False).exclude(status=ActionStatus.OPEN).exists()
    assert AgendaProposal.objects.filter(session__in=closed, applied=True).exists()
    held = Review.objects.exclude(held_in="").get()
    assert held.taken_part and all(":" in line for line in held.taken_part)  # by role


def _quarter(day: date) -> tuple[date, date]:
    """The first and the last day of the calendar quarter of `day`."""
    first = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    following = date(first.year + first.month // 10, (first.month + 2) % 12 + 1, 1)
    return first, following - timedelta(days=1)


def check_the_compass(programme):
    """Two years of quarterly compass rounds from all four perspectives, in Dutch, where
    the gap between residents and civil servants on responsive government narrows."""
    compass = Compass.objects.get(programme=programme)
    facets = {facet.name: facet for facet in compass.facets.all()}
    assert list(facets) == [
        "Rechtmatige overheid",
        "Presterende overheid",
        "Netwerkende overheid",
        "Responsieve overheid",
    ]
    today = timezone.localdate()
    assessments = Assessment.objects.filter(programme=programme)
    about_programme = assessments.filter(subject=Subject.PROGRAMME)
    assert set(about_programme.values_list("perspective", flat=True)) == set(Perspective.values)
    days = sorted(about_programme.values_list("assessed_on", flat=True))
    assert programme.starts_on <= days[0] and days[-1] <= today
    assert (days[-1] - days[0]).days >= 700  # two years, as long as the programme ran
    assert len({_quarter(day) for day in days}) >= 8

    # Residents answer anonymously through links; nothing of them is stored.
    residents = assessments.filter(perspective=Perspective.RESIDENTS, anonymous=True)
    assert residents.count() >= 8 * 8
    assert not residents.filter(respondent__isnull=False).exists()
    assert not residents.filter(link__isnull=True).exists()
    assert not assessments.filter(anonymous=True).exclude(perspective=Perspective.RESIDENTS)
    assert not AuditEvent.objects.filter(
        action="assessment.record", target_id__in=residents.values("pk"), actor__isnull=False
    ).exists()
    links = AnswerLink.objects.filter(programme=programme)
    assert links.filter(closed_at__isnull=True).exists()
    assert links.filter(closed_at__isnull=False).exists()

    # The gap on responsive government: wide in the first quarter, narrow in the last.
    responsive = facets["Responsieve overheid"].pk

    def gap(day: date) -> float:
        since, until = _quarter(day)
        picture = compass_picture(compass=compass, scope=Scope(since=since, until=until))
        return (
            picture.current[responsive, Perspective.CIVIL_SERVANTS].median
            - picture.current[responsive, Perspective.RESIDENTS].median
        )

    assert gap(days[0]) >= 2
    assert abs(gap(days[-1])) < 2
    scores = Score.objects.filter(assessment__programme=programme)
    assert scores.exclude(desired=None).exists()
    assert scores.filter(note="De gemeente denkt nog vanuit regels, niet vanuit ons plan.").exists()
    assert scores.filter(note="Onze contactpersoon denkt nu echt mee.").exists()

    # An initiative, and the coached civil servant's own series.
    initiative = assessments.filter(subject=Subject.INITIATIVE)
    assert initiative.filter(anonymous=True).exists() and initiative.filter(anonymous=False)
    coachee = Coaching.objects.get(programme=programme).coachee
    own = assessments.filter(subject=Subject.PERSON)
    assert set(own.values_list("person", "respondent", "anonymous")) == {
        (coachee.pk, coachee.pk, False)
    }
    assert own.count() >= 8
    # The coachee's goals work on facets of the compass.
    from samenspel.compass.models import GoalFacet

    linked = GoalFacet.objects.filter(goal__coaching__coachee=coachee)
    assert set(linked.values_list("facet__name", flat=True)) == {
        "Netwerkende overheid",
        "Responsieve overheid",
    }


def test_a_second_run_changes_nothing_and_reset_rebuilds_the_same(debug):
    load_demo()
    before = fingerprint()

    output = load_demo()
    assert "facilitator@demo.samenspel.nl" in output
    assert fingerprint() == before

    old_programme = Programme.objects.get(slug=DEMO_SLUG).pk
    load_demo("--reset")
    assert Programme.objects.get(slug=DEMO_SLUG).pk != old_programme
    assert fingerprint() == before


def test_refuses_when_debug_is_off_unless_forced(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="--force"):
        load_demo()
    assert not Programme.objects.exists()
    assert not User.objects.exists()

    output = load_demo("--force")
    assert Programme.objects.filter(slug=DEMO_SLUG).exists()
    assert "beheer@demo.samenspel.nl" in output
