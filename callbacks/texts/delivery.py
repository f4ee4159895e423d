"""A text message after it is queued: the worker's tasks, sending, retries, delivery reports, the sweep.

The tasks run under `python manage.py db_worker --backend background`. They are thin:
they read the clock and hand over to the functions below, and carry ids and kinds
only, never a name, number or text, because task rows (and their arguments) are
kept in the database and shown in the Django admin. The tasks and what they run
live in one module because sending re-queues itself (retries, the sweep).

The rules:

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
reader may get a text twice, which is better than a reminder never sent. A
database outage between handing a message over and recording it is not such a
case: the worker keeps the provider's answer and records it once the database
answers again (for up to RECORD_PATIENCE), so the text is not sent twice.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from time import monotonic, sleep

from django.db import close_old_connections, transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from callbacks.help_line import current_help_line
from callbacks.models import OPEN_STATUSES, STATUS_RANK, SmsKind, SmsMessage, SmsOptOut, SmsStatus, Status
from callbacks.texts import bodies, gateway, selectors
from home.outage import is_database_outage

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# The gap before attempt n+1 after n failed attempts: 30 s, 2 min, 8 min, 32 min.
FIRST_RETRY_DELAY = timedelta(seconds=30)
RETRY_GROWTH = 4
# A claim older than this belongs to a worker that died (the provider call times out after ~10 s).
SEND_LEASE = timedelta(minutes=5)
# How long a worker that has handed a message over keeps trying to record the answer while the database is down.
RECORD_PATIENCE = timedelta(minutes=2)
RECORD_RETRY_MAX_PAUSE_SECONDS = 15.0
# A message still waiting this long after it was due (and after its last task was queued) is re-queued.
SWEEP_AFTER = timedelta(minutes=10)
# Twilio's MessageStatus values in delivery reports, as our statuses; others change nothing.
TWILIO_STATUSES = {
    "sent": SmsStatus.SENT,
    "delivered": SmsStatus.DELIVERED,
    "read": SmsStatus.DELIVERED,
    "failed": SmsStatus.FAILED,
    "canceled": SmsStatus.FAILED,
    "undelivered": SmsStatus.UNDELIVERABLE,
}


BACKEND = "background"


@task(backend=BACKEND)
def send_sms(request_id: int, kind: str) -> str:
    """Send the request's text of this kind, if it is still waiting and still wanted."""
    return deliver_sms(request_id=request_id, kind=kind, now=timezone.now())


@task(backend=BACKEND)
def sweep_sms() -> int:
    """Re-queue text messages whose task was lost (see `manage.py sms_sweep`)."""
    return sweep_lost_texts(now=timezone.now())


def enqueue_text(message: SmsMessage, *, now: datetime) -> None:
    """Queue the task that sends this message, at its due time (in the caller's transaction)."""
    task = send_sms
    if message.due_at > now:
        task = task.using(run_after=message.due_at)
    task.enqueue(message.request_id, message.kind)


@dataclass(frozen=True)
class Claim:
    """A message claimed for sending: everything the provider call needs."""

    message_id: int
    kind: str
    to: str
    body: str
    status_callback: str
    slot_start: datetime


def requeue_after_a_worker_died(sender, **kwargs) -> None:
    """operations.signals.worker_started receiver: a new worker may replace one that was killed mid-task.

    django-tasks-db leaves a killed worker's task RUNNING for good, so its text
    would wait for the sweep (SWEEP_AFTER). Every due text still waiting and
    not being handed over gets a new task now; one whose old task is in fact
    alive costs a second task that finds it sent or claimed and sends nothing.
    """
    sweep_lost_texts(now=timezone.now(), waiting_for=timedelta(0))


# --- sending (called by the task) -------------------------------------------------------------


def deliver_sms(*, request_id: int, kind: str, now: datetime) -> str:
    """Send one message if it is still due and wanted; returns what happened, for the task's result."""
    claim = _claim(request_id=request_id, kind=kind, now=now)
    if isinstance(claim, str):
        return claim
    result = _hand_over(claim, now=now)
    return _record_once_the_database_answers(claim, result, now=now)


def _record_once_the_database_answers(claim: Claim, result: gateway.SendResult, *, now: datetime) -> str:
    """Record the provider's answer; while the database is down, keep it and try again (the text went already)."""
    gave_up_at = monotonic() + RECORD_PATIENCE.total_seconds()
    pause, tries = 1.0, 0
    while True:
        try:
            recorded = _record(claim, result, now=now)
        except Exception as error:
            if not is_database_outage(error) or monotonic() + pause > gave_up_at:
                raise
            if not tries:
                logger.warning(
                    "Text message %s was handed over but the database is unreachable; "
                    "keeping the answer and recording it when the database is back: %s",
                    claim.message_id,
                    error,
                )
            tries += 1
        else:
            if tries:
                logger.warning("Text message %s recorded now that the database is back.", claim.message_id)
            return recorded
        # A connection the outage broke is dropped, so the next try opens a new one.
        close_old_connections()
        sleep(pause)
        pause = min(pause * 2, RECORD_RETRY_MAX_PAUSE_SECONDS)


