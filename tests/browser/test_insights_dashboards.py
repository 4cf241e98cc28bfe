"""The dashboards in a Dutch browser: a facilitator logs in (typing in the real form),
opens the menu's "Dashboard" and reads it at 1280 and 390 px; a member of the governance
working group opens the governance overview on a phone and downloads the PDF. Each page:
no sideways scrolling and no WCAG 2.1 AA violation found by axe.

The world is tests/insights_dashboard.py's, with today fixed at 20 May 2026 (the live
server runs in this process, so it reads the same date)."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from samenspel.programmes.constants import Role
from tests.factories import MembershipFactory
from tests.insights_dashboard import build_world, fixed_today

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
WCAG_21_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


def check(page: Page, name: str) -> None:
    width = page.viewport_size["width"] if page.viewport_size else 1280
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{name}: the page is {scroll} px wide at {width} px"
    violations = Axe().run(page, options=WCAG_21_AA).response["violations"]
    described = "\n".join(
        f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes']][:3]}" for v in violations
    )
    assert not violations, f"{name} at {width} px:\n{described}"


@pytest.fixture
def world(monkeypatch):
    fixed_today(monkeypatch)
    return build_world()


def test_a_facilitator_reads_the_dashboard_on_a_desktop_and_a_phone(world, page, log_in):
    page.set_viewport_size(DESKTOP)
    log_in(page, world.facilitator)
    page.goto(reverse("programme-detail", args=[world.programme.slug]))
    page.locator(".sp-subnav").get_by_role("link", name="Helikopterblik").click()
    page.locator(".sp-views").get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    expect(page.locator(".sp-dashboard-chart svg[role=img]")).to_be_visible()
    late = world.cycles["c7"]
    expect(page.get_by_role("link", name=f"{late.number}. {late.title}")).to_be_visible()
    expect(page.get_by_text("Leersessie april").first).to_be_visible()
    expect(page.get_by_text("Wethouder uitnodigen")).to_be_visible()
    check(page, "dashboard")
    page.set_viewport_size(PHONE)
    page.reload()
    check(page, "dashboard")


def test_a_governance_member_downloads_the_overview_as_pdf_on_a_phone(
    world, browser: Browser, live_server, log_in
):
    member = MembershipFactory(programme=world.programme, role=Role.GOVERNANCE).user
    context = browser.new_context(
        base_url=live_server.url, locale="nl-NL", timezone_id="Europe/Amsterdam", viewport=PHONE
    )
    context.set_default_timeout(20_000)
    page = context.new_page()
    try:
        log_in(page, member)
        page.goto(reverse("helicopter", args=[world.programme.slug]))
        expect(page.locator(".sp-views").get_by_role("link", name="Dashboard")).to_have_count(0)
        page.locator(".sp-views").get_by_role("link", name="Bestuurlijk overzicht").click()
        expect(page.get_by_text("Dorpshuis De Spil").first).to_be_visible()
        check(page, "governance")
        with page.expect_download() as download_info:
            page.locator(".sp-governance-downloads a").first.click()
        download = download_info.value
        path = download.path()
        assert path is not None
        with open(path, "rb") as pdf:
            assert pdf.read(5) == b"%PDF-"
        assert download.suggested_filename.endswith(".pdf")
    finally:
        context.close()
