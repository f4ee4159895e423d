"""Where an open request stands against the clock, in words as well as a CSS class.

Rows and the detail page mark "Overdue" and "Due now" with text and an icon,
not colour alone, so the marking survives colour blindness, high-contrast
modes and screen readers.
"""

from dataclasses import dataclass
from datetime import datetime

from callbacks.models import CallbackRequest, Status
from callbacks.queue import selectors as queue_selectors


@dataclass(frozen=True)
class Timing:
    key: str  # "overdue", "due" or "" (not yet due, or closed): used as a CSS modifier
    label: str
    lapsed: bool  # claimed, but the claim has lapsed: anyone may take it
    next_try: str = ""  # "14:30" or "Tue 24 Nov, 10:00": waiting after an unanswered call until then


NOT_DUE = Timing("", "", False)


def row_timing(callback_request: CallbackRequest, *, now: datetime, rules: queue_selectors.QueueRules) -> Timing:
    """Timing for a request loaded with `claim_lapsed` (queue_selectors.with_claim_lapse; no query)."""
    if not callback_request.is_open:
        return NOT_DUE
    lapsed = callback_request.claim_lapsed
    next_try = next_try_label(callback_request, now=now, rules=rules)
    if callback_request.slot_end < now:
        return Timing("overdue", "Overdue", lapsed, next_try)
    if callback_request.slot_start <= now:
        return Timing("due", "Due now", lapsed, next_try)
    return Timing("", "", lapsed, next_try)


def next_try_label(callback_request: CallbackRequest, *, now: datetime, rules: queue_selectors.QueueRules) -> str:
    """The local time a waiting request may be taken again: the time alone if that is today."""
    not_before = callback_request.not_before
    if callback_request.status != Status.QUEUED or not_before is None or not_before <= now:
        return ""
    local = not_before.astimezone(rules.time_zone)
    if local.date() == now.astimezone(rules.time_zone).date():
        return f"{local:%H:%M}"
    return f"{local:%a %d %b}, {local:%H:%M}"
