"""Every write about text messages: queue, send (claim, hand over, record), delivery reports, sweep.

Re-exported from callbacks/services.py. The rules:

- A message is queued inside the transaction that makes it necessary (the
  booking, the cancellation, the staff action): its SmsMessage row and the
  task that will send it are written together, or not at all. The task
  carries the request's id and the kind of message, never the number.
- Sending claims the row first (under a row lock: still queued, nobody
  sending it), then calls the provider outside any transaction, then records
  the result. A second task for the same message finds it claimed or done
  and sends nothing.
- Whether to send is decided at send time: a reminder for a request that was
  cancelled or closed, a number that has opted out, texts switched off since,
  all leave the message "not sent" with the reason.
- 429, 5xx and timeouts are tried again with growing gaps, up to
  MAX_ATTEMPTS attempts, each by a new task with `run_after`; then the message
  is failed. A number that replied STOP is recorded and never texted again.
- Delivery reports only move a message forward (see STATUS_RANK).

A worker killed while handing a message over leaves it claimed; the sweep
sends it again once the claim has lapsed (SEND_LEASE). In that narrow case a
reader may get a text twice, which is better than a reminder never sent.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q

from . import sms, sms_selectors, sms_texts, tasks
from .exceptions import SmsNotAvailable
from .models import (
    OPEN_STATUSES,
    STATUS_RANK,
    CallbackRequest,
    HelpLineSettings,
    Outcome,
    SmsKind,
    SmsMessage,
    SmsOptOut,
    SmsStatus,
    Status,
)
from .queue_services import AuditAction, _audit, _check_may_act, _locked, _require_staff

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# The gap before attempt n+1 after n failed attempts: 30 s, 2 min, 8 min, 32 min.
FIRST_RETRY_DELAY = timedelta(seconds=30)
RETRY_GROWTH = 4
# A claim older than this belongs to a worker that died (the provider call times out after ~10 s).
SEND_LEASE = timedelta(minutes=5)
# A message still waiting this long after it was due (and after its last task was queued) is re-queued.
SWEEP_AFTER = timedelta(minutes=10)
# Calls after which a "we tried to call you" text makes sense.
MISSED_CALL_OUTCOMES = (Outcome.NO_ANSWER, Outcome.VOICEMAIL_LEFT)

TEMPLATE_FIELDS = {
    SmsKind.CONFIRMATION: ("sms_confirmation_text", sms_texts.DEFAULT_CONFIRMATION),
    SmsKind.REMINDER: ("sms_reminder_text", sms_texts.DEFAULT_REMINDER),
    SmsKind.MISSED_CALL: ("sms_missed_call_text", sms_texts.DEFAULT_MISSED_CALL),
    SmsKind.CANCELLATION: ("sms_cancellation_text", sms_texts.DEFAULT_CANCELLATION),
}
# Twilio's MessageStatus values in delivery reports, as our statuses; others change nothing.
TWILIO_STATUSES = {
    "sent": SmsStatus.SENT,
    "delivered": SmsStatus.DELIVERED,
    "read": SmsStatus.DELIVERED,
    "failed": SmsStatus.FAILED,
    "canceled": SmsStatus.FAILED,
    "undelivered": SmsStatus.UNDELIVERABLE,
}


@dataclass(frozen=True)
class Claim:
    """A message claimed for sending: everything the provider call needs."""

    message_id: int
    kind: str
    to: str
    body: str
    status_callback: str
    slot_start: datetime


# --- queueing (called inside the caller's transaction) ----------------------------------------


def queue_booking_texts(*, callback_request: CallbackRequest, now: datetime) -> list[SmsMessage]:
    """The confirmation now and, if the slot is far enough off, the reminder before it."""
    if not callback_request.sms_opt_in or not sms.is_enabled():
        return []
    help_line = sms_selectors.sms_settings()
    queued = [_queue(callback_request, SmsKind.CONFIRMATION, due_at=now, now=now, help_line=help_line)]
    lead = timedelta(minutes=help_line.sms_reminder_minutes)
    remind_at = callback_request.slot_start - lead
    if lead and remind_at > now:
        queued.append(_queue(callback_request, SmsKind.REMINDER, due_at=remind_at, now=now, help_line=help_line))
    return queued


def queue_cancellation_text(*, callback_request: CallbackRequest, now: datetime) -> SmsMessage | None:
    if not callback_request.sms_opt_in or not sms.is_enabled():
        return None
    if SmsMessage.objects.filter(request=callback_request, kind=SmsKind.CANCELLATION).exists():
        return None
    return _queue(callback_request, SmsKind.CANCELLATION, due_at=now, now=now)


def send_missed_call_text(*, callback_request: CallbackRequest, user: AbstractBaseUser, now: datetime) -> SmsMessage:
    """Staff: text the reader "we tried to call you", once per request, after an unanswered call.

    The same rules as the queue's other actions (help-line staff, request
    open and held by this user or a superuser), and one audit entry.
    """
    _require_staff(user)
    if not sms.is_enabled():
        raise SmsNotAvailable("Text messages are switched off on this site, so nothing was sent.")
    with transaction.atomic():
        locked = _locked(callback_request)
        _check_may_act(locked, user)
        reason = missed_call_refusal(locked)
        if reason:
            raise SmsNotAvailable(reason)
        message = _queue(locked, SmsKind.MISSED_CALL, due_at=now, now=now, requested_by=user)
        _audit(locked, AuditAction.SMS_MISSED_CALL, user, now=now)
    return message


def missed_call_refusal(callback_request: CallbackRequest) -> str:
    """Why a "we tried to call you" text can't be sent for this request, or "" if it can."""
    if not callback_request.sms_opt_in:
        return "The reader didn't ask for text messages, so they can't be sent one."
    if not callback_request.attempts.filter(outcome__in=MISSED_CALL_OUTCOMES).exists():
        return "Log a call that wasn't answered (no answer, or voicemail left) before texting the reader."
    if SmsMessage.objects.filter(request=callback_request, kind=SmsKind.MISSED_CALL).exists():
        return "A “we tried to call you” text has already been sent for this request."
    if sms_selectors.is_opted_out(callback_request.phone):
        return "This number has opted out of texts (the reader replied STOP)."
    return ""


