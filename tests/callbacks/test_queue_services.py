"""The queue services: every allowed and refused transition, the attempt limit, reassigning (claims: test_queue_claims).

Each refusal must leave the request exactly as it was, so refused cases
compare the row (and its attempts) before and after.
"""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from callbacks.audit import AuditAction
from callbacks.exceptions import (
    AttemptLimitNotReached,
    ClaimedByOther,
    InvalidTransition,
    NotClaimed,
    NotQueueStaff,
    NotReached,
    RequestClosed,
)
from callbacks.models import AttemptOutcome, CallbackSlot, Status, WrapUpCode
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

ACTIONS_NEEDING_CLAIM = ["attempt", "complete", "unreachable", "release", "reassign", "cancel"]


@pytest.fixture
def staff():
    return staff_user()


@pytest.fixture
def colleague():
    return staff_user()


def act(action: str, callback_request, user, *, to_user=None):
    """Call one per-request service with arguments it accepts."""
    common = {"callback_request": callback_request, "user": user, "now": NOW}
    if action == "claim":
        return services.claim_callback(**common)
    if action == "attempt":
        return services.record_attempt(**common, outcome=AttemptOutcome.REACHED, note="")
    if action == "complete":
        return services.complete_callback(**common, wrap_up_codes=[gp_code()])
    if action == "unreachable":
        return services.mark_unreachable(**common)
    if action == "release":
        return services.release_callback(**common)
    if action == "reassign":
        return services.reassign_callback(**common, to_user=to_user or staff_user())
    if action == "cancel":
        return services.staff_cancel_callback(**common, reason="Reader rang to cancel")
    raise AssertionError(f"unknown action {action}")


def gp_code() -> WrapUpCode:
    return WrapUpCode.objects.get_or_create(name="GP")[0]


def with_calls(callback_request, *outcomes, by=None):
    for minute, outcome in enumerate(outcomes):
        add_attempt(callback_request, outcome=outcome, made_by=by, made_at=NOW - timedelta(minutes=20 - minute))
    return callback_request


# --- refusals common to every action -------------------------------------------------------


@pytest.mark.parametrize("status", CLOSED)
@pytest.mark.parametrize("action", ["claim", *ACTIONS_NEEDING_CLAIM])
def test_a_closed_request_takes_nothing(action, status, staff):
    closed = make_request(status=status, claimed_by=staff, claimed_at=NOW - timedelta(hours=1))
    before = snapshot(closed)
    with pytest.raises(RequestClosed):
        act(action, closed, staff)
    assert snapshot(closed) == before
    assert log_entries(closed) == []


@pytest.mark.parametrize("who", ["staff", "superuser"])
@pytest.mark.parametrize("action", ACTIONS_NEEDING_CLAIM)
def test_a_queued_request_must_be_claimed_first(action, who, staff):
    queued = with_calls(make_request(), AttemptOutcome.REACHED, AttemptOutcome.NO_ANSWER, AttemptOutcome.NO_ANSWER)
    before = snapshot(queued)
    with pytest.raises(NotClaimed):
        act(action, queued, staff if who == "staff" else superuser())
    assert snapshot(queued) == before


@pytest.mark.parametrize("action", ACTIONS_NEEDING_CLAIM)
def test_only_the_claimer_acts_on_a_claimed_request(action, staff, colleague):
    theirs = with_calls(
        make_request(status=Status.CLAIMED, claimed_by=colleague),
        AttemptOutcome.REACHED,
        AttemptOutcome.NO_ANSWER,
        AttemptOutcome.NO_ANSWER,
        by=colleague,
    )
    before = snapshot(theirs)
    with pytest.raises(ClaimedByOther):
        act(action, theirs, staff)
    assert snapshot(theirs) == before


@pytest.mark.parametrize("action", ACTIONS_NEEDING_CLAIM)
def test_a_superuser_acts_on_anyones_claim(action, colleague):
    theirs = with_calls(
        make_request(status=Status.CLAIMED, claimed_by=colleague),
        AttemptOutcome.REACHED,
        AttemptOutcome.NO_ANSWER,
        AttemptOutcome.NO_ANSWER,
        by=colleague,
    )
    act(action, theirs, superuser())
    assert snapshot(theirs) != {}
    assert len(log_entries(theirs)) == 1


