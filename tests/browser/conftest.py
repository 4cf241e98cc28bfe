"""Playwright fixtures: one Chromium per test session, a fresh context per test, and a
log-in through the real form.

The browser is Debian's Chromium (`apt-get install chromium`), never Playwright's own
download. Without it the browser tests are skipped on a workstation and fail in CI.
"""

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, Page, sync_playwright

from samenspel.accounts.models import User
from tests.factories import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MISSING = "Debian's chromium is not installed: apt-get install chromium"
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{MISSING} (in CI a missing browser is a failure)", pytrace=False)
        print(MISSING)
        pytest.skip(MISSING)
    # Playwright's sync API keeps an asyncio loop in the test thread; the ORM calls the
    # tests make beside it are ordinary synchronous calls, so Django's guard is lifted.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser, live_server) -> Iterator[Page]:
    """A new browser context per test (no cookies carried over), Dutch and in Amsterdam,
    with relative addresses resolved against the live server."""
    context = browser.new_context(
        base_url=live_server.url, locale="nl-NL", timezone_id="Europe/Amsterdam"
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def log_in() -> Callable[[Page, User], None]:
    """log_in(page, user) → fills in and sends the log-in form, as a person would."""

    def run(page: Page, user: User, password: str = PASSWORD) -> None:
        page.goto("/accounts/login/")
        page.locator("input[name=username]").fill(user.email)
        page.locator("input[name=password]").fill(password)
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)

    return run


@pytest.fixture
def log_in_by_session(live_server) -> Callable[[Page, User], None]:
    """log_in_by_session(page, user) → puts a fresh session cookie into the page's
    context: for tests about other pages than the log-in, a second faster than the form."""

    def run(page: Page, user: User) -> None:
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
        )

    return run
