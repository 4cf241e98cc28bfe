"""The recurring themes in a Dutch browser: a facilitator opens "Themes" from the
programme's menu, reads the themes with their trends, follows one to its texts, pages
through them, follows a text to where it was written, and asks for a new analysis. Each
page is checked at 1280 and 390 px: no sideways scrolling, and no WCAG 2.1 AA violation
found by axe."""

import pytest
from playwright.sync_api import Page, expect

from samenspel.insights import theme_services
from samenspel.insights.theme_models import ThemeAnalysis
from samenspel.programmes.constants import Role
from tests.browser.test_journal import DESKTOP, PHONE, check, nl
from tests.factories import MembershipFactory, ProgrammeFactory
from tests.insights_themes import planted_programme

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_facilitator_reads_the_themes_and_their_texts(page: Page, log_in):
    programme = ProgrammeFactory(name="Het nieuwe samenspel", slug="samenspel")
    facilitator = MembershipFactory(programme=programme, role=Role.FACILITATOR).user
    planted_programme(programme, 240)
    analysis = theme_services.themes_analyse(programme=programme)
    first = analysis.themes.order_by("number").first()
    name = ", ".join(first.words)
    log_in(page, facilitator)

    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        page.goto(f"/programmes/{programme.slug}/")
        page.locator(".sp-subnav").get_by_role("link", name=nl("Helicopter view")).click()
        page.locator(".sp-views").get_by_role("link", name=nl("Themes"), exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(nl("Recurring themes"))
        expect(page.locator(".insights-theme")).to_have_count(analysis.themes.count())
        expect(page.locator(".insights-theme svg[role=img]").first).to_be_visible()
        page.locator(".insights-theme").first.get_by_text(
            nl("Texts per quarter as a table")
        ).click()
        expect(page.locator(".insights-theme table").first).to_be_visible()
        check(page, f"themes-{size['width']}")

        page.get_by_role("link", name=name, exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(name)
        expect(page.locator(".insights-text")).to_have_count(20)
        check(page, f"theme-{size['width']}")
        page.get_by_role("link", name=nl("Next")).click()
        expect(page.locator(".insights-text").first).to_be_visible()
        page.get_by_role("link", name=nl("Read it where it was written")).first.click()
        expect(page.locator("#happened-heading")).to_be_visible()

    page.goto(f"/programmes/{programme.slug}/themes/")
    page.get_by_role("button", name=nl("Ask for a new analysis")).click()
    expect(page.locator(".sp-messages")).to_contain_text(
        nl("A new analysis has been asked for. The themes are updated in a few minutes.")
    )
    assert ThemeAnalysis.objects.filter(programme=programme, state="queued").count() == 1
    check(page, "themes-asked")
