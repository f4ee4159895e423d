"""The booking form's rate limits, kept by the shared limiter in home/rate_limit.py.

Three limits, each "count/seconds":
- bookings made from one client address (CALLBACK_RATE_LIMIT_PER_IP): a
  place is counted just before the booking service runs and given back if the
  booking does not happen, so only bookings made use it up;
- attempts from one client address that were refused (typing mistakes, a slot
  that filled, a duplicate: CALLBACK_RATE_LIMIT_FAILED_PER_IP), a higher
  limit, so a reader correcting a form is never locked out by their mistakes
  while a script guessing its way through the form is;
- attempts that reach the booking service for one phone number
  (CALLBACK_RATE_LIMIT_PER_PHONE), from any address.

With REDIS_URL set the cache is shared by every app server, so a limit holds
across all of them. If the cache cannot be reached the limits fail open: the
help line would rather take a booking than turn a caller away, and the
one-open-booking-per-phone constraint in the database still bounds what a
flood can store.
"""

from home.rate_limit import Rate, allow, client_address, give_back, used

# The limits, as "count/seconds" settings (read from the environment in
# config/settings/base.py), with the defaults used when a setting is absent.
PER_IP_SETTING = ("CALLBACK_RATE_LIMIT_PER_IP", "10/3600")
FAILED_PER_IP_SETTING = ("CALLBACK_RATE_LIMIT_FAILED_PER_IP", "30/3600")
PER_PHONE_SETTING = ("CALLBACK_RATE_LIMIT_PER_PHONE", "3/3600")

BOOKINGS_SCOPE = "booking-ip"
FAILURES_SCOPE = "booking-ip-failed"


def booking_ip_rate() -> Rate:
    """Bookings made from one client address."""
    return Rate.from_setting(*PER_IP_SETTING)


def failed_attempt_ip_rate() -> Rate:
    """Refused booking attempts from one client address."""
    return Rate.from_setting(*FAILED_PER_IP_SETTING)


def booking_phone_rate() -> Rate:
    """Booking attempts for one (E.164) number.

    Counted only for attempts that reach the booking service, so a reader
    correcting typing mistakes is not locked out, while a script trying one
    number over and over from many addresses is.
    """
    return Rate.from_setting(*PER_PHONE_SETTING)


def failures_allowed_from(request, rate: Rate) -> bool:
    """Whether this address may try again: its refused attempts are still within `rate`."""
    return used(FAILURES_SCOPE, client_address(request), rate) < rate.count


def count_failure_from(request, rate: Rate) -> None:
    allow(FAILURES_SCOPE, client_address(request), rate)


def reserve_booking_from(request, rate: Rate) -> bool:
    """Count a booking from this address before it is made; False if that is one over `rate`.

    Counting first means concurrent posts from one address cannot all slip
    under the limit; `release_booking_from` gives the place back when the
    booking is refused.
    """
    return allow(BOOKINGS_SCOPE, client_address(request), rate)


def release_booking_from(request, rate: Rate) -> None:
    give_back(BOOKINGS_SCOPE, client_address(request), rate)


def allow_booking_for(phone: str, rate: Rate) -> bool:
    return allow("booking-phone", phone, rate)
