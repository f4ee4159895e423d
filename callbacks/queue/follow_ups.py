"""Follow-up calls: staff working a request book another call for the same reader, into a slot with a free place.

Separate from the queue's other actions (services.py) because it also books:
it takes the place with the same code as a reader's booking
(callbacks/booking/places.py), so capacity holds however many people book at
once, and it queues the reader's texts.
"""

from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from callbacks.audit import AuditAction, log_request_action
from callbacks.booking.places import create_request, take_first_free_place
from callbacks.booking.slots import slot_starting_at
from callbacks.exceptions import FollowUpAlreadyBooked, FollowUpSlotFull, FollowUpSlotNotBookable
from callbacks.guards import check_may_act, locked_request, require_queue_staff
from callbacks.models import NOTE_MAX_LENGTH, OPEN_STATUSES, CallbackRequest
from callbacks.models.communication import COMMUNICATION_FIELDS
from callbacks.queue import selectors as queue_selectors
from callbacks.texts import services as text_services
from callbacks.wording import NOTE_TOO_LONG

# What a follow-up carries over from the request it was booked from: who to call, about what, and how.
FOLLOW_UP_CARRIED_FIELDS = (
    "name",
    "phone",
    "topic",
    "voicemail_ok",
    "may_identify_org",
    "sms_opt_in",
    "consent_version",
    "consented_at",
    *COMMUNICATION_FIELDS,
)


def book_follow_up(
    *,
    callback_request: CallbackRequest,
    user: AbstractBaseUser,
    slot_start: datetime,
    note: str,
    now: datetime,
) -> CallbackRequest:
    """Book a follow-up call for the reader of a request staff are working on, in a slot with a free place.

    The same rules as the queue's other actions (help-line staff; the request
    open and claimed by this user or a superuser), and the same place-taking
    code as a reader's booking (booking/places.py), so a full slot is refused
    however many people book into it at once. The follow-up is a new queued
    request linked to this one (`follow_up_of`), carrying over the reader's
    details, discretion answers, text consent and communication needs; `note`
    is staff's, for whoever makes the follow-up call.

    A number has at most one open follow-up (a database constraint, so two
    staff booking at once cannot both succeed): FollowUpAlreadyBooked. The
    reader's own open booking does not block one. The reader gets the
    "follow-up booked" text (and a reminder) if they asked for texts. One
    audit entry on each request. Raises ValidationError for a note too long,
    FollowUpSlotNotBookable, FollowUpSlotFull, or the guards' refusals.
    """
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError({"note": NOTE_TOO_LONG % {"limit_value": NOTE_MAX_LENGTH, "show_value": len(note)}})
    require_queue_staff(user)
    rules = queue_selectors.queue_rules().opening
    chosen = slot_starting_at(rules, start=slot_start, now=now)
    if chosen is None:
        raise FollowUpSlotNotBookable
    with transaction.atomic():
        locked = locked_request(callback_request)
        check_may_act(locked, user)
        # Checked first for a clear message; the constraint (in create_request) still decides under concurrency.
        open_follow_up = (
            CallbackRequest.objects.filter(phone=locked.phone, status__in=OPEN_STATUSES, follow_up_of__isnull=False)
            .values_list("reference", flat=True)
            .first()
        )
        if open_follow_up:
            raise FollowUpAlreadyBooked.for_reference(open_follow_up)
        slot, slot_row = take_first_free_place([chosen])
        if slot_row is None:
            raise FollowUpSlotFull
        follow_up = create_request(
            slot=slot,
            slot_row=slot_row,
            follow_up_of=locked,
            note=note,
            created_at=now,
            **{name: getattr(locked, name) for name in FOLLOW_UP_CARRIED_FIELDS},
        )
        text_services.queue_follow_up_texts(callback_request=follow_up, now=now)
        log_request_action(
            locked,
            AuditAction.FOLLOW_UP_BOOKED,
            user,
            now=now,
            follow_up=follow_up.reference,
            slot_start=follow_up.slot_start.isoformat(),
        )
        log_request_action(follow_up, AuditAction.FOLLOW_UP_CREATED, user, now=now, follow_up_of=locked.reference)
    return follow_up