def _queue(
    callback_request: CallbackRequest,
    kind: str,
    *,
    due_at: datetime,
    now: datetime,
    help_line: HelpLineSettings | None = None,
    requested_by: AbstractBaseUser | None = None,
) -> SmsMessage:
    help_line = help_line or sms_selectors.sms_settings()
    message = SmsMessage.objects.create(
        request=callback_request,
        kind=kind,
        body=_render(callback_request, kind, help_line),
        due_at=due_at,
        last_enqueued_at=now,
        created_at=now,
        requested_by=requested_by,
    )
    _enqueue(message, now=now)
    return message


def _enqueue(message: SmsMessage, *, now: datetime) -> None:
    task = tasks.send_sms
    if message.due_at > now:
        task = task.using(run_after=message.due_at)
    task.enqueue(message.request_id, message.kind)


def _render(callback_request: CallbackRequest, kind: str, help_line: HelpLineSettings) -> str:
    field, default = TEMPLATE_FIELDS[kind]
    time_zone = ZoneInfo(help_line.time_zone)
    values = {
        "reference": callback_request.reference,
        "slot": sms_texts.sms_slot_text(callback_request.slot_start, callback_request.slot_end, time_zone),
        "helpline": help_line.helpline_number,
        "cancel_url": sms_selectors.cancel_url(callback_request),
    }
    return sms_texts.render_sms(getattr(help_line, field), values, fallback=default)


# --- sending (called by the task) -------------------------------------------------------------


def deliver_sms(*, request_id: int, kind: str, now: datetime) -> str:
    """Send one message if it is still due and wanted; returns what happened, for the task's result."""
    claim = _claim(request_id=request_id, kind=kind, now=now)
    if isinstance(claim, str):
        return claim
    result = _hand_over(claim, now=now)
    return _record(claim, result, now=now)


