"""Booking, cancelling and purging through the services, on whatever database the run uses."""

import logging
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from callbacks.booking import services
from callbacks.booking.references import REFERENCE_PATTERN
from callbacks.booking.services import cancel_callback
from callbacks.booking.slots import bookable_slots
from callbacks.exceptions import (
    BookingError,
    DuplicateOpenBooking,
    NoSlotsAvailable,
    RequestClosed,
    SlotFull,
    SlotNotBookable,
)
from callbacks.models import CallbackRequest, CallbackSlot, Status, Topic

from .conftest import CONSENT_TEXT, FIRST_SLOT, MONDAY_MORNING, london, make_rules, phone_number

pytestmark = pytest.mark.django_db

NEXT_SLOT = FIRST_SLOT + timedelta(minutes=30)


def booked(start) -> int:
    return CallbackSlot.objects.filter(start=start).values_list("booked", flat=True).first() or 0


def fill(book, start, count, first_phone=100):
    return [book(slot_start=start, phone=phone_number(first_phone + n)) for n in range(count)]


# --- booking ----------------------------------------------------------------------------


def test_booking_queues_a_request_and_takes_one_place(book):
    request = book()

    request.refresh_from_db()
    assert request.status == Status.QUEUED
    assert REFERENCE_PATTERN.match(request.reference)
    assert request.phone == "+447911123456"
    assert request.name == "Alex Reader"
    assert request.topic == Topic.SCIATICA
    assert (request.slot_start, request.slot_end) == (FIRST_SLOT, FIRST_SLOT + timedelta(minutes=30))
    assert request.slot.start == FIRST_SLOT
    assert request.consent_version.text == CONSENT_TEXT
    assert request.consented_at == MONDAY_MORNING
    assert request.voicemail_ok is True and request.may_identify_org is False and request.sms_opt_in is False
    assert request.claimed_by is None and request.closed_at is None
    assert booked(FIRST_SLOT) == 1
    assert CallbackSlot.objects.get(start=FIRST_SLOT).capacity == 4


def test_each_booking_gets_its_own_reference(book):
    references = {request.reference for request in fill(book, FIRST_SLOT, 4)}

    assert len(references) == 4


def test_booking_trims_name_and_note(book):
    request = book(name="  Sam  ", note="  sore back \n")

    assert (request.name, request.note) == ("Sam", "sore back")


def test_first_available_takes_the_earliest_slot(book):
    request = book(slot_start=None)

    assert request.slot_start == FIRST_SLOT


def test_first_available_skips_a_full_slot(book):
    fill(book, FIRST_SLOT, 4)

    request = book(slot_start=None, phone=phone_number(1))

    assert request.slot_start == NEXT_SLOT
    assert booked(FIRST_SLOT) == 4
    assert booked(NEXT_SLOT) == 1


def test_first_available_moves_on_when_the_slot_fills_after_it_was_listed(book, rules, monkeypatch):
    # The list was read before someone else took the last places of the first slot.
    stale = bookable_slots(rules, now=MONDAY_MORNING, booked={})
    fill(book, FIRST_SLOT, 4)
    monkeypatch.setattr(services.selectors, "available_slots", lambda **kwargs: stale)

    request = book(slot_start=None, phone=phone_number(1))

    assert request.slot_start == NEXT_SLOT
    assert booked(FIRST_SLOT) == 4


def test_first_available_with_nothing_free_says_so(book, rules, monkeypatch):
    stale = bookable_slots(rules, now=MONDAY_MORNING, booked={})[:1]
    fill(book, FIRST_SLOT, 4)
    monkeypatch.setattr(services.selectors, "available_slots", lambda **kwargs: stale)

    with pytest.raises(NoSlotsAvailable):
        book(slot_start=None, phone=phone_number(1))

    assert CallbackRequest.objects.count() == 4


def test_first_available_when_the_line_has_no_hours(book):
    with pytest.raises(NoSlotsAvailable) as caught:
        book(slot_start=None, rules=make_rules(opening_hours=()))

    assert "no callback times left" in str(caught.value)
    assert not CallbackSlot.objects.exists()


