"""The callbacks app's models, split by concern: settings, the booking state, text messages and the public page."""

from callbacks.models.booking import (
    ATTEMPT_NOTE_MAX_LENGTH,
    CANCEL_REASON_MAX_LENGTH,
    CLOSED_STATUSES,
    NAME_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    OPEN_STATUSES,
    UNANSWERED_OUTCOMES,
    AttemptOutcome,
    CallAttempt,
    CallbackRequest,
    CallbackSlot,
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
    "ATTEMPT_NOTE_MAX_LENGTH",
    "CANCEL_REASON_MAX_LENGTH",
    "CLOSED_STATUSES",
    "FINISHED_STATUSES",
    "NAME_MAX_LENGTH",
    "NOTE_MAX_LENGTH",
    "OPEN_STATUSES",
    "REPLY_MAX_LENGTH",
    "STATUS_RANK",
    "UNANSWERED_OUTCOMES",
    "AttemptOutcome",
    "CallAttempt",
    "CallbackPage",
    "CallbackRequest",
    "CallbackSlot",
    "ConsentVersion",
    "HelpLineSettings",
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
