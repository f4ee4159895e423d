"""Booking references: short enough to read over the phone, too many to guess.

A reference is the handle a reader quotes and, later, part of a cancel link, so
it comes from `secrets` rather than a counter, and uses an alphabet without
characters that are easy to confuse aloud or on paper (0/O, 1/I/L, 5/S, 8/B).
"""

import re
import secrets

REFERENCE_ALPHABET = "234679ACDEFGHJKMNPQRTUVWXYZ"
REFERENCE_PREFIX = "CB"
GROUPS = 2
GROUP_LENGTH = 4
# CB- + two groups of four + one hyphen.
REFERENCE_LENGTH = len(REFERENCE_PREFIX) + 1 + GROUPS * GROUP_LENGTH + (GROUPS - 1)
REFERENCE_PATTERN = re.compile(
    rf"^{REFERENCE_PREFIX}(-[{REFERENCE_ALPHABET}]{{{GROUP_LENGTH}}}){{{GROUPS}}}$",
)


def new_reference() -> str:
    """A fresh reference such as "CB-7KQ4-MX2P" (27**8, about 2.8e11 possibilities)."""
    groups = ("".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(GROUP_LENGTH)) for _ in range(GROUPS))
    return "-".join([REFERENCE_PREFIX, *groups])


def normalise_reference(raw: str) -> str | None:
    """A reference as a reader might type it ("cb 7kq4 mx2p") in canonical form, or None."""
    compact = re.sub(r"[\s\-]", "", (raw or "").upper())
    if compact.startswith(REFERENCE_PREFIX):
        compact = compact[len(REFERENCE_PREFIX) :]
    if len(compact) != GROUPS * GROUP_LENGTH:
        return None
    groups = [compact[i : i + GROUP_LENGTH] for i in range(0, len(compact), GROUP_LENGTH)]
    candidate = "-".join([REFERENCE_PREFIX, *groups])
    return candidate if REFERENCE_PATTERN.match(candidate) else None
