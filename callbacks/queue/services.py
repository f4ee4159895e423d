"""The staff queue's writes: claim, call attempts, close, release, reassign, cancel.

Each service takes keyword-only arguments (`now` among them), runs in one
transaction, re-reads the request under a row lock so two staff acting at
once see each other's change, and writes exactly one Wagtail audit-log entry
with the change, or raises a CallbackError and changes nothing.

The rules, in the order they are checked:

- Only help-line staff act (NotQueueStaff).
- A closed request (completed, unreachable, cancelled) takes nothing more
  (RequestClosed).
- A queued request must be claimed before anything else is done to it
  (NotClaimed). We refuse rather than claim on the user's behalf so that "who
  is working this request" is always an explicit, logged step that the
  person chose, and a stale page can never silently take a request.
- A claimed request is acted on by its claimer or a superuser
  (ClaimedByOther). Anyone may claim a request whose claim has lapsed.
- Completed needs a call that reached the reader (NotReached); unreachable
  needs the attempt limit of calls, or a wrong number (AttemptLimitNotReached).
"""

from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from callbacks.audit import AuditAction, log_request_action
from callbacks.booking.places import give_place_back
from callbacks.exceptions import (
    AttemptLimitNotReached,
    InvalidTransition,
    NotClaimed,
    NotQueueStaff,
    NotReached,
    RequestClosed,
)
from callbacks.guards import check_may_act, claimed_by_other, locked_request, require_queue_staff, staff_name
from callbacks.models import (
    ATTEMPT_NOTE_MAX_LENGTH,
    CANCEL_REASON_MAX_LENGTH,
    CLOSED_STATUSES,
    AttemptOutcome,
    CallAttempt,
    CallbackRequest,
    Status,
)
from callbacks.queue import selectors as queue_selectors
from callbacks.queue.access import can_work_queue
from callbacks.wording import CANCEL_REASON_TOO_LONG

# Outcomes that mean someone spoke to the reader, so the request can be completed.
CONVERSATION_OUTCOMES = (AttemptOutcome.REACHED, AttemptOutcome.DECLINED)


def claim_next(*, user: AbstractBaseUser, now: datetime) -> CallbackRequest | None:
    """Claim the earliest due request nobody holds (or whose claim lapsed) for `user`; None if there is none.

    On PostgreSQL the candidate row is locked with SKIP LOCKED, so staff pressing
    "Take next" together each get a different request instead of queueing
    behind one row; a row another transaction has just claimed fails the
    re-checked WHERE clause and is passed over. SQLite runs IMMEDIATE
    transactions (see config/settings/base.py), so the whole block already
    holds the write lock and claims happen one after another.
    """
    require_queue_staff(user)
    rules = queue_selectors.queue_rules()
    with transaction.atomic():
        candidates = queue_selectors.next_available(now=now, claim_lapse=rules.claim_lapse)
        if connection.features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True, of=("self",))
        chosen = candidates.select_related("claimed_by").first()
        if chosen is None:
            return None
        _claim(chosen, user=user, now=now)
    return chosen


def claim_callback(*, callback_request: CallbackRequest, user: AbstractBaseUser, now: datetime) -> CallbackRequest:
    """Claim one chosen request (from the list rather than "Take next").

    Claiming a request you already hold changes nothing and logs nothing, so a
    double click is harmless. A live claim of someone else's is refused even
    for a superuser, who can reassign it instead.
    """
    require_queue_staff(user)
    rules = queue_selectors.queue_rules()
    with transaction.atomic():
        locked = locked_request(callback_request)
        if locked.status in CLOSED_STATUSES:
            raise RequestClosed
        if locked.status == Status.CLAIMED:
            if locked.claimed_by_id == user.pk:
                return locked
            if not queue_selectors.claim_has_lapsed(locked, now=now, claim_lapse=rules.claim_lapse):
                raise claimed_by_other(locked)
        _claim(locked, user=user, now=now)
    return locked


def record_attempt(
    *,
    callback_request: CallbackRequest,
    user: AbstractBaseUser,
    outcome: str,
    note: str,
    now: datetime,
) -> CallAttempt:
    """Log one call to the reader and how it went. The request stays claimed by whoever holds it.

    The note is staff-only and may hold health details, so the audit entry
    records the outcome and the attempt's number, never the note.
    """
    note = (note or "").strip()
    if outcome not in AttemptOutcome.values:
        raise ValidationError({"outcome": "Choose how the call went."})
    if len(note) > ATTEMPT_NOTE_MAX_LENGTH:
        raise ValidationError({"note": f"Keep the note to {ATTEMPT_NOTE_MAX_LENGTH} characters or fewer."})
    require_queue_staff(user)
    with transaction.atomic():
        locked = locked_request(callback_request)
        check_may_act(locked, user)
        attempt = CallAttempt.objects.create(request=locked, made_by=user, made_at=now, outcome=outcome, note=note)
        number = locked.attempts.count()
        log_request_action(locked, AuditAction.ATTEMPT, user, now=now, outcome=outcome, number=number)
    return attempt


