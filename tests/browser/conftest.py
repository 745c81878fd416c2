"""Browser tests: Debian's Chromium driven by Playwright's sync API against ``live_server``.

Chromium comes from the distribution (``apt-get install chromium``), never from
``playwright install``; without it the browser tests are skipped.
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
#: How long Playwright waits for a page, an element or an ``expect`` condition before failing:
#: a bound for a stuck page, not an expectation of speed. On a machine loaded by other work
#: (CI beside a benchmark) a first page of the live server can take several seconds.
WAIT_MS = 60_000


@pytest.fixture
def browser(monkeypatch):
    """A headless Chromium, stopped with Playwright at teardown whatever the test did."""
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium is not installed ({CHROMIUM}): apt-get install chromium")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=WAIT_MS)

    # Playwright's sync API keeps an event loop in this thread; Django would otherwise refuse
    # the test's own ORM calls as "async unsafe".
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
    finally:
        # While Playwright's event loop runs, asgiref counts this thread as async and Django
        # keeps the test's database connections apart from the usual thread-local ones. Close
        # them now, or they stay open and PostgreSQL refuses to drop the test database.
        connections.close_all()
        playwright.stop()


LOCALES = {"en": "en-GB", "ko": "ko-KR"}


def new_context(browser, live_server, *, language="en", user=None):
    """A fresh browser context of the live server that reads ``language`` (its locale and
    ``Accept-Language``), 1280 px wide, with the suite's waiting bound; logged in as ``user``
    (a session cookie made by Django's test client) when one is given."""
    locale = LOCALES[language]
    context = browser.new_context(
        base_url=live_server.url,
        locale=locale,
        extra_http_headers={"Accept-Language": f"{locale},{language};q=0.9"},
        viewport={"width": 1280, "height": 900},
        # No smooth scrolling (Bootstrap turns it on otherwise): elements settle at once.
        reduced_motion="reduce",
    )
    context.set_default_timeout(WAIT_MS)
    if user is not None:
        log_in(context, live_server, user)
    return context


def log_in(context, live_server, user):
    """Give the browser ``context`` a session of ``user``, as if they had logged in."""
    client = Client()
    client.force_login(user)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


@pytest.fixture
def ko_page(browser, live_server):
    """A page of a fresh browser context that reads Korean (``Accept-Language: ko-KR``)."""
    context = new_context(browser, live_server, language="ko")
    try:
        yield context.new_page()
    finally:
        context.close()
