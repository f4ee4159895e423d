"""Claiming: "Take next" (earliest due first, lapsed claims back in play) and claiming one chosen request."""

from datetime import timedelta

import pytest

from callbacks.audit import AuditAction
from callbacks.exceptions import ClaimedByOther, NotQueueStaff
from callbacks.models import AttemptOutcome, CallbackRequest, Status
from callbacks.queue import services

from .queue_support import (
    CLOSED,
    NOW,
    add_attempt,
    editor,
    log_entries,
    make_request,
    queue_settings,
    snapshot,
    staff_user,
    superuser,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return staff_user()


@pytest.fixture
def colleague():
    return staff_user()


# --- claim_next ----------------------------------------------------------------------


def test_claim_next_takes_the_earliest_due_request_and_records_who_and_when(staff):
    later = make_request(starts=timedelta(minutes=-10))
    earliest = make_request(starts=timedelta(minutes=-40))
    make_request(starts=timedelta(minutes=20))  # not due yet

    claimed = services.claim_next(user=staff, now=NOW)

    assert claimed == earliest
    earliest.refresh_from_db()
    assert (earliest.status, earliest.claimed_by, earliest.claimed_at) == (Status.CLAIMED, staff, NOW)
    assert services.claim_next(user=staff, now=NOW) == later
    assert services.claim_next(user=staff, now=NOW) is None


def test_claim_next_passes_over_live_claims_closed_requests_and_future_slots(staff, colleague):
    make_request(status=Status.CLAIMED, claimed_by=colleague, claimed_at=NOW - timedelta(minutes=29))
    for status in CLOSED:
        make_request(status=status)
    make_request(starts=timedelta(minutes=1))

    assert services.claim_next(user=staff, now=NOW) is None


def test_claim_next_takes_a_lapsed_claim_and_the_audit_says_whose_it_was(staff, colleague):
    lapsed = make_request(status=Status.CLAIMED, claimed_by=colleague, claimed_at=NOW - timedelta(minutes=31))

    assert services.claim_next(user=staff, now=NOW) == lapsed

    lapsed.refresh_from_db()
    assert (lapsed.claimed_by, lapsed.claimed_at) == (staff, NOW)
    [entry] = log_entries(lapsed, AuditAction.CLAIM)
    assert entry.data == {"lapsed_from": colleague.get_full_name()}
    assert entry.user == staff


def test_a_claim_with_a_call_since_does_not_lapse(staff, colleague):
    worked = make_request(status=Status.CLAIMED, claimed_by=colleague, claimed_at=NOW - timedelta(hours=2))
    add_attempt(worked, outcome=AttemptOutcome.NO_ANSWER, made_by=colleague, made_at=NOW - timedelta(hours=1))

    assert services.claim_next(user=staff, now=NOW) is None


def test_a_call_made_before_the_claim_does_not_keep_it(staff, colleague):
    stale = make_request(status=Status.CLAIMED, claimed_by=colleague, claimed_at=NOW - timedelta(hours=1))
    add_attempt(stale, outcome=AttemptOutcome.NO_ANSWER, made_at=NOW - timedelta(hours=2))

    assert services.claim_next(user=staff, now=NOW) == stale


@pytest.mark.parametrize(("minutes_ago", "lapsed"), [(9, False), (10, False), (11, True)])
def test_the_claim_lapse_follows_the_help_line_settings(minutes_ago, lapsed, staff, colleague):
    queue_settings(claim_lapse_minutes=10)
    claimed = make_request(status=Status.CLAIMED, claimed_by=colleague, claimed_at=NOW - timedelta(minutes=minutes_ago))

    assert services.claim_next(user=staff, now=NOW) == (claimed if lapsed else None)


def test_claim_next_is_for_help_line_staff_only():
    make_request()
    for outsider in (editor(), staff_user(is_active=False)):
        with pytest.raises(NotQueueStaff):
            services.claim_next(user=outsider, now=NOW)
    assert CallbackRequest.objects.get().status == Status.QUEUED


def test_a_superuser_can_take_next():
    queued = make_request()
    assert services.claim_next(user=superuser(), now=NOW) == queued


# --- claiming one request ------------------------------------------------------------------


def test_claiming_a_queued_request_even_before_its_slot(staff):
    queued = make_request(starts=timedelta(hours=3))
    services.claim_callback(callback_request=queued, user=staff, now=NOW)
    queued.refresh_from_db()
    assert (queued.status, queued.claimed_by, queued.claimed_at) == (Status.CLAIMED, staff, NOW)
    assert len(log_entries(queued, AuditAction.CLAIM)) == 1


def test_claiming_your_own_request_again_changes_and_logs_nothing(staff):
    mine = make_request(status=Status.CLAIMED, claimed_by=staff)
    before = snapshot(mine)
    services.claim_callback(callback_request=mine, user=staff, now=NOW)
    assert snapshot(mine) == before
    assert log_entries(mine) == []


@pytest.mark.parametrize("who", ["staff", "superuser"])
def test_nobody_claims_over_a_live_claim(who, colleague):
    user = staff_user() if who == "staff" else superuser()
    theirs = make_request(status=Status.CLAIMED, claimed_by=colleague)
    before = snapshot(theirs)
    with pytest.raises(ClaimedByOther, match=colleague.get_full_name()):
        services.claim_callback(callback_request=theirs, user=user, now=NOW)
    assert snapshot(theirs) == before


def test_anyone_on_the_staff_may_claim_over_a_lapsed_claim(staff, colleague):
    lapsed = make_request(status=Status.CLAIMED, claimed_by=colleague, claimed_at=NOW - timedelta(hours=1))
    services.claim_callback(callback_request=lapsed, user=staff, now=NOW)
    lapsed.refresh_from_db()
    assert lapsed.claimed_by == staff
