"""Open requests long past their slot are closed as expired, and erased in their turn like any closed request."""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from wagtail.models import ModelLogEntry

from callbacks.audit import AuditAction
from callbacks.booking.services import expire_open_callbacks, purge_callbacks
from callbacks.models import CLOSED_STATUSES, CallbackRequest, Status
from callbacks.queue import selectors as queue_selectors

from .queue_support import NOW, make_request, staff_user

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)
SLOT_LENGTH = timedelta(minutes=30)


def slot_ended(days_ago: float) -> timedelta:
    """`starts` for make_request: a slot that ended `days_ago` days before NOW."""
    return -(days_ago * DAY) - SLOT_LENGTH


@pytest.fixture
def requests_around_the_line():
    return {
        "queued_8_days": make_request(starts=slot_ended(8)),
        "claimed_8_days": make_request(starts=slot_ended(8), status=Status.CLAIMED, claimed_by=staff_user()),
        "queued_6_days": make_request(starts=slot_ended(6)),
        "completed_8_days": make_request(starts=slot_ended(8), status=Status.COMPLETED),
        "upcoming": make_request(starts=DAY),
    }


def statuses(requests: dict) -> dict:
    return {key: CallbackRequest.objects.get(pk=request.pk).status for key, request in requests.items()}


def test_open_requests_past_the_line_are_closed_as_expired_and_nothing_else_changes(requests_around_the_line):
    count = expire_open_callbacks(slot_ended_days_ago=7, now=NOW)

    assert count == 2
    assert statuses(requests_around_the_line) == {
        "queued_8_days": Status.EXPIRED,
        "claimed_8_days": Status.EXPIRED,
        "queued_6_days": Status.QUEUED,
        "completed_8_days": Status.COMPLETED,
        "upcoming": Status.QUEUED,
    }
    expired = CallbackRequest.objects.get(pk=requests_around_the_line["queued_8_days"].pk)
    assert expired.closed_at == NOW
    assert expired.name, "expiring closes the request; erasing its details is the purge's job"
    assert Status.EXPIRED in CLOSED_STATUSES


def test_expired_requests_leave_the_queue_and_each_gets_an_audit_entry_without_a_user(requests_around_the_line):
    expire_open_callbacks(slot_ended_days_ago=7, now=NOW)

    open_ids = set(CallbackRequest.objects.filter(queue_selectors.open_q()).values_list("pk", flat=True))
    assert requests_around_the_line["queued_8_days"].pk not in open_ids
    logged = ModelLogEntry.objects.filter(action=AuditAction.EXPIRE)
    assert sorted(int(entry.object_id) for entry in logged) == sorted(
        requests_around_the_line[key].pk for key in ("queued_8_days", "claimed_8_days")
    )
    assert [(entry.user_id, entry.timestamp, entry.data) for entry in logged] == [(None, NOW, {})] * 2


def test_expiring_twice_changes_nothing_the_second_time(requests_around_the_line):
    assert expire_open_callbacks(slot_ended_days_ago=7, now=NOW) == 2
    assert expire_open_callbacks(slot_ended_days_ago=7, now=NOW + timedelta(hours=1)) == 0
    assert ModelLogEntry.objects.filter(action=AuditAction.EXPIRE).count() == 2


def test_expired_requests_are_erased_in_their_turn(requests_around_the_line):
    expire_open_callbacks(slot_ended_days_ago=7, now=NOW)
    expired = requests_around_the_line["queued_8_days"]

    assert purge_callbacks(older_than_days=90, now=NOW + 89 * DAY) == 0
    assert purge_callbacks(older_than_days=90, now=NOW + 91 * DAY) == 3

    expired.refresh_from_db()
    assert (expired.name, expired.phone, expired.note, expired.status) == ("", "", "", Status.EXPIRED)
    assert ModelLogEntry.objects.filter(action=AuditAction.ANONYMISE, object_id=str(expired.pk)).count() == 1


def test_expiry_refuses_a_negative_period():
    with pytest.raises(ValueError, match="negative"):
        expire_open_callbacks(slot_ended_days_ago=-1, now=NOW)


def run_command(*args) -> str:
    out = StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("purge_callbacks", *args, stdout=out)
    return out.getvalue()


def test_the_daily_command_expires_with_the_setting(requests_around_the_line, settings):
    settings.CALLBACK_EXPIRE_OPEN_AFTER_DAYS = 5

    output = run_command()

    assert "Closed 3 open callback requests as expired: their slot ended more than 5 days ago." in output
    assert statuses(requests_around_the_line)["queued_6_days"] == Status.EXPIRED


def test_the_daily_command_defaults_to_seven_days_and_takes_an_option(requests_around_the_line):
    assert "Closed 2 open callback requests as expired" in run_command()
    assert "Closed 1 open callback request as expired" in run_command("--expire-after-days", "5")
    assert "Closed 0 open callback requests as expired" in run_command("--expire-after-days", "5")
