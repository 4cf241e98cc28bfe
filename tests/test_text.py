"""Text made only of invisible characters counts as empty, and free text is bounded: in
the forms (through HTTP) and in the services on their own."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from samenspel.common.text import LONG_TEXT, has_visible, tidy
from samenspel.cycles import services as cycles
from samenspel.cycles.constants import CycleState
from samenspel.cycles.models import Expectation, LearningCycle
from samenspel.programmes import services as programmes
from samenspel.programmes.models import LearningQuestion
from tests.factories import CycleFactory

pytestmark = pytest.mark.django_db

INVISIBLE = ["\u200b", "\u2060", "\ufeff", "\u00a0", "\u3000", " \t\n", "\u2028", "\u200d"]
ONLY_INVISIBLE = "".join(INVISIBLE)


@pytest.mark.parametrize("character", INVISIBLE)
def test_invisible_characters_are_not_text(character):
    assert not has_visible(character * 3)
    assert tidy(character * 3) == ""


@pytest.mark.parametrize("text", ["a", "é", "7", ".", "€", "\u0301", "\u3000日本\u200b"])
def test_letters_marks_numbers_punctuation_and_symbols_are_text(text):
    assert has_visible(text)


def test_an_expectation_of_invisible_characters_is_refused(client_for, civil_servant, initiative):
    cycle = CycleFactory(initiative=initiative)
    response = client_for(civil_servant).post(
        reverse("cycle-expectation", args=[initiative.programme.slug, cycle.pk]),
        {"intention": ONLY_INVISIBLE, "expected_outcome": "\u200b\u200b"},
    )
    assert response.status_code == 400
    errors = response.context["forms"]["expectation"].errors
    assert [e.code for e in errors.as_data()["intention"]] == ["invisible"]
    assert [e.code for e in errors.as_data()["expected_outcome"]] == ["invisible"]
    assert not Expectation.objects.exists()


def test_a_text_over_the_bound_is_refused_with_its_length(client_for, civil_servant, initiative):
    cycle = CycleFactory(initiative=initiative)
    response = client_for(civil_servant).post(
        reverse("cycle-expectation", args=[initiative.programme.slug, cycle.pk]),
        {"intention": "a" * 12_345, "expected_outcome": "Dertig bewoners komen."},
    )
    assert response.status_code == 400
    message = response.context["forms"]["expectation"].errors["intention"][0]
    assert "10.000" in message and "12.345" in message
    assert not Expectation.objects.exists()


def test_a_text_at_the_bound_is_accepted(client_for, civil_servant, initiative):
    cycle = CycleFactory(initiative=initiative)
    client_for(civil_servant).post(
        reverse("cycle-expectation", args=[initiative.programme.slug, cycle.pk]),
        {"intention": "a" * LONG_TEXT, "expected_outcome": "Dertig bewoners komen."},
    )
    assert Expectation.objects.get().intention == "a" * LONG_TEXT


def test_a_title_of_invisible_characters_is_refused(
    client_for, facilitator, civil_servant, programme, initiative
):
    response = client_for(facilitator).post(
        reverse("cycle-create", args=[programme.slug, initiative.pk]),
        {"title": "\u3000\u200b", "owner": civil_servant.pk, "starts_on": "2026-06-01"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["title"]
    assert not LearningCycle.objects.exists()


def test_services_refuse_invisible_required_text(initiative, facilitator, programme):
    cycle = CycleFactory(initiative=initiative)
    with pytest.raises(ValidationError):
        cycles.expectation_record(
            cycle=cycle, intention=ONLY_INVISIBLE, expected_outcome="Iets.", by=facilitator
        )
    with pytest.raises(ValidationError):
        cycles.cycle_abandon(cycle=cycle, reason="\ufeff\u2060", by=facilitator)
    with pytest.raises(ValidationError):
        programmes.question_create(programme=programme, text="\u200b\u00a0", by=facilitator)
    acting = CycleFactory(initiative=initiative, state=CycleState.ACTING)
    with pytest.raises(ValidationError):
        cycles.review_record(
            cycle=acting,
            answers=["\u200b"] * len(programme.review_questions),
            by=facilitator,
        )
    assert not Expectation.objects.exists()
    assert not LearningQuestion.objects.exists()
    cycle.refresh_from_db()
    assert cycle.state == CycleState.DRAFT