@pytest.mark.parametrize("action", ["claim", *ACTIONS_NEEDING_CLAIM])
def test_people_outside_the_staff_are_refused_whatever_the_state(action, staff):
    claimed = with_calls(make_request(status=Status.CLAIMED, claimed_by=staff), AttemptOutcome.REACHED, by=staff)
    before = snapshot(claimed)
    with pytest.raises(NotQueueStaff):
        act(action, claimed, editor())
    assert snapshot(claimed) == before


# --- call attempts -------------------------------------------------------------------------


def test_the_claimer_logs_calls_and_keeps_the_claim(staff):
    mine = make_request(status=Status.CLAIMED, claimed_by=staff)
    attempt = services.record_attempt(
        callback_request=mine, user=staff, outcome=AttemptOutcome.REACHED, note="  Left our number.  ", now=NOW
    )
    assert (attempt.outcome, attempt.note, attempt.made_by, attempt.made_at) == (
        AttemptOutcome.REACHED,
        "Left our number.",
        staff,
        NOW,
    )
    mine.refresh_from_db()
    assert (mine.status, mine.claimed_by) == (Status.CLAIMED, staff)
    [entry] = log_entries(mine, AuditAction.ATTEMPT)
    assert entry.data == {"outcome": AttemptOutcome.REACHED, "number": 1}
    assert "Left our number" not in str(entry.data)


@pytest.mark.parametrize(
    ("outcome", "note", "field"),
    [("shouted", "", "outcome"), ("", "", "outcome"), (AttemptOutcome.REACHED, "x" * 1001, "note")],
)
def test_a_bad_attempt_is_refused_field_by_field(outcome, note, field, staff):
    mine = make_request(status=Status.CLAIMED, claimed_by=staff)
    with pytest.raises(ValidationError) as refused:
        services.record_attempt(callback_request=mine, user=staff, outcome=outcome, note=note, now=NOW)
    assert field in refused.value.message_dict
    assert mine.attempts.count() == 0


# --- closing ----------------------------------------------------------------------------------


def test_completed_needs_a_call_that_reached_the_reader(staff):
    mine = with_calls(make_request(status=Status.CLAIMED, claimed_by=staff), AttemptOutcome.NO_ANSWER, by=staff)
    with pytest.raises(NotReached):
        services.complete_callback(callback_request=mine, user=staff, wrap_up_codes=[gp_code()], now=NOW)
    assert snapshot(mine)["status"] == Status.CLAIMED


@pytest.mark.parametrize("outcome", [AttemptOutcome.REACHED, AttemptOutcome.DECLINED])
def test_completing_after_speaking_to_the_reader(outcome, staff):
    mine = with_calls(
        make_request(status=Status.CLAIMED, claimed_by=staff), AttemptOutcome.NO_ANSWER, outcome, by=staff
    )
    services.complete_callback(callback_request=mine, user=staff, wrap_up_codes=[gp_code()], now=NOW)
    mine.refresh_from_db()
    assert (mine.status, mine.closed_at, mine.claimed_by) == (Status.COMPLETED, NOW, staff)
    assert list(mine.wrap_up_codes.all()) == [gp_code()]


@pytest.mark.parametrize(("limit", "calls", "allowed"), [(3, 2, False), (3, 3, True), (2, 2, True), (4, 3, False)])
def test_unreachable_needs_the_attempt_limit_from_the_settings(limit, calls, allowed, staff):
    queue_settings(attempt_limit=limit)
    mine = with_calls(
        make_request(status=Status.CLAIMED, claimed_by=staff), *[AttemptOutcome.NO_ANSWER] * calls, by=staff
    )
    if allowed:
        services.mark_unreachable(callback_request=mine, user=staff, now=NOW)
        assert snapshot(mine)["status"] == Status.UNREACHABLE
        [entry] = log_entries(mine, AuditAction.UNREACHABLE)
        assert entry.data == {"attempts": calls}
    else:
        with pytest.raises(AttemptLimitNotReached, match=f"after {limit} attempts; this one has had {calls}"):
            services.mark_unreachable(callback_request=mine, user=staff, now=NOW)
        assert snapshot(mine)["status"] == Status.CLAIMED


def test_a_wrong_number_can_be_closed_as_unreachable_at_once(staff):
    mine = with_calls(make_request(status=Status.CLAIMED, claimed_by=staff), AttemptOutcome.WRONG_NUMBER, by=staff)
    services.mark_unreachable(callback_request=mine, user=staff, now=NOW)
    assert snapshot(mine)["status"] == Status.UNREACHABLE


