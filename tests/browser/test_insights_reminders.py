"""Reminders in a Dutch browser, as people use them: a civil servant opens the stop link
from their reminder e-mail on a phone, is asked first, and stops the reminders; later, at
a desk, they go from "my work" to their settings and turn reminders on again, and off.

Each page is checked at 390 and 1280 px: no sideways scrolling, and no WCAG 2.1 AA
violation found by axe."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from samenspel.cycles.constants import CycleState
from samenspel.insights.reminder_services import reminders_send
from samenspel.programmes.constants import Role
from tests.browser.test_journal import DESKTOP, PHONE, check, nl
from tests.factories import MembershipFactory, ProgrammeFactory
from tests.insights_reminder import cycle

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_person_stops_reminders_from_the_mail_and_chooses_again_in_settings(page: Page, log_in):
    today = timezone.localdate()
    programme = ProgrammeFactory(name="Het nieuwe samenspel", slug="samenspel")
    anna = MembershipFactory(
        programme=programme, role=Role.CIVIL_SERVANT, user__name="Anna de Vries"
    ).user
    cycle(anna, programme, CycleState.ACTING, today - datetime.timedelta(days=2))
    assert reminders_send(today=today).sent == 1
    (message,) = mail.outbox
    stop = re.search(r"https?://[^/\s]+(/reminders/stop/[^\s]+/)", message.body)
    assert stop is not None

    # On a phone, from the mail: asked first, then stopped.
    page.set_viewport_size(PHONE)
    page.goto(stop.group(1))
    expect(page.locator("main")).to_contain_text(anna.email)
    check(page, "reminders-stop")
    page.get_by_role("button", name=nl("Yes, stop the reminders")).click()
    expect(page.locator(".sp-messages")).to_contain_text(
        nl("Samenspel no longer sends you reminders.")
    )
    check(page, "reminders-stopped")
    anna.refresh_from_db()
    assert anna.reminders is False

    # At a desk: from "my work" to the settings, where the choice shows and changes.
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        log_in(page, anna)
        page.goto("/my-work/")
        page.get_by_role("link", name=nl("Choose in your settings")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(nl("My settings"))
        box = page.get_by_label(nl("Send me e-mail reminders"))
        expect(box).not_to_be_checked()
        check(page, "settings")
        box.focus()
        page.keyboard.press("Space")  # as a keyboard user ticks it
        page.get_by_role("button", name=nl("Save"), exact=True).click()
        expect(page.locator(".sp-messages")).to_contain_text(nl("You get e-mail reminders again."))
        expect(page.get_by_label(nl("Send me e-mail reminders"))).to_be_checked()
        check(page, "settings-saved")
        anna.refresh_from_db()
        assert anna.reminders is True
        page.get_by_label(nl("Send me e-mail reminders")).uncheck()
        page.get_by_role("button", name=nl("Save"), exact=True).click()
        expect(page.locator(".sp-messages")).to_contain_text(
            nl("You no longer get e-mail reminders.")
        )
        anna.refresh_from_db()
        assert anna.reminders is False
        page.context.clear_cookies()
