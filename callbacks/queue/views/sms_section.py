"""The "Text messages" section of a request's detail page: each text's status, and the missed-call button."""

from callbacks.models import CallbackRequest, SmsStatus
from callbacks.texts import gateway
from callbacks.texts import selectors as text_selectors
from callbacks.texts.services import missed_call_refusal

# What Twilio's commonest error codes mean, in words for staff.
ERROR_EXPLANATIONS = {
    "21211": "not a valid phone number",
    "21614": "not a mobile number",
    "21610": "the reader replied STOP and has opted out",
    "20429": "Twilio was too busy (rate limit)",
    "timeout": "Twilio did not answer in time",
    "network": "Twilio could not be reached",
}


def sms_section_context(callback_request: CallbackRequest, *, holds_claim: bool) -> dict:
    """What the detail page's "Text messages" section shows, and whether its button is offered."""
    messages = text_selectors.messages_for_request(callback_request)
    enabled = gateway.is_enabled()
    if not enabled:
        refusal = "Text messages are switched off on this site."
    elif not callback_request.sms_opt_in:
        refusal = "The reader didn't ask for text messages."
    elif not callback_request.is_open:
        refusal = "The request is closed."
    elif not holds_claim:
        refusal = "Claim the request to send the reader a text."
    else:
        refusal = missed_call_refusal(callback_request)
    return {
        "sms_messages": [message_row(message) for message in messages],
        "sms_replies": text_selectors.replies_for_request(callback_request),
        "sms_enabled": enabled,
        "sms_backend": gateway.backend(),
        "can_send_missed_call": not refusal,
        "missed_call_refusal": refusal,
    }


def message_row(message) -> dict:
    return {
        "message": message,
        "explanation": ERROR_EXPLANATIONS.get(message.error_code, ""),
        "waiting": message.status == SmsStatus.QUEUED,
    }
