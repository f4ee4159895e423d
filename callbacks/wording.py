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
