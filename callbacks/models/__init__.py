"""The callbacks app's models, split by concern: settings, the booking state, text messages and the public page."""

from callbacks.models.booking import (
    CLOSED_STATUSES,
    NOTE_MAX_LENGTH,
    OPEN_STATUSES,
    CallAttempt,
    CallbackRequest,
    CallbackSlot,
    Outcome,
    Status,
    Topic,
)
from callbacks.models.consent import ConsentVersion
from callbacks.models.help_line import HelpLineSettings, validate_time_zone
from callbacks.models.page import CallbackPage
from callbacks.models.sms import FINISHED_STATUSES, STATUS_RANK, SmsKind, SmsMessage, SmsOptOut, SmsStatus

__all__ = [
    "CLOSED_STATUSES",
    "FINISHED_STATUSES",
    "NOTE_MAX_LENGTH",
    "OPEN_STATUSES",
    "STATUS_RANK",
    "CallAttempt",
    "CallbackPage",
    "CallbackRequest",
    "CallbackSlot",
    "ConsentVersion",
    "HelpLineSettings",
    "Outcome",
    "SmsKind",
    "SmsMessage",
    "SmsOptOut",
    "SmsStatus",
    "Status",
    "Topic",
    "validate_time_zone",
]
