"""Moving a booking (services.reschedule_callback): the reference stays, one place moves, texts follow.

The clock stands at Monday 23 November 2026, 08:00 in London; the first slot
is Monday 10:00.
"""

from datetime import timedelta

import pytest
import time_machine

from callbacks.booking.services import cancel_callback, reschedule_callback
from callbacks.exceptions import BeingHandled, RequestClosed, SameSlot, SlotFull, SlotNotBookable
from callbacks.models import CallbackRequest, CallbackSlot, SmsKind, SmsMessage, SmsStatus, Status
from callbacks.texts.services import MOVED_REASON

from .conftest import FIRST_SLOT, MONDAY_MORNING, london, phone_number
from .sms_support import run_due_tasks

TUESDAY_TWO = london(2026, 11, 24, 14)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(MONDAY_MORNING, tick=False) as traveller:
        yield traveller


def places(start) -> int:
    return CallbackSlot.objects.filter(start=start).values_list("booked", flat=True).first() or 0


def move(callback_request, rules, start=TUESDAY_TWO, now=MONDAY_MORNING):
    return reschedule_callback(callback_request=callback_request, rules=rules, slot_start=start, now=now)


@pytest.mark.django_db
def test_a_move_keeps_the_reference_and_moves_one_place(book, rules):
    booking = book()

    moved = move(booking, rules)

    assert moved.reference == booking.reference
    assert (moved.slot_start, moved.slot_end) == (TUESDAY_TWO, TUESDAY_TWO + timedelta(minutes=30))
    assert moved.slot.start == TUESDAY_TWO
    assert moved.times_moved == 1
    assert (places(FIRST_SLOT), places(TUESDAY_TWO)) == (0, 1)
    stored = CallbackRequest.objects.get()
    assert (stored.reference, stored.slot_start, stored.status) == (booking.reference, TUESDAY_TWO, Status.QUEUED)


@pytest.mark.django_db
def test_a_move_into_a_full_slot_changes_nothing(book, rules):
    booking = book()
    for n in range(rules.slot_capacity):
        book(phone=phone_number(50 + n), slot_start=TUESDAY_TWO)

    with pytest.raises(SlotFull):
        move(booking, rules)

    stored = CallbackRequest.objects.get(pk=booking.pk)
    assert (stored.slot_start, stored.times_moved) == (FIRST_SLOT, 0)
    assert (places(FIRST_SLOT), places(TUESDAY_TWO)) == (1, rules.slot_capacity)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "refusal"),
    [
        (FIRST_SLOT, SameSlot),
        (london(2026, 11, 29, 10), SlotNotBookable),  # a Sunday: closed
        (london(2026, 11, 23, 9), SlotNotBookable),  # inside the two hours' notice
    ],
)
def test_a_move_to_the_same_or_an_unbookable_time_is_refused(book, rules, start, refusal):
    booking = book()

    with pytest.raises(refusal):
        move(booking, rules, start=start)

    assert CallbackRequest.objects.get().slot_start == FIRST_SLOT
    assert places(FIRST_SLOT) == 1


@pytest.mark.django_db
def test_a_cancelled_or_claimed_booking_cannot_be_moved(book, rules):
    cancelled = cancel_callback(callback_request=book(), reason="", now=MONDAY_MORNING)
    claimed = book(phone=phone_number(7))
    CallbackRequest.objects.filter(pk=claimed.pk).update(status=Status.CLAIMED, claimed_at=MONDAY_MORNING)

    with pytest.raises(RequestClosed):
        move(cancelled, rules)
    with pytest.raises(BeingHandled):
        move(claimed, rules)

    assert places(TUESDAY_TWO) == 0
    assert places(FIRST_SLOT) == 1


# --- texts ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_move_texts_the_new_time_and_swaps_the_old_reminder_for_a_new_one(book, rules, console_sms, clock):
    booking = book(sms_opt_in=True)
    old_reminder = SmsMessage.objects.get(request=booking, kind=SmsKind.REMINDER)
    assert old_reminder.due_at == FIRST_SLOT - timedelta(minutes=60)

    move(booking, rules)

    old_reminder.refresh_from_db()
    assert (old_reminder.status, old_reminder.error_message) == (SmsStatus.SKIPPED, MOVED_REASON)
    new_reminder = SmsMessage.objects.get(request=booking, kind=SmsKind.REMINDER, status=SmsStatus.QUEUED)
    assert new_reminder.due_at == TUESDAY_TWO - timedelta(minutes=60)
    moved_text = SmsMessage.objects.get(request=booking, kind=SmsKind.MOVED)
    assert moved_text.body.startswith(
        f"Your callback has moved: we will now call you on Tuesday 24 November, 14:00-14:30 (ref {booking.reference})."
    )

    run_due_tasks()  # Monday 08:00: the confirmation and the "moved" text go now
    moved_text.refresh_from_db()
    assert moved_text.status == SmsStatus.SENT
    clock.move_to(FIRST_SLOT - timedelta(minutes=60))
    run_due_tasks()  # the old reminder's task finds nothing due: no reminder of the old time
    new_reminder.refresh_from_db()
    assert new_reminder.status == SmsStatus.QUEUED
    clock.move_to(TUESDAY_TWO - timedelta(minutes=60))
    run_due_tasks()
    new_reminder.refresh_from_db()
    assert new_reminder.status == SmsStatus.SENT
    assert "Tuesday 24 November, 14:00-14:30" in new_reminder.body


@pytest.mark.django_db
def test_moving_twice_before_the_first_text_goes_sends_only_the_latest(book, rules, console_sms):
    booking = book(sms_opt_in=True)
    move(booking, rules)
    wednesday = london(2026, 11, 25, 11)

    move(CallbackRequest.objects.get(pk=booking.pk), rules, start=wednesday)

    waiting = SmsMessage.objects.filter(request=booking, status=SmsStatus.QUEUED).order_by("kind")
    assert [(m.kind, m.due_at) for m in waiting] == [
        (SmsKind.CONFIRMATION, MONDAY_MORNING),
        (SmsKind.MOVED, MONDAY_MORNING),
        (SmsKind.REMINDER, wednesday - timedelta(minutes=60)),
    ]
    assert "Wednesday 25 November" in waiting.get(kind=SmsKind.MOVED).body


@pytest.mark.django_db
def test_a_reader_who_did_not_ask_for_texts_gets_none_when_moving(book, rules, console_sms):
    booking = book(sms_opt_in=False)

    move(booking, rules)

    assert not SmsMessage.objects.filter(request=booking).exists()