def test_a_full_slot_refuses_the_next_booking_and_takes_nothing(book):
    fill(book, FIRST_SLOT, 4)

    with pytest.raises(SlotFull) as caught:
        book(phone=phone_number(1))

    assert "fully booked" in str(caught.value)
    assert booked(FIRST_SLOT) == 4
    assert CallbackRequest.objects.count() == 4
    assert not CallbackRequest.objects.filter(phone="+447911100001").exists()


def test_a_lower_capacity_applies_to_a_slot_already_booked(book):
    fill(book, FIRST_SLOT, 2)

    with pytest.raises(SlotFull):
        book(phone=phone_number(1), rules=make_rules(slot_capacity=2))
    book(phone=phone_number(1), rules=make_rules(slot_capacity=3))

    slot = CallbackSlot.objects.get(start=FIRST_SLOT)
    assert (slot.booked, slot.capacity) == (3, 3)


@pytest.mark.parametrize(
    "slot_start",
    [
        london(2026, 11, 23, 9, 30),  # inside the notice
        london(2026, 11, 23, 10, 15),  # off the grid
        london(2026, 11, 29, 10),  # Sunday
        london(2026, 12, 8, 10),  # beyond the horizon
        london(2026, 11, 20, 10),  # in the past
    ],
)
def test_a_slot_the_rules_do_not_offer_is_refused(book, slot_start):
    with pytest.raises(SlotNotBookable):
        book(slot_start=slot_start)

    assert not CallbackSlot.objects.exists()
    assert not CallbackRequest.objects.exists()


def test_a_closure_date_is_refused(book):
    rules = make_rules(closures=frozenset({FIRST_SLOT.date()}))

    with pytest.raises(SlotNotBookable):
        book(rules=rules)


def test_bad_input_is_refused_field_by_field_and_nothing_is_written(book):
    with pytest.raises(ValidationError) as caught:
        book(name=" ", phone="0909 879 0000", topic="gossip", note="x" * 501, consent_text=" ")

    errors = caught.value.message_dict
    assert set(errors) == {"name", "phone", "topic", "note", "consent"}
    assert "premium-rate" in errors["phone"][0]
    assert not CallbackSlot.objects.exists()
    assert not CallbackRequest.objects.exists()


def test_a_note_of_exactly_500_characters_is_accepted(book):
    assert len(book(note="x" * 500).note) == 500


# --- one open request per phone -------------------------------------------------------------


def test_a_second_open_booking_for_the_same_phone_is_refused_and_frees_its_place(book):
    book(phone="07911 123456")

    with pytest.raises(DuplicateOpenBooking) as caught:
        book(phone="+44 7911 123456", slot_start=NEXT_SLOT)

    assert "already a callback booked" in str(caught.value)
    assert "CB-" not in str(caught.value)
    assert booked(NEXT_SLOT) == 0
    assert booked(FIRST_SLOT) == 1
    assert CallbackRequest.objects.count() == 1


def test_a_claimed_request_still_counts_as_open(book):
    first = book()
    CallbackRequest.objects.filter(pk=first.pk).update(status=Status.CLAIMED)

    with pytest.raises(DuplicateOpenBooking):
        book(slot_start=NEXT_SLOT)


@pytest.mark.parametrize("closed_status", [Status.COMPLETED, Status.UNREACHABLE])
def test_a_closed_request_allows_a_new_booking(book, closed_status):
    first = book()
    CallbackRequest.objects.filter(pk=first.pk).update(status=closed_status, closed_at=MONDAY_MORNING)

    second = book(slot_start=NEXT_SLOT)

    assert second.status == Status.QUEUED
    assert CallbackRequest.objects.filter(phone="+447911123456").count() == 2


def test_a_cancelled_request_allows_a_new_booking_in_the_same_slot(book):
    first = book()
    cancel_callback(callback_request=first, reason="Booked by mistake", now=MONDAY_MORNING)

    second = book()

    assert second.slot_id == first.slot_id
    assert booked(FIRST_SLOT) == 1


