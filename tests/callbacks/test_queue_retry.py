"""An unanswered call: the request goes back in the queue until its retry time, and closes at the attempt limit."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from callbacks.audit import AuditAction
from callbacks.models import AttemptOutcome, SmsKind, SmsMessage, Status
from callbacks.queue import services

from .queue_support import NOW, add_attempt, log_entries, make_request, queue_settings, snapshot, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return staff_user()


def call(callback_request, user, outcome=AttemptOutcome.NO_ANSWER, *, now=NOW, **extra):
    return services.record_attempt(
        callback_request=callback_request, user=user, outcome=outcome, note="", now=now, **extra
    )


@pytest.mark.parametrize("outcome", [AttemptOutcome.NO_ANSWER, AttemptOutcome.VOICEMAIL_LEFT])
def test_an_unanswered_call_releases_the_claim_until_the_retry_time(outcome, staff):
    queue_settings(retry_delay_minutes=45)
    mine = make_request(status=Status.CLAIMED, claimed_by=staff)

    attempt = call(mine, staff, outcome)

    mine.refresh_from_db()
    assert (mine.status, mine.claimed_by, mine.claimed_at) == (Status.QUEUED, None, None)
    assert mine.not_before == NOW + timedelta(minutes=45)
    assert attempt.request.status == Status.QUEUED
    [entry] = log_entries(mine)
    assert entry.action == AuditAction.ATTEMPT
    assert entry.data == {
        "outcome": outcome,
        "number": 1,
        "not_before": (NOW + timedelta(minutes=45)).isoformat(),
        "chosen_by_staff": False,
    }


@pytest.mark.parametrize("outcome", [AttemptOutcome.REACHED, AttemptOutcome.DECLINED, AttemptOutcome.WRONG_NUMBER])
def test_a_call_that_found_someone_keeps_the_claim(outcome, staff):
    mine = make_request(status=Status.CLAIMED, claimed_by=staff)
    call(mine, staff, outcome)
    mine.refresh_from_db()
    assert (mine.status, mine.claimed_by, mine.not_before) == (Status.CLAIMED, staff, None)


def test_the_retry_never_runs_past_closing_time(staff):
    # NOW is Monday 11:00; the default hours close at 17:00.
    queue_settings(retry_delay_minutes=480)
    mine = make_request(status=Status.CLAIMED, claimed_by=staff)
    call(mine, staff)
    mine.refresh_from_db()
    assert mine.not_before == NOW.replace(hour=17)


def test_staff_may_choose_a_later_time_such_as_tomorrow_morning(staff):
    tomorrow = NOW + timedelta(hours=22)
    mine = make_request(status=Status.CLAIMED, claimed_by=staff)
    call(mine, staff, retry_from=tomorrow)
    mine.refresh_from_db()
    assert mine.not_before == tomorrow
    assert log_entries(mine)[0].data["chosen_by_staff"] is True


@pytest.mark.parametrize(
    ("outcome", "retry_from", "message"),
    [
        (AttemptOutcome.NO_ANSWER, NOW - timedelta(minutes=1), "still to come"),
        (AttemptOutcome.NO_ANSWER, NOW + timedelta(days=15), "within 14 days"),
        (AttemptOutcome.REACHED, NOW + timedelta(hours=1), "only for a call nobody answered"),
    ],
)
def test_a_bad_retry_time_is_refused_and_changes_nothing(outcome, retry_from, message, staff):
    mine = make_request(status=Status.CLAIMED, claimed_by=staff)
    before = snapshot(mine)
    with pytest.raises(ValidationError, match=message):
        call(mine, staff, outcome, retry_from=retry_from)
    assert snapshot(mine) == before
    assert log_entries(mine) == []


def test_take_next_skips_a_request_until_its_retry_time(staff):
    waiting = make_request(starts=timedelta(minutes=-60), status=Status.CLAIMED, claimed_by=staff)
    call(waiting, staff)
    later = make_request(starts=timedelta(minutes=-5))

    assert services.claim_next(user=staff, now=NOW + timedelta(minutes=1)) == later
    assert services.claim_next(user=staff, now=NOW + timedelta(minutes=2)) is None
    taken = services.claim_next(user=staff, now=NOW + timedelta(minutes=30))
    assert taken == waiting
    taken.refresh_from_db()
    assert (taken.status, taken.not_before) == (Status.CLAIMED, None)


def test_the_attempt_limit_closes_the_request_as_unreachable(staff):
    queue_settings(attempt_limit=2)
    mine = make_request(status=Status.CLAIMED, claimed_by=staff)
    add_attempt(mine, outcome=AttemptOutcome.NO_ANSWER, made_by=staff, made_at=NOW - timedelta(hours=1))

    attempt = call(mine, staff, AttemptOutcome.VOICEMAIL_LEFT)

    mine.refresh_from_db()
    assert (mine.status, mine.closed_at, mine.not_before) == (Status.UNREACHABLE, NOW, None)
    assert attempt.request.status == Status.UNREACHABLE
    assert [(e.action, e.data) for e in sorted(log_entries(mine), key=lambda e: e.pk)] == [
        (AuditAction.ATTEMPT, {"outcome": AttemptOutcome.VOICEMAIL_LEFT, "number": 2}),
        (AuditAction.UNREACHABLE, {"attempts": 2, "automatic": True}),
    ]
    # Texts are off in tests unless switched on, so none was queued.
    assert not SmsMessage.objects.exists()


def test_at_the_limit_the_reader_who_wants_texts_is_told_we_tried(staff, console_sms):
    queue_settings(attempt_limit=1)
    mine = make_request(status=Status.CLAIMED, claimed_by=staff, sms_opt_in=True)
    call(mine, staff)
    assert list(SmsMessage.objects.values_list("request", "kind")) == [(mine.pk, SmsKind.MISSED_CALL)]
    assert AuditAction.SMS_MISSED_CALL in [e.action for e in log_entries(mine)]


def test_at_the_limit_no_text_for_a_reader_who_did_not_ask(staff, console_sms):
    queue_settings(attempt_limit=1)
    mine = make_request(status=Status.CLAIMED, claimed_by=staff, sms_opt_in=False)
    call(mine, staff)
    mine.refresh_from_db()
    assert mine.status == Status.UNREACHABLE
    assert not SmsMessage.objects.exists()


def test_the_list_says_when_the_next_try_is(client, staff, time_machine):
    time_machine.move_to(NOW, tick=False)
    client.force_login(staff)
    queue_settings(retry_delay_minutes=210)  # 11:00 + 3.5 hours = 14:30
    mine = make_request(status=Status.CLAIMED, claimed_by=staff)
    call(mine, staff)

    page = client.get(reverse("callback_queue:index")).content.decode()
    assert "Next try from 14:30" in page
    waiting_only = client.get(reverse("callback_queue:index"), {"claim": "waiting"}).content.decode()
    assert mine.reference in waiting_only
    unclaimed = client.get(reverse("callback_queue:index"), {"claim": "unclaimed"}).content.decode()
    assert mine.reference not in unclaimed