def _claim(*, request_id: int, kind: str, now: datetime) -> Claim | str:
    with transaction.atomic():
        message = (
            SmsMessage.objects.select_for_update(of=("self",))
            .select_related("request")
            .filter(request_id=request_id, kind=kind)
            .first()
        )
        if message is None:
            return "no such message"
        if message.status != SmsStatus.QUEUED:
            return f"already {message.status}"
        if message.sending_since and message.sending_since > now - SEND_LEASE:
            return "being sent by another worker"
        if message.due_at > now:
            return "not due yet"
        if message.attempts >= MAX_ATTEMPTS:
            _finish(message, SmsStatus.FAILED, now=now, error_message="Gave up after the last attempt was cut short.")
            return SmsStatus.FAILED
        reason = _reason_not_to_send(message, now=now)
        if reason:
            _finish(message, SmsStatus.SKIPPED, now=now, error_message=reason)
            return SmsStatus.SKIPPED
        message.attempts += 1
        message.sending_since = now
        message.backend = sms.backend()
        message.save(update_fields=["attempts", "sending_since", "backend"])
    request = message.request
    return Claim(
        message_id=message.pk,
        kind=message.kind,
        to=request.phone,
        body=message.body or _render(request, message.kind, sms_selectors.sms_settings()),
        status_callback=sms_selectors.status_callback_url(message) if message.backend == sms.TWILIO else "",
        slot_start=request.slot_start,
    )


def _reason_not_to_send(message: SmsMessage, *, now: datetime) -> str:
    request = message.request
    if not sms.is_enabled():
        return "Text messages were switched off before it was sent."
    if not request.phone:
        return "The request's details had been erased."
    if message.kind in (SmsKind.CONFIRMATION, SmsKind.REMINDER) and request.status not in OPEN_STATUSES:
        return f"The request was {request.get_status_display().lower()} before it was sent."
    if message.kind == SmsKind.REMINDER and now >= request.slot_start:
        return "The slot had started before the reminder could be sent."
    if message.kind == SmsKind.MISSED_CALL and request.status in (Status.COMPLETED, Status.CANCELLED):
        return f"The request was {request.get_status_display().lower()} before it was sent."
    if sms_selectors.is_opted_out(request.phone):
        return "The number has opted out of texts (replied STOP)."
    return ""


def _hand_over(claim: Claim, *, now: datetime) -> sms.SmsResult:
    common = {"to": claim.to, "body": claim.body, "status_callback": claim.status_callback}
    if claim.kind == SmsKind.REMINDER:
        return sms.send_reminder(**common, valid_until=claim.slot_start, now=now)
    sender = {
        SmsKind.CONFIRMATION: sms.send_confirmation,
        SmsKind.MISSED_CALL: sms.send_missed_call,
        SmsKind.CANCELLATION: sms.send_cancellation,
    }[claim.kind]
    return sender(**common)


def _record(claim: Claim, result: sms.SmsResult, *, now: datetime) -> str:
    with transaction.atomic():
        message = SmsMessage.objects.select_for_update(of=("self",)).select_related("request").get(pk=claim.message_id)
        message.sending_since = None
        message.error_code, message.error_message = result.error_code, result.detail
        if result.outcome == sms.Outcome.SENT:
            message.twilio_sid = message.twilio_sid or result.sid
            message.sent_at = message.sent_at or now
            _move(message, SmsStatus.SENT, now=now)
        elif result.outcome == sms.Outcome.RETRY and _may_retry(message, now=now):
            message.due_at = now + FIRST_RETRY_DELAY * RETRY_GROWTH ** (message.attempts - 1)
            message.last_enqueued_at = now
            _enqueue(message, now=now)
        elif result.outcome == sms.Outcome.OPTED_OUT:
            SmsOptOut.objects.get_or_create(
                phone=claim.to, defaults={"created_at": now, "error_code": result.error_code}
            )
            _move(message, SmsStatus.UNDELIVERABLE, now=now)
        elif result.outcome == sms.Outcome.UNDELIVERABLE:
            _move(message, SmsStatus.UNDELIVERABLE, now=now)
        else:
            _move(message, SmsStatus.FAILED, now=now)
        message.save()
    logger.info(
        "Text %s for %s: %s%s (attempt %d)",
        message.kind,
        message.request.reference,
        result.outcome,
        f" {result.error_code}" if result.error_code else "",
        message.attempts,
    )
    return message.status if message.status != SmsStatus.QUEUED else "retry"


