"""The "add to calendar" file: parsed back with icalendar, across both clock changes, and discreet when asked.

In 2026 the clocks go back on Sunday 25 October; in 2027 they go forward on
Sunday 28 March. A 10:00 London slot is 09:00 UTC in summer time and 10:00
UTC in winter.
"""

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from icalendar import Calendar

from callbacks.booking.calendar_file import DISCREET_TITLE, CalendarBooking, calendar_file
from callbacks.models import CallbackRequest

from .booking_page import form_data, make_callback_page, slot_value
from .conftest import MONDAY_MORNING, london

LONDON = ZoneInfo("Europe/London")
MANAGE_URL = "https://helpline.example.org/request-a-callback/manage/TOKEN/"
STAMP = datetime(2026, 10, 1, 9, tzinfo=UTC)


def booking(start: datetime, **overrides) -> CalendarBooking:
    values = {
        "reference": "CB-7KQ4-MX2P",
        "start": start,
        "end": start + timedelta(minutes=30),
        "times_moved": 0,
        "is_cancelled": False,
        "may_identify_org": True,
        "help_line_name": "Sciaticalm",
        "helpline_number": "02380 248725",
        "manage_url": MANAGE_URL,
        "time_zone": LONDON,
    }
    values.update(overrides)
    return CalendarBooking(**values)


def only_event(ics: bytes):
    calendar = Calendar.from_ical(ics)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return calendar, events[0]


@pytest.mark.parametrize(
    ("local", "utc_hour", "words"),
    [
        (london(2026, 10, 24, 10), 9, "Saturday 24 October, between 10:00 and 10:30"),  # summer time
        (london(2026, 10, 26, 10), 10, "Monday 26 October, between 10:00 and 10:30"),  # after the clocks go back
        (london(2027, 3, 27, 10), 10, "Saturday 27 March, between 10:00 and 10:30"),  # winter time
        (london(2027, 3, 29, 10), 9, "Monday 29 March, between 10:00 and 10:30"),  # after the clocks go forward
    ],
)
def test_times_are_utc_and_the_local_time_is_right_across_both_clock_changes(local, utc_hour, words):
    calendar, event = only_event(calendar_file(booking(local), now=STAMP))

    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert start.utcoffset() == timedelta(0)
    assert (start.hour, start.minute) == (utc_hour, 0)
    assert end - start == timedelta(minutes=30)
    assert start.astimezone(LONDON).hour == 10
    assert b"DTSTART:" in calendar.to_ical() and b"Z\r\n" in calendar.to_ical()
    assert str(calendar["x-wr-timezone"]) == "Europe/London"
    assert words in str(event["description"])


def test_the_event_has_a_stable_uid_a_reminder_15_minutes_before_and_the_manage_link():
    start = london(2026, 11, 24, 14)
    _calendar, first = only_event(calendar_file(booking(start), now=STAMP))
    _calendar, moved = only_event(calendar_file(booking(start + timedelta(days=1), times_moved=1), now=STAMP))

    assert str(first["uid"]) == str(moved["uid"]) == "CB-7KQ4-MX2P@callbacks"
    assert (first["sequence"], moved["sequence"]) == (0, 1)
    assert str(first["summary"]) == "Callback from the Sciaticalm help line"
    assert MANAGE_URL in str(first["description"])
    assert "CB-7KQ4-MX2P" in str(first["description"])
    alarms = first.walk("VALARM")
    assert len(alarms) == 1
    assert alarms[0].decoded("trigger") == timedelta(minutes=-15)
    assert str(alarms[0]["action"]) == "DISPLAY"
    assert str(first["status"]) == "CONFIRMED"


def test_a_reader_who_asked_for_discretion_gets_only_phone_call_and_the_reference():
    ics = calendar_file(booking(london(2026, 11, 24, 14), may_identify_org=False), now=STAMP)
    _calendar, event = only_event(ics)

    assert str(event["summary"]) == DISCREET_TITLE
    assert str(event["description"]) == "Phone call. Reference CB-7KQ4-MX2P."
    assert str(event.walk("VALARM")[0]["description"]) == DISCREET_TITLE
    unfolded = ics.decode().replace("\r\n ", "")
    for revealing in ("Sciaticalm", "help line", "helpline.example.org", "02380"):
        assert revealing not in unfolded


def test_a_cancelled_booking_file_cancels_the_event():
    _calendar, event = only_event(calendar_file(booking(london(2026, 11, 24, 14), is_cancelled=True), now=STAMP))

    assert str(event["status"]) == "CANCELLED"


# --- served from the manage page --------------------------------------------------------------


@pytest.mark.django_db
def test_the_manage_page_serves_the_file_privately_and_a_moved_booking_replaces_it(client):
    page = make_callback_page()
    with time_machine.travel(MONDAY_MORNING, tick=False):
        confirmation = client.get(client.post(page.url, form_data(may_identify_org="yes"))["Location"])
        manage_path = re.search(r'href="([^"]*/manage/[^"]+/)"', confirmation.content.decode()).group(1)
        calendar_path = re.search(r'href="([^"]+)"[^>]*download', client.get(manage_path).content.decode()).group(1)

        response = client.get(calendar_path)
        move_path = manage_path + "move/"
        client.post(move_path, {"slot": slot_value(london(2026, 11, 25, 11))})
        booking = CallbackRequest.objects.get()
        new_manage = page.manage_path(booking.reference, booking.slot_end)
        moved_response = client.get(new_manage + "calendar/")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="callback-{booking.reference}.ics"'
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    _calendar, event = only_event(response.content)
    assert event.decoded("dtstart") == london(2026, 11, 23, 10)
    assert f"http://testserver{manage_path}" in str(event["description"])
    _calendar, moved = only_event(moved_response.content)
    assert str(moved["uid"]) == str(event["uid"])
    assert moved["sequence"] > event["sequence"]
    assert moved.decoded("dtstart") == london(2026, 11, 25, 11)
