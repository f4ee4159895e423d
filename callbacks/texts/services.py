"""Writes that queue text messages: after a booking, a move or a cancellation, and the staff's "we tried to call you".

A message is queued inside the transaction that makes it necessary (the
booking, the cancellation, the staff action): its SmsMessage row and the task
that will send it are written together, or not at all. The task carries the
request's id and the kind of message, never the number. Sending, retries,
delivery reports and the sweep are in callbacks/texts/delivery.py.
"""

from datetime import datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from callbacks.audit import AuditAction, log_request_action
from callbacks.exceptions import SmsNotAvailable
from callbacks.guards import check_may_act, locked_request, require_queue_staff
from callbacks.help_line import current_help_line
from callbacks.models import UNANSWERED_OUTCOMES, CallbackRequest, HelpLineSettings, SmsKind, SmsMessage, SmsStatus
from callbacks.texts import bodies, delivery, gateway, selectors

# Why a text waiting for a booking's old time was not sent (shown to staff in the outbox).
MOVED_REASON = "The reader moved their callback to another time."


def queue_booking_texts(*, callback_request: CallbackRequest, now: datetime) -> list[SmsMessage]:
    """The confirmation now and, if the slot is far enough off, the reminder before it."""
    if not callback_request.sms_opt_in or not gateway.is_enabled():
        return []
    help_line = current_help_line()
    queued = [_queue(callback_request, SmsKind.CONFIRMATION, due_at=now, now=now, help_line=help_line)]
    reminder = _queue_reminder(callback_request, now=now, help_line=help_line)
    return queued + ([reminder] if reminder else [])


def queue_follow_up_texts(*, callback_request: CallbackRequest, now: datetime) -> list[SmsMessage]:
    """After staff book a follow-up: "we have booked a follow-up call" now and, if far enough off, the reminder.

    Only if the reader asked for texts (the follow-up carries their answer over
    from the request it was booked from) and texts are on.
    """
    if not callback_request.sms_opt_in or not gateway.is_enabled():
        return []
    help_line = current_help_line()
    queued = [_queue(callback_request, SmsKind.FOLLOW_UP, due_at=now, now=now, help_line=help_line)]
    reminder = _queue_reminder(callback_request, now=now, help_line=help_line)
    return queued + ([reminder] if reminder else [])


def queue_moved_texts(*, callback_request: CallbackRequest, now: datetime) -> list[SmsMessage]:
    """After a move: "your callback has moved" now, and the reminder for the old time swapped for the new one.

    The texts still waiting for the old time (its reminder, an earlier "moved"
    text not sent yet) are marked not sent, in the move's transaction, so the
    reader is never reminded of a time they no longer have.
    """
    replaced = SmsMessage.objects.filter(
        request=callback_request, kind__in=(SmsKind.REMINDER, SmsKind.MOVED), status=SmsStatus.QUEUED
    )
    replaced.update(status=SmsStatus.SKIPPED, status_changed_at=now, sending_since=None, error_message=MOVED_REASON)
    if not callback_request.sms_opt_in or not gateway.is_enabled():
        return []
    help_line = current_help_line()
    queued = [_queue(callback_request, SmsKind.MOVED, due_at=now, now=now, help_line=help_line)]
    reminder = _queue_reminder(callback_request, now=now, help_line=help_line)
    return queued + ([reminder] if reminder else [])


def queue_cancellation_text(*, callback_request: CallbackRequest, now: datetime) -> SmsMessage | None:
    if not callback_request.sms_opt_in or not gateway.is_enabled():
        return None
    if SmsMessage.objects.filter(request=callback_request, kind=SmsKind.CANCELLATION).exists():
        return None
    return _queue(callback_request, SmsKind.CANCELLATION, due_at=now, now=now)


def queue_repeat_booking_text(*, callback_request: CallbackRequest, now: datetime) -> SmsMessage | None:
    """Tell the number's owner their booking stands, after someone typed their number into the form again.

    Only if they asked for texts on that booking, and once per booking: a stranger
    who keeps typing the number cannot use us to send its owner a stream of texts.
    """
    if not callback_request.sms_opt_in or not gateway.is_enabled():
        return None
    if SmsMessage.objects.filter(request=callback_request, kind=SmsKind.REPEAT_BOOKING).exists():
        return None
    return _queue(callback_request, SmsKind.REPEAT_BOOKING, due_at=now, now=now)


def send_missed_call_text(*, callback_request: CallbackRequest, user: AbstractBaseUser, now: datetime) -> SmsMessage:
    """Staff: text the reader "we tried to call you", once per request, after an unanswered call.

    The same rules as the queue's other actions (help-line staff, request
    open and held by this user or a superuser), and one audit entry.
    """
    require_queue_staff(user)
    if not gateway.is_enabled():
        raise SmsNotAvailable("Text messages are switched off on this site, so nothing was sent.")
    with transaction.atomic():
        locked = locked_request(callback_request)
        check_may_act(locked, user)
        reason = missed_call_refusal(locked)
        if reason:
            raise SmsNotAvailable(reason)
        message = _queue(locked, SmsKind.MISSED_CALL, due_at=now, now=now, requested_by=user)
        log_request_action(locked, AuditAction.SMS_MISSED_CALL, user, now=now)
    return message


def missed_call_refusal(callback_request: CallbackRequest) -> str:
    """Why a "we tried to call you" text can't be sent for this request, or "" if it can."""
    if not callback_request.sms_opt_in:
        return "The reader didn't ask for text messages, so they can't be sent one."
    if not callback_request.attempts.filter(outcome__in=UNANSWERED_OUTCOMES).exists():
        return "Log a call that wasn't answered (no answer, or voicemail left) before texting the reader."
    if SmsMessage.objects.filter(request=callback_request, kind=SmsKind.MISSED_CALL).exists():
        return "A “we tried to call you” text has already been sent for this request."
    if selectors.is_opted_out(callback_request.phone):
        return "This number has opted out of texts (the reader replied STOP)."
    return ""


def _queue_reminder(
    callback_request: CallbackRequest, *, now: datetime, help_line: HelpLineSettings
) -> SmsMessage | None:
    """The reminder before the slot, unless reminders are off or the slot is too close for one."""
    lead = timedelta(minutes=help_line.sms_reminder_minutes)
    remind_at = callback_request.slot_start - lead
    if not lead or remind_at <= now:
        return None
    return _queue(callback_request, SmsKind.REMINDER, due_at=remind_at, now=now, help_line=help_line)


def _queue(
    callback_request: CallbackRequest,
    kind: str,
    *,
    due_at: datetime,
    now: datetime,
    help_line: HelpLineSettings | None = None,
    requested_by: AbstractBaseUser | None = None,
) -> SmsMessage:
    help_line = help_line or current_help_line()
    message = SmsMessage.objects.create(
        request=callback_request,
        kind=kind,
        body=bodies.render_body(callback_request, kind, help_line),
        due_at=due_at,
        last_enqueued_at=now,
        created_at=now,
        requested_by=requested_by,
    )
    delivery.enqueue_text(message, now=now)
    return message
