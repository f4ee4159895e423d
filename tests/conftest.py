"""Shared fixtures: the browser, and the PostgreSQL-only and concurrent-readers markers.

Tests that need PostgreSQL or Chromium skip with their reason where those are
missing. `.ci/run` sets STRICT_SKIPS=1, and there a missing browser (or a
PostgreSQL test skipped while DATABASE_URL points at PostgreSQL) fails instead.
"""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in the test thread; Django would
# otherwise refuse ORM calls made from that thread by the tests themselves.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def strict_skips() -> bool:
    return os.environ.get("STRICT_SKIPS") == "1"


def skip_or_fail(reason: str):
    if strict_skips():
        pytest.fail(f"{reason} (STRICT_SKIPS=1: this run must not skip it)")
    pytest.skip(reason)


def pytest_runtest_setup(item):
    if item.get_closest_marker("concurrent_readers"):
        from django.db import connection

        if connection.vendor == "sqlite" and connection.is_in_memory_db():
            reason = (
                "needs PostgreSQL or SQLite in a file: in memory, SQLite locks whole tables across connections "
                "(SQLITE_TEST_FILE=/tmp/<dir>/test.sqlite3 pytest -m concurrent_readers)"
            )
            if strict_skips() and os.environ.get("SQLITE_TEST_FILE"):
                pytest.fail(reason)
            pytest.skip(reason)
    if item.get_closest_marker("postgres"):
        from django.db import connection

        if connection.vendor != "postgresql":
            reason = "needs PostgreSQL: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> (make test-postgres)"
            if strict_skips() and os.environ.get("DATABASE_URL", "").startswith("postgres"):
                pytest.fail(reason)
            pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; never a downloaded browser."""
    executable = shutil.which("chromium")
    if not executable:
        skip_or_fail("Chromium is not installed (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def artifacts_dir():
    """Where browser tests save screenshots (ignored by git)."""
    path = os.path.join(os.path.dirname(__file__), "e2e", "artifacts")
    os.makedirs(path, exist_ok=True)
    return path


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: cached settings and rate-limit counters
    must not leak from one test's (rolled back) database into the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
