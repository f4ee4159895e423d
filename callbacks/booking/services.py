"""Every write to callback requests and slots.

Each service runs in one transaction, takes keyword-only arguments (`now` among
them, so tests and tasks control the clock) and raises an exception from
callbacks/exceptions.py when the change is not allowed, leaving nothing
half-written. Logs carry references and counts, never names, numbers or notes.
"""

import logging
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q

from callbacks import wording
from callbacks.audit import AuditAction, log_request_action
from callbacks.booking import selectors
from callbacks.booking.communication import CommunicationAnswers
from callbacks.booking.consent import consent_version_for
from callbacks.booking.phone import parse_uk_phone
from callbacks.booking.places import create_request, give_place_back, take_first_free_place
from callbacks.booking.slots import HelpLineRules, slot_starting_at
from callbacks.exceptions import (
    BeingHandled,
    NoSlotsAvailable,
    RequestClosed,
    SameSlot,
    SlotFull,
    SlotNotBookable,
)
from callbacks.models import (
    CANCEL_REASON_MAX_LENGTH,
    CLOSED_STATUSES,
    NAME_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    OPEN_STATUSES,
    CallAttempt,
    CallbackRequest,
    CallbackSlot,
    SmsMessage,
    SmsReply,
    Status,
    Topic,
)
from callbacks.texts import services as text_services
from home.names import NO_VISIBLE_CHARACTERS, visible_name

logger = logging.getLogger(__name__)


def book_callback(
    *,
    rules: HelpLineRules,
    name: str,
    phone: str,
    slot_start: datetime | None,
    topic: str,
    note: str,
    voicemail_ok: bool,
    may_identify_org: bool,
    sms_opt_in: bool,
    consent_text: str,
    now: datetime,
    communication: CommunicationAnswers = CommunicationAnswers(),  # noqa: B008 (frozen, so safe to share)
) -> CallbackRequest:
    """Book a callback: take one place in the slot and queue the request, or change nothing.

    `slot_start` None means "first available": the earliest slot with a free
    place, moving on to the next if it fills while we try. Capacity is taken
    with a conditional UPDATE, so concurrent bookings can never overbook; the
    one-open-request-per-phone rule is the database's partial unique
    constraint, so it holds under concurrency too, and a refused duplicate
    rolls back the place it took.

    Texts the reader asked for (confirmation, reminder) are queued in the
    same transaction, so a booking that is rolled back leaves none behind;
    whether they are ever delivered never affects the booking.

    Raises ValidationError (a dict keyed by field) for bad input, and
    SlotNotBookable, SlotFull, NoSlotsAvailable or DuplicateOpenBooking.
    """
    cleaned = _clean_booking_input(
        name=name, phone=phone, topic=topic, note=note, consent_text=consent_text, communication=communication
    )
    consent_text = cleaned.pop("consent_text")
    if slot_start is None:
        candidates = selectors.available_slots(rules=rules, now=now)
        if not candidates:
            raise NoSlotsAvailable
    else:
        chosen = slot_starting_at(rules, start=slot_start, now=now)
        if chosen is None:
            raise SlotNotBookable
        candidates = [chosen]

    with transaction.atomic():
        slot, slot_row = take_first_free_place(candidates)
        if slot_row is None:
            raise SlotFull if slot_start is not None else NoSlotsAvailable
        callback_request = create_request(
            consent_version=consent_version_for(text=consent_text, now=now),
            slot=slot,
            slot_row=slot_row,
            voicemail_ok=voicemail_ok,
            may_identify_org=may_identify_org,
            sms_opt_in=sms_opt_in,
            consented_at=now,
            created_at=now,
            **cleaned,
        )
        # In this transaction, so a booking that is rolled back leaves no text waiting to go.
        text_services.queue_booking_texts(callback_request=callback_request, now=now)
    logger.info("Callback %s booked for the slot at %s UTC", callback_request.reference, slot.start.isoformat())
    return callback_request


