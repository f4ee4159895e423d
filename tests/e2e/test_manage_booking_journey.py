"""A reader books with the day-then-time picker, then manages the booking from its confirmation.

They open "Manage my booking", download the calendar file, move the callback
to another day and cancel it; screenshots of each step land in
tests/e2e/artifacts/. The help line is open round the clock (real time: the
browser and the live server share no frozen clock).
"""

import os
from datetime import UTC

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from callbacks.models import CallbackRequest, CallbackSlot, Status
from tests.e2e.a11y_support import (
    CALLBACK_PATH,
    choose_day,
    fill_booking_form,
    load_demo_open_round_the_clock,
    open_day_times,
)


def slot_value(moment) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ")


@pytest.mark.browser
def test_a_reader_books_manages_downloads_moves_and_cancels(live_server, transactional_db, page, artifacts_dir):
    load_demo_open_round_the_clock()

    def screenshot(name: str) -> None:
        page.screenshot(path=os.path.join(artifacts_dir, f"manage_{name}.png"), full_page=True)

    page.goto(live_server.url + CALLBACK_PATH)
    fill_booking_form(page)
    choose_day(page, 1)  # tomorrow: a whole day of times whatever the hour now
    booked_time = open_day_times(page).nth(2)
    booked_value, booked_words = booked_time.get_attribute("value"), booked_time.get_attribute("data-words")
    booked_time.check()
    expect(page.locator("[data-slot-chosen]")).to_have_text(booked_words)
    screenshot("1_picker")
    page.get_by_role("button", name="Book my callback").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your callback is booked")
    booking = CallbackRequest.objects.get(name="Alex Reader")
    assert slot_value(booking.slot_start) == booked_value
    screenshot("2_confirmation")

    page.get_by_role("link", name="Manage my booking").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your callback booking")
    expect(page.locator(".booking-summary")).to_contain_text(booking.reference)
    expect(page.locator("[data-booking-time]")).to_contain_text(booked_words)
    manage_url = page.url
    screenshot("3_manage")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Add to my calendar (.ics file)").click()
    download = download_info.value
    assert download.suggested_filename == f"callback-{booking.reference}.ics"
    with open(download.path(), "rb") as ics:
        event = Calendar.from_ical(ics.read()).walk("VEVENT")[0]
    assert event.decoded("dtstart") == booking.slot_start
    assert str(event["uid"]) == f"{booking.reference}@callbacks"

    page.get_by_role("link", name="Change the time").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change the time of your callback")
    choose_day(page, 2)
    new_time = open_day_times(page).nth(4)
    new_value, new_words = new_time.get_attribute("value"), new_time.get_attribute("data-words")
    new_time.check()
    expect(page.locator("[data-slot-chosen]")).to_have_text(new_words)
    screenshot("4_move")
    new_slot = CallbackSlot.objects.filter(start__gte=booking.slot_start).order_by("start")
    taken_before = {slot.start: slot.booked for slot in new_slot}
    page.get_by_role("button", name="Move my callback").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your callback has moved")
    expect(page.locator(".callback-confirmation-reference")).to_contain_text(booking.reference)
    expect(page.locator("[data-booking-time]")).to_contain_text(new_words)
    assert page.url != manage_url
    booking.refresh_from_db()
    assert slot_value(booking.slot_start) == new_value
    assert CallbackSlot.objects.get(start=booking.slot_start).booked == taken_before.get(booking.slot_start, 0) + 1
    screenshot("5_moved")

    page.get_by_role("link", name="Cancel this callback").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cancel your callback?")
    page.get_by_role("button", name="Yes, cancel my callback").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your callback is cancelled")
    screenshot("6_cancelled")
    booking.refresh_from_db()
    assert booking.status == Status.CANCELLED
