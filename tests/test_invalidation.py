"""Cache invalidation is structural: a write that bypasses the services (the admin, a
script, a shell) still shows on every cached page at once (programmes.signals)."""

import datetime

import pytest
from django.urls import reverse

from samenspel.cycles.constants import CycleState
from samenspel.programmes import services
from samenspel.programmes.constants import Role
from samenspel.programmes.models import Area, Initiative
from tests.factories import CycleFactory, InitiativeFactory

pytestmark = pytest.mark.django_db


def test_rename_of_a_removed_member_who_still_owns_a_cycle(
    client_for, programme, initiative, facilitator, civil_servant
):
    civil_servant.name = "Ans Oud"
    civil_servant.save()
    # A completed cycle stays with its owner when the owner leaves the programme.
    cycle = CycleFactory(initiative=initiative, owner=civil_servant, state=CycleState.CLOSED)
    services.membership_remove(
        membership=programme.memberships.get(user=civil_servant), by=facilitator
    )
    client = client_for(facilitator)
    url = reverse("cycle-detail", args=[programme.slug, cycle.pk])
    assert "Ans Oud" in client.get(url).content.decode()
    civil_servant.name = "Ans Nieuw"
    civil_servant.save()  # as the admin's change form does
    html = client.get(url).content.decode()
    assert "Ans Nieuw" in html and "Ans Oud" not in html


def test_area_saved_from_a_script(client_for, programme, area, initiative, civil_servant):
    client = client_for(civil_servant)
    pages = [
        reverse("area-list", args=[programme.slug]),
        reverse("programme-detail", args=[programme.slug]),
        reverse("initiative-detail", args=[programme.slug, initiative.pk]),
    ]
    for url in pages:
        assert "Werkendam" in client.get(url).content.decode()
    script_copy = Area.objects.get(pk=area.pk)
    script_copy.name = "Sleeuwijk"
    script_copy.save()
    for url in pages:
        html = client.get(url).content.decode()
        assert "Sleeuwijk" in html and "Werkendam" not in html, url


def test_initiative_deleted_from_a_script(client_for, programme, area, civil_servant):
    InitiativeFactory(programme=programme, area=area, title="Blijft")
    gone = InitiativeFactory(programme=programme, area=area, title="Verdwijnt")
    client = client_for(civil_servant)
    url = reverse("initiative-list", args=[programme.slug])
    assert "Verdwijnt" in client.get(url).content.decode()
    Initiative.objects.get(pk=gone.pk).delete()
    html = client.get(url).content.decode()
    assert "Blijft" in html and "Verdwijnt" not in html


def test_initiator_added_from_a_script(client_for, programme, initiative, member, facilitator):
    initiator = member(Role.INITIATOR)
    initiator.name = "Ina Initiatiefnemer"
    initiator.save()
    client = client_for(facilitator)
    url = reverse("initiative-detail", args=[programme.slug, initiative.pk])
    assert "Ina Initiatiefnemer" not in client.get(url).content.decode()
    initiative.initiator_accounts.add(initiator)  # m2m, no save of the initiative
    assert "Ina Initiatiefnemer" in client.get(url).content.decode()


def test_cycle_state_changed_from_a_script(client_for, programme, initiative, civil_servant):
    past = datetime.date.today() - datetime.timedelta(days=30)
    cycle = CycleFactory(
        initiative=initiative,
        state=CycleState.REVIEWED,
        starts_on=past,
        expectation_due=past,
        review_due=past,
        adjustment_due=past,
    )
    client = client_for(civil_servant)
    url = reverse("programme-detail", args=[programme.slug])
    assert "Afgerond: 0 van de 1 cycli" in client.get(url).content.decode()
    cycle.state = CycleState.CLOSED
    cycle.save()
    assert "Afgerond: 1 van de 1 cycli" in client.get(url).content.decode()