def note_repeat_booking(*, phone: str, now: datetime) -> CallbackRequest | None:
    """Someone tried to book for `phone` (E.164) while it has an open request: tell its owner, not the typist.

    The open request is flagged for staff (how many times, and when last) and,
    if its reader asked for texts, they get one text saying their booking
    stands (once per booking). Returns the request, or None if it has closed
    since. The caller shows the typist an ordinary confirmation.
    """
    with transaction.atomic():
        # The reader's own booking: a follow-up staff booked for the number is not what they tried to repeat.
        existing = (
            CallbackRequest.objects.select_for_update()
            .filter(phone=phone, status__in=OPEN_STATUSES, follow_up_of__isnull=True)
            .first()
        )
        if existing is None:
            return None
        CallbackRequest.objects.filter(pk=existing.pk).update(
            repeat_booking_count=F("repeat_booking_count") + 1, last_repeat_booking_at=now
        )
        text_services.queue_repeat_booking_text(callback_request=existing, now=now)
    logger.info("Callback %s: someone tried to book again for its number", existing.reference)
    existing.refresh_from_db()
    return existing


def cancel_callback(*, callback_request: CallbackRequest, reason: str, now: datetime) -> CallbackRequest:
    """Cancel an open request and give its place back to the slot.

    Idempotent: cancelling a cancelled request changes nothing and frees
    nothing. A completed or unreachable request cannot be cancelled
    (RequestClosed). The status change is a conditional UPDATE, so two
    simultaneous cancellations free the place once, and queue one
    cancellation text (if the reader asked for texts).
    """
    reason = (reason or "").strip()
    if len(reason) > CANCEL_REASON_MAX_LENGTH:
        raise ValidationError({"reason": wording.CANCEL_REASON_TOO_LONG % {"limit_value": CANCEL_REASON_MAX_LENGTH}})
    with transaction.atomic():
        cancelled = CallbackRequest.objects.filter(pk=callback_request.pk, status__in=OPEN_STATUSES).update(
            status=Status.CANCELLED, closed_at=now, cancel_reason=reason
        )
        if cancelled:
            give_place_back(slot_id=callback_request.slot_id)
            text_services.queue_cancellation_text(callback_request=callback_request, now=now)
        else:
            status = CallbackRequest.objects.filter(pk=callback_request.pk).values_list("status", flat=True).get()
            if status != Status.CANCELLED:
                raise RequestClosed
    callback_request.refresh_from_db()
    if cancelled:
        logger.info("Callback %s cancelled", callback_request.reference)
    return callback_request


def reschedule_callback(
    *, callback_request: CallbackRequest, rules: HelpLineRules, slot_start: datetime, now: datetime
) -> CallbackRequest:
    """Move an open request to another slot, keeping its reference: take the new place, give the old one back.

    One transaction: the new place is taken with the same conditional UPDATE
    as a booking (so the new slot is never overbooked however many readers
    move into it at once), and only then is the old place given back; if the
    new slot is full nothing changes. Both slot rows are locked first in
    start order, so two readers swapping slots wait for each other instead of
    deadlocking. Texts (if the reader asked for them): "your callback has
    moved" now, and the reminder for the old time replaced by one for the new.

    Raises SlotNotBookable, SlotFull, SameSlot, BeingHandled (staff have
    claimed it) or RequestClosed.
    """
    chosen = slot_starting_at(rules, start=slot_start, now=now)
    if chosen is None:
        raise SlotNotBookable
    with transaction.atomic():
        locked = CallbackRequest.objects.select_for_update().get(pk=callback_request.pk)
        if locked.status == Status.CLAIMED:
            raise BeingHandled
        if not locked.is_open:
            raise RequestClosed
        if locked.slot_start == chosen.start:
            raise SameSlot
        old_slot_id = locked.slot_id
        # Lock both slot rows (the new one if it exists yet) in start order before changing either.
        list(
            CallbackSlot.objects.select_for_update()
            .filter(Q(pk=old_slot_id) | Q(start=chosen.start))
            .order_by("start")
            .values_list("pk", flat=True)
        )
        slot, slot_row = take_first_free_place([chosen])
        if slot_row is None:
            raise SlotFull
        give_place_back(slot_id=old_slot_id)
        locked.slot, locked.slot_start, locked.slot_end = slot_row, slot.start, slot.end
        locked.times_moved += 1
        locked.save(update_fields=["slot", "slot_start", "slot_end", "times_moved"])
        text_services.queue_moved_texts(callback_request=locked, now=now)
    logger.info("Callback %s moved to the slot at %s UTC", locked.reference, slot.start.isoformat())
    return locked


