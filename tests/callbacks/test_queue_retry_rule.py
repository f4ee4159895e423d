"""The retry time after an unanswered call, as a pure rule: the delay, capped at the slot day's closing time."""

from datetime import date, time, timedelta

import pytest

from callbacks.booking.slots import PartialClosure
from callbacks.queue.retry import day_closes_at, retry_not_before

from .conftest import london, make_rules

MINUTES = timedelta(minutes=1)


@pytest.mark.parametrize(
    ("now", "slot_start", "delay", "expected"),
    [
        # Mid-morning: simply the delay (the week closes at 17:00 on weekdays).
        (london(2026, 11, 23, 11), london(2026, 11, 23, 10, 30), 30, london(2026, 11, 23, 11, 30)),
        # Late afternoon: the delay would run past 17:00, so closing time.
        (london(2026, 11, 23, 16, 50), london(2026, 11, 23, 16), 30, london(2026, 11, 23, 17)),
        # Exactly reaching closing time is allowed.
        (london(2026, 11, 23, 16, 30), london(2026, 11, 23, 16), 30, london(2026, 11, 23, 17)),
        # Saturday closes at 13:00.
        (london(2026, 11, 28, 12, 45), london(2026, 11, 28, 12), 60, london(2026, 11, 28, 13)),
        # An overdue request from Friday, tried on Monday: its day closed long ago, so no wait.
        (london(2026, 11, 30, 9, 15), london(2026, 11, 27, 16), 30, london(2026, 11, 30, 9, 15)),
        # Summer time: 17:00 in London is 16:00 UTC.
        (london(2026, 6, 1, 16, 45), london(2026, 6, 1, 16), 30, london(2026, 6, 1, 17)),
        # A slot on a day without hours (Sunday, say after a change of hours): just the delay.
        (london(2026, 11, 29, 10), london(2026, 11, 29, 9), 30, london(2026, 11, 29, 10, 30)),
    ],
)
def test_retry_time(now, slot_start, delay, expected):
    assert retry_not_before(now=now, slot_start=slot_start, delay=delay * MINUTES, rules=make_rules()) == expected


def test_the_closing_time_is_the_days_last_range():
    # Weekdays have two ranges (09:00-12:30, 13:30-17:00): the day closes at the second's end.
    assert day_closes_at(make_rules(), london(2026, 11, 23, 9)) == london(2026, 11, 23, 17)
    assert day_closes_at(make_rules(), london(2026, 11, 29, 9)) is None


def test_an_afternoon_closed_outright_ends_the_day_at_its_start_and_a_reduced_one_does_not():
    closed_afternoon = PartialClosure(day=date(2026, 11, 27), starts=time(13), ends=time(17))
    rules = make_rules(partial_closures=(closed_afternoon,))
    # Weekdays open 09:00-12:30 and 13:30-17:00: with the afternoon closed, the day ends at 12:30.
    assert day_closes_at(rules, london(2026, 11, 27, 9)) == london(2026, 11, 27, 12, 30)
    assert retry_not_before(
        now=london(2026, 11, 27, 12, 10), slot_start=london(2026, 11, 27, 12), delay=30 * MINUTES, rules=rules
    ) == london(2026, 11, 27, 12, 30)

    reduced = make_rules(
        partial_closures=(PartialClosure(day=date(2026, 11, 27), starts=time(13), ends=time(17), capacity=1),)
    )
    assert day_closes_at(reduced, london(2026, 11, 27, 9)) == london(2026, 11, 27, 17)
