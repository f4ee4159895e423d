"""Reads for the callback page: free places from the database, in a fixed number of queries."""

from datetime import timedelta

import pytest

from callbacks.booking import selectors
from callbacks.booking.services import cancel_callback
from callbacks.models import CallbackSlot

from .conftest import FIRST_SLOT, MONDAY_MORNING, london, make_rules, phone_number

pytestmark = pytest.mark.django_db

NEXT_SLOT = FIRST_SLOT + timedelta(minutes=30)


def test_available_slots_show_free_places_from_bookings_in_one_query(book, rules, django_assert_num_queries):
    for n in range(4):
        book(slot_start=FIRST_SLOT, phone=phone_number(n))
    book(slot_start=NEXT_SLOT, phone=phone_number(10))

    with django_assert_num_queries(1):
        slots = selectors.available_slots(rules=rules, now=MONDAY_MORNING)

    assert slots[0].start == NEXT_SLOT
    assert (slots[0].booked, slots[0].free) == (1, 3)
    assert slots[1].free == 4


def test_slot_rows_outside_the_window_do_not_matter(rules):
    CallbackSlot.objects.create(start=london(2026, 11, 20, 10), end=london(2026, 11, 20, 10, 30), capacity=4, booked=4)

    slots = selectors.available_slots(rules=rules, now=MONDAY_MORNING)

    assert slots[0].start == FIRST_SLOT


def test_available_days_group_the_same_slots(rules, django_assert_num_queries):
    with django_assert_num_queries(1):
        days = selectors.available_days(rules=rules, now=MONDAY_MORNING)

    assert days[0].day == FIRST_SLOT.date()
    assert days[0].slots[0].start == FIRST_SLOT
    # 23 Nov to 5 Dec less the Sunday; 7 Dec is 14 days on but its slots start after 08:00.
    assert len(days) == 12
    assert all(day.day.weekday() != 6 for day in days)


def test_slot_is_bookable_checks_rules_and_free_places(book, rules):
    for n in range(3):
        book(phone=phone_number(n))

    assert selectors.slot_is_bookable(rules=rules, start=FIRST_SLOT, now=MONDAY_MORNING) is True
    last = book(phone=phone_number(3))
    assert selectors.slot_is_bookable(rules=rules, start=FIRST_SLOT, now=MONDAY_MORNING) is False
    cancel_callback(callback_request=last, reason="", now=MONDAY_MORNING)
    assert selectors.slot_is_bookable(rules=rules, start=FIRST_SLOT, now=MONDAY_MORNING) is True
    assert selectors.slot_is_bookable(rules=rules, start=london(2026, 11, 29, 10), now=MONDAY_MORNING) is False
    assert selectors.slot_is_bookable(rules=make_rules(slot_capacity=3), start=FIRST_SLOT, now=MONDAY_MORNING) is False


def test_a_reference_is_found_however_the_reader_types_it(book):
    request = book()
    typed = request.reference.lower().replace("-", " ")

    assert selectors.callback_request_by_reference(typed) == request
    assert selectors.callback_request_by_reference(request.reference[3:]) == request
    assert selectors.callback_request_by_reference("CB-2222-2222") is None
    assert selectors.callback_request_by_reference("not a reference") is None


def test_open_status_for_the_header(rules):
    status = selectors.help_line_open_status(rules=rules, now=MONDAY_MORNING)

    assert status.label == "Closed - opens today 09:00"
