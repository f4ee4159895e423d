"""Every read the callback pages and services need, in a fixed, small number of queries.

The help-line settings themselves are read by callbacks.help_line.current_help_line;
these take the plain `HelpLineRules` it gives.
"""

from datetime import datetime

from callbacks.booking.references import normalise_reference
from callbacks.booking.slots import (
    HelpLineRules,
    OpenStatus,
    Slot,
    SlotDay,
    bookable_slots,
    booking_window,
    group_by_day,
    open_status,
    slot_starting_at,
)
from callbacks.models import CallbackRequest, CallbackSlot


def help_line_open_status(*, rules: HelpLineRules, now: datetime) -> OpenStatus:
    """ "Open now until 17:00" / "Closed - opens Monday 09:00" for the header."""
    return open_status(now, rules)


def available_slots(*, rules: HelpLineRules, now: datetime) -> list[Slot]:
    """Slots a reader can book now, earliest first, with their free places (one query)."""
    earliest, latest = booking_window(rules, now)
    booked = dict(
        CallbackSlot.objects.filter(start__gte=earliest, start__lt=latest, booked__gt=0).values_list("start", "booked")
    )
    return bookable_slots(rules, now=now, booked=booked)


def available_days(*, rules: HelpLineRules, now: datetime) -> list[SlotDay]:
    """The bookable slots grouped by local day, as the booking form lists them (one query)."""
    return group_by_day(available_slots(rules=rules, now=now))


def slot_is_bookable(*, rules: HelpLineRules, start: datetime, now: datetime) -> bool:
    """Whether the slot starting at `start` is offered now and still has a free place.

    A form can use this to re-check a choice made minutes ago; the booking
    service checks capacity again, atomically, when it takes the place.
    """
    slot = slot_starting_at(rules, start=start, now=now)
    if slot is None:
        return False
    booked = CallbackSlot.objects.filter(start=slot.start).values_list("booked", flat=True).first() or 0
    return booked < slot.capacity


def callback_request_by_reference(reference: str) -> CallbackRequest | None:
    """The request a reader's reference points at, however they typed it, or None."""
    canonical = normalise_reference(reference)
    if canonical is None:
        return None
    return CallbackRequest.objects.filter(reference=canonical).first()
