"""Every page works under the Content Security Policy: the browser reports no violation
(an inline style or script, a foreign source) on any main page or in the admin."""

import pytest
from axes.utils import reset
from playwright.sync_api import ConsoleMessage, Page

from tests.browser.test_accessibility import SCREENS, build_world

pytestmark = pytest.mark.django_db(transaction=True)

ADMIN_PAGES = [
    "/admin/",
    "/admin/accounts/user/",
    "/admin/accounts/user/?q=beheer",
    "/admin/accounts/user/add/",
    "/admin/accounts/user/{facilitator_id}/change/",
    "/admin/accounts/user/{facilitator_id}/password/",
    "/admin/programmes/programme/",
    "/admin/programmes/initiative/",
    "/admin/programmes/initiative/{initiative}/change/",
    "/admin/programmes/area/",
    "/admin/programmes/learningquestion/",
    "/admin/cycles/learningcycle/",
    "/admin/cycles/learningcycle/{acting}/change/",
    "/admin/common/auditevent/",
    "/admin/auth/group/add/",
]


def watch(page: Page) -> list[str]:
    """The CSP violations the browser reports on the console from now on."""
    violations: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            violations.append(f"{page.url}: {message.text}")

    page.on("console", on_console)
    return violations


def test_no_page_violates_the_content_security_policy(page, log_in_by_session, log_in):
    world = build_world()
    world["facilitator_id"] = world["facilitator"].pk
    violations = watch(page)

    for screen in [s for s in SCREENS if s.who is None]:
        reset()  # each log-in screen starts with no failures counted, as on its own
        page.goto(screen.path.format(**world))
        if screen.then:
            screen.then(page)
    reset()
    for who in ("facilitator", "coachee", "administrator"):
        page.context.clear_cookies()
        log_in_by_session(page, world[who])
        for screen in [s for s in SCREENS if s.who == who]:
            page.goto(screen.path.format(**world))
            if screen.then:
                screen.then(page)
    for path in ADMIN_PAGES:
        page.goto(path.format(**world))
        page.wait_for_load_state("load")
    # The log-in form itself, as a person uses it.
    page.context.clear_cookies()
    log_in(page, world["facilitator"])

    assert page.url.endswith("/my-work/")
    assert not violations, "\n".join(violations)


def test_a_violation_would_be_seen(page, live_server):
    """The watcher is not blind: an inline style, added by hand, is reported."""
    violations = watch(page)
    page.goto("/accounts/login/")
    page.evaluate(
        "() => { const d = document.createElement('div');"
        " d.innerHTML = '<p style=\"color: red\">x</p>'; document.body.append(d); }"
    )
    page.wait_for_timeout(200)
    assert violations
