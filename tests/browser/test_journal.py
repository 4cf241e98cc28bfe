"""The travel report in a Dutch browser, as people use it: a facilitator starts the
report and writes its introduction, typing into the real text box; opens the review
round; a civil servant on a phone comments on a paragraph; the facilitator sees the
checklist, publishes, reads version 1, changes the introduction and compares version 1
with the draft. Two co-authors save the same chapter: the second sees both versions,
merges in the box, and nothing is lost. Anyone reads the public version without
logging in.

On the way, each page is checked at 1280 and 390 px: no sideways scrolling, and no
WCAG 2.1 AA violation found by axe.

Set SAMENSPEL_SCREENSHOTS to a folder to save the pages there."""

import datetime
import os
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone, translation
from playwright.sync_api import Browser, Page, expect

from samenspel.journal.models import Chapter, Journal, Publication, ReviewComment
from samenspel.programmes.constants import Role
from tests.factories import MembershipFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
WCAG_21_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


def nl(message: str, **values: object) -> str:
    with translation.override("nl"):
        text = translation.gettext(message)
    return text % values if values else text


def check(page: Page, name: str) -> None:
    """No sideways scrolling and no axe violation at the page's width; a screenshot when
    asked for."""
    width = page.viewport_size["width"] if page.viewport_size else 1280
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{name}: the page is {scroll} px wide at {width} px"
    # The whole page, flash messages included.
    violations = Axe().run(page, options=WCAG_21_AA).response["violations"]
    described = "\n".join(
        f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes']][:3]}" for v in violations
    )
    assert not violations, f"{name} at {width} px:\n{described}"
    folder = os.environ.get("SAMENSPEL_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=Path(folder) / f"journal-{name}-{width}.png", full_page=True)


def phone(browser: Browser, live_server) -> Page:
    context = browser.new_context(
        base_url=live_server.url, locale="nl-NL", timezone_id="Europe/Amsterdam", viewport=PHONE
    )
    context.set_default_timeout(10_000)
    return context.new_page()


@pytest.fixture
def programme():
    today = timezone.localdate()
    return ProgrammeFactory(
        name="Het nieuwe samenspel",
        slug="samenspel",
        starts_on=today - datetime.timedelta(days=3 * 365),
    )


def test_a_report_is_written_reviewed_published_and_compared(
    page: Page, log_in, log_in_by_session, programme, browser, live_server
):
    facilitator = MembershipFactory(programme=programme, role=Role.FACILITATOR).user
    civil_servant = MembershipFactory(programme=programme, role=Role.CIVIL_SERVANT).user
    page.set_viewport_size(DESKTOP)
    log_in(page, facilitator)

    # Start the report from its empty overview.
    page.goto(f"/programmes/{programme.slug}/")
    page.get_by_role("link", name=nl("Travel report"), exact=True).click()
    expect(page.locator("main")).to_contain_text(nl("This programme has no travel report yet."))
    check(page, "empty")
    page.get_by_role("button", name=nl("Start the travel report")).click()
    expect(page.locator(".sp-messages")).to_contain_text(
        nl("The travel report has started. Write its introduction.")
    )
    journal = Journal.objects.get(programme=programme)
    introduction = journal.chapters.order_by("position").first()
    rows = page.locator("table.journal-chapters tbody tr")
    expect(rows).to_have_count(10)
    check(page, "overview")

    # Write the introduction, typing into the real text box.
    rows.first.get_by_role("link", name=introduction.title, exact=True).click()
    box = page.get_by_label(nl("Text"), exact=True)
    box.click()
    box.press_sequentially("Het begon in Altena, met een avond in het dorpshuis.")
    box.press("Enter")
    box.press("Enter")
    box.press_sequentially("Toen kwam de **fusie**.")
    page.get_by_role("button", name=nl("Preview")).click()
    expect(page.locator(".journal-preview strong")).to_have_text("fusie")
    introduction.refresh_from_db()
    assert introduction.body == ""  # a preview saves nothing
    check(page, "chapter")
    page.get_by_role("button", name=nl("Save the chapter")).click()
    expect(page.locator(".sp-messages")).to_contain_text(introduction.title)
    introduction.refresh_from_db()
    assert introduction.body == (
        "Het begon in Altena, met een avond in het dorpshuis.\n\nToen kwam de **fusie**."
    )

    # Open the review round.
    page.get_by_role("button", name=nl("Open a review round")).click()
    expect(page.locator(".sp-messages")).to_contain_text(
        nl("The review round is open. Members can now comment on the draft.")
    )

    # A civil servant comments on the first paragraph, on a phone.
    member = phone(browser, live_server)
    try:
        log_in_by_session(member, civil_servant)
        member.goto(f"/programmes/{programme.slug}/journal/review/")
        paragraph = member.locator(".journal-review__block").filter(has_text="dorpshuis")
        expect(paragraph).to_have_count(1)
        check(member, "review")
        paragraph.locator("summary", has_text=nl("Comment on this paragraph")).click()
        paragraph.get_by_label(nl("Your comment on this paragraph")).fill(
            "Welk jaar was die avond?"
        )
        paragraph.get_by_role("button", name=nl("Send the comment")).click()
        expect(member.locator(".sp-messages")).to_contain_text(
            nl("Thank you. Your comment has been saved.")
        )
        commented = member.locator(".journal-review__block").filter(has_text="dorpshuis")
        expect(commented.locator(".journal-comment")).to_contain_text("Welk jaar was die avond?")
        check(member, "review-commented")
        comment = ReviewComment.objects.get()
        assert comment.author == civil_servant
        assert comment.quoted == "Het begon in Altena, met een avond in het dorpshuis."
    finally:
        member.context.close()

    # The facilitator publishes after the checklist.
    page.goto(f"/programmes/{programme.slug}/journal/")
    page.get_by_role("link", name=nl("Publish"), exact=True).click()
    expect(page.locator(".journal-checklist")).to_contain_text("1")
    expect(page.locator(".journal-checklist")).to_contain_text(
        nl("The review round is open. Publishing closes it.")
    )
    check(page, "publish")
    page.get_by_role("button", name=nl("Publish version %(number)s", number=1)).click()
    expect(page.locator(".sp-messages")).to_contain_text(
        nl("Version %(number)s of the travel report has been published.", number=1)
    )
    expect(page.locator("h1")).to_have_text(nl("Version %(number)s", number=1))
    expect(page.locator("main .book")).to_contain_text("met een avond in het dorpshuis")
    check(page, "publication")
    assert Publication.objects.get().number == 1
    journal.refresh_from_db()
    assert not journal.review_open

    # A later edit, then version 1 beside the draft.
    page.goto(f"/programmes/{programme.slug}/journal/chapters/{introduction.pk}/")
    box = page.get_by_label(nl("Text"), exact=True)
    box.fill(box.input_value().replace("Altena", "Werkendam"))
    page.get_by_role("button", name=nl("Save the chapter")).click()
    expect(page.locator(".sp-messages")).to_contain_text(introduction.title)
    page.goto(f"/programmes/{programme.slug}/journal/versions/1/")
    page.get_by_role("link", name=nl("Compare with the draft")).click()
    changed = page.locator("section.journal-compare__chapter").filter(has_text=introduction.title)
    expect(changed.locator("del")).to_have_text("Altena")
    expect(changed.locator("ins")).to_have_text("Werkendam")
    expect(page.locator("details.journal-compare__same").first).not_to_have_attribute("open", "")
    check(page, "compare")
    page.set_viewport_size(PHONE)
    check(page, "compare")


def test_two_co_authors_save_one_chapter_and_nothing_is_lost(
    page: Page, log_in_by_session, programme, browser, live_server
):
    facilitator = MembershipFactory(programme=programme, role=Role.FACILITATOR).user
    partner = MembershipFactory(programme=programme, role=Role.PARTNER).user
    from tests.journal import make_journal

    journal = make_journal(programme, facilitator)
    chapter = Chapter.objects.filter(journal=journal, kind="written").order_by("position")[1]
    Chapter.objects.filter(pk=chapter.pk).update(body="De rollen van de overheid.")
    address = f"/programmes/{programme.slug}/journal/chapters/{chapter.pk}/"

    page.set_viewport_size(DESKTOP)
    log_in_by_session(page, facilitator)
    page.goto(address)
    other = phone(browser, live_server)
    try:
        log_in_by_session(other, partner)
        other.goto(address)
        # A saves first.
        box = page.get_by_label(nl("Text"), exact=True)
        box.press("End")
        box.fill(box.input_value() + "\n\nDe gemeente als netwerker.")
        page.get_by_role("button", name=nl("Save the chapter")).click()
        expect(page.locator(".sp-messages")).to_be_visible()
        # B, on a phone, saves from the older version: refused, both versions shown.
        theirs_box = other.get_by_label(nl("Text"), exact=True)
        theirs_box.fill(theirs_box.input_value() + "\n\nDe provincie als partner.")
        other.get_by_role("button", name=nl("Save the chapter")).click()
        expect(other.locator("#conflict-heading")).to_be_visible()
        expect(other.locator("#theirs-text ins, #theirs-text del")).not_to_have_count(0)
        expect(other.locator("#theirs-text")).to_contain_text("netwerker")
        expect(other.locator("#yours-text")).to_contain_text("partner")
        check(other, "conflict")
        chapter.refresh_from_db()
        assert "partner" not in chapter.body
        # B merges in the box (their own text is still there) and saves again.
        box_b = other.get_by_label(nl("Text"), exact=True)
        expect(box_b).to_have_value(re.compile("De provincie als partner."))
        box_b.fill(
            "De rollen van de overheid.\n\nDe gemeente als netwerker.\n\nDe provincie als partner."
        )
        other.get_by_role("button", name=nl("Save the chapter")).click()
        expect(other.locator(".sp-messages")).to_be_visible()
        chapter.refresh_from_db()
        assert "De gemeente als netwerker." in chapter.body
        assert "De provincie als partner." in chapter.body
    finally:
        other.context.close()


def test_anyone_reads_the_public_version_on_a_phone(page: Page, programme, browser, live_server):
    from samenspel.journal import services
    from tests.journal import make_journal

    facilitator = MembershipFactory(programme=programme, role=Role.FACILITATOR).user
    journal = make_journal(programme, facilitator)
    chapter = journal.chapters.order_by("position").first()
    Chapter.objects.filter(pk=chapter.pk).update(body="Een verhaal voor iedereen.")
    Journal.objects.filter(pk=journal.pk).update(public=True)
    journal.refresh_from_db()
    with translation.override("nl"):
        services.publication_publish(journal=journal, number=1, by=facilitator)
    Chapter.objects.filter(pk=chapter.pk).update(body="Nog geheim.")
    visitor = phone(browser, live_server)
    try:
        visitor.goto(f"/reisverslag/{programme.slug}/")
        expect(visitor.locator("h1")).to_have_text(journal.title)
        expect(visitor.locator("main")).to_contain_text("Een verhaal voor iedereen.")
        expect(visitor.locator("main")).not_to_contain_text("Nog geheim.")
        expect(visitor.locator(".sp-subnav")).to_have_count(0)
        check(visitor, "public")
    finally:
        visitor.context.close()
