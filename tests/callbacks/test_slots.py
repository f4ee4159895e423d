"""The pure slot rules: grid, hours, closures, notice, horizon, capacity, clock changes, "open now"."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from callbacks.booking.slots import (
    OpeningRange,
    bookable_slots,
    find_overlaps,
    group_by_day,
    local_to_utc,
    open_status,
    slot_starting_at,
    slots_on,
)

from .conftest import CHRISTMAS, LONDON, MONDAY_MORNING, london, make_rules


def local_times(slots):
    return [slot.local_start.strftime("%a %d %H:%M") for slot in slots]


def starts_on(rules, day):
    return [start for start, _end in slots_on(rules, day)]


# --- the grid -------------------------------------------------------------------


def test_two_ranges_a_day_give_slots_in_both_and_none_in_the_lunch_break(rules):
    starts = [s.astimezone(LONDON).strftime("%H:%M") for s in starts_on(rules, date(2026, 11, 23))]

    assert starts == [
        *("09:00", "09:30", "10:00", "10:30", "11:00", "11:30", "12:00"),
        *("13:30", "14:00", "14:30", "15:00", "15:30", "16:00", "16:30"),
    ]


def test_a_slot_must_end_by_closing_time():
    rules = make_rules(opening_hours=(OpeningRange(0, time(10), time(11, 45)),))

    starts = [s.astimezone(LONDON).strftime("%H:%M") for s in starts_on(rules, date(2026, 11, 23))]

    assert starts == ["10:00", "10:30", "11:00"]


def test_slot_length_comes_from_the_rules():
    rules = make_rules(slot_minutes=45, opening_hours=(OpeningRange(0, time(9), time(12)),))

    slots = list(slots_on(rules, date(2026, 11, 23)))

    assert [s.astimezone(LONDON).strftime("%H:%M") for s, _ in slots] == ["09:00", "09:45", "10:30", "11:15"]
    assert all(end - start == timedelta(minutes=45) for start, end in slots)


def test_sunday_has_no_hours_so_no_slots(rules):
    slots = bookable_slots(rules, now=MONDAY_MORNING, booked={})

    assert slots
    assert not [slot for slot in slots if slot.local_start.weekday() == 6]
    assert starts_on(rules, date(2026, 11, 29)) == []


def test_saturday_has_its_own_shorter_hours(rules):
    starts = [s.astimezone(LONDON).strftime("%H:%M") for s in starts_on(rules, date(2026, 11, 28))]

    assert starts == ["10:00", "10:30", "11:00", "11:30", "12:00", "12:30"]


def test_closure_date_offers_nothing_and_the_next_day_is_unaffected():
    rules = make_rules(closures=frozenset({date(2026, 11, 24)}))

    slots = bookable_slots(rules, now=MONDAY_MORNING, booked={})
    days = {slot.local_start.date() for slot in slots}

    assert date(2026, 11, 24) not in days
    assert date(2026, 11, 23) in days
    assert date(2026, 11, 25) in days


def test_christmas_closure_on_a_friday():
    rules = make_rules(closures=frozenset({CHRISTMAS}))

    assert starts_on(rules, CHRISTMAS) == []
    assert len(starts_on(rules, CHRISTMAS - timedelta(days=1))) == 14


# --- notice and horizon -------------------------------------------------------------


def test_first_slot_respects_minimum_notice_exactly(rules):
    # 10:00 is exactly two hours after 08:00: allowed. 09:30 is not.
    slots = bookable_slots(rules, now=MONDAY_MORNING, booked={})

    assert slots[0].start == london(2026, 11, 23, 10)


def test_a_slot_one_minute_inside_the_notice_is_not_offered(rules):
    slots = bookable_slots(rules, now=london(2026, 11, 23, 8, 1), booked={})

    assert slots[0].start == london(2026, 11, 23, 10, 30)


def test_notice_can_push_the_first_slot_past_lunch(rules):
    slots = bookable_slots(rules, now=london(2026, 11, 23, 10, 5), booked={})

    assert slots[0].start == london(2026, 11, 23, 13, 30)


def test_horizon_excludes_a_slot_starting_exactly_at_its_end():
    rules = make_rules(min_notice_minutes=0, horizon_days=14)
    now = london(2026, 11, 23, 9)

    slots = bookable_slots(rules, now=now, booked={})

    assert slots[0].start == now
    assert slots[-1].start < now + timedelta(days=14)
    assert london(2026, 12, 7, 9) not in {slot.start for slot in slots}
    # The Saturday before is the last bookable day: 5 Dec, 12:30.
    assert slots[-1].start == london(2026, 12, 5, 12, 30)


def test_a_shorter_horizon_offers_fewer_days():
    rules = make_rules(horizon_days=2)

    slots = bookable_slots(rules, now=MONDAY_MORNING, booked={})

    assert {slot.local_start.date() for slot in slots} == {date(2026, 11, 23), date(2026, 11, 24)}
    assert slots[-1].start == london(2026, 11, 24, 16, 30)


# --- capacity ---------------------------------------------------------------------


def test_free_places_are_capacity_minus_booked_and_full_slots_are_left_out(rules):
    booked = {london(2026, 11, 23, 10): 4, london(2026, 11, 23, 10, 30): 3, london(2026, 11, 23, 11): 1}

    slots = bookable_slots(rules, now=MONDAY_MORNING, booked=booked)
    by_start = {slot.start: slot for slot in slots}

    assert london(2026, 11, 23, 10) not in by_start
    assert by_start[london(2026, 11, 23, 10, 30)].free == 1
    assert by_start[london(2026, 11, 23, 11)].free == 3
    assert by_start[london(2026, 11, 23, 11, 30)].free == 4
    assert by_start[london(2026, 11, 23, 11, 30)].capacity == 4


def test_lowering_capacity_below_the_booked_count_hides_the_slot():
    rules = make_rules(slot_capacity=2)

    slots = bookable_slots(rules, now=MONDAY_MORNING, booked={london(2026, 11, 23, 10): 3})

    assert slots[0].start == london(2026, 11, 23, 10, 30)
    assert slots[0].free == 2


# --- clock changes --------------------------------------------------------------------


def test_spring_forward_week_moves_the_utc_time_of_a_9am_slot():
    # Sunday 29 March 2026 the clocks go forward: 09:00 is 09:00 UTC on Friday, 08:00 UTC on Monday.
    rules = make_rules(min_notice_minutes=0)
    slots = bookable_slots(rules, now=datetime(2026, 3, 27, 0, 0, tzinfo=UTC), booked={})
    first_of_day = {}
    for slot in slots:
        first_of_day.setdefault(slot.local_start.date(), slot)

    friday, saturday, monday = date(2026, 3, 27), date(2026, 3, 28), date(2026, 3, 30)
    assert first_of_day[friday].start == datetime(2026, 3, 27, 9, 0, tzinfo=UTC)
    assert first_of_day[saturday].start == datetime(2026, 3, 28, 10, 0, tzinfo=UTC)
    assert first_of_day[monday].start == datetime(2026, 3, 30, 8, 0, tzinfo=UTC)
    assert first_of_day[monday].local_start.strftime("%H:%M %Z") == "09:00 BST"
    assert first_of_day[friday].local_start.strftime("%H:%M %Z") == "09:00 GMT"
    assert date(2026, 3, 29) not in first_of_day


def test_fall_back_week_moves_the_utc_time_of_a_9am_slot():
    # Sunday 25 October 2026 the clocks go back: 09:00 is 08:00 UTC on Friday, 09:00 UTC on Monday.
    rules = make_rules(min_notice_minutes=0)
    slots = bookable_slots(rules, now=datetime(2026, 10, 23, 0, 0, tzinfo=UTC), booked={})
    first_of_day = {}
    for slot in slots:
        first_of_day.setdefault(slot.local_start.date(), slot)

    assert first_of_day[date(2026, 10, 23)].start == datetime(2026, 10, 23, 8, 0, tzinfo=UTC)
    assert first_of_day[date(2026, 10, 24)].start == datetime(2026, 10, 24, 9, 0, tzinfo=UTC)
    assert first_of_day[date(2026, 10, 26)].start == datetime(2026, 10, 26, 9, 0, tzinfo=UTC)
    # Every slot still lasts exactly 30 minutes and every local start is on the half hour.
    assert all(slot.end - slot.start == timedelta(minutes=30) for slot in slots)
    assert {slot.local_start.minute for slot in slots} == {0, 30}


def test_night_range_on_the_spring_forward_sunday_skips_the_hour_that_never_happens():
    rules = make_rules(opening_hours=(OpeningRange(6, time(0), time(3)),))

    local = [s.astimezone(LONDON).strftime("%H:%M") for s in starts_on(rules, date(2026, 3, 29))]
    utc = [s.strftime("%H:%M") for s in starts_on(rules, date(2026, 3, 29))]

    assert local == ["00:00", "00:30", "02:00", "02:30"]
    assert utc == ["00:00", "00:30", "01:00", "01:30"]


def test_night_range_on_the_fall_back_sunday_offers_the_repeated_hour_once():
    rules = make_rules(opening_hours=(OpeningRange(6, time(0), time(3)),))

    starts = starts_on(rules, date(2026, 10, 25))

    assert len(starts) == len(set(starts)) == 6
    assert [s.strftime("%d %H:%M") for s in starts] == [
        "24 23:00",
        "24 23:30",
        "25 00:00",
        "25 00:30",
        "25 02:00",
        "25 02:30",
    ]


def test_local_to_utc_returns_none_for_a_skipped_wall_time():
    assert local_to_utc(date(2026, 3, 29), time(1, 30), LONDON) is None
    assert local_to_utc(date(2026, 3, 29), time(2, 0), LONDON) == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)


def test_slots_are_grouped_by_local_day_not_utc_day():
    # In summer local 00:00-01:00 Sunday is 23:00-00:00 UTC on Saturday.
    rules = make_rules(min_notice_minutes=0, opening_hours=(OpeningRange(6, time(0), time(1)),))
    slots = bookable_slots(rules, now=datetime(2026, 7, 1, tzinfo=UTC), booked={})

    days = group_by_day(slots)

    assert days[0].day == date(2026, 7, 5)
    assert [slot.start for slot in days[0].slots] == [
        datetime(2026, 7, 4, 23, 0, tzinfo=UTC),
        datetime(2026, 7, 4, 23, 30, tzinfo=UTC),
    ]
    assert all(day.day.weekday() == 6 for day in days)


def test_group_by_day_keeps_days_and_slots_in_order(rules):
    slots = bookable_slots(rules, now=MONDAY_MORNING, booked={})

    days = group_by_day(reversed(slots))

    assert [day.day for day in days] == sorted({slot.local_start.date() for slot in slots})
    assert days[0].slots[0].start == london(2026, 11, 23, 10)
    assert sum(len(day.slots) for day in days) == len(slots)


# --- checking one chosen slot ------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "bookable"),
    [
        (london(2026, 11, 23, 10), True),
        (london(2026, 11, 24, 16, 30), True),
        (london(2026, 11, 23, 9, 30), False),  # inside the two hours' notice
        (london(2026, 11, 23, 10, 15), False),  # off the half-hour grid
        (london(2026, 11, 23, 12, 30), False),  # lunch break
        (london(2026, 11, 23, 17), False),  # closing time
        (london(2026, 11, 29, 10), False),  # Sunday
        (london(2026, 11, 25, 10), False),  # a closure date, a Wednesday
        (london(2026, 11, 26, 10), True),  # the day after it
        (london(2026, 12, 7, 10), False),  # beyond the 14-day horizon
        (london(2026, 11, 20, 10), False),  # in the past
    ],
)
def test_slot_starting_at_applies_every_rule(start, bookable):
    rules = make_rules(closures=frozenset({date(2026, 11, 25)}))

    slot = slot_starting_at(rules, start=start, now=MONDAY_MORNING)

    assert (slot is not None) is bookable
    if slot:
        assert slot.start == start
        assert slot.end == start + timedelta(minutes=30)


def test_slot_starting_at_accepts_the_same_instant_in_any_zone(rules):
    local = datetime(2026, 11, 23, 10, 0, tzinfo=LONDON)

    assert slot_starting_at(rules, start=local, now=MONDAY_MORNING).start == london(2026, 11, 23, 10)


def test_naive_datetimes_are_refused(rules):
    with pytest.raises(ValueError, match="timezone-aware"):
        bookable_slots(rules, now=datetime(2026, 11, 23, 8), booked={})
    with pytest.raises(ValueError, match="timezone-aware"):
        slot_starting_at(rules, start=datetime(2026, 11, 23, 10), now=MONDAY_MORNING)


def test_zero_length_slots_are_refused():
    with pytest.raises(ValueError, match="slot_minutes"):
        make_rules(slot_minutes=0)


# --- overlaps ----------------------------------------------------------------------------


def test_find_overlaps_reports_index_pairs_on_the_same_day_only():
    ranges = [
        OpeningRange(0, time(9), time(12)),
        OpeningRange(0, time(12), time(17)),  # touches the first: fine
        OpeningRange(1, time(9), time(17)),  # another day: fine
        OpeningRange(0, time(11), time(13)),  # overlaps both Monday rows
        OpeningRange(1, time(9), time(17)),  # same as row 2
    ]

    assert find_overlaps(ranges) == [(0, 3), (1, 3), (2, 4)]


# --- open now --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "label"),
    [
        (london(2026, 11, 23, 8, 59), "Closed - opens today 09:00"),
        (london(2026, 11, 23, 9, 0), "Open now until 12:30"),
        (london(2026, 11, 23, 12, 29), "Open now until 12:30"),
        (london(2026, 11, 23, 12, 30), "Closed - opens today 13:30"),
        (london(2026, 11, 23, 16, 59), "Open now until 17:00"),
        (london(2026, 11, 23, 17, 0), "Closed - opens tomorrow 09:00"),
        (london(2026, 11, 27, 18, 0), "Closed - opens tomorrow 10:00"),  # Friday evening
        (london(2026, 11, 28, 11, 0), "Open now until 13:00"),  # Saturday
        (london(2026, 11, 28, 13, 0), "Closed - opens Monday 09:00"),  # Saturday after closing
        (london(2026, 11, 29, 11, 0), "Closed - opens tomorrow 09:00"),  # Sunday
    ],
)
def test_open_status_labels_around_opening_and_closing_and_the_weekend(rules, now, label):
    assert open_status(now, rules).label == label


def test_open_status_says_when_it_changes(rules):
    opened = open_status(london(2026, 11, 23, 10), rules)
    closed = open_status(london(2026, 11, 28, 14), rules)

    assert opened.is_open is True
    assert opened.changes_at == london(2026, 11, 23, 12, 30)
    assert closed.is_open is False
    assert closed.changes_at == london(2026, 11, 30, 9)


def test_touching_ranges_read_as_one_stretch():
    rules = make_rules(opening_hours=(OpeningRange(0, time(9), time(12)), OpeningRange(0, time(12), time(17))))

    assert open_status(london(2026, 11, 23, 11), rules).label == "Open now until 17:00"


def test_closure_is_skipped_when_naming_the_next_opening():
    rules = make_rules(closures=frozenset({date(2026, 11, 30)}))

    assert open_status(london(2026, 11, 28, 14), rules).label == "Closed - opens Tuesday 09:00"
    assert open_status(london(2026, 11, 30, 10), rules).label == "Closed - opens tomorrow 09:00"


def test_a_long_closure_names_the_date_not_just_the_weekday():
    closed_days = frozenset(date(2026, 12, 24) + timedelta(days=n) for n in range(11))
    rules = make_rules(closures=closed_days)

    assert open_status(london(2026, 12, 23, 18), rules).label == "Closed - opens Monday 4 January 09:00"


def test_no_opening_hours_reads_closed_with_no_change_in_sight():
    status = open_status(MONDAY_MORNING, make_rules(opening_hours=()))

    assert status.is_open is False
    assert status.label == "Closed"
    assert status.changes_at is None


def test_open_status_across_the_spring_clock_change(rules):
    # Saturday 28 March after closing: Monday opens at 09:00 BST, which is 08:00 UTC.
    status = open_status(datetime(2026, 3, 28, 14, 0, tzinfo=UTC), rules)
    monday_morning = open_status(datetime(2026, 3, 30, 8, 30, tzinfo=UTC), rules)
    friday_morning = open_status(datetime(2026, 3, 27, 8, 30, tzinfo=UTC), rules)

    assert status.label == "Closed - opens Monday 09:00"
    assert status.changes_at == datetime(2026, 3, 30, 8, 0, tzinfo=UTC)
    assert monday_morning.label == "Open now until 12:30"
    assert monday_morning.changes_at == datetime(2026, 3, 30, 11, 30, tzinfo=UTC)
    assert friday_morning.label == "Closed - opens today 09:00"


def test_open_status_across_the_autumn_clock_change(rules):
    status = open_status(datetime(2026, 10, 24, 14, 0, tzinfo=UTC), rules)
    friday_closing = open_status(datetime(2026, 10, 23, 15, 59, tzinfo=UTC), rules)
    monday_closing = open_status(datetime(2026, 10, 26, 16, 59, tzinfo=UTC), rules)

    assert status.label == "Closed - opens Monday 09:00"
    assert status.changes_at == datetime(2026, 10, 26, 9, 0, tzinfo=UTC)
    assert friday_closing.label == "Open now until 17:00"
    assert friday_closing.changes_at == datetime(2026, 10, 23, 16, 0, tzinfo=UTC)
    assert monday_closing.label == "Open now until 17:00"
