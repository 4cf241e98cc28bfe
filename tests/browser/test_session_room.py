"""A whole learning session in the browser, with three people at once, each in their own
browser context: the facilitator (the projected board in one tab, the room in another),
a member on the participant list and a guest who joins by typing the code. From the open
actions of an earlier session through silent input, themes, votes, discussion and
capture to closing; the board follows every change by itself, and a contribution shows
on it within two seconds, without a reload (measured). The room, the board and the join
page pass axe's WCAG 2.1 AA rules at 1280 and at 390 px, without sideways scrolling."""

import datetime
import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone, translation
from playwright.sync_api import Browser, BrowserContext, Page, expect

from samenspel.learning_sessions import services
from samenspel.learning_sessions.constants import SessionPhase
from samenspel.learning_sessions.models import Action, Contribution, LearningSession, Theme
from samenspel.programmes.constants import Role
from tests.browser.test_accessibility import WCAG_21_AA, describe
from tests.sessions import advance_to, plan_session

pytestmark = pytest.mark.django_db(transaction=True)

LIVE_WITHIN = 2.0  # seconds from a contribution to the board showing it, at most
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def nl(message: str, **values: object) -> str:
    with translation.override("nl"):
        text = translation.gettext(message)
    return text % values if values else text


def nl_count(singular: str, plural: str, count: int, name: str = "count") -> str:
    with translation.override("nl"):
        return translation.ngettext(singular, plural, count) % {name: count}


@pytest.fixture(autouse=True)
def one_request_at_a_time(live_server) -> Iterator[None]:
    """On the in-memory SQLite test database, the live server's threads all share the
    test's one connection (pytest-django passes it to them), which fails with "database
    table is locked" when a poll reads while another request writes. Production has a
    connection per thread (and PostgreSQL, or a SQLite file with its write lock), so here
    the server answers one request at a time; on PostgreSQL the polls run side by side."""
    from django.db import connection

    if not (connection.vendor == "sqlite" and connection.is_in_memory_db()):
        yield
        return
    server = live_server.thread.httpd
    app = server.get_app()
    lock = threading.Lock()

    def serialised(environ: Any, start_response: Any) -> Any:
        with lock:
            return list(app(environ, start_response))

    server.set_app(serialised)
    yield
    server.set_app(app)


@pytest.fixture
def contexts(browser: Browser, live_server) -> Iterator[Callable[[], BrowserContext]]:
    """new() → another browser context, Dutch and in Amsterdam: another person."""
    made: list[BrowserContext] = []

    def new() -> BrowserContext:
        context = browser.new_context(
            base_url=live_server.url, locale="nl-NL", timezone_id="Europe/Amsterdam"
        )
        context.set_default_timeout(10_000)
        made.append(context)
        return context

    yield new
    for context in made:
        context.close()


def next_phase(page: Page, label: str) -> None:
    page.get_by_role("button", name=nl("Next: %(phase)s", phase=nl(label))).click()
    expect(page.locator(".sp-messages")).to_contain_text(
        nl("The session moved on to “%(phase)s”.", phase=nl(label))
    )


def in_phase(page: Page, phase: str) -> None:
    """The room page reloaded itself (live.js) into `phase`."""
    expect(page.locator("#board")).to_have_attribute("data-phase", phase)
    expect(page.locator(".sp-room__header .sp-badge")).to_have_text(nl(SessionPhase(phase).label))