def purge_callbacks(*, older_than_days: int, now: datetime) -> int:
    """Erase the personal details of requests closed more than `older_than_days` ago.

    Name, phone, note, cancellation reason, the interpreter's language and the
    reader's own words about communication, the notes of call attempts, the
    words of text messages and the readers' replies (with their numbers) are
    blanked and `anonymised_at` set; slot, topic, status, the communication
    ticks and attempt outcomes stay for the statistics. Replies that never
    matched a request are blanked once they are as old as the cutoff. Returns how many requests were anonymised; a
    second run finds nothing left to do.
    """
    if older_than_days < 0:
        raise ValueError("older_than_days cannot be negative")
    cutoff = now - timedelta(days=older_than_days)
    with transaction.atomic():
        due = list(
            CallbackRequest.objects.select_for_update()
            .filter(status__in=CLOSED_STATUSES, closed_at__lt=cutoff, anonymised_at__isnull=True)
            .order_by("pk")
        )
        CallAttempt.objects.filter(request__in=due).exclude(note="").update(note="")
        SmsMessage.objects.filter(request__in=due).exclude(body="").update(body="")
        # Readers' replies: with their request, or, never matched to one, once as old as the cutoff.
        replies = SmsReply.objects.filter(Q(request__in=due) | Q(request__isnull=True, received_at__lt=cutoff))
        replies.exclude(phone="", body="").update(phone="", body="")
        count = CallbackRequest.objects.filter(pk__in=[request.pk for request in due]).update(
            name="",
            phone="",
            note="",
            cancel_reason="",
            interpreter_language="",
            other_communication_need="",
            anonymised_at=now,
        )
        for callback_request in due:
            log_request_action(callback_request, AuditAction.ANONYMISE, None, now=now)
    logger.info("Anonymised %d callback requests closed before %s", count, cutoff.isoformat())
    return count


def expire_open_callbacks(*, slot_ended_days_ago: int, now: datetime) -> int:
    """Close as expired the open requests whose slot ended more than `slot_ended_days_ago` days ago.

    Nobody is going to ring these readers now, and an open request would keep
    their details for ever: once expired it is closed like any other
    (`closed_at` is now), and `purge_callbacks` erases it in its turn. The
    slot's place is not given back: the slot is long over. Each gets an audit
    entry with no user and no data. Returns how many were closed; a second
    run finds nothing to do.
    """
    if slot_ended_days_ago < 0:
        raise ValueError("slot_ended_days_ago cannot be negative")
    cutoff = now - timedelta(days=slot_ended_days_ago)
    with transaction.atomic():
        # Locked, so a member of staff closing one of them at this moment either wins or waits.
        stale = list(
            CallbackRequest.objects.select_for_update()
            .filter(status__in=OPEN_STATUSES, slot_end__lt=cutoff)
            .order_by("pk")
        )
        count = CallbackRequest.objects.filter(pk__in=[request.pk for request in stale]).update(
            status=Status.EXPIRED, closed_at=now
        )
        for callback_request in stale:
            log_request_action(callback_request, AuditAction.EXPIRE, None, now=now)
    logger.info("Closed %d open callback requests whose slot ended before %s as expired", count, cutoff.isoformat())
    return count


def _clean_booking_input(
    *, name: str, phone: str, topic: str, note: str, consent_text: str, communication: CommunicationAnswers
) -> dict:
    """The booking's text fields, trimmed and checked; every problem reported at once.

    The form checks the same things; checking again here keeps a bad value out
    of the database whichever caller (a task, the shell, a future API) books.
    """
    errors: dict[str, str | ValidationError] = {}
    typed_name, name = name, visible_name(name)
    note = (note or "").strip()
    consent_text = (consent_text or "").strip()
    if not name and (typed_name or "").strip():
        errors["name"] = NO_VISIBLE_CHARACTERS
    elif not name:
        errors["name"] = wording.NAME_REQUIRED
    elif len(name) > NAME_MAX_LENGTH:
        errors["name"] = wording.NAME_TOO_LONG % {"limit_value": NAME_MAX_LENGTH}
    try:
        phone = parse_uk_phone(phone)
    except ValidationError as error:
        errors["phone"] = error
    if topic not in Topic.values:
        errors["topic"] = wording.TOPIC_REQUIRED
    if len(note) > NOTE_MAX_LENGTH:
        errors["note"] = wording.NOTE_TOO_LONG % {"limit_value": NOTE_MAX_LENGTH, "show_value": len(note)}
    if not consent_text:
        errors["consent"] = wording.CONSENT_REQUIRED
    errors.update(communication.errors())
    if errors:
        raise ValidationError(errors)
    return {
        "name": name,
        "phone": phone,
        "topic": topic,
        "note": note,
        "consent_text": consent_text,
        **communication.as_fields(),
    }
