"""Reads for text messages: delivery-report URLs, opt-outs and the staff lists.

Texts are sent by a worker with no request to hand. The help-line settings
(wording, reminder time, zone) come from callbacks.help_line.current_help_line,
read from the database each time, so a worker never keeps old wording; the
addresses texts carry come from callbacks/texts/addresses.py.
"""

from django.db.models import QuerySet
from django.urls import reverse

from callbacks.models import CallbackRequest, SmsMessage, SmsOptOut
from callbacks.texts.addresses import public_url

OUTBOX_PAGE_SIZE = 50


def status_callback_url(message: SmsMessage) -> str:
    """Where Twilio reports this message's delivery status."""
    return public_url(reverse("callbacks_webhooks:twilio_status", args=[message.pk]))


def is_opted_out(phone: str) -> bool:
    return bool(phone) and SmsOptOut.objects.filter(phone=phone).exists()


def messages_for_request(callback_request: CallbackRequest) -> list[SmsMessage]:
    return list(callback_request.sms_messages.select_related("requested_by").order_by("created_at", "pk"))


def outbox(*, status: str = "") -> QuerySet[SmsMessage]:
    """Every text, newest first, with its request's reference (for the staff outbox)."""
    messages = SmsMessage.objects.select_related("request").order_by("-created_at", "-pk")
    return messages.filter(status=status) if status else messages
