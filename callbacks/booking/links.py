"""The signed links a reader gets after booking: the confirmation page, the manage page and the cancel link.

Nobody logs in to book, so a link is the reader's only proof that a booking is
theirs. Each link carries the booking reference and a time, signed with
Django's signing (the project's SECRET_KEY, with its fallbacks while keys are
rotated) under its own salt, so that one kind of link can never be used as
the other:

- the confirmation link is short-lived (two hours from booking): it is the
  Post/Redirect/Get target and shows the phone number;
- the manage link ("manage my booking": see it, move it, cancel it, add it
  to a calendar) and the cancel link last until the slot ends, the last
  moment a change still means something. The end is signed into the link, so
  it cannot be stretched; a booking moved to a later time gets a new manage
  link, and the old one keeps working only until the old time ends.

The token is compact and uses only letters, digits, "_" and "-", because
Wagtail serves only such characters in page paths (signing.dumps would add
":"), and because the cancel link will travel in text messages:
"<reference without CB and hyphens><time in base 36>-<signature>".

Reading a link raises LinkInvalid (tampered, truncated, wrong kind) or
LinkExpired; views turn those into plain pages.
"""

from datetime import UTC, datetime, timedelta

from django.core import signing

from callbacks.booking.references import GROUP_LENGTH, GROUPS, normalise_reference

CONFIRMATION_SALT = "callbacks.links.confirmation"
CANCEL_SALT = "callbacks.links.cancel"
MANAGE_SALT = "callbacks.links.manage"
CONFIRMATION_MAX_AGE = timedelta(hours=2)

_REFERENCE_CHARS = GROUPS * GROUP_LENGTH
_DIGITS36 = "0123456789abcdefghijklmnopqrstuvwxyz"
# Longer than any real token; refuses junk before any work is done on it.
_MAX_TOKEN_LENGTH = 120


class LinkInvalid(Exception):
    """The link was not made by us (tampered, mistyped or cut short)."""


class LinkExpired(Exception):
    """The link was ours but is too old to use now."""


def confirmation_token(reference: str, *, now: datetime) -> str:
    return _sign(CONFIRMATION_SALT, reference, now)


def read_confirmation_token(token: str, *, now: datetime) -> str:
    """The reference in a confirmation link made within the last two hours."""
    reference, issued = _unsign(CONFIRMATION_SALT, token)
    if now - issued > CONFIRMATION_MAX_AGE:
        raise LinkExpired
    return reference


def cancel_token(reference: str, slot_end: datetime) -> str:
    return _sign(CANCEL_SALT, reference, slot_end)


def read_cancel_token(token: str, *, now: datetime) -> str:
    """The reference in a cancel link whose slot has not ended yet."""
    return _read_until_slot_end(CANCEL_SALT, token, now=now)


def manage_token(reference: str, slot_end: datetime) -> str:
    return _sign(MANAGE_SALT, reference, slot_end)


def read_manage_token(token: str, *, now: datetime) -> str:
    """The reference in a manage link whose slot has not ended yet."""
    return _read_until_slot_end(MANAGE_SALT, token, now=now)


def _read_until_slot_end(salt: str, token: str, *, now: datetime) -> str:
    reference, ends = _unsign(salt, token)
    if now >= ends:
        raise LinkExpired
    return reference


def _sign(salt: str, reference: str, moment: datetime) -> str:
    canonical = normalise_reference(reference)
    if canonical is None:
        raise ValueError("not a booking reference")
    payload = canonical.replace("-", "")[-_REFERENCE_CHARS:] + _base36(int(moment.timestamp()))
    signed = signing.Signer(salt=salt).sign(payload)
    return signed.replace(":", "-", 1)


def _unsign(salt: str, token: str) -> tuple[str, datetime]:
    token = token or ""
    if len(token) > _MAX_TOKEN_LENGTH:
        raise LinkInvalid
    payload, dash, signature = token.partition("-")
    if not dash or len(payload) <= _REFERENCE_CHARS:
        raise LinkInvalid
    try:
        signing.Signer(salt=salt).unsign(f"{payload}:{signature}")
    except signing.BadSignature as error:
        raise LinkInvalid from error
    reference = normalise_reference(payload[:_REFERENCE_CHARS])
    try:
        moment = datetime.fromtimestamp(int(payload[_REFERENCE_CHARS:], 36), tz=UTC)
    except (ValueError, OverflowError, OSError) as error:
        raise LinkInvalid from error
    if reference is None:
        raise LinkInvalid
    return reference, moment


def _base36(number: int) -> str:
    digits = ""
    while True:
        number, remainder = divmod(number, 36)
        digits = _DIGITS36[remainder] + digits
        if not number:
            return digits
