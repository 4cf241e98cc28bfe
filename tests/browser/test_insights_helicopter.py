"""The helicopter view in a Dutch browser: a governance member logs in, opens the
helicopter view from the programme's menu, filters the matrix by village, opens a cell
and a learning question, and follows a line's evidence to the cycle's adjustment. Every
page is checked at 1280 and 390 px: no sideways scrolling of the page (the matrix
scrolls in its own focusable, named box) and no WCAG 2.1 AA violation found by axe.

The programme is the hand-built one of tests/insights_helicopter.py."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext
from playwright.sync_api import Page, expect

from samenspel.programmes.constants import Role
from tests import insights_helicopter as w
from tests.browser.test_journal import DESKTOP, PHONE, check, nl
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db(transaction=True)


def both_widths(page: Page, name: str) -> None:
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        check(page, f"helicopter-{name}")
    page.set_viewport_size(DESKTOP)


def test_governance_member_looks_from_the_helicopter(page: Page, log_in):
    world = w.build_world()
    member = MembershipFactory(programme=world.programme, role=Role.GOVERNANCE).user
    log_in(page, member)
    page.goto(reverse("programme-detail", args=[world.programme.slug]))
    page.get_by_role("link", name=nl("Helicopter view"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(nl("Helicopter view"))
    expect(page.get_by_role("cell", name="Meer dan we dachten.")).to_be_visible()
    caption = "Lessons per initiative and learning question, page %(number)s of %(total)s"
    matrix = page.get_by_role("region", name=nl(caption, number=1, total=1))
    expect(matrix).to_be_visible()
    both_widths(page, "matrix")

    # On a phone the matrix scrolls in its own box, which the keyboard reaches.
    page.set_viewport_size(PHONE)
    matrix.focus()
    expect(matrix).to_be_focused()
    assert matrix.evaluate("box => box.scrollWidth > box.clientWidth")
    page.keyboard.press("ArrowRight")
    page.set_viewport_size(DESKTOP)

    page.get_by_label(nl("Area")).select_option(label="Dussen")
    page.get_by_role("button", name=nl("Filter")).click()
    page.wait_for_url(f"**?area={world.dussen.pk}**")
    expect(page.get_by_role("rowheader", name="Buurtbus Dussen")).to_be_visible()
    expect(page.get_by_role("rowheader", name="Markt Almkerk")).to_have_count(0)
    both_widths(page, "filtered")

    with translation.override("nl"):
        lessons = ngettext("%(count)s lesson", "%(count)s lessons", 2) % {"count": 2}
    matrix.get_by_role("link", name=lessons).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Buurtbus Dussen")
    expect(page.get_by_text(w.NAMED_TEXT)).to_be_visible()
    expect(page.get_by_text(w.WRITER)).to_be_visible()  # a named session
    both_widths(page, "cell")

    page.get_by_role("link", name=nl("Learning question %(number)s", number=1)).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        nl("Learning question %(number)s", number=1)
    )
    both_widths(page, "question")

    works = page.locator("section", has=page.get_by_role("heading", name=nl("What works")))
    works.get_by_role("link", name=nl("the adjustment")).first.click()
    page.wait_for_url(f"**/cycles/{world.spil1.pk}/#adjustment-heading")
    expect(page.locator("#adjustment-heading")).to_be_visible()
    expect(page.get_by_text(w.CONTINUE_TEXT)).to_be_visible()
