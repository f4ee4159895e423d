"""Reads for text messages: delivery-report URLs, opt-outs and the staff lists.

Texts are sent by a worker with no request to hand. The help-line settings
(wording, reminder time, zone) come from callbacks.help_line.current_help_line,
read from the database each time, so a worker never keeps old wording; the
addresses texts carry come from callbacks/texts/addresses.py.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Min, QuerySet
from django.urls import reverse

from callbacks.models import CallbackRequest, SmsMessage, SmsOptOut, SmsReply, SmsStatus
from callbacks.texts.addresses import public_url

OUTBOX_PAGE_SIZE = 50
# A text still waiting this long after it was due means the worker is not sending (stopped, or failing).
LATE_TEXT_AFTER = timedelta(minutes=10)
# The outbox lists this many of the latest replies that belong to no open request.
UNMATCHED_REPLIES_SHOWN = 50


def status_callback_url(message: SmsMessage) -> str:
    """Where Twilio reports this message's delivery status."""
    return public_url(reverse("callbacks_webhooks:twilio_status", args=[message.pk]))


def is_opted_out(phone: str) -> bool:
    return bool(phone) and SmsOptOut.objects.filter(phone=phone).exists()


def messages_for_request(callback_request: CallbackRequest) -> list[SmsMessage]:
    return list(callback_request.sms_messages.select_related("requested_by").order_by("created_at", "pk"))


def replies_for_request(callback_request: CallbackRequest) -> list[SmsReply]:
    return list(callback_request.sms_replies.order_by("received_at", "pk"))


def unmatched_replies() -> list[SmsReply]:
    """The latest replies from numbers with no open request, still holding their words (newest first)."""
    replies = SmsReply.objects.filter(request__isnull=True).exclude(phone="", body="")
    return list(replies.order_by("-received_at", "-pk")[:UNMATCHED_REPLIES_SHOWN])


def outbox(*, status: str = "") -> QuerySet[SmsMessage]:
    """Every text, newest first, with its request's reference (for the staff outbox)."""
    messages = SmsMessage.objects.select_related("request").order_by("-created_at", "-pk")
    return messages.filter(status=status) if status else messages


@dataclass(frozen=True)
class DeliveryWarnings:
    """What staff should know about text delivery right now; `messages` is empty when all is well.

    Each check adds its sentence in `delivery_warnings`. A check on the worker's
    heartbeat ("not seen for 5 minutes") belongs beside the late-text one once
    the worker records a heartbeat.
    """

    late_texts: int
    oldest_late_minutes: int | None
    messages: tuple[str, ...]


def delivery_warnings(*, now: datetime) -> DeliveryWarnings:
    """Texts due more than LATE_TEXT_AFTER ago and still queued, worded for staff (one indexed query)."""
    late = SmsMessage.objects.filter(status=SmsStatus.QUEUED, due_at__lt=now - LATE_TEXT_AFTER).aggregate(
        count=Count("pk"), oldest=Min("due_at")
    )
    messages = []
    oldest_minutes = None
    if late["count"]:
        oldest_minutes = int((now - late["oldest"]).total_seconds() // 60)
        texts = "1 text message has" if late["count"] == 1 else f"{late['count']} text messages have"
        late_minutes = int(LATE_TEXT_AFTER.total_seconds() // 60)
        messages.append(
            f"{texts} been waiting to be sent for more than {late_minutes} minutes "
            f"(the oldest for {oldest_minutes} minutes). The text-message worker may have stopped: "
            "ask whoever runs the site to check it."
        )
    return DeliveryWarnings(late_texts=late["count"], oldest_late_minutes=oldest_minutes, messages=tuple(messages))