def test_the_default_attempt_limit_is_three_without_saved_settings(staff):
    mine = with_calls(make_request(status=Status.CLAIMED, claimed_by=staff), *[AttemptOutcome.NO_ANSWER] * 2, by=staff)
    with pytest.raises(AttemptLimitNotReached):
        services.mark_unreachable(callback_request=mine, user=staff, now=NOW)
    add_attempt(mine, outcome=AttemptOutcome.VOICEMAIL_LEFT, made_by=staff)
    services.mark_unreachable(callback_request=mine, user=staff, now=NOW)


# --- release, reassign, cancel -------------------------------------------------------------------


def test_releasing_puts_the_request_back_and_keeps_its_calls(staff):
    mine = with_calls(make_request(status=Status.CLAIMED, claimed_by=staff), AttemptOutcome.NO_ANSWER, by=staff)
    services.release_callback(callback_request=mine, user=staff, now=NOW)
    mine.refresh_from_db()
    assert (mine.status, mine.claimed_by, mine.claimed_at) == (Status.QUEUED, None, None)
    assert mine.attempts.count() == 1
    assert services.claim_next(user=staff_user(), now=NOW) == mine


def test_reassigning_hands_over_with_a_fresh_claim(staff, colleague):
    mine = make_request(status=Status.CLAIMED, claimed_by=staff, claimed_at=NOW - timedelta(hours=1))
    services.reassign_callback(callback_request=mine, user=staff, to_user=colleague, now=NOW)
    mine.refresh_from_db()
    assert (mine.claimed_by, mine.claimed_at) == (colleague, NOW)
    [entry] = log_entries(mine, AuditAction.REASSIGN)
    assert entry.data == {"from_user": staff.get_full_name(), "to_user": colleague.get_full_name()}
    # The new holder acts; the old one no longer can.
    services.record_attempt(callback_request=mine, user=colleague, outcome=AttemptOutcome.REACHED, note="", now=NOW)
    with pytest.raises(ClaimedByOther):
        services.release_callback(callback_request=mine, user=staff, now=NOW)


def test_a_superuser_can_be_given_a_request(staff):
    mine = make_request(status=Status.CLAIMED, claimed_by=staff)
    boss = superuser()
    services.reassign_callback(callback_request=mine, user=staff, to_user=boss, now=NOW)
    assert snapshot(mine)["claimed_by"] == boss.pk


@pytest.mark.parametrize("target", ["editor", "inactive staff"])
def test_a_request_only_goes_to_active_help_line_staff(target, staff):
    mine = make_request(status=Status.CLAIMED, claimed_by=staff)
    person = editor() if target == "editor" else staff_user(is_active=False)
    before = snapshot(mine)
    with pytest.raises(NotQueueStaff, match="is not on the help-line staff"):
        services.reassign_callback(callback_request=mine, user=staff, to_user=person, now=NOW)
    assert snapshot(mine) == before


def test_reassigning_to_the_current_holder_is_refused(staff):
    mine = make_request(status=Status.CLAIMED, claimed_by=staff)
    with pytest.raises(InvalidTransition, match="already claimed by"):
        services.reassign_callback(callback_request=mine, user=superuser(), to_user=staff, now=NOW)


def test_staff_cancel_with_a_reason_and_give_the_place_back(staff):
    mine = make_request(status=Status.CLAIMED, claimed_by=staff)
    booked = CallbackSlot.objects.get(pk=mine.slot_id).booked

    services.staff_cancel_callback(callback_request=mine, user=staff, reason="  Reader rang to cancel ", now=NOW)

    mine.refresh_from_db()
    assert (mine.status, mine.closed_at, mine.cancel_reason) == (Status.CANCELLED, NOW, "Reader rang to cancel")
    assert CallbackSlot.objects.get(pk=mine.slot_id).booked == booked - 1
    [entry] = log_entries(mine, AuditAction.CANCEL)
    assert entry.data == {}


@pytest.mark.parametrize("reason", ["", "   ", "x" * 201])
def test_cancelling_needs_a_short_reason(reason, staff):
    mine = make_request(status=Status.CLAIMED, claimed_by=staff)
    with pytest.raises(ValidationError) as refused:
        services.staff_cancel_callback(callback_request=mine, user=staff, reason=reason, now=NOW)
    assert "reason" in refused.value.message_dict
    assert snapshot(mine)["status"] == Status.CLAIMED


def test_every_refusal_is_a_callback_error_with_a_message_for_staff():
    for error in (NotClaimed, ClaimedByOther, AttemptLimitNotReached, NotReached, NotQueueStaff, RequestClosed):
        assert str(error()) and str(error()).endswith(".")
