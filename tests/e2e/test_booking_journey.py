"""A reader books a callback in a real browser, gets a phone number wrong, fixes it, then cancels.

The help line is open round the clock here, so there are free slots whatever
day and hour the suite runs (real time: the browser and the live server share
no frozen clock).
"""

import os
from datetime import time

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from callbacks.blocks import WEEKDAY_KEYS
from callbacks.demo import opening_hours_value
from callbacks.models import CallbackPage, CallbackRequest, HelpLineSettings, Status
from tests.e2e.a11y_support import choose_day, open_day_times
from tests.home.factories import site_home_page


def seed_callback_page() -> CallbackPage:
    home = site_home_page()
    HelpLineSettings.objects.create(
        opening_hours=opening_hours_value([(day, time(0), time(23, 59)) for day in WEEKDAY_KEYS]),
    )
    page = CallbackPage(
        title="Request a callback",
        slug="request-a-callback",
        intro="<p>Choose a time and one of our advisers will ring you.</p>",
        what_happens_next="<p>We ring you during the half hour you choose.</p>",
        confirmation_text="<p>Thank you. Keep your reference handy.</p>",
    )
    home.add_child(instance=page)
    return page


@pytest.mark.browser
def test_a_reader_books_fixes_a_typo_and_cancels(live_server, transactional_db, page, artifacts_dir):
    cache.clear()
    callback_page = seed_callback_page()

    def screenshot(name: str) -> None:
        page.screenshot(path=os.path.join(artifacts_dir, f"booking_{name}.png"), full_page=True)

    page.goto(live_server.url + callback_page.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Request a callback")
    screenshot("1_form")

    page.get_by_role("radio", name="No").first.check()
    page.get_by_label("Your name").fill("Alex Reader")
    page.get_by_label("Phone number").fill("07911 12345")
    # The day picker shows one day at a time; tomorrow has a full day of times whatever the hour now.
    expect(page.locator("[data-slot-day]:visible")).to_have_count(1)
    choose_day(page, 1)
    expect(page.locator("[data-slot-day]:visible")).to_have_count(1)
    chosen = open_day_times(page).nth(3)
    chosen_value, chosen_words = chosen.get_attribute("value"), chosen.get_attribute("data-words")
    chosen.check()
    expect(page.locator("[data-slot-chosen]")).to_have_text(chosen_words)
    page.get_by_label("Sciatica", exact=True).check()
    page.locator("#id_voicemail_ok_0").check()
    page.locator("#id_may_identify_org_1").check()
    page.get_by_label("I agree that the help line may keep").check()
    page.get_by_role("button", name="Book my callback").click()

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("That number is too short")
    expect(page.locator("#id_phone_error")).to_contain_text("That number is too short")
    expect(page.get_by_label("Your name")).to_have_value("Alex Reader")
    expect(page.locator(f"input[name=slot][value='{chosen_value}']")).to_be_checked()
    expect(page.locator("[data-slot-chosen]")).to_have_text(chosen_words)
    screenshot("2_phone_error")

    summary.get_by_role("link", name="That number is too short").click()
    expect(page.get_by_label("Phone number")).to_be_focused()
    page.get_by_label("Phone number").fill("07911 123456")
    page.get_by_role("button", name="Book my callback").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your callback is booked")
    assert "/confirmation/" in page.url
    booking = CallbackRequest.objects.get()
    expect(page.locator(".callback-confirmation-reference")).to_contain_text(booking.reference)
    expect(page.locator(".booking-summary")).to_contain_text(chosen_words)
    expect(page.locator(".booking-summary")).to_contain_text("07911 123456")
    screenshot("3_confirmation")

    page.get_by_role("link", name="Manage my booking").click()
    page.get_by_role("link", name="Cancel this callback").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cancel your callback?")
    expect(page.locator(".booking-summary")).to_contain_text(booking.reference)
    screenshot("4_cancel")

    page.get_by_role("button", name="Yes, cancel my callback").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your callback is cancelled")
    screenshot("5_cancelled")
    booking.refresh_from_db()
    assert booking.status == Status.CANCELLED
