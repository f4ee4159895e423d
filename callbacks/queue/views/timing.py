"""Where an open request stands against the clock, in words as well as a CSS class.

Rows and the detail page mark "Overdue" and "Due now" with text and an icon,
not colour alone, so the marking survives colour blindness, high-contrast
modes and screen readers.
"""

from dataclasses import dataclass
from datetime import datetime

from callbacks.models import CallbackRequest


@dataclass(frozen=True)
class Timing:
    key: str  # "overdue", "due" or "" (not yet due, or closed): used as a CSS modifier
    label: str
    lapsed: bool  # claimed, but the claim has lapsed: anyone may take it


NOT_DUE = Timing("", "", False)


def row_timing(callback_request: CallbackRequest, *, now: datetime) -> Timing:
    """Timing for a request loaded with `claim_lapsed` (queue_selectors.with_claim_lapse; no query)."""
    if not callback_request.is_open:
        return NOT_DUE
    lapsed = callback_request.claim_lapsed
    if callback_request.slot_end < now:
        return Timing("overdue", "Overdue", lapsed)
    if callback_request.slot_start <= now:
        return Timing("due", "Due now", lapsed)
    return Timing("", "", lapsed)
