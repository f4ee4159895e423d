"""The places in a slot: a booking takes one, a cancelled request gives its place back.

Every path that puts a request in a slot (a reader's booking, a reader's move,
staff booking a follow-up from the queue) takes the place with
`take_first_free_place` and writes the request with `create_request`, so the
capacity rule and the one-open-request rules are enforced by the same code;
a cancellation, by the reader or by staff, gives the place back here. Public:
the staff queue uses it too. Callers run these inside their own transaction.
"""

from django.db import IntegrityError, transaction
from django.db.models import F

from callbacks.booking.references import new_reference
from callbacks.booking.slots import Slot
from callbacks.exceptions import DuplicateOpenBooking, FollowUpAlreadyBooked
from callbacks.models import OPEN_STATUSES, CallbackRequest, CallbackSlot, Status

# A reference collision is about one in 10^11 per booking; a few retries make
# it a non-event without looping forever on some other unique violation.
REFERENCE_ATTEMPTS = 5


def take_first_free_place(candidates: list[Slot]) -> tuple[Slot, CallbackSlot | None]:
    """Take one place in the first candidate slot that has one; (last tried, None) if none has.

    The slot row is created on first use with INSERT ... ON CONFLICT DO NOTHING
    so that two first bookings of a slot do not collide, then the place is
    taken with an UPDATE guarded by `booked < capacity`, which the database
    evaluates against the latest committed count. The capacity is the slot's
    under the current rules (its opening range's, less any partial closure) and
    is written with the place, so an editor's change applies to existing slots:
    a slot already holding more than a lowered capacity keeps every booking
    and just takes no more (the UPDATE matches nothing, so the CHECK
    `booked <= capacity` is never put to the test).
    """
    for slot in candidates:
        CallbackSlot.objects.bulk_create(
            [CallbackSlot(start=slot.start, end=slot.end, capacity=slot.capacity)], ignore_conflicts=True
        )
        slot_row = CallbackSlot.objects.get(start=slot.start)
        taken = CallbackSlot.objects.filter(pk=slot_row.pk, booked__lt=slot.capacity).update(
            booked=F("booked") + 1, capacity=slot.capacity
        )
        if taken:
            return slot, slot_row
    return slot, None


def create_request(*, slot: Slot, slot_row: CallbackSlot, **fields) -> CallbackRequest:
    """Insert the request in a savepoint, in the place just taken.

    The database's partial unique constraints decide duplicates: a reader's own
    booking while the number has an open one is DuplicateOpenBooking, a
    follow-up (`follow_up_of` set) while the number has an open follow-up is
    FollowUpAlreadyBooked. The caller's transaction then gives the place back
    by rolling back.
    """
    is_follow_up = fields.get("follow_up_of") is not None
    for _ in range(REFERENCE_ATTEMPTS):
        reference = new_reference()
        try:
            with transaction.atomic():
                return CallbackRequest.objects.create(
                    reference=reference,
                    slot=slot_row,
                    slot_start=slot.start,
                    slot_end=slot.end,
                    status=Status.QUEUED,
                    **fields,
                )
        except IntegrityError:
            # The savepoint is rolled back and the transaction is usable: find
            # out which rule was broken. On PostgreSQL a concurrent booking's
            # row is committed by the time its unique violation reaches us.
            clash = (
                CallbackRequest.objects.filter(
                    phone=fields["phone"], status__in=OPEN_STATUSES, follow_up_of__isnull=not is_follow_up
                )
                .values_list("reference", flat=True)
                .first()
            )
            if clash and is_follow_up:
                raise FollowUpAlreadyBooked.for_reference(clash) from None
            if clash:
                raise DuplicateOpenBooking from None
            if not CallbackRequest.objects.filter(reference=reference).exists():
                raise
    raise RuntimeError("could not find an unused booking reference")


def give_place_back(*, slot_id: int) -> None:
    """One more free place in the slot; never below none taken, so a repeated call cannot go negative."""
    CallbackSlot.objects.filter(pk=slot_id, booked__gt=0).update(booked=F("booked") - 1)
