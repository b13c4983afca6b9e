"""Real-browser tests: Playwright drives Debian's Chromium at /usr/bin/chromium (never a downloaded browser)."""

from pathlib import Path

import pytest
from django.db import connections

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=f"no browser: {CHROMIUM} is missing (apt-get install chromium)")
    for item in items:
        if "e2e" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def page(monkeypatch):
    """A page of a fresh headless Chromium, closed before the test's database is cleaned."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in the test's thread, where Django's ORM would refuse to run.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(20_000)
        yield page
        browser.close()
        # the ORM opened its own connections while Playwright ran; left open, the test database could not be dropped
        connections.close_all()
