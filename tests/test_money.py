"""Amounts are read and shown the Dutch way: the money field's parser, what a form shows,
what is stored after a post, and the `euro` filter on the pages."""

from decimal import Decimal

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation

from samenspel.common.forms import MoneyField, money_format
from samenspel.common.templatetags.samenspel import euro
from samenspel.programmes.forms import InitiativeForm
from samenspel.programmes.models import Initiative

ACCEPTED = [
    ("0", Decimal("0")),
    ("1250", Decimal("1250")),
    ("1.250", Decimal("1250")),
    ("1250,50", Decimal("1250.50")),
    ("1250,5", Decimal("1250.50")),
    ("1.250,50", Decimal("1250.50")),
    ("€ 1.250", Decimal("1250")),
    ("€1.250,50", Decimal("1250.50")),
    ("1 250", Decimal("1250")),
    ("1\u00a0250", Decimal("1250")),  # a no-break space
    ("1\u202f250,50", Decimal("1250.50")),  # a narrow no-break space
    ("€\u00a01 250 000", Decimal("1250000")),
    ("1.250,-", Decimal("1250")),
    ("€ 1.250,--", Decimal("1250")),
    ("  750  ", Decimal("750")),
    (",50", Decimal("0.50")),
    ("0,05", Decimal("0.05")),
    ("007", Decimal("7")),
    ("12.345.678", Decimal("12345678")),
    ("9.999.999.999,99", Decimal("9999999999.99")),
]

DUTCH_WAY = "Write amounts the Dutch way, for example 1.250 or 1250,50."
REFUSED = [
    ("-", "An amount cannot be negative."),
    ("-10", "An amount cannot be negative."),
    ("\u221210", "An amount cannot be negative."),  # a typographic minus
    ("€ -10", "An amount cannot be negative."),
    ("1.25", DUTCH_WAY),
    ("1250.50", DUTCH_WAY),
    ("1,250", DUTCH_WAY),
    ("1250,505", DUTCH_WAY),
    ("12.50.0", DUTCH_WAY),
    ("1,2,3", DUTCH_WAY),
    ("1.2345", DUTCH_WAY),
    ("0.250", DUTCH_WAY),
    ("1 25", DUTCH_WAY),
    ("1.250 000", DUTCH_WAY),
    ("1250,", DUTCH_WAY),
    ("€", DUTCH_WAY),
    ("abc", DUTCH_WAY),
    ("1e5", DUTCH_WAY),
    ("+5", DUTCH_WAY),
    ("NaN", DUTCH_WAY),
    ("12\x00", DUTCH_WAY),
    ("1.250,505", "An amount has at most two decimals (the cents)."),
    ("1250,5055", "An amount has at most two decimals (the cents)."),
    ("\u0661\u0662\u0663", "Write the amount with the digits 0 to 9."),  # Arabic-Indic
    ("\uff11\uff12\uff13", "Write the amount with the digits 0 to 9."),  # full-width
    ("\u00b9\u00b2\u00b3", "Write the amount with the digits 0 to 9."),  # superscript
    ("10000000000", "An amount can be at most € 9.999.999.999,99."),
    ("12345678901234567890", "An amount can be at most € 9.999.999.999,99."),
]

IN_DUTCH = {
    "An amount cannot be negative.": "Een bedrag kan niet lager zijn dan nul.",
    DUTCH_WAY: "Schrijf het bedrag op de Nederlandse manier, bijvoorbeeld 1.250 of 1250,50.",
    "An amount has at most two decimals (the cents).": (
        "Een bedrag heeft hoogstens twee cijfers na de komma (de centen)."
    ),
    "Write the amount with the digits 0 to 9.": (
        "Schrijf het bedrag met de cijfers 0 tot en met 9."
    ),
    "An amount can be at most € 9.999.999.999,99.": (
        "Een bedrag kan hoogstens € 9.999.999.999,99 zijn."
    ),
}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(("typed", "meant"), ACCEPTED, ids=[typed for typed, _ in ACCEPTED])
def test_accepted_amounts(typed, meant):
    amount = MoneyField().clean(typed)
    assert amount == meant
    assert isinstance(amount, Decimal)


@pytest.mark.parametrize(("typed", "message"), REFUSED, ids=[typed for typed, _ in REFUSED])
def test_refused_amounts(typed, message):
    with pytest.raises(forms.ValidationError) as refusal:
        MoneyField().clean(typed)
    assert refusal.value.messages == [message]


@pytest.mark.parametrize("typed", ["", "   ", "\u00a0"])
def test_an_empty_amount_is_required_unless_optional(typed):
    with pytest.raises(forms.ValidationError) as refusal:
        MoneyField().clean(typed)
    assert refusal.value.messages == ["This field is required."]
    assert MoneyField(required=False).clean(typed) is None


