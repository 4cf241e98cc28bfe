"""The learning-cycle state machine: every transition, and every refused one."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from samenspel.common.models import AuditEvent
from samenspel.common.selectors import audit_events_for
from samenspel.cycles import services
from samenspel.cycles.constants import CycleState, Decision
from samenspel.cycles.models import Expectation, LearningCycle, Review
from samenspel.cycles.selectors import learning_yield
from tests.factories import CycleFactory, ExpectationFactory, LearningQuestionFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


@pytest.fixture
def cycle(initiative, civil_servant):
    return services.cycle_create(
        initiative=initiative, title="Bewonersavond", owner=civil_servant, by=civil_servant
    )


def answers(cycle):
    return [f"Antwoord {i}" for i, _ in enumerate(cycle.initiative.programme.review_questions)]


def expect(cycle, by):
    return services.expectation_record(
        cycle=cycle, intention="Een avond organiseren.", expected_outcome="Dertig mensen.", by=by
    )


def test_create_numbers_cycles_per_initiative_and_sets_default_due_dates(initiative, civil_servant):
    first = services.cycle_create(
        initiative=initiative, title="Een", owner=civil_servant, by=civil_servant
    )
    second = services.cycle_create(
        initiative=initiative, title="Twee", owner=civil_servant, by=civil_servant
    )
    assert (first.number, second.number) == (1, 2)
    assert first.state == CycleState.DRAFT
    # 14 days for the expectation, 90 for acting, 14 for the review (DEFAULT_PHASE_DAYS).
    start = timezone.localdate()
    days = [0, 14, 104, 118]
    expected = [start + datetime.timedelta(days=n) for n in days]
    for cycle in (first, second):
        dates = [cycle.starts_on, cycle.expectation_due, cycle.review_due, cycle.adjustment_due]
        assert dates == expected


def test_default_due_dates_follow_a_given_start_and_given_dates(initiative, civil_servant):
    start = datetime.date(2026, 1, 31)
    cycle = services.cycle_create(
        initiative=initiative,
        title="Een",
        owner=civil_servant,
        by=civil_servant,
        starts_on=start,
        review_due=datetime.date(2026, 3, 1),
    )
    assert (cycle.expectation_due, cycle.review_due, cycle.adjustment_due) == (
        datetime.date(2026, 2, 14),
        datetime.date(2026, 3, 1),  # as given
        datetime.date(2026, 5, 29),  # the default: 118 days after the start
    )


def test_full_cycle_draft_to_closed(cycle, civil_servant):
    expect(cycle, civil_servant)
    services.cycle_start(cycle=cycle, by=civil_servant)
    assert cycle.state == CycleState.ACTING
    services.observation_add(cycle=cycle, occurred_on=TODAY, text="Het regende.", by=civil_servant)
    review = services.review_record(cycle=cycle, answers=answers(cycle), by=civil_servant)
    assert cycle.state == CycleState.REVIEWED
    assert review.answers[0]["question"] == cycle.initiative.programme.review_questions[0]
    services.adjustment_record(
        cycle=cycle, decision=Decision.CONTINUE, text="We gaan door.", by=civil_servant
    )
    assert cycle.state == CycleState.CLOSED
    transitions = [
        (e.data["from"], e.data["to"])
        for e in audit_events_for(target=cycle).filter(action="cycle.transition")
    ]
    assert transitions == [("draft", "acting"), ("acting", "reviewed"), ("reviewed", "closed")]
    assert all(e.actor == civil_servant for e in audit_events_for(target=cycle))


def test_cannot_act_without_expectation(cycle, civil_servant):
    with pytest.raises(ValidationError, match=r"verwachting|expectation"):
        services.cycle_start(cycle=cycle, by=civil_servant)
    cycle.refresh_from_db()
    assert cycle.state == CycleState.DRAFT


def test_expectation_is_frozen_once_acting(cycle, civil_servant):
    expect(cycle, civil_servant)
    services.expectation_record(
        cycle=cycle, intention="Anders.", expected_outcome="Veertig mensen.", by=civil_servant
    )  # still allowed in draft
    services.cycle_start(cycle=cycle, by=civil_servant)
    with pytest.raises(ValidationError) as refusal:
        services.expectation_record(
            cycle=cycle,
            intention="Achteraf.",
            expected_outcome="Wat er gebeurde.",
            by=civil_servant,
        )
    assert refusal.value.code == "frozen"
    assert Expectation.objects.get(cycle=cycle).expected_outcome == "Veertig mensen."


@pytest.mark.parametrize("state", [CycleState.DRAFT, CycleState.REVIEWED, CycleState.CLOSED])
def test_review_only_while_acting(state, civil_servant):
    cycle = CycleFactory(state=state, owner=civil_servant)
    with pytest.raises(ValidationError) as refusal:
        services.review_record(cycle=cycle, answers=answers(cycle), by=civil_servant)
    assert refusal.value.code == "wrong_state"
    assert not Review.objects.filter(cycle=cycle).exists()


def test_review_needs_every_answer(civil_servant):
    cycle = CycleFactory(state=CycleState.ACTING)
    incomplete = answers(cycle)
    incomplete[2] = "  "
    with pytest.raises(ValidationError) as refusal:
        services.review_record(cycle=cycle, answers=incomplete, by=civil_servant)
    assert "answer_2" in refusal.value.error_dict
    with pytest.raises(ValidationError):
        services.review_record(cycle=cycle, answers=["alleen één"], by=civil_servant)
    cycle.refresh_from_db()
    assert cycle.state == CycleState.ACTING


@pytest.mark.parametrize("state", [CycleState.DRAFT, CycleState.ACTING, CycleState.CLOSED])
def test_adjustment_only_after_review(state, civil_servant):
    cycle = CycleFactory(state=state)
    with pytest.raises(ValidationError):
        services.adjustment_record(
            cycle=cycle, decision=Decision.STOP, text="Stoppen.", by=civil_servant
        )
    cycle.refresh_from_db()
    assert cycle.state == state


def test_adjustment_can_open_the_next_cycle(civil_servant):
    question = LearningQuestionFactory()
    cycle = CycleFactory(
        state=CycleState.REVIEWED, initiative__programme=question.programme, owner=civil_servant
    )
    cycle.learning_questions.add(question)
    services.adjustment_record(
        cycle=cycle,
        decision=Decision.SCALE_UP,
        text="Naar drie kernen.",
        next_cycle_title="Opschalen",
        by=civil_servant,
    )
    following = LearningCycle.objects.get(previous=cycle)
    assert following.title == "Opschalen"
    assert following.state == CycleState.DRAFT
    assert following.number == cycle.number + 1
    assert list(following.learning_questions.all()) == [question]


def test_stopped_experiment_gets_no_next_cycle(civil_servant):
    cycle = CycleFactory(state=CycleState.REVIEWED)
    with pytest.raises(ValidationError):
        services.adjustment_record(
            cycle=cycle,
            decision=Decision.STOP,
            text="Klaar.",
            next_cycle_title="Toch verder",
            by=civil_servant,
        )
    cycle.refresh_from_db()
    assert cycle.state == CycleState.REVIEWED


@pytest.mark.parametrize("state", [CycleState.DRAFT, CycleState.ACTING, CycleState.REVIEWED])
def test_abandon_open_cycle_with_reason(state, civil_servant):
    cycle = CycleFactory(state=state)
    with pytest.raises(ValidationError):
        services.cycle_abandon(cycle=cycle, reason=" ", by=civil_servant)
    cycle.refresh_from_db()
    assert (cycle.state, cycle.abandon_reason) == (state, "")
    services.cycle_abandon(cycle=cycle, reason="  De trekker is vertrokken. ", by=civil_servant)
    assert cycle.state == CycleState.ABANDONED
    stored = LearningCycle.objects.get(pk=cycle.pk)
    assert (stored.state, stored.abandon_reason) == ("abandoned", "De trekker is vertrokken.")
    assert stored.state_changed_at is not None
    event = audit_events_for(target=cycle).get(action="cycle.transition")
    assert event.data == {
        "from": state,
        "to": "abandoned",
        "reason": "De trekker is vertrokken.",
        "on": timezone.localdate().isoformat(),
    }


@pytest.mark.parametrize("state", [CycleState.CLOSED, CycleState.ABANDONED])
def test_ended_cycle_cannot_be_abandoned(state, civil_servant):
    cycle = CycleFactory(state=state)
    with pytest.raises(ValidationError):
        services.cycle_abandon(cycle=cycle, reason="Waarom niet", by=civil_servant)


def test_observation_only_while_acting_and_not_in_the_future(civil_servant):
    draft = CycleFactory(state=CycleState.DRAFT)
    with pytest.raises(ValidationError):
        services.observation_add(cycle=draft, occurred_on=TODAY, text="Te vroeg", by=civil_servant)
    acting = CycleFactory(state=CycleState.ACTING)
    with pytest.raises(ValidationError):
        services.observation_add(
            cycle=acting,
            occurred_on=TODAY + datetime.timedelta(days=3),
            text="Morgen",
            by=civil_servant,
        )
    assert not acting.observations.exists()


def test_due_dates_must_be_in_order(initiative, civil_servant):
    with pytest.raises(ValidationError) as refusal:
        services.cycle_create(
            initiative=initiative,
            title="Verkeerd",
            owner=civil_servant,
            by=civil_servant,
            starts_on=TODAY,
            expectation_due=TODAY - datetime.timedelta(days=1),
        )
    assert "expectation_due" in refusal.value.error_dict
    assert not LearningCycle.objects.exists()


def test_learning_questions_of_another_programme_are_refused(initiative, civil_servant):
    foreign = LearningQuestionFactory()
    with pytest.raises(ValidationError):
        services.cycle_create(
            initiative=initiative,
            title="X",
            owner=civil_servant,
            by=civil_servant,
            learning_questions=[foreign],
        )


def test_overdue_flag_follows_the_current_phase():
    past = TODAY - datetime.timedelta(days=10)
    future = TODAY + datetime.timedelta(days=10)
    draft = CycleFactory(
        starts_on=past, expectation_due=past, review_due=future, adjustment_due=future
    )
    assert draft.is_overdue
    draft.state = CycleState.ACTING
    assert not draft.is_overdue
    draft.state = CycleState.CLOSED
    assert not draft.is_overdue and draft.current_due is None


def test_learning_yield_counts_abandoned_as_not_completed(initiative):
    past = TODAY - datetime.timedelta(days=5)
    dates = {"starts_on": past, "expectation_due": past, "review_due": past, "adjustment_due": past}
    CycleFactory(initiative=initiative, state=CycleState.CLOSED, **dates)
    CycleFactory(initiative=initiative, state=CycleState.ABANDONED)
    CycleFactory(initiative=initiative, state=CycleState.REVIEWED, **dates)  # overdue
    CycleFactory(initiative=initiative, state=CycleState.ACTING)  # not yet due
    CycleFactory(initiative=initiative, state=CycleState.CLOSED)  # completed early
    result, counts = learning_yield(LearningCycle.objects.filter(initiative=initiative))
    assert (result.completed, result.due, result.percentage) == (2, 4, 50)
    assert counts["cycles_overdue"] == 1


def test_no_yield_when_nothing_is_due(initiative):
    CycleFactory(initiative=initiative)
    result, _ = learning_yield(LearningCycle.objects.all())
    assert result.percentage is None


def test_transition_event_is_written_in_the_same_transaction(cycle, civil_servant):
    ExpectationFactory(cycle=cycle)
    before = AuditEvent.objects.count()
    services.cycle_start(cycle=cycle, by=civil_servant)
    event = AuditEvent.objects.latest("id")
    assert AuditEvent.objects.count() == before + 1
    assert event.programme_id == cycle.initiative.programme_id
    assert (event.data["from"], event.data["to"]) == ("draft", "acting")


def test_no_transition_without_its_audit_event(cycle, civil_servant, monkeypatch):
    """If the audit event cannot be written, the transition does not happen either."""
    ExpectationFactory(cycle=cycle)

    def refuse(**kwargs):
        raise RuntimeError("audit trail unavailable")

    monkeypatch.setattr(AuditEvent.objects, "create", refuse)
    with pytest.raises(RuntimeError):
        services.cycle_start(cycle=cycle, by=civil_servant)
    cycle.refresh_from_db()
    assert cycle.state == CycleState.DRAFT