def complete_callback(*, callback_request: CallbackRequest, user: AbstractBaseUser, now: datetime) -> CallbackRequest:
    """Close the request as completed: someone spoke to the reader (a "reached" or "declined" call)."""
    require_queue_staff(user)
    with transaction.atomic():
        locked = locked_request(callback_request)
        check_may_act(locked, user)
        if not locked.attempts.filter(outcome__in=CONVERSATION_OUTCOMES).exists():
            raise NotReached
        _close(locked, Status.COMPLETED, now=now)
        log_request_action(locked, AuditAction.COMPLETE, user, now=now)
    return locked


def mark_unreachable(*, callback_request: CallbackRequest, user: AbstractBaseUser, now: datetime) -> CallbackRequest:
    """Close the request as unreachable, once the attempt limit is reached (or a call found a wrong number)."""
    require_queue_staff(user)
    limit = queue_selectors.queue_rules().attempt_limit
    with transaction.atomic():
        locked = locked_request(callback_request)
        check_may_act(locked, user)
        attempts = locked.attempts.count()
        if attempts < limit and not locked.attempts.filter(outcome=AttemptOutcome.WRONG_NUMBER).exists():
            raise AttemptLimitNotReached(
                f"A callback request can be closed as unreachable after {limit} attempts; this one has had {attempts}."
            )
        _close(locked, Status.UNREACHABLE, now=now)
        log_request_action(locked, AuditAction.UNREACHABLE, user, now=now, attempts=attempts)
    return locked


def release_callback(*, callback_request: CallbackRequest, user: AbstractBaseUser, now: datetime) -> CallbackRequest:
    """Put a claimed request back in the queue for anyone to take (attempts so far are kept)."""
    require_queue_staff(user)
    with transaction.atomic():
        locked = locked_request(callback_request)
        if locked.status == Status.QUEUED:
            raise NotClaimed("This callback request isn't claimed, so there is nothing to release.")
        check_may_act(locked, user)
        released_from = staff_name(locked.claimed_by)
        locked.status, locked.claimed_by, locked.claimed_at = Status.QUEUED, None, None
        locked.save(update_fields=["status", "claimed_by", "claimed_at"])
        log_request_action(locked, AuditAction.RELEASE, user, now=now, released_from=released_from)
    return locked


def reassign_callback(
    *,
    callback_request: CallbackRequest,
    user: AbstractBaseUser,
    to_user: AbstractBaseUser,
    now: datetime,
) -> CallbackRequest:
    """Hand a claimed request to another member of staff, with a fresh claim time so it does not lapse at once."""
    require_queue_staff(user)
    with transaction.atomic():
        locked = locked_request(callback_request)
        check_may_act(locked, user)
        if not can_work_queue(to_user):
            raise NotQueueStaff(
                f"{staff_name(to_user)} is not on the help-line staff, so the request can't go to them."
            )
        if to_user.pk == locked.claimed_by_id:
            raise InvalidTransition(f"This callback request is already claimed by {staff_name(to_user)}.")
        previous = staff_name(locked.claimed_by)
        locked.claimed_by, locked.claimed_at = to_user, now
        locked.save(update_fields=["claimed_by", "claimed_at"])
        log_request_action(locked, AuditAction.REASSIGN, user, now=now, from_user=previous, to_user=staff_name(to_user))
    return locked


def staff_cancel_callback(
    *,
    callback_request: CallbackRequest,
    user: AbstractBaseUser,
    reason: str,
    now: datetime,
) -> CallbackRequest:
    """Cancel a claimed request on the reader's behalf (they rang to cancel, or asked not to be called).

    The slot's place is given back as when the reader cancels themselves. The
    reason is kept on the request (and erased with it); the audit entry does
    not copy it, as it may be personal.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Give a reason for cancelling."})
    if len(reason) > CANCEL_REASON_MAX_LENGTH:
        raise ValidationError({"reason": CANCEL_REASON_TOO_LONG % {"limit_value": CANCEL_REASON_MAX_LENGTH}})
    require_queue_staff(user)
    with transaction.atomic():
        locked = locked_request(callback_request)
        check_may_act(locked, user)
        _close(locked, Status.CANCELLED, now=now, cancel_reason=reason)
        give_place_back(slot_id=locked.slot_id)
        log_request_action(locked, AuditAction.CANCEL, user, now=now)
    return locked


def log_callback_viewed(*, callback_request: CallbackRequest, user: AbstractBaseUser) -> None:
    """Record that a member of staff opened the request: who saw a reader's details is part of the audit."""
    log_request_action(callback_request, AuditAction.VIEW, user)


# --- Helpers -------------------------------------------------------------------------


def _claim(locked: CallbackRequest, *, user: AbstractBaseUser, now: datetime) -> None:
    """Give the request to `user`; the audit entry notes whose lapsed claim it replaced, if any."""
    lapsed_from = staff_name(locked.claimed_by) if locked.claimed_by_id and locked.claimed_by_id != user.pk else ""
    locked.status, locked.claimed_by, locked.claimed_at = Status.CLAIMED, user, now
    locked.save(update_fields=["status", "claimed_by", "claimed_at"])
    lapse_note = {"lapsed_from": lapsed_from} if lapsed_from else {}
    log_request_action(locked, AuditAction.CLAIM, user, now=now, **lapse_note)


def _close(locked: CallbackRequest, status: str, *, now: datetime, **fields) -> None:
    locked.status, locked.closed_at = status, now
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save(update_fields=["status", "closed_at", *fields])
