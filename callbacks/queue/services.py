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
- Completed needs a call that reached the reader (NotReached) and at least
  one wrap-up code; unreachable needs the attempt limit of calls, or a wrong
  number (AttemptLimitNotReached).
- An unanswered call releases the claim and holds the request back until its
  retry time; the attempt limit of calls closes it (record_attempt).
"""

from collections.abc import Iterable
from datetime import datetime, timedelta

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
    UNANSWERED_OUTCOMES,
    AttemptOutcome,
    CallAttempt,
    CallbackRequest,
    Status,
    UrgencyReason,
    WrapUpCode,
)
from callbacks.queue import selectors as queue_selectors
from callbacks.queue.access import can_work_queue
from callbacks.queue.retry import retry_not_before
from callbacks.texts import gateway
from callbacks.texts import services as text_services
from callbacks.wording import CANCEL_REASON_TOO_LONG

# Outcomes that mean someone spoke to the reader, so the request can be completed.
CONVERSATION_OUTCOMES = (AttemptOutcome.REACHED, AttemptOutcome.DECLINED)
# How far ahead staff may put off the next try: beyond that, close the request and let the reader book again.
RETRY_FROM_MAX = timedelta(days=14)


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
        candidates = queue_selectors.next_available(now=now, rules=rules)
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
    retry_from: datetime | None = None,
) -> CallAttempt:
    """Log one call to the reader and how it went.

    After a call that reached someone the request stays with whoever holds
    it. After one nobody answered (UNANSWERED_OUTCOMES) it goes back in the
    queue for anyone to take, not before `retry_from` if staff chose a time,
    else the retry delay from now (see queue/retry.py); once the attempt limit
    is reached it closes as unreachable instead, and the reader is sent the
    "we tried to call you" text if they asked for texts and one can go.
    `attempt.request` carries the request as it now stands.

    One audit entry records the outcome, the attempt's number and any retry
    time, never the note (staff-only, it may hold health details); closing at
    the limit adds the "unreachable" entry (and the text's own).
    """
    note = (note or "").strip()
    if outcome not in AttemptOutcome.values:
        raise ValidationError({"outcome": "Choose how the call went."})
    if len(note) > ATTEMPT_NOTE_MAX_LENGTH:
        raise ValidationError({"note": f"Keep the note to {ATTEMPT_NOTE_MAX_LENGTH} characters or fewer."})
    _check_retry_from(retry_from, outcome=outcome, now=now)
    require_queue_staff(user)
    rules = queue_selectors.queue_rules()
    with transaction.atomic():
        locked = locked_request(callback_request)
        check_may_act(locked, user)
        attempt = CallAttempt.objects.create(request=locked, made_by=user, made_at=now, outcome=outcome, note=note)
        number = locked.attempts.count()
        retry = {}
        if outcome in UNANSWERED_OUTCOMES and number < rules.attempt_limit:
            not_before = _queue_for_retry(locked, retry_from=retry_from, rules=rules, now=now)
            retry = {"not_before": not_before.isoformat(), "chosen_by_staff": retry_from is not None}
        log_request_action(locked, AuditAction.ATTEMPT, user, now=now, outcome=outcome, number=number, **retry)
        if outcome in UNANSWERED_OUTCOMES and number >= rules.attempt_limit:
            _close_unanswered(locked, user=user, attempts=number, now=now)
    return attempt


def complete_callback(
    *,
    callback_request: CallbackRequest,
    user: AbstractBaseUser,
    wrap_up_codes: Iterable[WrapUpCode],
    now: datetime,
) -> CallbackRequest:
    """Close the request as completed: someone spoke to the reader (a "reached" or "declined" call).

    Staff say what the call did with one or more wrap-up codes still in use;
    the audit entry names the codes, which are the help line's own wording.
    """
    chosen = sorted({code.pk for code in wrap_up_codes})
    if not chosen:
        raise ValidationError({"wrap_up_codes": "Choose at least one wrap-up code: what did the call do?"})
    codes = list(WrapUpCode.objects.filter(pk__in=chosen, in_use=True))
    if len(codes) != len(chosen):
        raise ValidationError({"wrap_up_codes": "One of those wrap-up codes is no longer in use; choose again."})
    require_queue_staff(user)
    with transaction.atomic():
        locked = locked_request(callback_request)
        check_may_act(locked, user)
        if not locked.attempts.filter(outcome__in=CONVERSATION_OUTCOMES).exists():
            raise NotReached
        _close(locked, Status.COMPLETED, now=now)
        locked.wrap_up_codes.set(codes)
        log_request_action(locked, AuditAction.COMPLETE, user, now=now, wrap_up_codes=[code.name for code in codes])
    return locked


def set_urgency(*, callback_request: CallbackRequest, user: AbstractBaseUser, urgency: str, now: datetime):
    """Mark an open request urgent with a reason (one of UrgencyReason), or back to normal with "".

    Any member of the help-line staff may do this without claiming the
    request: whoever watches the queue triages it. The reason is a fixed
    choice, so the audit entry can name it without recording anything personal.
    """
    if urgency not in ("", *UrgencyReason.values):
        raise ValidationError({"urgency": "Choose why the request is urgent, or “Not urgent”."})
    require_queue_staff(user)
    boost = queue_selectors.queue_rules().priority_boost
    with transaction.atomic():
        locked = locked_request(callback_request)
        if locked.status in CLOSED_STATUSES:
            raise RequestClosed
        if locked.urgency == urgency:
            return locked
        locked.urgency = urgency
        # Stamped now, so the queue's order is an index scan; a later change of the boost applies to
        # requests marked after it.
        locked.priority_due_at = locked.slot_start - boost if urgency else None
        locked.save(update_fields=["urgency", "priority_due_at"])
        log_request_action(locked, AuditAction.URGENCY, user, now=now, urgency=urgency)
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


def log_callback_viewed(
    *, callback_request: CallbackRequest, user: AbstractBaseUser, history: list[CallbackRequest] = ()
) -> None:
    """Record that a member of staff opened the request: who saw a reader's details is part of the audit.

    Each earlier request shown in its caller history gets a "viewed" entry too,
    naming (by reference) the request it was seen from.
    """
    log_request_action(callback_request, AuditAction.VIEW, user)
    for earlier in history:
        log_request_action(earlier, AuditAction.VIEW, user, seen_from=callback_request.reference)


# --- Helpers -------------------------------------------------------------------------


def _check_retry_from(retry_from: datetime | None, *, outcome: str, now: datetime) -> None:
    if retry_from is None:
        return
    if outcome not in UNANSWERED_OUTCOMES:
        raise ValidationError({"retry_from": "A time to try again is only for a call nobody answered."})
    if retry_from <= now:
        raise ValidationError({"retry_from": "Choose a time to try again that is still to come."})
    if retry_from > now + RETRY_FROM_MAX:
        raise ValidationError({"retry_from": f"Choose a time to try again within {RETRY_FROM_MAX.days} days."})


def _queue_for_retry(
    locked: CallbackRequest, *, retry_from: datetime | None, rules: queue_selectors.QueueRules, now: datetime
) -> datetime:
    """Release the claim and hold the request back until its retry time, which is returned."""
    not_before = retry_from or retry_not_before(
        now=now, slot_start=locked.slot_start, delay=rules.retry_delay, rules=rules.opening
    )
    locked.status, locked.claimed_by, locked.claimed_at, locked.not_before = Status.QUEUED, None, None, not_before
    locked.save(update_fields=["status", "claimed_by", "claimed_at", "not_before"])
    return not_before


def _close_unanswered(locked: CallbackRequest, *, user: AbstractBaseUser, attempts: int, now: datetime) -> None:
    """The attempt limit of calls: text the reader if that is allowed, then close as unreachable.

    The text goes first because it needs the request open and held by `user`.
    """
    if gateway.is_enabled() and not text_services.missed_call_refusal(locked):
        text_services.send_missed_call_text(callback_request=locked, user=user, now=now)
    _close(locked, Status.UNREACHABLE, now=now)
    log_request_action(locked, AuditAction.UNREACHABLE, user, now=now, attempts=attempts, automatic=True)


def _claim(locked: CallbackRequest, *, user: AbstractBaseUser, now: datetime) -> None:
    """Give the request to `user`; the audit entry notes whose lapsed claim it replaced, if any."""
    lapsed_from = staff_name(locked.claimed_by) if locked.claimed_by_id and locked.claimed_by_id != user.pk else ""
    # A retry time is spent once someone takes the request.
    locked.status, locked.claimed_by, locked.claimed_at, locked.not_before = Status.CLAIMED, user, now, None
    locked.save(update_fields=["status", "claimed_by", "claimed_at", "not_before"])
    lapse_note = {"lapsed_from": lapsed_from} if lapsed_from else {}
    log_request_action(locked, AuditAction.CLAIM, user, now=now, **lapse_note)


def _close(locked: CallbackRequest, status: str, *, now: datetime, **fields) -> None:
    locked.status, locked.closed_at = status, now
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save(update_fields=["status", "closed_at", *fields])