def _claim(*, request_id: int, kind: str, now: datetime) -> Claim | str:
    with transaction.atomic():
        message = (
            SmsMessage.objects.select_for_update(of=("self",))
            .select_related("request")
            .filter(request_id=request_id, kind=kind)
            # A moved booking's replaced texts stay as history: the newest row of the kind is the live one.
            .order_by("-pk")
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
        message.backend = gateway.backend()
        message.save(update_fields=["attempts", "sending_since", "backend"])
    request = message.request
    return Claim(
        message_id=message.pk,
        kind=message.kind,
        to=request.phone,
        body=message.body or bodies.render_body(request, message.kind, current_help_line()),
        status_callback=selectors.status_callback_url(message) if message.backend == gateway.TWILIO else "",
        slot_start=request.slot_start,
    )


def _reason_not_to_send(message: SmsMessage, *, now: datetime) -> str:
    request = message.request
    if not gateway.is_enabled():
        return "Text messages were switched off before it was sent."
    if not request.phone:
        return "The request's details had been erased."
    if (
        message.kind
        in (SmsKind.CONFIRMATION, SmsKind.REMINDER, SmsKind.MOVED, SmsKind.REPEAT_BOOKING, SmsKind.FOLLOW_UP)
        and request.status not in OPEN_STATUSES
    ):
        return f"The request was {request.get_status_display().lower()} before it was sent."
    if message.kind == SmsKind.REMINDER and now >= request.slot_start:
        return "The slot had started before the reminder could be sent."
    if message.kind == SmsKind.MISSED_CALL and request.status in (Status.COMPLETED, Status.CANCELLED, Status.EXPIRED):
        return f"The request was {request.get_status_display().lower()} before it was sent."
    if selectors.is_opted_out(request.phone):
        return "The number has opted out of texts (replied STOP)."
    return ""


def _hand_over(claim: Claim, *, now: datetime) -> gateway.SendResult:
    common = {"to": claim.to, "body": claim.body, "status_callback": claim.status_callback}
    if claim.kind == SmsKind.REMINDER:
        return gateway.send_reminder(**common, valid_until=claim.slot_start, now=now)
    sender = {
        SmsKind.CONFIRMATION: gateway.send_confirmation,
        SmsKind.MISSED_CALL: gateway.send_missed_call,
        SmsKind.CANCELLATION: gateway.send_cancellation,
        SmsKind.MOVED: gateway.send_moved,
        SmsKind.REPEAT_BOOKING: gateway.send_repeat_booking,
    }[claim.kind]
    return sender(**common)


def _record(claim: Claim, result: gateway.SendResult, *, now: datetime) -> str:
    with transaction.atomic():
        message = SmsMessage.objects.select_for_update(of=("self",)).select_related("request").get(pk=claim.message_id)
        message.sending_since = None
        message.error_code, message.error_message = result.error_code, result.detail
        if result.outcome == gateway.SendOutcome.SENT:
            message.twilio_sid = message.twilio_sid or result.sid
            message.sent_at = message.sent_at or now
            _move(message, SmsStatus.SENT, now=now)
        elif result.outcome == gateway.SendOutcome.RETRY and may_retry(message, now=now):
            message.due_at = next_try_at(message, now=now)
            message.last_enqueued_at = now
            enqueue_text(message, now=now)
        elif result.outcome == gateway.SendOutcome.OPTED_OUT:
            SmsOptOut.objects.get_or_create(
                phone=claim.to, defaults={"created_at": now, "error_code": result.error_code}
            )
            _move(message, SmsStatus.UNDELIVERABLE, now=now)
        elif result.outcome == gateway.SendOutcome.UNDELIVERABLE:
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


def next_try_at(message: SmsMessage, *, now: datetime) -> datetime:
    """When a text that could not go now is tried again: 30 s after the first try, four times longer each time."""
    return now + FIRST_RETRY_DELAY * RETRY_GROWTH ** (message.attempts - 1)


def may_retry(message: SmsMessage, *, now: datetime) -> bool:
    """Whether to try again: attempts left, and (for a reminder) the next try still before the slot."""
    if message.status != SmsStatus.QUEUED or message.attempts >= MAX_ATTEMPTS:
        return False
    return not (message.kind == SmsKind.REMINDER and next_try_at(message, now=now) >= message.request.slot_start)


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
        if error_code in {str(code) for code in gateway.OPTED_OUT_CODES} and message.request.phone:
            SmsOptOut.objects.get_or_create(
                phone=message.request.phone, defaults={"created_at": now, "error_code": error_code}
            )
        message.save()
    return True


def sweep_lost_texts(*, now: datetime, waiting_for: timedelta = SWEEP_AFTER) -> int:
    """Queue a new task for every message left waiting well past its time; returns how many.

    Finds messages whose task was lost: its worker was killed (django-tasks-db
    leaves such a task RUNNING for good), or died while handing the message
    over (the claim has lapsed). Each is re-queued at most once per
    `waiting_for` (SWEEP_AFTER unless a new worker asks for every due text), and
    a duplicate task is harmless: sending claims the row first.
    """
    stale = now - waiting_for
    waiting = SmsMessage.objects.filter(status=SmsStatus.QUEUED, due_at__lt=stale, last_enqueued_at__lt=stale).filter(
        Q(sending_since__isnull=True) | Q(sending_since__lt=now - SEND_LEASE)
    )
    count = 0
    with transaction.atomic():
        for message in waiting.select_for_update(of=("self",)):
            message.last_enqueued_at = now
            message.save(update_fields=["last_enqueued_at"])
            enqueue_text(message, now=now)
            count += 1
    if count:
        logger.warning("Re-queued %d text messages that were left waiting", count)
    return count
