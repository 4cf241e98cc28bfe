"""Programme features for residents, funding and many villages: through the pages as a
member uses them, and the services and selectors on their own. Pages are read in English
(the language cookie), so the assertions hold before and after the Dutch translation."""

import pytest
from django.urls import reverse

from samenspel.cycles import selectors as cycle_selectors
from samenspel.cycles.constants import CycleState
from samenspel.programmes.constants import Role
from tests.factories import CycleFactory, InitiativeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client_for):
    def make(user):
        client = client_for(user)
        client.cookies["django_language"] = "en"
        return client

    return make


# 1a. Residents see the cycles of their own initiatives -----------------------------------


def test_initiator_sees_open_cycles_of_own_initiatives(english, programme, area, member):
    initiator = member(Role.INITIATOR)
    own = InitiativeFactory(programme=programme, area=area, title="Speeltuin Sleeuwijk")
    own.initiator_accounts.add(initiator, member(Role.INITIATOR))
    other = InitiativeFactory(programme=programme, area=area, title="Jeu de boules")
    open_cycle = CycleFactory(initiative=own, state=CycleState.ACTING, title="Bouwdag")
    CycleFactory(initiative=own, state=CycleState.CLOSED, title="Afgesloten ronde")
    CycleFactory(initiative=other, state=CycleState.ACTING, title="Andermans ronde")

    mine = list(cycle_selectors.my_open_cycles(user=initiator))
    assert mine == [open_cycle]  # once, though the initiative has two initiators

    page = english(initiator).get(reverse("my-work")).content.decode()
    assert "Bouwdag" in page
    assert "Afgesloten ronde" not in page
    assert "Andermans ronde" not in page


def test_owned_and_own_initiative_cycles_are_listed_once(programme, area, member):
    initiator = member(Role.INITIATOR)
    own = InitiativeFactory(programme=programme, area=area)
    own.initiator_accounts.add(initiator)
    cycle = CycleFactory(initiative=own, state=CycleState.ACTING, owner=initiator)
    assert list(cycle_selectors.my_open_cycles(user=initiator)) == [cycle]


def test_former_member_no_longer_sees_own_initiative_cycles(programme, area):
    initiator = UserFactory()
    own = InitiativeFactory(programme=programme, area=area)
    own.initiator_accounts.add(initiator)
    CycleFactory(initiative=own, state=CycleState.ACTING)
    assert list(cycle_selectors.my_open_cycles(user=initiator)) == []


# 4. Who starts a programme --------------------------------------------------------------


def test_site_administrator_without_programmes_may_start_one(english, administrator):
    client = english(administrator)
    for name in ("my-work", "programme-list"):
        page = client.get(reverse(name)).content.decode()
        assert reverse("programme-create") in page, name
        assert "Ask a facilitator" not in page, name


def test_site_administrator_sees_programmes_without_membership(english, administrator, programme):
    page = english(administrator).get(reverse("programme-list")).content.decode()
    assert programme.name in page
    assert reverse("programme-create") in page


def test_member_without_programmes_is_told_to_ask_a_facilitator(english):
    page = english(UserFactory()).get(reverse("programme-list")).content.decode()
    assert "Ask a facilitator" in page
    assert reverse("programme-create") not in page
