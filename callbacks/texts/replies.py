"""What a reader's reply to our texts does: the keywords, and keeping anything else for staff.

The keywords are those carriers and Twilio honour (STOP and its synonyms,
START, HELP), read without regard to case or surrounding spaces, so a reader
gets the same answer from us as from their network. A reply never changes a
booking: cancelling is done with the cancel link or by phone.
"""

import enum
import logging
from datetime import datetime

from django.db import transaction

from callbacks.help_line import current_help_line
from callbacks.models import OPEN_STATUSES, CallbackRequest, SmsMessage, SmsOptOut, SmsReply, SmsStatus
from callbacks.texts import wording

logger = logging.getLogger(__name__)

OPT_OUT_KEYWORDS = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"})
OPT_IN_KEYWORDS = frozenset({"START", "UNSTOP"})
HELP_KEYWORDS = frozenset({"HELP"})
# SmsOptOut.error_code for a number that opted out by replying, rather than by a Twilio error.
OPTED_OUT_BY_REPLY = "reply"
CANCELLED_BY_OPT_OUT = "The reader replied STOP before it was sent."


class ReplyKind(enum.StrEnum):
    OPT_OUT = "opt-out"
    OPT_IN = "opt-in"
    HELP = "help"
    MESSAGE = "message"


def reply_kind(body: str) -> ReplyKind:
    keyword = " ".join(body.split()).upper()
    if keyword in OPT_OUT_KEYWORDS:
        return ReplyKind.OPT_OUT
    if keyword in OPT_IN_KEYWORDS:
        return ReplyKind.OPT_IN
    if keyword in HELP_KEYWORDS:
        return ReplyKind.HELP
    return ReplyKind.MESSAGE


def receive_sms_reply(*, phone: str, body: str, message_sid: str, now: datetime) -> tuple[ReplyKind, str]:
    """Act on one inbound text; its kind and the answer to text back ("" for none).

    Twilio may deliver the same message twice (a retried webhook): a reply is
    stored once per message SID, and the keywords are idempotent.
    """
    kind = reply_kind(body)
    if kind == ReplyKind.OPT_OUT:
        _opt_out(phone=phone, now=now)
    elif kind == ReplyKind.OPT_IN:
        SmsOptOut.objects.filter(phone=phone).delete()
    elif kind == ReplyKind.MESSAGE:
        _keep_for_staff(phone=phone, body=body, message_sid=message_sid, now=now)
    logger.info("Received a text reply (%s)", kind)
    return kind, help_reply() if kind == ReplyKind.HELP else ""


def help_reply() -> str:
    return wording.help_reply_text(helpline=current_help_line().helpline_number)


def _opt_out(*, phone: str, now: datetime) -> None:
    with transaction.atomic():
        SmsOptOut.objects.get_or_create(phone=phone, defaults={"created_at": now, "error_code": OPTED_OUT_BY_REPLY})
        # Texts already being handed to Twilio are left to finish; Twilio itself refuses them after a STOP.
        SmsMessage.objects.filter(request__phone=phone, status=SmsStatus.QUEUED, sending_since__isnull=True).update(
            status=SmsStatus.SKIPPED, status_changed_at=now, error_message=CANCELLED_BY_OPT_OUT
        )


def _keep_for_staff(*, phone: str, body: str, message_sid: str, now: datetime) -> None:
    request = (
        CallbackRequest.objects.filter(phone=phone, status__in=OPEN_STATUSES).order_by("-created_at", "-pk").first()
    )
    SmsReply.objects.get_or_create(
        twilio_sid=message_sid, defaults={"request": request, "phone": phone, "body": body, "received_at": now}
    )