def test_a_whole_session_with_three_people(
    contexts, log_in_by_session, programme, facilitator, member
):
    colleague = member(Role.CIVIL_SERVANT)
    earlier = advance_to(
        plan_session(programme, facilitator, [], title="Leersessie januari"), "discussion"
    )
    services.action_add(
        session=earlier,
        text="De wethouder uitnodigen",
        owner=colleague,
        due_on=timezone.localdate() + datetime.timedelta(days=3),
        by=facilitator,
    )
    session = plan_session(programme, facilitator, [colleague], title="Leersessie maart")
    room = f"/room/{session.pk}/"

    # The facilitator: the board on the projector, and the room in a second tab.
    lead = contexts()
    board = lead.new_page()
    log_in_by_session(board, facilitator)
    board.goto(room + "board/")
    expect(board.locator(".sp-board__code")).to_have_text(session.join_code)
    steer = lead.new_page()
    steer.goto(room)
    # A member on the list.
    mine = contexts().new_page()
    log_in_by_session(mine, colleague)
    mine.goto(room)
    expect(mine.locator("h1")).to_have_text("Leersessie maart")
    # A guest, who types the code from the board.
    guest = contexts().new_page()
    guest.goto("/join/")
    guest.get_by_label(nl("Code")).press_sequentially(session.join_code.lower())
    guest.get_by_label(nl("Your name (optional)")).fill("Henk")
    guest.get_by_role("button", name=nl("Join")).click()
    expect(guest.locator(".sp-messages")).to_contain_text(
        nl("Welcome. You are in the session now.")
    )
    expect(guest.locator("h1")).to_have_text("Leersessie maart")

    # Open actions of earlier sessions.
    next_phase(steer, "Open actions")
    expect(board.locator("#board")).to_contain_text("De wethouder uitnodigen")
    in_phase(mine, "actions")
    steer.get_by_role("button", name=nl("Done")).click()
    expect(board.locator("#board")).to_contain_text(nl("Done"))
    assert Action.objects.get(text="De wethouder uitnodigen").status == "done"

    # Silent input: the board counts, never shows; it changes within two seconds.
    next_phase(steer, "Silent input")
    in_phase(mine, "input")
    in_phase(guest, "input")
    counts = board.locator(".sp-board__count")
    expect(counts.first).to_have_text(
        nl_count("%(count)s contribution", "%(count)s contributions", 0)
    )
    board.evaluate("() => { window.notReloaded = true; }")
    mine.locator("textarea").first.fill("De uitnodiging kwam te laat.")
    sent = time.monotonic()  # from the click: the member's own round trip counts too
    mine.get_by_role("button", name=nl("Send")).first.click()
    expect(counts.first).to_have_text(
        nl_count("%(count)s contribution", "%(count)s contributions", 1), timeout=LIVE_WITHIN * 1000
    )
    delay = time.monotonic() - sent
    expect(mine.locator(".sp-messages")).to_contain_text(
        nl("Received. You can add more if you like.")
    )
    print(f"\nLIVE board updated {delay:.2f} s after the contribution")
    assert delay <= LIVE_WITHIN
    assert board.evaluate("() => window.notReloaded") is True
    expect(board.locator("#board")).not_to_contain_text("De uitnodiging kwam te laat.")
    expect(mine.locator("main")).not_to_contain_text("De uitnodiging kwam te laat.")
    mine.locator("textarea").nth(1).fill("Er kwamen maar twaalf mensen.")
    mine.get_by_role("button", name=nl("Send")).nth(1).click()
    guest.locator("textarea").first.fill("De school deelde de brief te laat uit.")
    guest.get_by_role("button", name=nl("Send")).first.click()
    expect(guest.locator(".sp-messages")).to_contain_text(
        nl("Received. You can add more if you like.")
    )
    expect(board.locator(".sp-board__total")).to_have_text(
        nl_count("%(count)s contribution in all", "%(count)s contributions in all", 3)
    )

    # Themes: moving on reveals the contributions, to everyone.
    next_phase(steer, "Themes")
    expect(board.locator("#board")).to_contain_text("De uitnodiging kwam te laat.")
    in_phase(guest, "grouping")
    expect(guest.locator("#board")).to_contain_text("Er kwamen maar twaalf mensen.")
    steer.get_by_label("De uitnodiging kwam te laat.").check()
    steer.get_by_label("De school deelde de brief te laat uit.").check()
    steer.get_by_label(nl("Name of the new theme")).fill("Uitnodigen")
    steer.get_by_role("button", name=nl("Make a theme")).click()
    expect(steer.locator(".sp-messages")).to_contain_text(
        nl("The theme “%(theme)s” has been made.", theme="Uitnodigen")
    )
    steer.get_by_label("Er kwamen maar twaalf mensen.").check()
    steer.get_by_label(nl("Name of the new theme")).fill("Opkomst")
    steer.get_by_role("button", name=nl("Make a theme")).click()
    expect(board.locator(".sp-board__theme h3")).to_have_count(2)

    # Voting: three votes each; the totals stay hidden.
    next_phase(steer, "Voting")
    in_phase(mine, "voting")
    in_phase(guest, "voting")
    vote_for = mine.get_by_role("button", name="Uitnodigen")  # "Stemmen: Uitnodigen"
    expect(vote_for).to_contain_text(nl("Vote"))
    vote_for.click()
    mine.get_by_role("button", name="Uitnodigen").click()
    expect(mine.locator(".sp-room__votes-left")).to_have_text(
        nl_count("You have %(left)s vote left.", "You have %(left)s votes left.", 1, "left")
    )
    guest.get_by_role("button", name="Opkomst").click()
    expect(board.locator(".sp-board__votes")).to_have_count(0)

    # Discussion: the themes in order of votes, with their totals.
    next_phase(steer, "Discussion")
    expect(board.locator(".sp-board__theme h3").first).to_contain_text("Uitnodigen")
    expect(board.locator(".sp-board__votes").first).to_have_text(
        nl_count("%(count)s vote", "%(count)s votes", 2)
    )
    note = steer.locator("form", has=steer.get_by_role("heading", name="Uitnodigen"))
    note.get_by_label(nl("What was said")).fill("Iedereen herkent dit.")
    note.get_by_role("button", name=nl("Save what was said")).click()
    expect(board.locator("#board")).to_contain_text("Iedereen herkent dit.")

    # Capture: an insight and an action with a date typed the Dutch way.
    steer.locator("#id_insight_text").fill("Via de school komt een uitnodiging te laat.")
    steer.get_by_label(nl("Fact"), exact=True).check()
    steer.get_by_role("button", name=nl("Add the insight")).click()
    expect(board.locator("#board")).to_contain_text("Via de school komt een uitnodiging te laat.")
    due = timezone.localdate() + datetime.timedelta(days=30)
    steer.locator("#id_action_text").fill("Uitnodigen via de buurtapp")
    steer.locator("#id_action_owner").select_option(label=colleague.name)
    steer.locator("#id_action_due_on").press_sequentially(f"{due.day}-{due.month}-{due.year}")
    steer.get_by_role("button", name=nl("Add the action")).click()
    expect(steer.locator(".sp-messages")).to_contain_text(nl("The action has been added."))
    expect(board.locator("#board")).to_contain_text("Uitnodigen via de buurtapp")
    action = Action.objects.get(text="Uitnodigen via de buurtapp")
    assert (action.owner, action.due_on) == (colleague, due)

    # Closing, after a confirmation.
    next_phase(steer, "Insights and actions")
    steer.get_by_role("link", name=nl("Close the session…")).click()
    expect(steer.locator(".sp-room__advance")).to_contain_text(nl("Closing is final."))
    steer.get_by_role("button", name=nl("Close the session")).click()
    expect(steer.locator(".sp-messages")).to_contain_text(
        nl("The session is closed. The code no longer works.")
    )
    expect(board.locator(".sp-board__phase")).to_contain_text(nl("Closed"))
    expect(board.locator(".sp-board__code")).to_have_count(0)
    in_phase(mine, "closed")
    expect(mine.get_by_role("link", name=nl("Read the report"))).to_be_visible()
    in_phase(guest, "closed")
    expect(guest.get_by_role("link", name=nl("Read the report"))).to_have_count(0)
    session.refresh_from_db()
    assert session.phase == "closed" and session.join_code is None
    assert Contribution.objects.filter(session=session, author__isnull=False).count() == 0
    assert Theme.objects.filter(session=session).count() == 2


