"""The booking form's rate limits, kept by the shared limiter in home/rate_limit.py.

With REDIS_URL set the cache is shared by every app server, so a limit holds
across all of them. If the cache cannot be reached the limit fails open: the
help line would rather take a booking than turn a caller away, and the
one-open-booking-per-phone constraint in the database still bounds what a
flood can store.
"""

from home.rate_limit import Rate, allow, client_address

# The limits, as "count/seconds" settings (read from the environment in
# config/settings/base.py), with the defaults used when a setting is absent.
PER_IP_SETTING = ("CALLBACK_RATE_LIMIT_PER_IP", "10/3600")
PER_PHONE_SETTING = ("CALLBACK_RATE_LIMIT_PER_PHONE", "3/3600")


def booking_ip_rate() -> Rate:
    """Booking POSTs from one client address, whatever they contain."""
    return Rate.from_setting(*PER_IP_SETTING)


def booking_phone_rate() -> Rate:
    """Booking attempts for one (E.164) number.

    Counted only for attempts that reach the booking service, so a reader
    correcting typing mistakes is not locked out, while a script trying one
    number over and over from many addresses is.
    """
    return Rate.from_setting(*PER_PHONE_SETTING)


def allow_booking_from(request, rate: Rate) -> bool:
    return allow("booking-ip", client_address(request), rate)


def allow_booking_for(phone: str, rate: Rate) -> bool:
    return allow("booking-phone", phone, rate)
