"""No select offers Django's "---------" as its empty choice: every page is visited (see
site_map.py) by the people who see the most forms, and an optional choice says what
leaving it empty means, such as "(no area)"; a required one asks "Choose…"."""

import pytest
from django.utils import translation

from samenspel.cycles.forms import CycleForm
from samenspel.programmes.forms import InitiativeForm
from tests.browser.test_accessibility import build_world
from tests.site_map import every_page

pytestmark = pytest.mark.django_db

DJANGO_EMPTY_LABEL = "---------"


@pytest.mark.parametrize("who", ["facilitator", "administrator"])
def test_no_page_offers_dashes_as_an_empty_choice(client_for, who):
    world = build_world()
    client = client_for(world[who])
    offending, selects = [], 0
    for name, address in every_page(world):
        response = client.get(address, follow=True)
        assert response.status_code < 500, f"{name} {address}: {response.status_code}"
        assert response.status_code != 405, f"{name} answers only a POST: skip it in site_map"
        html = response.content.decode()
        selects += html.count("<select")
        if DJANGO_EMPTY_LABEL in html:
            offending.append(f"{name} {address}")
    assert selects, "no page with a select was visited"
    assert not offending, "pages offering '---------':\n" + "\n".join(offending)


def test_the_empty_choices_say_what_they_mean(programme):
    initiative = InitiativeForm(programme=programme)
    with translation.override("en"):
        assert str(initiative.fields["area"].empty_label) == "(no area)"
        assert str(initiative.fields["contact"].empty_label) == "(nobody)"
        assert str(CycleForm(programme=programme).fields["owner"].empty_label) == "Choose…"
