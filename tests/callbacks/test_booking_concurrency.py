"""Bookings racing each other on PostgreSQL: never overbooked, never two open requests per phone.

Each thread has its own database connection and transaction; a barrier lines
them up so they really do hit the slot row at the same moment.
"""

import threading
from collections import Counter
from datetime import time, timedelta

import pytest
from django.db import connection

from callbacks.booking.services import book_callback, cancel_callback
from callbacks.booking.slots import OpeningRange, bookable_slots
from callbacks.exceptions import DuplicateOpenBooking, SlotFull
from callbacks.models import CallbackRequest, CallbackSlot, Status

from .conftest import FIRST_SLOT, MONDAY_MORNING, make_rules, phone_number

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_together(count: int, work) -> list:
    """Run work(i) in `count` threads released at once; each result or exception, in thread order."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def target(i: int):
        try:
            barrier.wait(timeout=30)
            results[i] = work(i)
        except Exception as error:  # the test inspects every outcome, whatever it is
            results[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a booking thread hung"
    return results


def booking(rules, *, phone: str, slot_start=FIRST_SLOT):
    return book_callback(
        rules=rules,
        name="Reader",
        phone=phone,
        slot_start=slot_start,
        topic="sciatica",
        note="",
        voicemail_ok=False,
        may_identify_org=False,
        sms_opt_in=False,
        consent_text="I agree.",
        now=MONDAY_MORNING,
    )


def outcome(result) -> str:
    return "booked" if isinstance(result, CallbackRequest) else type(result).__name__


def test_forty_readers_racing_for_four_places_get_exactly_four():
    rules = make_rules(slot_capacity=4)

    results = run_together(40, lambda i: booking(rules, phone=phone_number(i)))

    assert Counter(outcome(result) for result in results) == {"booked": 4, "SlotFull": 36}
    assert all(isinstance(result, CallbackRequest | SlotFull) for result in results)
    assert CallbackSlot.objects.get(start=FIRST_SLOT).booked == 4
    assert CallbackRequest.objects.filter(slot_start=FIRST_SLOT, status=Status.QUEUED).count() == 4


def test_one_phone_racing_itself_across_slots_gets_one_booking_and_one_place():
    # Different slots, so no shared slot row serialises the threads: only the
    # partial unique constraint stands between them and ten open requests.
    rules = make_rules(slot_capacity=4)
    starts = [slot.start for slot in bookable_slots(rules, now=MONDAY_MORNING, booked={})[:10]]

    results = run_together(10, lambda i: booking(rules, phone="07911 123456", slot_start=starts[i]))

    assert Counter(outcome(result) for result in results) == {"booked": 1, "DuplicateOpenBooking": 9}
    assert all(isinstance(result, CallbackRequest | DuplicateOpenBooking) for result in results)
    assert sum(CallbackSlot.objects.values_list("booked", flat=True)) == 1
    assert CallbackRequest.objects.count() == 1


def test_first_available_under_load_fills_slots_in_order_without_errors():
    rules = make_rules(slot_capacity=4)

    results = run_together(10, lambda i: booking(rules, phone=phone_number(i), slot_start=None))

    assert all(isinstance(result, CallbackRequest) for result in results), results
    per_slot = Counter(result.slot_start for result in results)
    half_hour = timedelta(minutes=30)
    assert per_slot == {FIRST_SLOT: 4, FIRST_SLOT + half_hour: 4, FIRST_SLOT + 2 * half_hour: 2}
    assert dict(CallbackSlot.objects.values_list("start", "booked")) == per_slot


def test_simultaneous_cancellations_free_the_place_once():
    rules = make_rules(slot_capacity=4)
    mine = booking(rules, phone=phone_number(1))
    booking(rules, phone=phone_number(2))

    results = run_together(
        8, lambda i: cancel_callback(callback_request=mine, reason="changed my mind", now=MONDAY_MORNING)
    )

    assert all(isinstance(result, CallbackRequest) for result in results), results
    assert CallbackSlot.objects.get(start=FIRST_SLOT).booked == 1
    mine.refresh_from_db()
    assert mine.status == Status.CANCELLED


def test_twenty_readers_racing_for_a_slot_whose_capacity_comes_from_its_range_get_exactly_that_many():
    # The default would allow 4; the morning range allows 2, and the row must be made and filled at 2.
    morning = OpeningRange(0, time(9), time(12, 30), capacity=2)
    rules = make_rules(slot_capacity=4, opening_hours=(morning, OpeningRange(0, time(13, 30), time(17))))

    results = run_together(20, lambda i: booking(rules, phone=phone_number(i)))

    assert Counter(outcome(result) for result in results) == {"booked": 2, "SlotFull": 18}
    assert CallbackSlot.objects.values_list("booked", "capacity").get(start=FIRST_SLOT) == (2, 2)
    assert CallbackRequest.objects.filter(slot_start=FIRST_SLOT, status=Status.QUEUED).count() == 2
