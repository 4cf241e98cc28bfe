"""Bad input gets a clear, translated refusal, stores nothing, and never a server error."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from samenspel.common.models import AuditEvent
from samenspel.cycles.constants import CycleState
from samenspel.cycles.models import Adjustment, Expectation, LearningCycle, Review
from samenspel.programmes.models import Initiative
from tests.factories import (
    AreaFactory,
    CycleFactory,
    ExpectationFactory,
    InitiativeFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


@pytest.fixture
def client(client_for, civil_servant):
    return client_for(civil_servant)


def cycle_url(name, cycle):
    return reverse(name, args=[cycle.initiative.programme.slug, cycle.pk])


def test_due_date_before_start(client, programme, initiative, civil_servant):
    response = client.post(
        reverse("cycle-create", args=[programme.slug, initiative.pk]),
        {
            "title": "Te vroeg",
            "owner": civil_servant.pk,
            "starts_on": TODAY.isoformat(),
            "expectation_due": (TODAY - datetime.timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["expectation_due"]
    assert not LearningCycle.objects.exists()


def test_empty_expectation(client, initiative):
    cycle = CycleFactory(initiative=initiative)
    response = client.post(
        cycle_url("cycle-expectation", cycle), {"intention": "  ", "expected_outcome": ""}
    )
    assert response.status_code == 400
    errors = response.context["forms"]["expectation"].errors
    assert set(errors) == {"intention", "expected_outcome"}
    assert not Expectation.objects.exists()


def test_review_of_a_cycle_that_has_not_acted(client, initiative):
    cycle = CycleFactory(initiative=initiative, state=CycleState.DRAFT)
    answers = {f"answer_{i}": "Iets" for i in range(5)}
    response = client.post(cycle_url("cycle-review", cycle), answers)
    assert response.status_code == 400
    # The page no longer offers a review: the refusal is shown at the top.
    assert "review" not in response.context["forms"]
    assert "Verwachting" in response.content.decode()  # the phase the cycle is in
    assert 'class="sp-alert sp-alert--error"' in response.content.decode()
    assert not Review.objects.exists()
    cycle.refresh_from_db()
    assert cycle.state == CycleState.DRAFT


def test_frozen_expectation_through_a_hand_made_post(client, initiative):
    cycle = CycleFactory(initiative=initiative, state=CycleState.ACTING)
    ExpectationFactory(cycle=cycle, expected_outcome="Dertig mensen.")
    page = client.get(cycle_url("cycle-detail", cycle))
    assert "expectation" not in page.context["forms"]  # the form is not even offered
    response = client.post(
        cycle_url("cycle-expectation", cycle),
        {"intention": "Achteraf", "expected_outcome": "Precies wat er gebeurde."},
    )
    assert response.status_code == 400
    assert Expectation.objects.get(cycle=cycle).expected_outcome == "Dertig mensen."
    assert not AuditEvent.objects.filter(action__startswith="expectation").exists()


def test_amount_below_zero(client, programme, area):
    response = client.post(
        reverse("initiative-create", args=[programme.slug]),
        {
            "title": "Negatief",
            "area": area.pk,
            "status": "idea",
            "municipal_contribution": "-10",
            "resident_contribution": "0",
            "other_contribution": "0",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["municipal_contribution"]
    assert not Initiative.objects.filter(title="Negatief").exists()


@pytest.mark.parametrize("value", ["abc", "1e999", "12345678901234567890"])
def test_nonsense_amounts(client, programme, value):
    response = client.post(
        reverse("initiative-create", args=[programme.slug]),
        {
            "title": "Rare bedragen",
            "status": "idea",
            "municipal_contribution": value,
            "resident_contribution": "0",
            "other_contribution": "0",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["municipal_contribution"]
    assert not Initiative.objects.filter(title="Rare bedragen").exists()


def test_another_programmes_objects_in_the_url(client, programme):
    foreign_programme = ProgrammeFactory()
    foreign_initiative = InitiativeFactory(programme=foreign_programme)
    foreign_cycle = CycleFactory(initiative=foreign_initiative)
    slug = programme.slug
    for url in [
        reverse("initiative-detail", args=[slug, foreign_initiative.pk]),
        reverse("initiative-edit", args=[slug, foreign_initiative.pk]),
        reverse("cycle-detail", args=[slug, foreign_cycle.pk]),
        reverse("cycle-create", args=[slug, foreign_initiative.pk]),
        reverse("initiative-detail", args=[foreign_programme.slug, foreign_initiative.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    response = client.post(
        reverse("cycle-expectation", args=[slug, foreign_cycle.pk]),
        {"intention": "x", "expected_outcome": "y"},
    )
    assert response.status_code == 404
    assert not Expectation.objects.exists()


def test_area_of_another_programme_in_a_form(client, programme):
    foreign_area = AreaFactory(programme=ProgrammeFactory())
    response = client.post(
        reverse("initiative-create", args=[programme.slug]),
        {
            "title": "Verkeerde kern",
            "area": foreign_area.pk,
            "status": "idea",
            "municipal_contribution": "0",
            "resident_contribution": "0",
            "other_contribution": "0",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["area"]
    assert not Initiative.objects.filter(title="Verkeerde kern").exists()


def test_concurrent_edits_do_not_overwrite_each_other(client, programme, area):
    initiative = InitiativeFactory(programme=programme, area=area, title="Origineel")
    url = reverse("initiative-edit", args=[programme.slug, initiative.pk])
    data = {
        "area": area.pk,
        "status": "idea",
        "municipal_contribution": "0",
        "resident_contribution": "0",
        "other_contribution": "0",
        "version": initiative.version,
    }
    assert client.post(url, {**data, "title": "Eerste"}).status_code == 302
    stale = client.post(url, {**data, "title": "Tweede"})
    assert stale.status_code == 200
    assert "ondertussen" in stale.content.decode() or stale.context["form"].non_field_errors()
    initiative.refresh_from_db()
    assert initiative.title == "Eerste"


def test_duplicate_area_name(client_for, programme, area, facilitator):
    response = client_for(facilitator).post(
        reverse("area-create", args=[programme.slug]), {"name": area.name.upper()}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["name"]


def test_empty_review_questions_on_programme_edit(client_for, programme, facilitator):
    response = client_for(facilitator).post(
        reverse("programme-edit", args=[programme.slug]),
        {"name": "X", "review_questions": "   \n  ", "version": programme.version},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["review_questions"]
    programme.refresh_from_db()
    assert programme.name != "X"


def test_end_before_start_on_programme(client_for, programme, facilitator):
    response = client_for(facilitator).post(
        reverse("programme-edit", args=[programme.slug]),
        {
            "name": "X",
            "starts_on": "2026-05-01",
            "ends_on": "2026-01-01",
            "review_questions": "Vraag?",
            "version": programme.version,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["ends_on"]


def test_area_with_initiatives_cannot_be_deleted(client_for, programme, area, facilitator):
    InitiativeFactory(programme=programme, area=area)
    response = client_for(facilitator).post(reverse("area-delete", args=[programme.slug, area.pk]))
    assert response.status_code == 200
    assert area.__class__.objects.filter(pk=area.pk).exists()


def test_facilitator_cannot_remove_themselves(client_for, programme, facilitator):
    membership = programme.memberships.get(user=facilitator)
    response = client_for(facilitator).post(
        reverse("membership-remove", args=[programme.slug, membership.pk])
    )
    assert response.status_code == 200
    assert programme.memberships.filter(pk=membership.pk).exists()


def test_membership_for_new_person_needs_a_name(client_for, programme, facilitator):
    response = client_for(facilitator).post(
        reverse("membership-add", args=[programme.slug]),
        {"email": "onbekend@example.nl", "name": "", "role": "partner"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["name"]


def test_get_on_a_post_only_action_is_refused(client, initiative):
    cycle = CycleFactory(initiative=initiative)
    assert client.get(cycle_url("cycle-start", cycle)).status_code == 405


def test_unknown_decision_and_kind(client, initiative):
    reviewed = CycleFactory(initiative=initiative, state=CycleState.REVIEWED)
    response = client.post(
        cycle_url("cycle-adjustment", reviewed), {"decision": "verdubbelen", "text": "x"}
    )
    assert response.status_code == 400
    assert response.context["forms"]["adjustment"].errors["decision"]
    assert not Adjustment.objects.exists()
    acting = CycleFactory(initiative=initiative, state=CycleState.ACTING)
    response = client.post(
        cycle_url("cycle-observation", acting),
        {"occurred_on": "gisteren", "kind": "raar", "text": "x"},
    )
    assert response.status_code == 400
    assert set(response.context["forms"]["observation"].errors) >= {"occurred_on", "kind"}
    assert not acting.observations.exists()


def test_funding_totals_are_exact(programme, area):
    InitiativeFactory(
        programme=programme,
        area=area,
        municipal_contribution=Decimal("0.10"),
        resident_contribution=Decimal("0.20"),
    )
    from samenspel.programmes.selectors import programme_figures

    assert programme_figures(programme=programme).funding.total == Decimal("0.30")


def test_concurrent_expectation_edits_do_not_overwrite_each_other(client, initiative):
    cycle = CycleFactory(initiative=initiative)
    url = cycle_url("cycle-expectation", cycle)
    form = client.get(cycle_url("cycle-detail", cycle)).context["forms"]["expectation"]
    token = form.initial["based_on"]
    first = {"intention": "Eerst", "expected_outcome": "A", "based_on": token}
    assert client.post(url, first).status_code == 302
    second = {"intention": "Tweede", "expected_outcome": "B", "based_on": token}
    response = client.post(url, second)
    assert response.status_code == 400
    assert "Iemand anders heeft" in response.content.decode()
    assert Expectation.objects.get(cycle=cycle).intention == "Eerst"


def test_concurrent_area_edits_do_not_overwrite_each_other(client_for, programme, facilitator):
    area = AreaFactory(programme=programme, name="Andel")
    url = reverse("area-edit", args=[programme.slug, area.pk])
    client = client_for(facilitator)
    assert client.post(url, {"name": "Andel-Noord", "version": area.version}).status_code == 302
    stale = client.post(url, {"name": "Andel-Zuid", "version": area.version})
    assert stale.status_code == 200
    assert "Iemand anders heeft" in stale.content.decode()
    area.refresh_from_db()
    assert area.name == "Andel-Noord"


def test_dates_far_away_are_refused(client, programme, initiative, civil_servant):
    response = client.post(
        reverse("cycle-create", args=[programme.slug, initiative.pk]),
        {"title": "Ver weg", "owner": civil_servant.pk, "starts_on": "9999-12-20"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["starts_on"]
    assert not LearningCycle.objects.exists()


def test_too_long_email_address(client_for, programme, facilitator):
    response = client_for(facilitator).post(
        reverse("membership-add", args=[programme.slug]),
        {"email": "a" * 250 + "@example.nl", "name": "Lang", "role": "partner"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
