"""Every page fits a phone: at 390 by 844 (and at 1280 by 800) no page is wider than the
screen, the header (with the programme's menu) takes at most a fifth of the screen
height, and a table that is wider than the screen scrolls in its own box, which a
keyboard can reach and a screen reader can name, with its first column kept in view.

The pages come from tests/site_map.py, so a new page is checked without being listed.
Set SAMENSPEL_SCREENSHOTS to a folder to save a phone screenshot of a few pages.
"""

import os
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.browser.test_accessibility import build_world
from tests.site_map import every_page

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
HEADER_SHARE = 0.2
LONG_NAME = "Maximiliaan Wilhelmus van den Boogaard-Wijnbergen"
SCREENSHOTS = {"programme-detail", "initiative-list", "area-list", "cycle-detail", "my-work"}

MEASURE = """() => {
  const bottoms = [...document.querySelectorAll('.sp-header, .sp-subnav')]
    .map(element => element.getBoundingClientRect().bottom + window.scrollY);
  const boxes = [...document.querySelectorAll('.sp-table-wrap')]
    .filter(box => box.scrollWidth > box.clientWidth)
    .map(box => {
      const first = box.querySelector('tbody th[scope=row]')
        ?? box.querySelector('tbody tr > :first-child');
      return {
        table: box.querySelector('caption')?.textContent.trim() ?? box.outerHTML.slice(0, 80),
        focusable: box.tabIndex === 0,
        named: Boolean(box.getAttribute('aria-label') || box.getAttribute('aria-labelledby')),
        sticky: first ? getComputedStyle(first).position === 'sticky' : false,
      };
    });
  return {
    pageWidth: document.documentElement.scrollWidth,
    screenWidth: window.innerWidth,
    header: Math.max(0, ...bottoms),
    unwrapped: document.querySelectorAll('table:not(.sp-table-wrap table)').length,
    boxes,
  };
}"""


def problems(measured: dict[str, Any], height: int) -> list[str]:
    found = []
    if measured["pageWidth"] > measured["screenWidth"]:
        found.append(f"{measured['pageWidth']} px wide on a {measured['screenWidth']} px screen")
    if measured["header"] > HEADER_SHARE * height:
        found.append(f"header {measured['header']:.0f} px high, more than a fifth of {height}")
    if measured["unwrapped"]:
        found.append(f"{measured['unwrapped']} table(s) outside a .sp-table-wrap box")
    for box in measured["boxes"]:
        if not (box["focusable"] and box["named"] and box["sticky"]):
            found.append(f"table {box['table']!r} scrolls but is {box}")
    return found


@pytest.mark.parametrize("who", ["facilitator", "administrator", None])
def test_every_page_fits_a_phone_and_a_desktop(page: Page, log_in_by_session, who):
    world = build_world()
    if who:
        user = world[who]
        user.name = LONG_NAME  # a long name must not push the header onto a second row
        user.save(update_fields=["name"])
        log_in_by_session(page, user)
    pages = every_page(world)
    folder = os.environ.get("SAMENSPEL_SCREENSHOTS")
    found = []
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        seen = set()
        for name, address in pages:
            page.goto(address)
            if page.url in seen:  # a redirect to a page already measured
                continue
            seen.add(page.url)
            for problem in problems(page.evaluate(MEASURE), viewport["height"]):
                found.append(f"{viewport['width']} px, {name} {address}: {problem}")
            if folder and viewport is PHONE and who == "facilitator" and name in SCREENSHOTS:
                Path(folder).mkdir(parents=True, exist_ok=True)
                page.screenshot(path=Path(folder) / f"phone-{name}.png", full_page=True)
    assert len(seen) > 10, "too few pages were measured"
    assert not found, "\n".join(found)
