"""Readers moving their bookings at the same moment on PostgreSQL: capacity holds, nobody deadlocks.

Each thread has its own connection and transaction (run_together lines them
up on a barrier); every reader has a booking of their own to move.
"""

from collections import Counter

import pytest

from callbacks.booking.services import reschedule_callback
from callbacks.booking.slots import bookable_slots
from callbacks.exceptions import SlotFull
from callbacks.models import CallbackRequest, CallbackSlot, Status

from .conftest import MONDAY_MORNING, make_rules, phone_number
from .test_booking_concurrency import booking, run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CAPACITY = 3
READERS = 20


def moving(rules, callback_request, start):
    return reschedule_callback(callback_request=callback_request, rules=rules, slot_start=start, now=MONDAY_MORNING)


def test_twenty_readers_moving_into_one_slot_of_three_places_get_exactly_three():
    rules = make_rules(slot_capacity=CAPACITY)
    slots = [slot.start for slot in bookable_slots(rules, now=MONDAY_MORNING, booked={})]
    sources, target = slots[:7], slots[10]
    readers = [booking(rules, phone=phone_number(i), slot_start=sources[i // CAPACITY]) for i in range(READERS)]

    results = run_together(READERS, lambda i: moving(rules, readers[i], target))

    outcomes = Counter("moved" if isinstance(result, CallbackRequest) else type(result).__name__ for result in results)
    assert outcomes == {"moved": CAPACITY, "SlotFull": READERS - CAPACITY}, results
    assert all(isinstance(result, CallbackRequest | SlotFull) for result in results)
    booked = dict(CallbackSlot.objects.values_list("start", "booked"))
    assert booked[target] == CAPACITY
    assert sum(booked.values()) == READERS, "every place given back was one taken elsewhere"
    moved = {result.pk for result in results if isinstance(result, CallbackRequest)}
    assert set(CallbackRequest.objects.filter(slot_start=target).values_list("pk", flat=True)) == moved
    for start in sources:
        still_there = CallbackRequest.objects.filter(slot_start=start, status=Status.QUEUED).count()
        assert booked[start] == still_there
    assert {r.reference for r in CallbackRequest.objects.filter(pk__in=moved)} == {
        readers[i].reference for i, result in enumerate(results) if isinstance(result, CallbackRequest)
    }


def test_readers_swapping_two_slots_at_once_all_move_without_a_deadlock():
    rules = make_rules(slot_capacity=4)
    first, second = (slot.start for slot in bookable_slots(rules, now=MONDAY_MORNING, booked={})[:2])
    readers = [booking(rules, phone=phone_number(i), slot_start=first if i % 2 else second) for i in range(4)]

    results = run_together(4, lambda i: moving(rules, readers[i], second if i % 2 else first))

    assert all(isinstance(result, CallbackRequest) for result in results), results
    assert dict(CallbackSlot.objects.values_list("start", "booked")) == {first: 2, second: 2}