def _may_retry(message: SmsMessage, *, now: datetime) -> bool:
    if message.status != SmsStatus.QUEUED or message.attempts >= MAX_ATTEMPTS:
        return False
    next_try = now + FIRST_RETRY_DELAY * RETRY_GROWTH ** (message.attempts - 1)
    return not (message.kind == SmsKind.REMINDER and next_try >= message.request.slot_start)


def _move(message: SmsMessage, status: str, *, now: datetime) -> bool:
    """Move the message forward to `status` (never back); whether it moved. The caller saves."""
    if STATUS_RANK[status] <= STATUS_RANK[message.status]:
        return False
    message.status = status
    message.status_changed_at = now
    return True


def _finish(message: SmsMessage, status: str, *, now: datetime, error_message: str) -> None:
    message.status, message.status_changed_at = status, now
    message.sending_since = None
    message.error_message = error_message
    message.save(update_fields=["status", "status_changed_at", "sending_since", "error_message"])
    logger.info("Text %s for %s: %s (%s)", message.kind, message.request.reference, status, error_message)


# --- delivery reports and the sweep -----------------------------------------------------------


def record_sms_status(*, message_id: int, message_sid: str, twilio_status: str, error_code: str, now: datetime) -> bool:
    """Apply one of Twilio's delivery reports; whether it changed anything.

    A report for another message's SID, a status that is not further along,
    or a repeat of one already applied changes nothing.
    """
    status = TWILIO_STATUSES.get((twilio_status or "").strip().lower())
    if status is None:
        return False
    with transaction.atomic():
        message = (
            SmsMessage.objects.select_for_update(of=("self",)).select_related("request").filter(pk=message_id).first()
        )
        if message is None or (message.twilio_sid and message.twilio_sid != message_sid):
            return False
        if not _move(message, status, now=now):
            return False
        message.twilio_sid = message.twilio_sid or message_sid
        if error_code:
            message.error_code = error_code[:16]
            message.error_message = f"Twilio reported error {error_code[:16]}."
        if error_code in {str(code) for code in sms.OPTED_OUT_CODES} and message.request.phone:
            SmsOptOut.objects.get_or_create(
                phone=message.request.phone, defaults={"created_at": now, "error_code": error_code}
            )
        message.save()
    return True


def sweep_sms(*, now: datetime) -> int:
    """Queue a new task for every message left waiting well past its time; returns how many.

    Finds messages whose task was lost: its worker was killed (django-tasks-db
    leaves such a task RUNNING for good), or died while handing the message
    over (the claim has lapsed). Each is re-queued at most once per
    SWEEP_AFTER, and a duplicate task is harmless: sending claims the row first.
    """
    stale = now - SWEEP_AFTER
    waiting = SmsMessage.objects.filter(status=SmsStatus.QUEUED, due_at__lt=stale, last_enqueued_at__lt=stale).filter(
        Q(sending_since__isnull=True) | Q(sending_since__lt=now - SEND_LEASE)
    )
    count = 0
    with transaction.atomic():
        for message in waiting.select_for_update(of=("self",)):
            message.last_enqueued_at = now
            message.save(update_fields=["last_enqueued_at"])
            _enqueue(message, now=now)
            count += 1
    if count:
        logger.warning("Re-queued %d text messages that were left waiting", count)
    return count
