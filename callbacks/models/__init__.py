"""The callbacks app's models, split by concern: settings, the booking state, text messages and the public page."""

from callbacks.models.booking import (
    CLOSED_STATUSES,
    NOTE_MAX_LENGTH,
    OPEN_STATUSES,
    UNANSWERED_OUTCOMES,
    CallAttempt,
    CallbackRequest,
    CallbackSlot,
    Outcome,
    Status,
    Topic,
    UrgencyReason,
)
from callbacks.models.consent import ConsentVersion
from callbacks.models.help_line import HelpLineSettings, tel_target, validate_time_zone
from callbacks.models.page import CallbackPage
from callbacks.models.sms import (
    FINISHED_STATUSES,
    REPLY_MAX_LENGTH,
    STATUS_RANK,
    SmsKind,
    SmsMessage,
    SmsOptOut,
    SmsReply,
    SmsStatus,
)
from callbacks.models.wrap_up import WrapUpCode

__all__ = [
    "CLOSED_STATUSES",
    "FINISHED_STATUSES",
    "NOTE_MAX_LENGTH",
    "OPEN_STATUSES",
    "REPLY_MAX_LENGTH",
    "STATUS_RANK",
    "UNANSWERED_OUTCOMES",
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
    "SmsReply",
    "SmsStatus",
    "Status",
    "Topic",
    "UrgencyReason",
    "WrapUpCode",
    "tel_target",
    "validate_time_zone",
]
