"""The checks every staff action on a callback request makes, shared by the queue's and the texts' services.

A service calls `require_queue_staff` before anything else, then, inside its
transaction, re-reads the request with `locked_request` and asks
`check_may_act` whether this user may act on it now.
"""

from django.contrib.auth.models import AbstractBaseUser

from callbacks.exceptions import ClaimedByOther, NotClaimed, NotQueueStaff, RequestClosed
from callbacks.models import CLOSED_STATUSES, CallbackRequest, Status
from callbacks.queue.access import can_work_queue


def require_queue_staff(user: AbstractBaseUser) -> None:
    if not can_work_queue(user):
        raise NotQueueStaff("Only help-line staff can work the callback queue.")


def locked_request(callback_request: CallbackRequest) -> CallbackRequest:
    """The request's current row, locked until the transaction ends (SQLite: already serialised)."""
    return (
        CallbackRequest.objects.select_for_update(of=("self",)).select_related("claimed_by").get(pk=callback_request.pk)
    )


def check_may_act(locked: CallbackRequest, user: AbstractBaseUser) -> None:
    if locked.status in CLOSED_STATUSES:
        raise RequestClosed
    if locked.status == Status.QUEUED:
        raise NotClaimed
    if locked.claimed_by_id != user.pk and not user.is_superuser:
        raise claimed_by_other(locked)


def claimed_by_other(locked: CallbackRequest) -> ClaimedByOther:
    return ClaimedByOther(
        f"{staff_name(locked.claimed_by)} has claimed this callback request; only they or a superuser can act on it."
    )


def staff_name(user: AbstractBaseUser | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()
