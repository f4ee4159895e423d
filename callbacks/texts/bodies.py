"""The body of each kind of text message, rendered from the help line's wording.

Queueing renders a message's body once, when it is written; sending renders it
again only for a row whose body was never stored.
"""

from zoneinfo import ZoneInfo

from callbacks.models import CallbackRequest, HelpLineSettings, SmsKind
from callbacks.texts import addresses, wording

TEMPLATE_FIELDS = {
    SmsKind.CONFIRMATION: ("sms_confirmation_text", wording.DEFAULT_CONFIRMATION),
    SmsKind.REMINDER: ("sms_reminder_text", wording.DEFAULT_REMINDER),
    SmsKind.MISSED_CALL: ("sms_missed_call_text", wording.DEFAULT_MISSED_CALL),
    SmsKind.CANCELLATION: ("sms_cancellation_text", wording.DEFAULT_CANCELLATION),
    SmsKind.MOVED: ("sms_moved_text", wording.DEFAULT_MOVED),
    SmsKind.REPEAT_BOOKING: (None, wording.REPEAT_BOOKING),
    SmsKind.FOLLOW_UP: ("sms_follow_up_text", wording.DEFAULT_FOLLOW_UP),
}


def render_body(callback_request: CallbackRequest, kind: str, help_line: HelpLineSettings) -> str:
    field, default = TEMPLATE_FIELDS[kind]
    time_zone = ZoneInfo(help_line.time_zone)
    manage_url = addresses.manage_url(callback_request)
    values = {
        "reference": callback_request.reference,
        "slot": wording.sms_slot_text(callback_request.slot_start, callback_request.slot_end, time_zone),
        "helpline": help_line.helpline_number,
        "manage_url": manage_url,
        "cancel_url": manage_url,
    }
    template = getattr(help_line, field) if field else default
    return wording.render_sms(template, values, fallback=default)
