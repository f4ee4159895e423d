"""Audit-log entries for callback requests, shared by the booking's, the queue's and the texts' services.

Every staff action writes exactly one Wagtail audit-log entry through
`log_request_action`; wagtail_hooks.py registers a label for each action name.
"""

from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from wagtail.log_actions import log

from callbacks.models import CallbackRequest


class AuditAction:
    """The audit-log action names; wagtail_hooks.py registers a label for each."""

    VIEW = "callbacks.view"
    CLAIM = "callbacks.claim"
    ATTEMPT = "callbacks.attempt"
    COMPLETE = "callbacks.complete"
    UNREACHABLE = "callbacks.unreachable"
    RELEASE = "callbacks.release"
    REASSIGN = "callbacks.reassign"
    CANCEL = "callbacks.cancel"
    SMS_MISSED_CALL = "callbacks.sms_missed_call"
    URGENCY = "callbacks.urgency"
    # One entry on each side of a follow-up: on the request it was booked from, and on the follow-up itself.
    FOLLOW_UP_BOOKED = "callbacks.follow_up_booked"
    FOLLOW_UP_CREATED = "callbacks.follow_up_created"
    # Written by the retention jobs, with no user.
    EXPIRE = "callbacks.expire"
    ANONYMISE = "callbacks.anonymise"


def log_request_action(
    instance: CallbackRequest, action: str, user: AbstractBaseUser | None, *, now: datetime | None = None, **data
):
    """One audit entry, stamped with the service's clock (so a replayed or tested action keeps its time).

    The entry's title is str(instance), the reference: never the reader's name or number. `data`
    holds outcomes, counts and staff names only (tests/callbacks/test_audit_privacy.py checks it).
    """
    log(instance=instance, action=action, user=user, data=data, **({"timestamp": now} if now else {}))
