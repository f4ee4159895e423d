"""Twilio's webhooks: delivery reports for our texts (the StatusCallback URL of each message), and
readers' replies (the number's "A message comes in" URL in Twilio's console).

Only a request signed by Twilio with our auth token, for exactly the URL
Twilio was given and exactly the parameters it sent, changes anything:
anything else gets 403 and changes nothing, in every environment (there is
no DEBUG bypass). The URL checked is PUBLIC_BASE_URL plus the path when that
is set, else the URL of the request as Django sees it, which takes the
scheme from SECURE_PROXY_SSL_HEADER behind a TLS-terminating proxy.
"""

import logging
import re

from django import forms
from django.conf import settings
from django.core.validators import RegexValidator
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from twilio.twiml.messaging_response import MessagingResponse

from callbacks.models import REPLY_MAX_LENGTH, SmsMessage, SmsReply
from callbacks.texts import delivery, gateway, replies

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Twilio-Signature"
# Twilio's message SIDs: two capitals ("SM", "MM") and 32 hex digits.
MESSAGE_SID_LENGTH = 34


class DeliveryReportForm(forms.Form):
    """The report's values we use, in the shapes Twilio sends them; anything else is a bad request.

    A valid signature proves who sent the report, not that it is sane: a NUL
    byte, which PostgreSQL refuses, or a value longer than its column must be
    answered 400 rather than reach the database. (Django's form fields
    refuse NUL bytes.)
    """

    MessageSid = forms.CharField(
        min_length=MESSAGE_SID_LENGTH,
        max_length=MESSAGE_SID_LENGTH,
        validators=[RegexValidator(r"^[A-Z]{2}[0-9a-f]{32}\Z")],
    )
    MessageStatus = forms.CharField(max_length=20, validators=[RegexValidator(r"^[a-z_-]+\Z")])
    ErrorCode = forms.CharField(
        required=False,
        max_length=SmsMessage._meta.get_field("error_code").max_length,
        validators=[RegexValidator(r"^[0-9]*\Z")],
    )


# What Twilio sends in From for a phone number (E.164), and in MessageSid for an SMS or MMS.
E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")
MESSAGE_SID = re.compile(r"^(SM|MM)[0-9a-fA-F]{32}$")
MESSAGE_SID_MAX_LENGTH = SmsReply._meta.get_field("twilio_sid").max_length


@csrf_exempt
@require_POST
def twilio_status(request, message_id: int):
    """Apply one delivery report; 204 whether or not it changed anything (Twilio only needs to hear 2xx).

    403 when the signature is missing or wrong; 400 when a signed report holds a value we cannot use.
    """
    signature = request.headers.get(SIGNATURE_HEADER, "")
    if not gateway.signature_is_valid(url=signed_url(request), params=request.POST, signature=signature):
        logger.warning("Refused a delivery report for text %s: missing or wrong signature", message_id)
        return HttpResponseForbidden("Signature missing or not valid.", content_type="text/plain")
    report = DeliveryReportForm(request.POST)
    if not report.is_valid():
        # The field names only: the values are what was wrong, and may be anything.
        logger.warning("Refused a signed delivery report for text %s: bad %s", message_id, ", ".join(report.errors))
        return HttpResponseBadRequest("The report's values are not valid.", content_type="text/plain")
    changed = delivery.record_sms_status(
        message_id=message_id,
        message_sid=report.cleaned_data["MessageSid"],
        twilio_status=report.cleaned_data["MessageStatus"],
        error_code=report.cleaned_data["ErrorCode"],
        now=timezone.now(),
    )
    if changed:
        logger.info("Text %s is now %s", message_id, report.cleaned_data["MessageStatus"])
    return HttpResponse(status=204)


@csrf_exempt
@require_POST
def twilio_inbound(request):
    """A reader's reply: act on it, and answer in TwiML (the HELP text, or nothing)."""
    signature = request.headers.get(SIGNATURE_HEADER, "")
    if not gateway.signature_is_valid(url=signed_url(request), params=request.POST, signature=signature):
        logger.warning("Refused an inbound text: missing or wrong signature")
        return HttpResponseForbidden("Signature missing or not valid.", content_type="text/plain")
    problem = inbound_problem(request.POST)
    if problem:
        logger.warning("Refused an inbound text: %s", problem)
        return HttpResponseBadRequest(problem, content_type="text/plain")
    _kind, answer = replies.receive_sms_reply(
        phone=request.POST["From"],
        body=request.POST.get("Body", ""),
        message_sid=request.POST["MessageSid"],
        now=timezone.now(),
    )
    twiml = MessagingResponse()
    if answer:
        twiml.message(answer)
    return HttpResponse(str(twiml), content_type="text/xml")


def inbound_problem(params) -> str:
    """Why an inbound message can't be read, in words that name no value from it; "" if it can."""
    if any("\x00" in key or any("\x00" in value for value in values) for key, values in params.lists()):
        return "A field holds a NUL character."
    if not E164.match(params.get("From", "")):
        return "From is missing or not a phone number."
    if not MESSAGE_SID.match(params.get("MessageSid", "")) or len(params["MessageSid"]) > MESSAGE_SID_MAX_LENGTH:
        return "MessageSid is missing or not a message SID."
    if len(params.get("Body", "")) > REPLY_MAX_LENGTH:
        return f"Body is longer than {REPLY_MAX_LENGTH} characters."
    return ""


def signed_url(request) -> str:
    """The URL Twilio signed: the one we gave it, which is the public base URL plus this path."""
    if settings.PUBLIC_BASE_URL:
        return settings.PUBLIC_BASE_URL.rstrip("/") + request.get_full_path()
    return request.build_absolute_uri()