def test_the_upper_bound_follows_the_digits():
    assert MoneyField(max_digits=5).clean("999,99") == Decimal("999.99")
    with pytest.raises(forms.ValidationError) as refusal:
        MoneyField(max_digits=5).clean("1.000")
    assert refusal.value.messages == ["An amount can be at most € 999,99."]


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (Decimal("0"), "0"),
        (Decimal("0.00"), "0"),
        (Decimal("0.5"), "0,50"),
        (Decimal("1250"), "1.250"),
        (Decimal("1250.00"), "1.250"),
        (Decimal("1250.50"), "1.250,50"),
        (Decimal("1234567.89"), "1.234.567,89"),
        (250, "250"),
    ],
)
def test_money_format_reads_back(amount, shown):
    assert money_format(amount) == shown
    assert MoneyField().clean(shown) == amount


@pytest.mark.django_db
def test_the_input_is_a_plain_text_field_for_a_number_keyboard(programme):
    html = str(InitiativeForm(programme=programme)["other_contribution"])
    assert 'type="text"' in html
    assert 'inputmode="decimal"' in html
    assert 'autocomplete="off"' in html
    assert 'value="0"' in html


# Through HTTP: posting the initiative form stores what the person meant ------------------


def post_initiative(client, programme, area, **amounts):
    return client.post(
        reverse("initiative-create", args=[programme.slug]),
        {
            "title": "Buurttuin",
            "area": area.pk,
            "status": "idea",
            "municipal_contribution": "0",
            "resident_contribution": "0",
            "other_contribution": "0",
            **amounts,
        },
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("typed", "meant"), ACCEPTED, ids=[typed for typed, _ in ACCEPTED])
def test_create_stores_the_amount_meant(client_for, civil_servant, programme, area, typed, meant):
    response = post_initiative(
        client_for(civil_servant), programme, area, municipal_contribution=typed
    )
    assert response.status_code == 302
    assert Initiative.objects.get(title="Buurttuin").municipal_contribution == meant


@pytest.mark.django_db
@pytest.mark.parametrize(("typed", "message"), REFUSED, ids=[typed for typed, _ in REFUSED])
def test_create_refuses_and_echoes_what_was_typed(
    client_for, civil_servant, programme, area, typed, message
):
    response = post_initiative(
        client_for(civil_servant), programme, area, resident_contribution=typed
    )
    if "\x00" in typed:  # refused before any form sees it (common.middleware)
        assert response.status_code == 400
        assert not Initiative.objects.exists()
        return
    assert response.status_code == 200
    # A page is Dutch whatever the browser says.
    assert response.context["form"].errors["resident_contribution"] == [IN_DUTCH[message]]
    assert response.context["form"]["resident_contribution"].value() == typed
    assert not Initiative.objects.exists()


@pytest.mark.django_db
def test_edit_shows_the_stored_amounts_the_dutch_way_and_saves_them(
    client_for, civil_servant, programme, area, initiative
):
    initiative.municipal_contribution = Decimal("1250.50")
    initiative.resident_contribution = Decimal("1250")
    initiative.other_contribution = Decimal("0")
    initiative.save()
    client = client_for(civil_servant)
    url = reverse("initiative-edit", args=[programme.slug, initiative.pk])
    html = client.get(url).content.decode()
    assert 'name="municipal_contribution" value="1.250,50"' in html
    assert 'name="resident_contribution" value="1.250"' in html
    assert 'name="other_contribution" value="0"' in html

    response = client.post(
        url,
        {
            "title": initiative.title,
            "area": area.pk,
            "status": "running",
            "municipal_contribution": "1.250,50",  # as shown, unchanged
            "resident_contribution": "€ 2.000,75",
            "other_contribution": "1 000",
            "version": initiative.version,
        },
    )
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.municipal_contribution == Decimal("1250.50")
    assert initiative.resident_contribution == Decimal("2000.75")
    assert initiative.other_contribution == Decimal("1000")
    page = client.get(response.url).content.decode()
    assert "€ 1.250,50" in page
    assert "€ 2.000,75" in page
    assert "€ 4.251,25" in page  # the total


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (None, ""),
        (0, "€ 0"),
        (Decimal("1250"), "€ 1.250"),
        (Decimal("1250.00"), "€ 1.250"),
        (Decimal("1250.5"), "€ 1.250,50"),
        (Decimal("0.05"), "€ 0,05"),
        (Decimal("1234567.89"), "€ 1.234.567,89"),
    ],
)
def test_euro_shows_cents_only_when_there_are_any(amount, shown):
    with translation.override("nl"):
        assert euro(amount) == shown
