"""Erasing personal details of closed requests, by service and by management command."""

from datetime import timedelta
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.utils import timezone

from callbacks.booking.services import cancel_callback, purge_callbacks
from callbacks.models import AttemptOutcome, CallAttempt, CallbackRequest, HelpLineSettings, Status, Topic

from .conftest import FIRST_SLOT, MONDAY_MORNING, phone_number

pytestmark = pytest.mark.django_db


def close(request, status, closed_at):
    CallbackRequest.objects.filter(pk=request.pk).update(status=status, closed_at=closed_at)


@pytest.fixture
def requests_in_every_state(book):
    """One request per state, closed ones 100 or 10 days before the purge runs."""
    purge_day = MONDAY_MORNING + timedelta(days=120)
    old_completed = book(phone=phone_number(1), note="left leg numb")
    old_cancelled = book(phone=phone_number(2))
    recent_unreachable = book(phone=phone_number(3))
    still_open = book(phone=phone_number(4))
    close(old_completed, Status.COMPLETED, purge_day - timedelta(days=100))
    cancel_callback(callback_request=old_cancelled, reason="Sam is better", now=purge_day - timedelta(days=100))
    close(recent_unreachable, Status.UNREACHABLE, purge_day - timedelta(days=10))
    CallAttempt.objects.create(request=old_completed, outcome=AttemptOutcome.REACHED, note="spoke to Sam's partner")
    CallAttempt.objects.create(request=recent_unreachable, outcome=AttemptOutcome.NO_ANSWER, note="rang twice")
    return SimpleNamespace(
        purge_day=purge_day,
        old_completed=old_completed,
        old_cancelled=old_cancelled,
        recent_unreachable=recent_unreachable,
        still_open=still_open,
    )


def test_purge_blanks_old_closed_requests_and_keeps_what_statistics_need(requests_in_every_state):
    state = requests_in_every_state
    purge_day, old_completed, old_cancelled = state.purge_day, state.old_completed, state.old_cancelled

    count = purge_callbacks(older_than_days=90, now=purge_day)

    assert count == 2
    for request in (old_completed, old_cancelled):
        request.refresh_from_db()
        assert (request.name, request.phone, request.note, request.cancel_reason) == ("", "", "", "")
        assert request.anonymised_at == purge_day
        assert request.slot_start == FIRST_SLOT
        assert request.topic == Topic.SCIATICA
    assert old_completed.status == Status.COMPLETED
    assert old_cancelled.status == Status.CANCELLED
    attempt = old_completed.attempts.get()
    assert (attempt.outcome, attempt.note) == (AttemptOutcome.REACHED, "")


def test_purge_leaves_recent_and_open_requests_alone(requests_in_every_state):
    state = requests_in_every_state
    recent_unreachable, still_open = state.recent_unreachable, state.still_open

    purge_callbacks(older_than_days=90, now=state.purge_day)

    for request in (recent_unreachable, still_open):
        request.refresh_from_db()
        assert request.name == "Alex Reader"
        assert request.phone.startswith("+44")
        assert request.anonymised_at is None
    assert recent_unreachable.attempts.get().note == "rang twice"


def test_purge_twice_changes_nothing_the_second_time(requests_in_every_state):
    purge_day = requests_in_every_state.purge_day

    first = purge_callbacks(older_than_days=90, now=purge_day)
    second = purge_callbacks(older_than_days=90, now=purge_day + timedelta(hours=1))

    assert (first, second) == (2, 0)
    assert set(CallbackRequest.objects.exclude(anonymised_at=None).values_list("anonymised_at", flat=True)) == {
        purge_day
    }


def test_purge_with_a_shorter_period_reaches_the_recent_one_too(requests_in_every_state):
    purge_day = requests_in_every_state.purge_day

    assert purge_callbacks(older_than_days=5, now=purge_day) == 3
    assert CallbackRequest.objects.filter(anonymised_at=None).count() == 1


def test_purge_refuses_a_negative_period():
    with pytest.raises(ValueError, match="negative"):
        purge_callbacks(older_than_days=-1, now=MONDAY_MORNING)


def closed_request_days_ago(book, days):
    request = book(phone=phone_number(days))
    close(request, Status.COMPLETED, timezone.now() - timedelta(days=days))
    return request


def run_command(*args) -> str:
    out = StringIO()
    call_command("purge_callbacks", *args, stdout=out)
    return out.getvalue()


def test_command_uses_days_given(book):
    closed_request_days_ago(book, 40)
    closed_request_days_ago(book, 20)

    output = run_command("--days", "30")

    assert output.startswith("Anonymised 1 callback request closed more than 30 days ago")
    assert CallbackRequest.objects.exclude(anonymised_at=None).count() == 1
    assert run_command("--days", "30").startswith("Anonymised 0 callback requests")


def test_command_defaults_to_the_help_line_settings(book):
    HelpLineSettings.objects.create(purge_after_days=10)
    closed_request_days_ago(book, 40)
    closed_request_days_ago(book, 20)

    assert "more than 10 days ago" in run_command()
    assert CallbackRequest.objects.exclude(anonymised_at=None).count() == 2


def test_command_defaults_to_90_days_without_settings(book):
    closed_request_days_ago(book, 100)
    closed_request_days_ago(book, 80)

    assert run_command().startswith("Anonymised 1 callback request closed more than 90 days ago")
