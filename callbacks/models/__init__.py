"""The callbacks app's models, split by concern: settings, the booking state, text messages and the public page."""

from callbacks.models.booking import (
    ATTEMPT_NOTE_MAX_LENGTH,
    CANCEL_REASON_MAX_LENGTH,
    CLOSED_STATUSES,
    NAME_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    OPEN_STATUSES,
    AttemptOutcome,
    CallAttempt,
    CallbackRequest,
    CallbackSlot,
    Status,
    Topic,
)
from callbacks.models.help_line import HelpLineSettings, tel_target, validate_time_zone
from callbacks.models.page import CallbackPage
from callbacks.models.sms import FINISHED_STATUSES, STATUS_RANK, SmsKind, SmsMessage, SmsOptOut, SmsStatus

__all__ = [
    "ATTEMPT_NOTE_MAX_LENGTH",
    "CANCEL_REASON_MAX_LENGTH",
    "CLOSED_STATUSES",
    "FINISHED_STATUSES",
    "NAME_MAX_LENGTH",
    "NOTE_MAX_LENGTH",
    "OPEN_STATUSES",
    "STATUS_RANK",
    "AttemptOutcome",
    "CallAttempt",
    "CallbackPage",
    "CallbackRequest",
    "CallbackSlot",
    "HelpLineSettings",
    "SmsKind",
    "SmsMessage",
    "SmsOptOut",
    "SmsStatus",
    "Status",
    "Topic",
    "tel_target",
    "validate_time_zone",
]