# Accessibility and phones ----------------------------------------------------------------------


def check(page: Page, where: str) -> list[str]:
    """axe's WCAG 2.1 AA violations and sideways scrolling on the page as shown. With
    SAMENSPEL_SCREENSHOTS set, a screenshot of each goes to that folder."""
    expect(page.locator("h1").first).to_be_visible()
    folder = os.environ.get("SAMENSPEL_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        name = where.replace(",", "").replace(" ", "-")
        page.screenshot(path=Path(folder) / f"session-{name}.png", full_page=True)
    found = []
    violations = Axe().run(page, options=WCAG_21_AA).response["violations"]
    if violations:
        found.append(f"{where}:\n{describe(violations)}")
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    if width[0] > width[1]:
        found.append(f"{where}: {width[0]} px wide on a {width[1]} px screen")
    return found


def test_the_room_the_board_and_joining_pass_axe_on_a_desktop_and_a_phone(
    contexts, log_in_by_session, programme, facilitator, member
):
    colleague = member(Role.CIVIL_SERVANT)
    earlier = advance_to(
        plan_session(programme, facilitator, [], title="Leersessie januari"), "discussion"
    )
    services.action_add(
        session=earlier,
        text="Een lange actie die over meerdere regels loopt op een kleine telefoon, "
        "met een woord als gemeenteraadsvergaderingsagendapunt erin.",
        owner=colleague,
        due_on=timezone.localdate(),
        by=facilitator,
    )
    session = plan_session(programme, facilitator, [colleague], title="Leersessie maart")
    lead = contexts().new_page()
    log_in_by_session(lead, facilitator)
    guest = contexts().new_page()
    guest.goto("/join/")
    guest.get_by_label(nl("Code")).fill(session.join_code)
    guest.get_by_role("button", name=nl("Join")).click()
    expect(guest.locator("#board")).to_be_visible()
    participant = LearningSession.objects.get(pk=session.pk).participants.get(user=colleague)

    def build(phase: str) -> None:
        nonlocal session
        session = LearningSession.objects.get(pk=session.pk)
        if phase == "grouping":
            for index, text in enumerate(["Te laat uitgenodigd.", "Twaalf mensen kwamen."]):
                services.contribution_add(
                    session=session, participant=participant, question=index, text=text
                )
        session = advance_to(session, phase)
        if phase == "grouping":
            services.theme_create(
                session=session,
                title="Uitnodigen",
                contributions=list(session.contributions.all()[:1]),
                by=facilitator,
            )

    found: list[str] = []
    bad_join = contexts().new_page()
    for phase in ("actions", "input", "grouping", "voting", "discussion", "closed"):
        for page in (lead, guest):  # an open room would reload itself when the phase moves
            page.goto("about:blank")
        build(phase)
        for viewport in (DESKTOP, PHONE):
            for page, name in ((lead, "facilitator"), (guest, "guest")):
                page.set_viewport_size(viewport)
                page.goto(f"/room/{session.pk}/")
                found += check(page, f"{phase} room, {name}, {viewport['width']} px")
            lead.goto(f"/room/{session.pk}/board/")
            found += check(lead, f"{phase} board, {viewport['width']} px")
    for viewport in (DESKTOP, PHONE):
        bad_join.set_viewport_size(viewport)
        bad_join.goto("/join/")
        found += check(bad_join, f"join, {viewport['width']} px")
        bad_join.get_by_label(nl("Code")).fill("FOUT12")
        bad_join.get_by_role("button", name=nl("Join")).click()
        expect(bad_join.locator(".sp-error").first).to_be_visible()
        found += check(bad_join, f"join refused, {viewport['width']} px")
    lead.set_viewport_size(PHONE)
    lead.goto(f"/room/{session.pk}/?close=1")
    assert not found, "\n".join(found)
