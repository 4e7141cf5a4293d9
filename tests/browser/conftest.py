"""Browser tests: Playwright drives Debian's Chromium (/usr/bin/chromium, never a downloaded browser)
against pytest-django's live server, and axe-core checks every page a person uses."""

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make are still
# synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SERIOUS = {"serious", "critical"}


@pytest.fixture(scope="session")
def browser():
    """One Chromium per test process. While Playwright's sync API is open, an asyncio loop counts as
    running in this thread, and Django's `connections` (an asgiref `Local`, thread-critical) then keep
    this thread's connections in a second, context-variable storage: a connection opened before is
    invisible to every `connections.close_all()` made while Playwright runs (the replica copy's, the
    test database's teardown), and one opened while it runs is invisible after. So each side's
    connections are closed at the switch (docs/decisions.md "Polish")."""
    from django.db import connections

    connections.close_all()  # opened before Playwright: by django_db_setup, by earlier tests
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        connections.close_all()  # opened while Playwright ran


@pytest.fixture
def page(browser, live_server, programme):
    context = browser.new_context(base_url=live_server.url, locale="et-EE", timezone_id="Europe/Tallinn")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def signed_in(page, live_server):
    def sign_in(user):
        from django.conf import settings
        from django.test import Client

        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
        )
        return page

    return sign_in


def assert_accessible(page, context=None):
    """No serious or critical axe-core violation on the page as it is now.

    A test often checks right after a click that navigates; if the next document replaces the old one
    while axe runs, axe finds no document ("Cannot read properties of null") or its context is gone.
    Then the check waits for the new page to load and runs once more on it: the page a person sees
    after the click is the one to check, and a violation on it still fails."""
    page.wait_for_load_state()
    try:
        results = Axe().run(page, context=context)
    except PlaywrightError as error:
        if "documentElement" not in str(error) and "context was destroyed" not in str(error):
            raise
        page.wait_for_load_state()
        results = Axe().run(page, context=context)
    violations = [v for v in results.response["violations"] if v.get("impact") in SERIOUS]
    details = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}" for v in violations
    )
    assert not violations, f"axe-core violations on {page.url}:\n{details}"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath) or "/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


SCREENS = Path(__file__).resolve().parents[2] / "var" / "screens"


def shoot(page, name: str) -> None:
    """Full-page screenshots of the page as it is now, at 1280 and 390 px, in var/screens/NAME-WIDTH.png."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SCREENS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
