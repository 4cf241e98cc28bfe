"""Components drawn in Python (a cycle's card, its phase badge, the fixed words they
use) say what the templates they replaced said, in both languages, and escape every
text a person wrote."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from samenspel.common.words import long_date
from samenspel.cycles.constants import CycleState, Decision
from samenspel.cycles.models import Adjustment, Observation
from samenspel.cycles.templatetags.cycles import cycle_card, cycle_state
from tests.factories import CycleFactory, ExpectationFactory, InitiativeFactory

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script> & co'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("nl", "15 oktober 2016"), ("en", "15 October 2016"), ("nl", "1 maart 2020")],
)
def test_long_dates_read_as_the_date_filter_writes_them(language, expected):
    day = datetime.date(2016, 10, 15) if "2016" in expected else datetime.date(2020, 3, 1)
    with translation.override(language):
        assert long_date(day, translation.get_language()) == expected


def _card(cycle, language="nl"):
    with translation.override(language):
        return str(cycle_card(cycle, cycle.initiative.programme))


def test_a_card_shows_its_cycle_with_every_written_text_escaped(programme, area, facilitator):
    facilitator.name = HOSTILE
    facilitator.save()
    cycle = CycleFactory(
        initiative=InitiativeFactory(programme=programme, area=area),
        owner=facilitator,
        title=HOSTILE,
        state=CycleState.CLOSED,
        number=3,
    )
    ExpectationFactory(cycle=cycle, expected_outcome=f"{HOSTILE}\nregel twee")
    Adjustment.objects.create(
        cycle=cycle, decision=Decision.SCALE_UP, text=HOSTILE, recorded_by=facilitator
    )
    card = _card(cycle)
    assert "<script>" not in card
    assert f"Cyclus 3: {ESCAPED}" in card
    assert f"{ESCAPED}<br>regel twee" in card
    assert f"Bijsturing:</strong> Opschalen — {ESCAPED}" in card
    assert f'<span class="sp-muted">{ESCAPED}</span>' in card
    assert 'sp-badge--success">Afgerond</span>' in card
    assert reverse("cycle-detail", args=[programme.slug, cycle.pk]) in card
    assert 'aria-labelledby="cycle-%d-heading"' % cycle.pk in card


def test_a_card_shows_the_first_three_observations_and_links_to_all(
    programme, area, facilitator
):
    today = datetime.date.today()
    cycle = CycleFactory(
        initiative=InitiativeFactory(programme=programme, area=area),
        owner=facilitator,
        state=CycleState.ACTING,
        starts_on=today - datetime.timedelta(days=30),
        expectation_due=today - datetime.timedelta(days=20),
        review_due=today - datetime.timedelta(days=1),
        adjustment_due=today + datetime.timedelta(days=10),
    )
    for day in range(1, 6):
        Observation.objects.create(
            cycle=cycle,
            occurred_on=datetime.date(2016, 10, day),
            text=f"Waarneming {day} " + "woord " * 30,
            recorded_by=facilitator,
        )
    card = _card(cycle, "en")
    assert card.count("<li>") == 3
    assert '<time datetime="2016-10-01">1 October 2016</time>: Waarneming 1' in card
    assert "Waarneming 4" not in card
    assert "woord …" in card  # cut after 25 words
    assert "All 5 observations" in card
    assert "No expectation written yet." in card
    assert "Acting · overdue" in card
    assert f"due {long_date(cycle.review_due, 'en')}" in card


def test_an_abandoned_card_says_why(programme, area, facilitator):
    cycle = CycleFactory(
        initiative=InitiativeFactory(programme=programme, area=area),
        owner=facilitator,
        state=CycleState.ABANDONED,
        abandon_reason=HOSTILE,
    )
    card = _card(cycle)
    assert f"Gestopt:</strong> {ESCAPED}" in card
    assert '<p class="sp-muted">Nog geen waarnemingen in het logboek.</p>' in card
    assert '<p class="sp-muted">Er is nog geen verwachting opgeschreven.</p>' in card
    assert "klaar op" not in card  # an ended cycle is due nothing


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_badge_names_the_phase_in_the_language_of_the_page(
    programme, area, facilitator, language
):
    cycle = CycleFactory(
        initiative=InitiativeFactory(programme=programme, area=area),
        owner=facilitator,
        state=CycleState.REVIEWED,
    )
    with translation.override(language):
        badge = str(cycle_state(cycle))
    label = {"nl": "Bijsturing", "en": "Adjustment"}[language]
    assert badge == f'<span class="sp-badge sp-badge--neutral">{label}</span>'
