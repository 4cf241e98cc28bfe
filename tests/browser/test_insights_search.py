"""Dutch search in a Dutch browser: a civil servant types a query into the search box in
the site's header, at 1280 px and on a 390 px phone, sees the results with the matched
words highlighted, and follows one. Each results page is checked: no sideways scrolling
and no WCAG 2.1 AA violation found by axe."""

import pytest
from playwright.sync_api import Page, expect

from samenspel.cycles.models import LearningCycle
from tests.browser.test_journal import DESKTOP, PHONE, check, nl
from tests.insights_search import build_world

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_a_civil_servant_searches_from_the_header_and_follows_a_result(
    page: Page, log_in_by_session, programme, viewport
):
    world = build_world(programme)
    page.set_viewport_size(viewport)
    log_in_by_session(page, world.civil_servant)
    page.goto("/my-work/")

    header = page.locator("header")
    box = header.get_by_role("searchbox")
    expect(box).to_be_hidden()  # it opens under its button, beside the menu
    header.locator("summary", has_text=nl("Search")).click()
    expect(header.get_by_role("search")).to_be_visible()
    check(page, f"search-box-open-{viewport['width']}")
    box.click()
    box.press_sequentially("experimenten")
    box.press("Enter")

    page.wait_for_url("**/search/?q=experimenten")
    results = page.locator(".sp-search-result")
    expect(results).to_have_count(2)
    expect(page.locator(".sp-search-result mark").first).to_be_visible()
    expect(results.locator("mark", has_text="experimenten")).to_have_count(1)
    expect(results.locator("mark", has_text="experiment").first).to_be_visible()
    check(page, f"search-{viewport['width']}")

    cycle = LearningCycle.objects.get(title="Sleutelbeheer")
    page.get_by_role("link", name="Sleutelbeheer").click()
    page.wait_for_url(f"**/programmes/samenspel/cycles/{cycle.pk}/")
    expect(page.locator("h1")).to_contain_text("Sleutelbeheer")


def test_nothing_found_gives_tips(page: Page, log_in_by_session, programme):
    world = build_world(programme)
    page.set_viewport_size(PHONE)
    log_in_by_session(page, world.civil_servant)
    page.goto("/search/?q=zeppelinhaven")
    expect(page.locator(".sp-search-result")).to_have_count(0)
    expect(page.locator(".sp-search-empty li")).to_have_count(3)
    check(page, "search-empty-390")
