"""The "add to calendar" file for a booking: one iCalendar event, made with the icalendar library.

- The UID is the booking's reference, so the file for a moved booking
  replaces the one the reader added before (SEQUENCE counts the moves, which
  is how calendars tell the newer file); a cancelled booking's file says
  STATUS:CANCELLED and removes it.
- Start and end are written in UTC, which every calendar reads the same way
  across the clock changes; the help line's zone (Europe/London) is named in
  X-WR-TIMEZONE and the local time written out in the description.
- A reminder (VALARM) pops up 15 minutes before the slot.
- A reader who asked us not to say who we are gets a file that says only
  "Phone call" and the reference: a calendar is as easy for someone else to
  read as a text message, so neither the help line's name nor the link (whose
  address names the site) is in it.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event

from callbacks.wording import slot_sentence

REMINDER_BEFORE = timedelta(minutes=15)
DISCREET_TITLE = "Phone call"
# Names no organisation: see "Phone call" above.
PRODUCT_ID = "-//Callbacks//Booking calendar file//EN"


@dataclass(frozen=True)
class CalendarBooking:
    """What the calendar file says about one booking."""

    reference: str
    start: datetime  # UTC
    end: datetime  # UTC
    times_moved: int
    is_cancelled: bool
    may_identify_org: bool
    help_line_name: str
    helpline_number: str
    manage_url: str
    time_zone: ZoneInfo


def calendar_file_name(reference: str) -> str:
    return f"callback-{reference}.ics"


def calendar_file(booking: CalendarBooking, *, now: datetime) -> bytes:
    """The .ics file's bytes for the booking, stamped `now`."""
    when = slot_sentence(booking.start, booking.end, booking.time_zone)
    if booking.may_identify_org:
        title = f"Callback from the {booking.help_line_name} help line"
        description = (
            f"We will call you on {when} (UK time). Your reference is {booking.reference}. "
            f"To change or cancel it: {booking.manage_url} or call {booking.helpline_number}."
        )
    else:
        title = DISCREET_TITLE
        description = f"{DISCREET_TITLE}. Reference {booking.reference}."

    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-timezone", str(booking.time_zone))

    event = Event()
    event.add("uid", f"{booking.reference}@callbacks")
    event.add("sequence", booking.times_moved)
    event.add("dtstamp", now)
    event.add("dtstart", booking.start)
    event.add("dtend", booking.end)
    event.add("summary", title)
    event.add("description", description)
    event.add("status", "CANCELLED" if booking.is_cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")

    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", title)
    alarm.add("trigger", -REMINDER_BEFORE)
    event.add_component(alarm)

    calendar.add_component(event)
    return calendar.to_ical()
