"""The places in a slot: a cancelled request gives its place back.

Booking takes a place with a conditional UPDATE (callbacks/booking/services.py);
a cancellation, by the reader or by staff, gives it back here, so both free a
place the same way. Public: the staff queue's cancel uses it too.
"""

from django.db.models import F

from callbacks.models import CallbackSlot


def give_place_back(*, slot_id: int) -> None:
    """One more free place in the slot; never below none taken, so a repeated call cannot go negative."""
    CallbackSlot.objects.filter(pk=slot_id, booked__gt=0).update(booked=F("booked") - 1)
