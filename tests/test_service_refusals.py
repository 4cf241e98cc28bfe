"""The services refuse bad input on their own, not only behind the form that refuses
first: a script, the demo loader or a future view calls them directly."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from samenspel.common.models import AuditEvent
from samenspel.cycles import services as cycle_services
from samenspel.cycles.constants import CycleState
from samenspel.cycles.models import Expectation, LearningCycle, Observation, Review
from samenspel.programmes import services
from samenspel.programmes.models import Area, Initiative, LearningQuestion
from tests.factories import AreaFactory, CycleFactory, ExpectationFactory, InitiativeFactory

pytestmark = pytest.mark.django_db

# Text that looks filled in but says nothing: zero-width space, word joiner,
# byte-order mark, no-break space.
INVISIBLE = ["", "   ", "\u200b", "\u2060\ufeff", "\u00a0\u200b "]


@pytest.fixture
def nothing_changes():
    before = AuditEvent.objects.count()
    yield
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize(
    "field", ["municipal_contribution", "resident_contribution", "other_contribution"]
)
def test_negative_amount(programme, area, civil_servant, field, nothing_changes):
    with pytest.raises(ValidationError) as refusal:
        services.initiative_create(
            programme=programme, title="Min", area=area, by=civil_servant, **{field: Decimal("-1")}
        )
    assert field in refusal.value.error_dict
    initiative = InitiativeFactory(programme=programme, area=area)
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        services.initiative_update(
            initiative=initiative,
            by=civil_servant,
            expected_version=initiative.version,
            **{field: Decimal("-0.01")},
        )
    initiative.refresh_from_db()
    assert getattr(initiative, field) >= 0 and initiative.version == 1
    assert Initiative.objects.filter(title="Min").count() == 0
    assert AuditEvent.objects.count() == before


def test_another_programmes_area(programme, area, civil_servant):
    foreign = AreaFactory()
    with pytest.raises(ValidationError) as refusal:
        services.initiative_create(programme=programme, title="X", area=foreign, by=civil_servant)
    assert "area" in refusal.value.error_dict
    initiative = InitiativeFactory(programme=programme, area=area)
    with pytest.raises(ValidationError):
        services.initiative_update(
            initiative=initiative, by=civil_servant, expected_version=1, area=foreign
        )
    initiative.refresh_from_db()
    assert initiative.area == area
    assert not Initiative.objects.filter(title="X").exists()


def test_duplicate_area_name_in_another_case(programme, area, facilitator):
    with pytest.raises(ValidationError):
        services.area_create(programme=programme, name=" werkendam ", by=facilitator)
    other = AreaFactory(programme=programme, name="Andel")
    with pytest.raises(ValidationError):
        services.area_update(
            area=other, name="WERKENDAM", description="", by=facilitator, expected_version=1
        )
    assert Area.objects.filter(programme=programme).count() == 2


def test_area_name_may_repeat_in_another_programme(programme, area, facilitator):
    other = AreaFactory(name="Andel").programme
    assert services.area_create(programme=other, name="Werkendam", by=facilitator).pk


def test_stale_version_is_refused(programme, area, facilitator):
    services.area_update(
        area=area, name="Eerste", description="", by=facilitator, expected_version=1
    )
    with pytest.raises(ValidationError) as refusal:
        services.area_update(
            area=area, name="Tweede", description="", by=facilitator, expected_version=1
        )
    assert refusal.value.code == "stale"
    area.refresh_from_db()
    assert (area.name, area.version) == ("Eerste", 2)


@pytest.mark.parametrize("text", INVISIBLE)
def test_empty_or_invisible_expected_outcome(initiative, civil_servant, text, nothing_changes):
    cycle = CycleFactory(initiative=initiative)
    with pytest.raises(ValidationError) as refusal:
        cycle_services.expectation_record(
            cycle=cycle, intention="Een avond.", expected_outcome=text, by=civil_servant
        )
    assert "expected_outcome" in refusal.value.error_dict
    with pytest.raises(ValidationError) as refusal:
        cycle_services.expectation_record(
            cycle=cycle, intention=text, expected_outcome="Dertig mensen.", by=civil_servant
        )
    assert "intention" in refusal.value.error_dict
    assert not Expectation.objects.filter(cycle=cycle).exists()


@pytest.mark.parametrize("text", INVISIBLE)
def test_invisible_texts_elsewhere(programme, initiative, civil_servant, text, nothing_changes):
    with pytest.raises(ValidationError):
        services.question_create(programme=programme, text=text, by=civil_servant)
    assert not LearningQuestion.objects.exists()
    with pytest.raises(ValidationError):
        cycle_services.cycle_create(
            initiative=initiative, title=text, owner=civil_servant, by=civil_servant
        )
    assert not LearningCycle.objects.exists()
    acting = CycleFactory(initiative=initiative, state=CycleState.ACTING)
    with pytest.raises(ValidationError):
        cycle_services.observation_add(
            cycle=acting, occurred_on=datetime.date.today(), text=text, by=civil_servant
        )
    answers = ["Antwoord"] * len(programme.review_questions)
    answers[-1] = text
    with pytest.raises(ValidationError):
        cycle_services.review_record(cycle=acting, answers=answers, by=civil_servant)
    with pytest.raises(ValidationError):
        cycle_services.cycle_abandon(cycle=acting, reason=text, by=civil_servant)
    acting.refresh_from_db()
    assert acting.state == CycleState.ACTING
    assert not Observation.objects.exists() and not Review.objects.exists()


def test_observation_before_the_start_or_of_unknown_kind(initiative, civil_servant):
    cycle = CycleFactory(initiative=initiative, state=CycleState.ACTING)
    with pytest.raises(ValidationError) as refusal:
        cycle_services.observation_add(
            cycle=cycle,
            occurred_on=cycle.starts_on - datetime.timedelta(days=1),
            text="Te vroeg",
            by=civil_servant,
        )
    assert "occurred_on" in refusal.value.error_dict
    with pytest.raises(ValidationError) as refusal:
        cycle_services.observation_add(
            cycle=cycle, occurred_on=cycle.starts_on, text="Iets", kind="gossip", by=civil_servant
        )
    assert "kind" in refusal.value.error_dict
    assert not cycle.observations.exists()


def test_unknown_decision(initiative, civil_servant):
    cycle = CycleFactory(initiative=initiative, state=CycleState.REVIEWED)
    with pytest.raises(ValidationError) as refusal:
        cycle_services.adjustment_record(
            cycle=cycle, decision="maybe", text="Wie weet.", by=civil_servant
        )
    assert "decision" in refusal.value.error_dict
    cycle.refresh_from_db()
    assert cycle.state == CycleState.REVIEWED


def test_stale_expectation_is_refused(initiative, civil_servant):
    cycle = CycleFactory(initiative=initiative)
    first = ExpectationFactory(cycle=cycle)
    token = cycle_services.expectation_token(first)
    cycle_services.expectation_record(
        cycle=cycle, intention="A", expected_outcome="B", by=civil_servant, based_on=token
    )
    with pytest.raises(ValidationError) as refusal:
        cycle_services.expectation_record(
            cycle=cycle, intention="C", expected_outcome="D", by=civil_servant, based_on=token
        )
    assert refusal.value.code == "stale"
    assert Expectation.objects.get(cycle=cycle).intention == "A"


def test_question_update_refuses_an_unknown_status(programme, civil_servant):
    question = services.question_create(programme=programme, text="Vraag", by=civil_servant)
    with pytest.raises(ValidationError) as refusal:
        services.question_update(
            question=question, text="Vraag", status="??", by=civil_servant, expected_version=1
        )
    assert "status" in refusal.value.error_dict
    question.refresh_from_db()
    assert (question.status, question.version) == ("open", 1)


def test_programme_dates_and_review_questions(administrator):
    today = datetime.date.today()
    with pytest.raises(ValidationError) as refusal:
        services.programme_create(
            name="X", by=administrator, starts_on=today, ends_on=today - datetime.timedelta(1)
        )
    assert "ends_on" in refusal.value.error_dict
    with pytest.raises(ValidationError) as refusal:
        services.programme_create(name="Y", by=administrator, review_questions=[" ", ""])
    assert "review_questions" in refusal.value.error_dict
    with pytest.raises(ValidationError) as refusal:
        services.programme_create(name="Z", by=administrator, slug="new")
    assert "slug" in refusal.value.error_dict


def test_invisible_expected_outcome_through_the_form(
    client_for, programme, initiative, civil_servant
):
    from django.urls import reverse

    cycle = CycleFactory(initiative=initiative)
    response = client_for(civil_servant).post(
        reverse("cycle-expectation", args=[programme.slug, cycle.pk]),
        {"intention": "Een avond.", "expected_outcome": "\u200b", "based_on": ""},
    )
    assert response.status_code == 400
    assert response.context["forms"]["expectation"].errors["expected_outcome"]
    assert not Expectation.objects.filter(cycle=cycle).exists()
