"""A facilitator plans a learning session in the browser: fills the date and the times
into the real fields of the Dutch form, ticks who takes part, sets the agenda, and finds
the session in the programme's list. And the session pages pass axe on a phone too."""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import Page, expect

from samenspel.cycles.constants import CycleState
from samenspel.learning_sessions.models import LearningSession
from samenspel.programmes.constants import Role
from tests.browser.test_accessibility import SCREENS, WCAG_21_AA, Screen, build_world, describe
from tests.factories import (
    CycleFactory,
    InitiativeFactory,
    LearningQuestionFactory,
    MembershipFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_facilitator_plans_a_session_and_sets_its_agenda(page: Page, log_in):
    programme = ProgrammeFactory(name="Het nieuwe samenspel", slug="samenspel")
    facilitator = MembershipFactory(programme=programme, role=Role.FACILITATOR).user
    civil_servant = MembershipFactory(
        programme=programme, role=Role.CIVIL_SERVANT, user__name="Fatima El Amrani"
    ).user
    initiative = InitiativeFactory(programme=programme, title="Dorpsbus Overwaard")
    CycleFactory(initiative=initiative, title="Rijden met vrijwilligers", state=CycleState.ACTING)
    LearningQuestionFactory(programme=programme, number=1, text="Wat laten we los?")
    day = timezone.localdate() + datetime.timedelta(days=60)

    log_in(page, facilitator)
    page.goto("/programmes/samenspel/")
    page.locator(".sp-subnav a[href='/programmes/samenspel/sessions/']").click()
    page.locator("main a[href='/programmes/samenspel/sessions/new/']").first.click()

    page.locator("input[name=kind][value=team]").check()
    page.locator("input[name=title]").fill("Leersessie over de dorpsbus")
    # Date and time fields hold what the browser's pickers give, whatever order they show
    # (dd-mm-jjjj and 24 hours on a Dutch computer; this headless browser shows the
    # machine's, American, order): the ISO date and hours:minutes. The form reads these
    # and a typed 14-3-2027 or 19.30 alike (tests/test_session_pages.py).
    page.locator("input[name=date]").fill(day.isoformat())
    page.locator("input[name=starts]").fill("19:30")
    page.locator("input[name=ends]").fill("21:30")
    page.locator("input[name=place]").fill("Raadzaal")
    page.locator("input[name=anonymity][value=named]").check()
    page.get_by_label("Fatima El Amrani").check()
    page.locator("main form.sp-form button[type=submit]").click()

    # On to the agenda: the acting cycle and the learning question.
    page.wait_for_url("**/agenda/")
    page.get_by_label("Rijden met vrijwilligers", exact=False).check()
    page.get_by_label("1. Wat laten we los?").check()
    page.locator("main form.sp-form button[type=submit]").click()

    session = LearningSession.objects.get()
    expect(page.locator("main")).to_contain_text("Rijden met vrijwilligers")
    assert page.url.endswith(f"/programmes/samenspel/sessions/{session.pk}/")
    local = timezone.localtime(session.starts_at)
    assert (local.date(), local.hour, local.minute) == (day, 19, 30)
    assert timezone.localtime(session.ends_at).hour == 21
    assert not session.anonymous and session.place == "Raadzaal"
    assert list(session.participants.values_list("user", flat=True)) == [civil_servant.pk]
    assert session.agenda_cycles.count() == 1 and session.agenda_questions.count() == 1

    page.locator(".sp-subnav a[href='/programmes/samenspel/sessions/']").click()
    row = page.locator("tbody tr", has_text="Leersessie over de dorpsbus")
    expect(row).to_contain_text(f"{day.day} ")
    expect(row).to_contain_text("19:30\u201321:30")
    expect(row).to_contain_text("Raadzaal")


# The session pages on a phone: axe-core's WCAG 2.1 AA rules at 390 px as well (at 1280
# px they run in test_accessibility.py, with the other pages).
SESSION_SCREENS = [
    screen for screen in SCREENS if screen.id.startswith(("session-", "course-", "calendar-"))
]


@pytest.mark.parametrize("screen", SESSION_SCREENS, ids=[s.id for s in SESSION_SCREENS])
def test_the_session_pages_pass_axe_on_a_phone(page: Page, log_in_by_session, screen: Screen):
    world = build_world()
    page.set_viewport_size({"width": 390, "height": 844})
    log_in_by_session(page, world[screen.who])
    page.goto(screen.path.format(**world))
    if screen.then:
        screen.then(page)
    expect(page.locator("h1").first).to_be_visible()
    violations = Axe().run(page, options=WCAG_21_AA).response["violations"]
    assert not violations, describe(violations)
