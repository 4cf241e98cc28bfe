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
from samenspel.programmes.extensions import NO_VALUE
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
    assert f'aria-labelledby="cycle-{cycle.pk}-heading"' in card


def test_a_card_shows_the_first_three_observations_and_links_to_all(programme, area, facilitator):
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


AMOUNTS = [
    "0",
    "5",
    "12.5",
    "999",
    "1000",
    "1250.50",
    "1250.00",
    "1234567.89",
    "-1250.5",
    "0.05",
    "100000000",
]


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("amount", AMOUNTS)
def test_euro_amounts_read_as_number_format_writes_them(language, amount):
    from decimal import Decimal

    from django.utils.formats import number_format

    from samenspel.common.words import euro_text

    value = Decimal(amount)
    cents = 0 if value == value.to_integral_value() else 2
    with translation.override(language):
        expected = "€ " + number_format(
            value, decimal_pos=cents, use_l10n=True, force_grouping=True
        )
        assert euro_text(value, translation.get_language()) == expected


def test_euro_amounts_in_dutch():
    from decimal import Decimal

    from samenspel.common.words import euro_text

    assert euro_text(Decimal("1250.50"), "nl") == "€ 1.250,50"
    assert euro_text(Decimal("1250"), "nl") == "€ 1.250"
    assert euro_text(Decimal("1250.50"), "en") == "€ 1,250.50"


def test_a_row_of_my_work_names_cycle_initiative_programme_phase_and_due_date(
    programme, area, facilitator
):
    from samenspel.cycles.templatetags.cycles import cycle_row

    programme.name = HOSTILE
    programme.save()
    cycle = CycleFactory(
        initiative=InitiativeFactory(programme=programme, area=area, title=HOSTILE),
        owner=facilitator,
        state=CycleState.DRAFT,
        number=7,
        title=HOSTILE,
        starts_on=datetime.date(2016, 10, 1),
        expectation_due=datetime.date(2016, 10, 15),
    )
    with translation.override("nl"):
        row = str(cycle_row(cycle))
    assert "<script>" not in row
    assert f'">7. {ESCAPED}</a></td>' in row
    assert f'<td>{ESCAPED} <span class="sp-muted">· {ESCAPED}</span></td>' in row
    assert "<td>15 oktober 2016</td>" in row
    assert '<span class="sp-badge sp-badge--warning">Verwachting · te laat</span>' in row


def test_a_row_of_the_initiative_list_flags_the_rule_and_escapes(programme, area):
    from decimal import Decimal

    from samenspel.programmes.selectors import mark_co_investment_shortfalls
    from samenspel.programmes.templatetags.programmes import initiative_row

    programme.co_investment_percentage = Decimal("50")
    programme.save()
    initiative = InitiativeFactory(
        programme=programme,
        area=area,
        title=HOSTILE,
        societal_task=True,
        municipal_contribution=Decimal("1000"),
        resident_contribution=Decimal("100.50"),
    )
    mark_co_investment_shortfalls(programme=programme, initiatives=[initiative])
    cells = [(HOSTILE, False), (NO_VALUE, True)]
    with translation.override("nl"):
        row = str(initiative_row(initiative, cells, programme))
    assert "<script>" not in row
    assert f'>{ESCAPED}</a> <span class="sp-badge sp-badge--neutral">' in row
    assert "<td>Werkendam</td>" in row
    assert '<td class="sp-num">€ 1.100,50 <span class="sp-badge sp-badge--warning"' in row
    assert f"<td>{ESCAPED}</td>" in row
    assert f'<td class="sp-num">{NO_VALUE}</td>' in row
    assert str(initiative.co_investment_shortfall)[:20] in row

    initiative.area = None
    initiative.societal_task = False
    initiative.co_investment_shortfall = None
    with translation.override("en"):
        row = str(initiative_row(initiative, [], programme))
    assert f"<td>{NO_VALUE}</td>" in row
    assert "sp-badge" not in row
    assert "€ 1,100.50" in row


def test_a_row_of_the_area_table_has_its_links_only_with_actions(programme):
    from decimal import Decimal

    from samenspel.programmes.selectors import AreaSummary
    from samenspel.programmes.templatetags.programmes import area_row

    summary = AreaSummary(
        pk=4,
        name=HOSTILE,
        initiative_count=3,
        municipal=Decimal("1250"),
        residents=Decimal("0"),
        other=Decimal("12.5"),
    )
    with translation.override("nl"):
        plain = str(area_row(summary, [("5", True)], programme))
        managed = str(area_row(summary, [], programme, True))
    assert "<script>" not in plain + managed
    assert f'?area=4">{ESCAPED}</a></th>' in plain
    assert '<td class="sp-num">3</td>' in plain
    assert '<td class="sp-num">€ 1.250</td>' in plain
    assert '<td class="sp-num">€ 12,50</td>' in plain
    assert '<td class="sp-num">5</td>' in plain
    assert "Bewerken" not in plain and "Verwijderen" not in plain
    assert f'Bewerken<span class="sp-visually-hidden"> {ESCAPED}</span></a>' in managed
    assert f'Verwijderen<span class="sp-visually-hidden"> {ESCAPED}</span></a>' in managed
    assert reverse("area-delete", args=[programme.slug, 4]) in managed
    assert reverse("area-delete", args=[programme.slug, 4]) not in plain


def test_a_form_body_shows_its_errors_hidden_and_visible_fields():
    from django import forms

    from samenspel.common.templatetags.samenspel import form_body

    class Example(forms.Form):
        token = forms.CharField(widget=forms.HiddenInput)
        title = forms.CharField(label=HOSTILE)

        def clean(self):
            if self.cleaned_data.get("title") == "Iets":
                raise forms.ValidationError(HOSTILE)
            return self.cleaned_data

    with translation.override("nl"):
        unbound = str(form_body(Example(initial={"token": "t<1>"})))
        wrong = str(form_body(Example(data={"token": "x", "title": ""})))
        refused = str(form_body(Example(data={"token": "x", "title": "Iets"})))
    assert "<script>" not in unbound + wrong + refused
    assert '<input type="hidden" name="token" value="t&lt;1&gt;" id="id_token">' in unbound
    assert f'<label for="id_title">{ESCAPED} <span aria-hidden="true">*</span></label>' in unbound
    assert unbound.index('type="hidden"') < unbound.index('<label for="id_title">')
    assert "sp-alert" not in unbound
    assert 'role="alert"><p>Verbeter de gemarkeerde velden hieronder.</p></div>' in wrong
    assert wrong.count('role="alert"') == 1 and "sp-field--invalid" in wrong
    assert f'<div class="sp-alert sp-alert--error" role="alert">\n  <p>{ESCAPED}</p>' in refused
