"""Twilio's delivery reports for our text messages (the StatusCallback URL of each message).

Only a request signed by Twilio with our auth token, for exactly the URL
Twilio was given and exactly the parameters it sent, changes anything:
anything else gets 403 and changes nothing, in every environment (there is
no DEBUG bypass). The URL checked is PUBLIC_BASE_URL plus the path when that
is set, else the URL of the request as Django sees it, which takes the
scheme from SECURE_PROXY_SSL_HEADER behind a TLS-terminating proxy.
"""

import logging

from django.conf import settings
from django.http import HttpResponse, HttpResponseForbidden
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from callbacks.texts import delivery, gateway

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Twilio-Signature"


@csrf_exempt
@require_POST
def twilio_status(request, message_id: int):
    """Apply one delivery report; 204 whether or not it changed anything (Twilio only needs to hear 2xx)."""
    signature = request.headers.get(SIGNATURE_HEADER, "")
    if not gateway.signature_is_valid(url=signed_url(request), params=request.POST, signature=signature):
        logger.warning("Refused a delivery report for text %s: missing or wrong signature", message_id)
        return HttpResponseForbidden("Signature missing or not valid.", content_type="text/plain")
    changed = delivery.record_sms_status(
        message_id=message_id,
        message_sid=request.POST.get("MessageSid", ""),
        twilio_status=request.POST.get("MessageStatus", ""),
        error_code=request.POST.get("ErrorCode", ""),
        now=timezone.now(),
    )
    if changed:
        logger.info("Text %s is now %s", message_id, request.POST.get("MessageStatus", ""))
    return HttpResponse(status=204)


def signed_url(request) -> str:
    """The URL Twilio signed: the one we gave it, which is the public base URL plus this path."""
    if settings.PUBLIC_BASE_URL:
        return settings.PUBLIC_BASE_URL.rstrip("/") + request.get_full_path()
    return request.build_absolute_uri()
