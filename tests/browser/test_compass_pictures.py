"""The compass's pictures in the browser: on a phone the radar is scaled down (the
narrow drawing, legible text) without scrolling sideways and its table is readable; the
view filter switches the radar without JavaScript; and the pictures pass axe at 390 px
(at 1280 px they run in test_accessibility.py with the other pages).

Set SAMENSPEL_SCREENSHOTS to a folder to save the overview at 1280 and every compass
page at 390 px."""

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.browser.test_accessibility import (
    COMPASS_SCREENS,
    SCREENS,
    WCAG_21_AA,
    Screen,
    build_world,
    describe,
)

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def _screenshot(page: Page, name: str) -> None:
    folder = os.environ.get("SAMENSPEL_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=Path(folder) / f"{name}.png", full_page=True)


def test_on_a_phone_the_radar_fits_and_its_table_reads(page: Page, log_in_by_session):
    world = build_world()
    page.set_viewport_size(PHONE)
    log_in_by_session(page, world["facilitator"])
    page.goto(world["p"] + "/compass/")
    radar = page.locator(".sp-chart-narrow svg.sp-chart--radar")
    expect(radar).to_be_visible()
    expect(page.locator(".sp-chart-wide svg.sp-chart--radar")).to_be_hidden()
    box = radar.bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width} px wide"
    # The facet names print at 12 px or more on the phone's screen.
    sizes = page.evaluate(
        """() => [...document.querySelectorAll('.sp-chart-narrow .sp-chart-axes text')]
            .map(text => text.getBoundingClientRect().height
                 / text.querySelectorAll('tspan').length)"""
    )
    assert sizes and min(sizes) >= 12, sizes
    # The table follows the chart, its text at the page's size, its box scrolls on its own.
    table = page.locator(".sp-compass-table").first
    expect(table).to_be_visible()
    assert table.bounding_box()["y"] > box["y"] + box["height"] - 1
    font = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.sp-compass-table td')).fontSize)"
    )
    assert font >= 14
    expect(page.locator(".sp-compass-table caption").first).to_be_visible()
    _screenshot(page, "compass-phone")


def test_switching_the_view_redraws_the_radar(page: Page, log_in_by_session):
    world = build_world()
    page.set_viewport_size(DESKTOP)
    log_in_by_session(page, world["facilitator"])
    page.goto(world["p"] + "/compass/")
    wide = page.locator(".sp-chart-wide svg.sp-chart--radar")
    expect(wide).to_be_visible()
    # Now and desired: two lines in the legend.
    expect(wide.locator(".sp-chart-legend text")).to_have_count(2)
    _screenshot(page, "compass-desktop")
    page.locator("select[name=view]").select_option("perspectives")
    page.locator("select[name=period]").select_option("all")
    page.locator("form.sp-filters button[type=submit]").click()
    page.wait_for_url(lambda url: "view=perspectives" in url)
    # Residents, civil servants and the facilitator: a line each.
    expect(wide.locator(".sp-chart-legend text")).to_have_text(
        ["Inwoners", "Ambtenaren", "Procesbegeleider"]
    )
    expect(page.locator("select[name=view]")).to_have_value("perspectives")
    # The residents' and the civil servants' gap on responsive government, with the note
    # that explains it.
    gap = page.locator(".sp-compass-gaps > li").filter(has_text="Responsieve overheid").first
    expect(gap).to_contain_text("De gemeente luistert pas als het te laat is.")


# The pictures' pages; the compass's other pages are checked on a phone in
# test_accessibility.py.
PICTURE_SCREENS = [
    screen
    for screen in SCREENS
    if screen.id.startswith("compass") and screen not in COMPASS_SCREENS
]


@pytest.mark.parametrize("screen", PICTURE_SCREENS, ids=[s.id for s in PICTURE_SCREENS])
def test_the_compass_pictures_pass_axe_on_a_phone(page: Page, log_in_by_session, screen: Screen):
    world = build_world()
    page.set_viewport_size(PHONE)
    log_in_by_session(page, world[screen.who])
    page.goto(screen.path.format(**world))
    expect(page.locator("h1").first).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width} px wide"
    _screenshot(page, f"{screen.id}-phone")
    violations = Axe().run(page, options=WCAG_21_AA).response["violations"]
    assert not violations, describe(violations)


def test_in_high_contrast_the_radar_keeps_its_lines_apart_by_their_dashes(
    page: Page, log_in_by_session
):
    """Windows' high contrast (forced colours): every line and text takes the system's
    text colour, so colour no longer tells the series apart; their dash patterns and
    marker shapes still do."""
    world = build_world()
    page.set_viewport_size(DESKTOP)
    page.emulate_media(forced_colors="active")
    log_in_by_session(page, world["facilitator"])
    page.goto(world["p"] + "/compass/?view=perspectives&period=all")
    radar = page.locator(".sp-chart-wide svg.sp-chart--radar")
    expect(radar).to_be_visible()
    lines = page.evaluate(
        """() => [...document.querySelectorAll('.sp-chart-wide .sp-chart-series .sp-chart-line')]
            .map(line => [getComputedStyle(line).stroke,
                          line.getAttribute('stroke'),
                          line.getAttribute('stroke-dasharray') || ''])"""
    )
    assert len(lines) >= 2
    forced = {stroke for stroke, _, _ in lines}
    own = {colour for _, colour, _ in lines}
    assert len(forced) == 1 and len(own) >= 2, lines  # one system colour for every series
    assert len({dashes for _, _, dashes in lines}) >= 2, lines  # still apart by dashes
    _screenshot(page, "compass-forced-colours")
