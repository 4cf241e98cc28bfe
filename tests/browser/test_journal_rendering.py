"""The progress page of a travel report's file in a browser: static/samenspel/rendering.js
moves the bar as the worker reports, shows the download when the file is ready, and says
so once to screen readers; the page, its public variant and the download panel pass
axe's WCAG 2.1 AA rules, on a phone too. The worker's writes are made here directly, as
rendering_services' progress reports make them."""

import os
from datetime import date
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from samenspel.journal import rendering_services
from samenspel.journal.compose import compose_book
from samenspel.journal.constants import RenderState
from samenspel.journal.models import Publication, Rendering
from tests.browser.test_accessibility import WCAG_21_AA, describe
from tests.journal import make_journal

pytestmark = pytest.mark.django_db(transaction=True)


def dutch(text: str) -> str:
    with translation.override("nl"):
        return gettext(text)


def no_violations(page, name: str) -> None:
    folder = os.environ.get("SAMENSPEL_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=Path(folder) / f"{name}.png", full_page=True)
    violations = Axe().run(page, options=WCAG_21_AA).response["violations"]
    assert not violations, describe(violations)


def fits(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture
def journal(programme, facilitator):
    return make_journal(programme, facilitator)


def test_the_page_follows_the_work_and_offers_the_file(
    page, log_in_by_session, programme, journal, facilitator
):
    rendering = rendering_services.rendering_request(journal=journal, fmt="html", by=facilitator)
    Rendering.objects.filter(pk=rendering.pk).update(
        state=RenderState.RUNNING, progress=40, step="Hoofdstuk 2", heartbeat_at=timezone.now()
    )
    log_in_by_session(page, facilitator)
    page.goto(reverse("journal-rendering", args=[programme.slug, rendering.pk]))
    bar = page.locator("#rendering-progress")
    expect(bar).to_have_attribute("value", "40")
    expect(page.locator("#rendering-refresh")).to_be_hidden()  # the script keeps it current
    no_violations(page, "rendering-running")

    Rendering.objects.filter(pk=rendering.pk).update(
        progress=70, step="Hoofdstuk 5", heartbeat_at=timezone.now()
    )
    expect(page.locator("#rendering-step")).to_have_text("Hoofdstuk 5")
    assert bar.evaluate("element => element.value") == 70
    expect(page.locator("#rendering-percent")).to_have_text("70%")

    Rendering.objects.filter(pk=rendering.pk).update(
        state=RenderState.DONE,
        progress=100,
        content=b"<p>Het reisverslag</p>",
        size=22,
        file_name="reisverslag-concept.html",
        started_at=timezone.now(),
        finished_at=timezone.now(),
    )
    link = page.locator("#rendering-body a.sp-button")
    expect(link).to_be_visible()
    expect(page.locator("#rendering-announce")).to_have_text(dutch("The file is ready."))
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "reisverslag-concept.html"

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert fits(page)
    no_violations(page, "rendering-done-phone")


def test_a_failed_file_and_the_download_panel(
    page, log_in_by_session, programme, journal, facilitator
):
    rendering = rendering_services.rendering_request(journal=journal, fmt="pdf", by=facilitator)
    Rendering.objects.filter(pk=rendering.pk).update(
        state=RenderState.FAILED, error="Het bestand kon niet worden gemaakt."
    )
    log_in_by_session(page, facilitator)
    page.goto(reverse("journal-rendering", args=[programme.slug, rendering.pk]))
    expect(page.get_by_text("Het bestand kon niet worden gemaakt.")).to_be_visible()
    no_violations(page, "rendering-failed")

    # A tampered retry is refused: the page says why and shows the download panel.
    page.locator("input[name=format]").evaluate("input => input.value = 'exe'")
    page.get_by_role("button", name=dutch("Try again")).click()
    expect(page.locator("[role=alert]")).to_be_visible()
    expect(page.locator(".sp-downloads")).to_be_visible()
    no_violations(page, "rendering-refused")
    page.set_viewport_size({"width": 390, "height": 844})
    assert fits(page)


def test_a_public_file_appears_when_made(page, programme, journal, facilitator):
    journal.public = True
    journal.save(update_fields=["public"])
    with translation.override("nl"):
        book = compose_book(journal, edition=1, on=date(2025, 3, 1))
    Publication.objects.create(
        journal=journal, number=1, title=journal.title, published_on=date(2025, 3, 1),
        book=book.to_json(),
    )  # fmt: skip
    page.goto(reverse("journal-public-download", args=[programme.slug, 1, "html"]))
    expect(page.locator("#rendering-progress")).to_be_visible()
    no_violations(page, "public-download-waiting")

    rendering = Rendering.objects.get()
    rendering_services.rendering_run(rendering_id=rendering.pk)

    link = page.locator("#rendering-body a")
    expect(link).to_be_visible()
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith("-1.html")
