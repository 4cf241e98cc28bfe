"""The compass round in the browser, three people at once: the facilitator opens it from
the room while the board is projected in another tab; a member (on a laptop) and a guest
who joined with the code (on a 390 px phone) see the compass form appear by itself
(live.js reloads the room when the round opens), answer, and the board shows the count
and the medians without a reload. The room with the form and the board pass axe's WCAG
2.1 AA rules and do not scroll sideways on the phone."""

import pytest
from playwright.sync_api import expect

from samenspel.compass.models import Assessment, RoundResponse
from samenspel.learning_sessions.models import LearningSession
from samenspel.programmes.constants import Role
from tests.browser import test_session_room as room_tests
from tests.browser.test_session_room import DESKTOP, PHONE, check, nl, nl_count
from tests.compass import make_compass
from tests.sessions import advance_to, plan_session

pytestmark = pytest.mark.django_db(transaction=True)

# The room's own fixtures: a browser context per person, one request at a time on SQLite.
contexts = room_tests.contexts
one_request_at_a_time = room_tests.one_request_at_a_time


def choose(page, facet_name, part, score):
    """Tick a score in the facet's fieldset: `part` is "Now" or "Desired"."""
    facet = page.locator("fieldset.sp-round__facet").filter(
        has=page.locator("legend", has_text=facet_name)
    )
    facet.get_by_role("group", name=nl(part)).get_by_label(str(score), exact=True).check()


def test_a_compass_round_with_a_member_and_a_guest_on_a_phone(
    contexts, log_in_by_session, programme, facilitator, member
):
    colleague = member(Role.CIVIL_SERVANT)
    compass = make_compass(programme, facilitator)
    facets = list(compass.facets.order_by("position"))
    session = advance_to(
        plan_session(programme, facilitator, [colleague], title="Leersessie april"), "input"
    )
    room = f"/room/{session.pk}/"

    lead = contexts()
    board = lead.new_page()
    log_in_by_session(board, facilitator)
    board.set_viewport_size(DESKTOP)
    board.goto(room + "board/")
    steer = lead.new_page()
    steer.goto(room)
    mine = contexts().new_page()
    log_in_by_session(mine, colleague)
    mine.set_viewport_size(DESKTOP)
    mine.goto(room)
    guest = contexts().new_page()
    guest.set_viewport_size(PHONE)
    guest.goto("/join/")
    guest.get_by_label(nl("Code")).fill(session.join_code)
    guest.get_by_role("button", name=nl("Join")).click()
    expect(guest.locator("#board")).to_be_visible()
    expect(guest.get_by_role("button", name=nl("Send my answers"))).to_have_count(0)

    # The facilitator opens the round; the rooms of the others show the form by themselves.
    steer.get_by_role("button", name=nl("Start a compass round")).click()
    expect(steer.locator(".sp-messages")).to_contain_text(
        nl("The compass round is open. Everyone can answer in the room.")
    )
    for page in (mine, guest):
        expect(page.get_by_role("button", name=nl("Send my answers"))).to_be_visible()
    expect(board.locator(".sp-board__round")).to_contain_text(
        nl_count("%(count)s answer", "%(count)s answers", 0)
    )
    found = check(guest, "compass round, guest's room, 390 px")

    # The guest answers on the phone: two facets now, one desired, as a resident.
    choose(guest, facets[0].name, "Now", 8)
    choose(guest, facets[0].name, "Desired", 9)
    choose(guest, facets[1].name, "Now", 4)
    guest.get_by_role("button", name=nl("Send my answers")).click()
    expect(guest.locator(".sp-round .sp-alert--success")).to_contain_text(
        nl("Your answers are in. Thank you! The board shows what everyone answered together.")
    )
    expect(board.locator(".sp-board__round")).to_contain_text(
        nl_count("%(count)s answer", "%(count)s answers", 1)
    )

    # The member answers; the board, still not reloaded, shows both.
    choose(mine, facets[0].name, "Now", 6)
    choose(mine, facets[1].name, "Now", 5)
    mine.get_by_role("button", name=nl("Send my answers")).click()
    expect(mine.locator(".sp-round .sp-alert--success")).to_be_visible()
    round_ = board.locator(".sp-board__round")
    expect(round_).to_contain_text(nl_count("%(count)s answer", "%(count)s answers", 2))
    # Two answers: the count, not yet the figures (one person's answer would show).
    expect(round_.locator("table")).to_have_count(0)
    # A third guest answers (through the service, as the room's form does); the board,
    # still not reloaded, now shows the figures.
    from samenspel.compass import round_services
    from samenspel.compass.models import CompassRound
    from samenspel.compass.services import ScoreInput
    from samenspel.learning_sessions import services as session_services

    third = session_services.guest_join(
        code=LearningSession.objects.get(pk=session.pk).join_code, display_name="Ria"
    )
    round_services.round_answer(
        round=CompassRound.objects.get(session_id=session.pk),
        participant=third,
        answers={facets[0].pk: ScoreInput(current=7), facets[1].pk: ScoreInput(current=6)},
    )
    expect(round_).to_contain_text(nl_count("%(count)s answer", "%(count)s answers", 3))
    first = round_.locator("tr").filter(has=board.locator("th", has_text=facets[0].name))
    expect(first.locator("td").first).to_contain_text("7")  # the median of 8, 6 and 7
    expect(first.locator("td").nth(1)).to_contain_text("9")
    second = round_.locator("tr").filter(has=board.locator("th", has_text=facets[1].name))
    expect(second.locator("td").first).to_contain_text("5")  # of 4, 5 and 6
    expect(round_).not_to_contain_text(colleague.name)

    steer.reload()
    expect(steer.locator(".sp-round__count")).to_contain_text("3")
    steer.get_by_role("button", name=nl("Close the round")).click()
    expect(board.locator(".sp-board__round")).to_contain_text(nl("closed"))
    for viewport in (DESKTOP, PHONE):
        board.set_viewport_size(viewport)
        board.reload()
        found += check(board, f"compass round board, {viewport['width']} px")
    assert not found, "\n".join(found)

    session = LearningSession.objects.get(pk=session.pk)
    answered = RoundResponse.objects.filter(round__session=session, answered=True)
    assert answered.count() == 3
    # An anonymous session: no respondent stored for anyone.
    assert list(Assessment.objects.values_list("respondent", flat=True)) == [None, None, None]
