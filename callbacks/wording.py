"""How slots are put into words for readers: "Tuesday 14 October, between 10:00 and 10:30".

One place for this wording so that the form's day groups, the confirmation
page, the cancel page (and, later, text messages) all describe a slot the same
way. Every function takes local (help-line time zone) datetimes or converts to
them; nothing here reads the clock or the database.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo


def day_label(day: date) -> str:
    """ "Tuesday 14 October": the weekday makes the date easy to check, the year is implied."""
    return f"{day:%A} {day.day} {day:%B}"


def time_range(local_start: datetime, local_end: datetime) -> str:
    """ "10:00 – 10:30", the option text in the slot list (its day is the option group)."""
    return f"{local_start:%H:%M} – {local_end:%H:%M}"


def slot_sentence(start: datetime, end: datetime, time_zone: ZoneInfo) -> str:
    """ "Tuesday 14 October, between 10:00 and 10:30" for a slot stored in UTC."""
    local_start = start.astimezone(time_zone)
    local_end = end.astimezone(time_zone)
    return f"{day_label(local_start.date())}, between {local_start:%H:%M} and {local_end:%H:%M}"


# --- What readers are told about their booking ---------------------------------
# The booking form shows these and the booking services raise them (through
# callbacks/exceptions.py), so a reader reads the same sentence whichever caught
# the problem. Lengths come from the model fields, passed in by the caller.

BOOKING_REFUSED = "Sorry, we could not book that callback."
NAME_REQUIRED = "Enter your name so that we know who to ask for."
NAME_TOO_LONG = "Your name is too long. Keep it to %(limit_value)d characters or fewer."
TOPIC_REQUIRED = "Choose what you would like to talk about."
NOTE_TOO_LONG = "Your note is too long. Keep it to %(limit_value)d characters or fewer (it has %(show_value)d)."
CONSENT_REQUIRED = "Tick the box to agree to us keeping your details. We can only book a callback with your consent."
CANCEL_REASON_TOO_LONG = "Keep the reason to %(limit_value)d characters or fewer."
TEXT_ME_NOT_MOBILE = "We can only send text messages to a mobile number. Give a mobile number, or untick “Text me”."
SLOT_FULL = (
    "Sorry, the time you chose has just been fully booked by someone else. "
    "Please choose another time from the list, or choose “First available”."
)
SLOT_NOT_BOOKABLE = (
    "Sorry, the time you chose can no longer be booked: it is too soon or outside our hours. "
    "Please choose another time from the list, or choose “First available”."
)
# Moving a booking offers no "First available".
MOVE_SLOT_FULL = "Sorry, the time you chose has just been fully booked by someone else. Please choose another time."
MOVE_SLOT_NOT_BOOKABLE = (
    "Sorry, the time you chose can no longer be booked: it is too soon or outside our hours. "
    "Please choose another time."
)
BOOKING_PAUSED = (
    "This form has been sent with problems many times from your connection in a short while, so we have "
    "paused booking from it for up to {minutes} minutes. Nothing you typed is lost: it is all below. "
    "Please check it and send it again later, or call the help line on {number}."
)


def _call_us(number: str) -> str:
    return f"call the help line on {number}" if number else "call the help line"


def no_slots_left(number: str = "") -> str:
    """Nothing to book in the whole booking window; `number` is the help line's, when the caller has it."""
    return (
        "Sorry, there are no callback times left in the next few days, so we could not book one. "
        f"Please {_call_us(number)} instead."
    )


def already_booked(number: str = "") -> str:
    """The phone number has an open booking. Says nothing about it: whoever typed the number may not have made it."""
    return (
        "There is already a callback booked for this phone number, so we can't book another. "
        "To change it, use the cancel link on your booking confirmation and then book a new time, "
        f"or {_call_us(number)}."
    )
