"""Voices of the travel report in a Dutch browser: a facilitator at a desk (1280 px) picks
a quote from a civil servant's after action review, shortens it and writes the
commentary beside it; the civil servant, on her phone (390 px), finds on "My work" that
a quote waits for her, reads what consent means and gives it without her name; the
quote then stands in the draft by her role only. Every page on the way passes axe's
WCAG 2.1 AA rules and fits its screen.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import translation
from playwright.sync_api import Browser, Page, expect

from samenspel.cycles import services as cycle_services
from samenspel.cycles.constants import CycleState
from samenspel.journal.compose import compose_book
from samenspel.journal.constants import Consent
from samenspel.journal.models import Voice
from samenspel.programmes.constants import Role
from tests.browser.test_accessibility import WCAG_21_AA
from tests.factories import (
    AreaFactory,
    CycleFactory,
    InitiativeFactory,
    MembershipFactory,
    ProgrammeFactory,
    UserFactory,
)
from tests.journal import make_journal

pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
ANSWER = (
    "Er kwamen er maar twaalf, maar die bleven tot het einde en wilden allemaal "
    "meehelpen met de buurtkamer."
)
SHORTENED = "Er kwamen er maar twaalf … die bleven tot het einde"


def nl(message: str, **values: object) -> str:
    with translation.override("nl"):
        text = translation.gettext(message)
    return text % values if values else text


def accessible_and_fitting(page: Page) -> None:
    """axe's WCAG 2.1 AA rules pass and nothing is wider than the screen. Run on a page
    without a message: base.html's list of messages (a <ul role="status">) is a finding
    of axe's own (listitem) on every page that shows one, outside the voices' pages."""
    violations = Axe().run(page, options=WCAG_21_AA).response["violations"]
    assert not violations, [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{width[0]} px wide on a {width[1]} px screen"


@pytest.fixture
def world():
    programme = ProgrammeFactory(name="Het nieuwe samenspel", slug="samenspel")
    area = AreaFactory(programme=programme, name="Woudrichem")
    initiative = InitiativeFactory(programme=programme, area=area, title="Buurtkamer")
    facilitator = MembershipFactory(programme=programme, role=Role.FACILITATOR).user
    ann = UserFactory(name="Anneke de Vries", email="anneke@example.nl")
    MembershipFactory(programme=programme, user=ann, role=Role.CIVIL_SERVANT)
    cycle = CycleFactory(initiative=initiative, state=CycleState.ACTING, owner=ann)
    answers = [
        "Dertig bewoners.",
        ANSWER,
        "De uitnodiging was laat.",
        "Vraag buren.",
        "Klein is goed.",
    ]
    cycle_services.review_record(cycle=cycle, answers=answers, by=ann)
    journal = make_journal(programme, facilitator)
    return {"programme": programme, "facilitator": facilitator, "ann": ann, "journal": journal}


def test_a_quote_picked_at_a_desk_is_consented_on_a_phone_without_a_name(
    page: Page, browser: Browser, live_server, log_in, world
):
    programme, ann = world["programme"], world["ann"]
    voices = f"/programmes/{programme.slug}/journal/voices/"

    # The facilitator, at a desk, picks the words from the review.
    page.set_viewport_size(DESKTOP)
    log_in(page, world["facilitator"])
    page.goto(voices)
    expect(page.locator("main")).to_contain_text(nl("The travel report has no voices yet."))
    page.get_by_role("link", name=nl("Pick words from a session, review or observation")).click()
    page.get_by_label(nl("Source"), exact=True).select_option("review")
    page.get_by_role("button", name=nl("Show")).click()
    expect(page.locator("main")).to_contain_text("die bleven tot het einde")
    expect(page.locator("main")).to_contain_text(nl("Civil servant"))  # the role it gets
    accessible_and_fitting(page)
    page.locator("li.sp-card", has_text="die bleven tot het einde").get_by_role(
        "link", name=nl("Pick these words")
    ).click()
    words = page.get_by_label(nl("The words"))
    expect(words).to_have_value(ANSWER)
    accessible_and_fitting(page)
    words.fill(SHORTENED)
    page.get_by_label(nl("Commentary of the writers")).fill(
        "Weinig mensen, veel inzet: dat zagen we bij meer kernen."
    )
    page.get_by_role("button", name=nl("Add to the travel report")).click()
    expect(page.locator(".sp-messages")).to_contain_text(
        nl("The voice has been added to the travel report.")
    )
    card = page.locator("main article.sp-card")
    expect(card).to_contain_text(SHORTENED)
    expect(card).to_contain_text("Weinig mensen, veel inzet")
    expect(card).to_contain_text(nl("Asked, no answer yet"))
    page.reload()
    accessible_and_fitting(page)
    voice = Voice.objects.get()
    assert voice.consent == Consent.ASKED and voice.author == ann

    # Anneke, on her phone, answers.
    phone = browser.new_context(
        base_url=live_server.url,
        locale="nl-NL",
        timezone_id="Europe/Amsterdam",
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
    )
    phone.set_default_timeout(10_000)
    mobile = phone.new_page()
    try:
        log_in(mobile, ann)
        mobile.goto("/")
        mobile.get_by_role("link", name=nl("My work")).first.click()
        expect(mobile.locator("main")).to_contain_text(nl("Quotes waiting for your consent"))
        accessible_and_fitting(mobile)
        mobile.locator("main a[href$='/journal/consent/']").click()
        expect(mobile.locator("h1")).to_have_text(nl("My quotes"))
        expect(mobile.locator("main")).to_contain_text(nl("What consent means"))
        expect(mobile.locator("main")).to_contain_text(SHORTENED)
        accessible_and_fitting(mobile)
        named = mobile.get_by_label(nl("Show my name"))
        expect(named).not_to_be_checked()
        mobile.get_by_role("button", name=nl("Yes, my words may be used")).click()
        expect(mobile.locator(".sp-messages")).to_contain_text(
            nl("Thank you. Your words may appear in the travel report, without your name.")
        )
        mobile.reload()
        accessible_and_fitting(mobile)
    finally:
        phone.close()

    voice.refresh_from_db()
    assert voice.consent == Consent.GIVEN and not voice.named
    with translation.override("nl"):
        book = compose_book(world["journal"])
    (block,) = [b for chapter in book.chapters for b in chapter.blocks if b.kind == "voice"]
    assert block.text == SHORTENED
    assert block.meta["attribution"] == nl("Civil servant")
    assert ann.name not in str(book.to_json())

    # The facilitator's list now shows it by role, with consent.
    page.goto(voices)
    expect(card).to_contain_text(nl("Given"))
    expect(card).to_contain_text(f"— {nl('Civil servant')}")
    expect(page.locator("main")).not_to_contain_text(ann.name)
