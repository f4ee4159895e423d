"""Confirmations for bookings that were never made: what someone sees who typed a number that is already booked.

Anyone can type anyone's number into the form. Refusing with "this number is
already booked" would tell them its owner talks to a back-pain help line, so
the person typing gets what a new booking gets: a redirect to a signed
confirmation link, and a confirmation page of the same shape, with a reference
that exists nowhere (its manage and cancel links say "link not valid", as a mistyped one
does). What that page shows is kept in the cache under the made-up reference for
as long as a confirmation link lasts; nothing is written to the database.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache

from callbacks.booking.links import CONFIRMATION_MAX_AGE
from callbacks.booking.references import new_reference

CACHE_KEY = "callbacks:decoy:{reference}"


@dataclass(frozen=True)
class DecoyBooking:
    """What the confirmation page of a booking that was never made shows."""

    reference: str
    slot_start: datetime
    slot_end: datetime
    phone: str
    texts: bool


def remember_decoy(*, slot_start: datetime, slot_end: datetime, phone: str, texts: bool) -> DecoyBooking:
    """A made-up booking for the confirmation page, kept as long as its confirmation link works."""
    decoy = DecoyBooking(reference=new_reference(), slot_start=slot_start, slot_end=slot_end, phone=phone, texts=texts)
    cache.set(CACHE_KEY.format(reference=decoy.reference), decoy, timeout=int(CONFIRMATION_MAX_AGE.total_seconds()))
    return decoy


def decoy_booking(reference: str) -> DecoyBooking | None:
    return cache.get(CACHE_KEY.format(reference=reference))
