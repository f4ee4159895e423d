"""When a request comes back after a call nobody answered: a pure rule, tested with literal times."""

from datetime import datetime, time

from callbacks.booking.slots import HelpLineRules, local_to_utc


def day_closes_at(rules: HelpLineRules, moment: datetime) -> datetime | None:
    """The UTC instant the help line last closes on `moment`'s local day; None if it does not open that day.

    A part of the day closed outright (a partial closure with no places) counts
    as closed: "closed on Friday afternoon" ends Friday's work at lunchtime.
    """
    day = moment.astimezone(rules.time_zone).date()
    stretches = rules.open_stretches_on(day)
    if not stretches:
        return None
    closes: time = max(stretch_closes for _opens, stretch_closes in stretches)
    return local_to_utc(day, closes, rules.time_zone)


def retry_not_before(*, now: datetime, slot_start: datetime, delay, rules: HelpLineRules) -> datetime:
    """`now` plus the retry delay, but not after the help line closes on the slot's day.

    A retry held past closing time would drop out of that day's work without
    anyone deciding so; staff who want a later time choose one on the form.
    A slot whose day has already closed (an overdue request from an earlier
    day) gets no wait at all: it is already late.
    """
    wanted = now + delay
    closes = day_closes_at(rules, slot_start)
    if closes is None:
        return wanted
    return max(now, min(wanted, closes))