def test_every_booking_error_is_a_booking_error():
    for error in (SlotFull, SlotNotBookable, NoSlotsAvailable, DuplicateOpenBooking):
        assert issubclass(error, BookingError)
    assert issubclass(NoSlotsAvailable, SlotFull)


# --- cancelling ---------------------------------------------------------------------------------


def test_cancelling_frees_the_place_and_records_why_and_when(book):
    request = book()
    later = MONDAY_MORNING + timedelta(minutes=5)

    cancelled = cancel_callback(callback_request=request, reason="  Feeling better  ", now=later)

    assert cancelled.status == Status.CANCELLED
    assert cancelled.closed_at == later
    assert cancelled.cancel_reason == "Feeling better"
    assert booked(FIRST_SLOT) == 0


def test_cancelling_twice_frees_one_place_only(book):
    mine, other = fill(book, FIRST_SLOT, 2)

    cancel_callback(callback_request=mine, reason="", now=MONDAY_MORNING)
    again = cancel_callback(callback_request=mine, reason="second click", now=MONDAY_MORNING + timedelta(hours=1))

    assert booked(FIRST_SLOT) == 1
    assert again.status == Status.CANCELLED
    assert again.cancel_reason == ""
    assert again.closed_at == MONDAY_MORNING
    other.refresh_from_db()
    assert other.status == Status.QUEUED


def test_a_stale_copy_cannot_cancel_twice(book):
    request = book()
    stale_copy = CallbackRequest.objects.get(pk=request.pk)

    cancel_callback(callback_request=request, reason="", now=MONDAY_MORNING)
    cancel_callback(callback_request=stale_copy, reason="", now=MONDAY_MORNING)

    assert booked(FIRST_SLOT) == 0
    assert stale_copy.status == Status.CANCELLED


def test_a_freed_place_can_be_booked_again(book):
    requests = fill(book, FIRST_SLOT, 4)
    cancel_callback(callback_request=requests[0], reason="", now=MONDAY_MORNING)

    book(phone=phone_number(1))

    assert booked(FIRST_SLOT) == 4


def test_a_claimed_request_can_be_cancelled(book):
    request = book()
    CallbackRequest.objects.filter(pk=request.pk).update(status=Status.CLAIMED)

    assert cancel_callback(callback_request=request, reason="", now=MONDAY_MORNING).status == Status.CANCELLED
    assert booked(FIRST_SLOT) == 0


@pytest.mark.parametrize("closed_status", [Status.COMPLETED, Status.UNREACHABLE])
def test_a_closed_request_cannot_be_cancelled(book, closed_status):
    request = book()
    CallbackRequest.objects.filter(pk=request.pk).update(status=closed_status, closed_at=MONDAY_MORNING)

    with pytest.raises(RequestClosed) as caught:
        cancel_callback(callback_request=request, reason="", now=MONDAY_MORNING)

    assert "already closed" in str(caught.value)
    request.refresh_from_db()
    assert request.status == closed_status
    assert booked(FIRST_SLOT) == 1


def test_an_over_long_cancel_reason_is_refused(book):
    request = book()

    with pytest.raises(ValidationError):
        cancel_callback(callback_request=request, reason="x" * 201, now=MONDAY_MORNING)

    request.refresh_from_db()
    assert request.status == Status.QUEUED


# --- logs ---------------------------------------------------------------------------------


def test_services_never_log_personal_details(book, caplog):
    caplog.set_level(logging.DEBUG, logger="callbacks")

    request = book(name="Zebedee Quill", note="numb left foot")
    cancel_callback(callback_request=request, reason="Zebedee feels better", now=MONDAY_MORNING)
    services.purge_callbacks(older_than_days=0, now=MONDAY_MORNING + timedelta(days=1))

    text = "\n".join(record.getMessage() for record in caplog.records)
    assert request.reference in text
    for secret in ("Zebedee", "Quill", "7911", "numb"):
        assert secret not in text
