"""Amounts typed the Dutch way into the real funding fields of the initiative form, in a
Dutch browser, are stored as meant and shown back the Dutch way."""

from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from samenspel.programmes.models import Initiative

pytestmark = pytest.mark.django_db(transaction=True)

TYPED = [
    ("1250", Decimal("1250"), "€ 1.250"),
    ("1.250", Decimal("1250"), "€ 1.250"),
    ("1250,50", Decimal("1250.50"), "€ 1.250,50"),
    ("1.250,50", Decimal("1250.50"), "€ 1.250,50"),
    ("€ 1.250", Decimal("1250"), "€ 1.250"),
    ("€1.250,50", Decimal("1250.50"), "€ 1.250,50"),
    ("1 250", Decimal("1250"), "€ 1.250"),
    ("1\u00a0250,05", Decimal("1250.05"), "€ 1.250,05"),
]


@pytest.mark.parametrize(("typed", "meant", "shown"), TYPED, ids=[t for t, _, _ in TYPED])
def test_typed_amount_is_stored_and_shown_as_meant(
    page: Page, log_in_by_session, programme, area, initiative, civil_servant, typed, meant, shown
):
    log_in_by_session(page, civil_servant)
    page.goto(f"/programmes/{programme.slug}/initiatives/{initiative.pk}/edit/")
    for name in ("municipal_contribution", "resident_contribution", "other_contribution"):
        field = page.locator(f"#id_{name}")
        expect(field).to_have_attribute("type", "text")
        expect(field).to_have_attribute("inputmode", "decimal")
        field.fill("0")
    page.locator("#id_resident_contribution").fill(typed)
    page.locator("main form button[type=submit]").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(initiative.title)
    initiative.refresh_from_db()
    assert initiative.resident_contribution == meant
    funding = page.locator("main table").filter(has_text="€")
    expect(funding.locator("tbody tr").nth(1)).to_contain_text(shown)
    expect(funding.locator("tfoot")).to_contain_text(shown)

    page.goto(f"/programmes/{programme.slug}/initiatives/{initiative.pk}/edit/")
    expect(page.locator("#id_resident_contribution")).to_have_value(shown.removeprefix("€ "))


def test_a_refused_amount_is_shown_as_typed_and_nothing_changes(
    page: Page, log_in_by_session, programme, initiative, civil_servant
):
    before = initiative.resident_contribution
    log_in_by_session(page, civil_servant)
    page.goto(f"/programmes/{programme.slug}/initiatives/{initiative.pk}/edit/")
    page.locator("#id_resident_contribution").fill("1.25")
    page.locator("main form button[type=submit]").click()

    expect(page.locator("#id_resident_contribution_error")).to_be_visible()
    expect(page.locator("#id_resident_contribution")).to_have_value("1.25")
    expect(page.locator("#id_resident_contribution")).to_have_attribute("aria-invalid", "true")
    initiative.refresh_from_db()
    assert initiative.resident_contribution == before
    assert Initiative.objects.count() == 1
