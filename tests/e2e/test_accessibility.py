"""axe-core finds no WCAG 2.2 A or AA violations on the pages readers use, in Debian's Chromium.

One demo site, then each page as a subtest, so every page is checked and
reported even when another fails. A failure lists each violation's rule,
impact and elements. Screenshots of each page land in tests/e2e/artifacts.
"""

import os

import pytest
from playwright.sync_api import expect

from tests.e2e.a11y_support import (
    CALLBACK_PATH,
    axe_violations,
    choose_day,
    describe,
    fill_booking_form,
    load_demo_open_round_the_clock,
    open_day_times,
)

ARTICLE_PATH = "/articles/improve-mood-and-ease-back-pain/"


def open_path(path):
    def visit(page, base_url):
        page.goto(base_url + path)

    return visit


def callback_page_with_errors(page, base_url):
    page.goto(base_url + CALLBACK_PATH)
    page.get_by_role("button", name="Book my callback").click()
    expect(page.locator("[data-error-summary]")).to_be_visible()


def booking_confirmation(page, base_url, *, phone: str = "07911 123456"):
    page.goto(base_url + CALLBACK_PATH)
    fill_booking_form(page, phone=phone)
    page.get_by_role("button", name="Book my callback").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your callback is booked")


def manage_page(page, base_url, *, phone: str = "07911 100001"):
    booking_confirmation(page, base_url, phone=phone)
    page.get_by_role("link", name="Manage my booking").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your callback booking")


def move_page_with_errors(page, base_url):
    manage_page(page, base_url, phone="07911 100002")
    page.get_by_role("link", name="Change the time").click()
    page.get_by_role("button", name="Move my callback").click()
    expect(page.locator("[data-error-summary]")).to_be_visible()


def moved_booking(page, base_url):
    manage_page(page, base_url, phone="07911 100003")
    page.get_by_role("link", name="Change the time").click()
    choose_day(page, 1)
    open_day_times(page).nth(1).check()
    page.get_by_role("button", name="Move my callback").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your callback has moved")


def article_with_reply_errors(page, base_url):
    page.goto(base_url + ARTICLE_PATH)
    page.get_by_role("button", name="Send comment").click()
    expect(page.locator("#leave-a-reply .error-summary")).to_be_visible()


def article_after_feedback(page, base_url):
    page.goto(base_url + ARTICLE_PATH)
    page.locator("#feedback").get_by_label("Yes").check()
    page.get_by_role("button", name="Send feedback").click()
    expect(page.locator("#feedback .site-message")).to_be_visible()


PAGES = [
    ("home", open_path("/")),
    ("articles index", open_path("/articles/")),
    ("article", open_path(ARTICLE_PATH)),
    ("tag page", open_path("/articles/tags/back-pain/")),
    ("search results", open_path("/search/?query=back+pain")),
    ("search, nothing found", open_path("/search/?query=xylophone")),
    ("search, empty query", open_path("/search/?query=")),
    ("callback page", open_path(CALLBACK_PATH)),
    ("callback page with form errors", callback_page_with_errors),
    ("booking confirmation", booking_confirmation),
    ("manage my booking", manage_page),
    ("move booking with errors", move_page_with_errors),
    ("booking moved", moved_booking),
    ("404 page", open_path("/no-such-page/")),
    ("article with reply errors", article_with_reply_errors),
    ("article after feedback", article_after_feedback),
]


@pytest.mark.browser
def test_no_wcag_22_a_or_aa_violations_on_readers_pages(live_server, transactional_db, page, artifacts_dir, subtests):
    load_demo_open_round_the_clock()
    summary = []

    for name, visit in PAGES:
        with subtests.test(msg=name):
            visit(page, live_server.url)
            page.screenshot(path=os.path.join(artifacts_dir, f"a11y_{name.replace(' ', '_')}.png"), full_page=True)
            violations = axe_violations(page)
            summary.append(f"{name}: {len(violations)} violation(s)")
            assert not violations, f"axe-core on the {name} ({page.url}):\n{describe(violations)}"

    print("\naxe-core, WCAG 2.2 A and AA:\n" + "\n".join(summary))


@pytest.mark.browser
def test_the_check_itself_catches_violations(page):
    """A page with an unlabelled input and an image without alt text fails, with its rules named."""
    page.set_content(
        '<!DOCTYPE html><html lang="en"><head><title>Broken</title></head>'
        '<body><main><h1>Broken</h1><img src="data:,"><input type="text"></main></body></html>'
    )

    violations = axe_violations(page)

    assert {"image-alt", "label"} <= {violation["id"] for violation in violations}
    assert "image-alt (critical)" in describe(violations)
