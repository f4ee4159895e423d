"""The audit trail: one Wagtail log entry per action, shown in the request's history and in Site history."""

from datetime import timedelta

import pytest
from django.urls import reverse
from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry

from callbacks.audit import AuditAction
from callbacks.models import AttemptOutcome, CallbackRequest, Status, WrapUpCode

from .queue_support import NOW, add_attempt, editor, make_request, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, time_machine):
    time_machine.move_to(NOW, tick=False)
    user = staff_user(first_name="Robin", last_name="Adviser")
    client.force_login(user)
    return user


def entries(callback_request: CallbackRequest) -> list[tuple[str, int]]:
    return list(
        ModelLogEntry.objects.filter(object_id=str(callback_request.pk)).order_by("pk").values_list("action", "user")
    )


def url(name, callback_request=None):
    return reverse(f"callback_queue:{name}", args=[callback_request.pk] if callback_request else [])


def claimed_with_calls(staff, *outcomes):
    callback_request = make_request(status=Status.CLAIMED, claimed_by=staff)
    for outcome in outcomes:
        add_attempt(callback_request, outcome=outcome, made_by=staff)
    return callback_request


# Each case: how the request starts, the POST that acts on it, and the one entry it must leave.
ACTIONS = {
    "claim": (lambda staff: make_request(), "claim", {}, AuditAction.CLAIM),
    "attempt": (
        lambda staff: claimed_with_calls(staff),
        "record_attempt",
        {"outcome": "no_answer"},
        AuditAction.ATTEMPT,
    ),
    "complete": (
        lambda staff: claimed_with_calls(staff, AttemptOutcome.REACHED),
        "complete",
        lambda: {"wrap_up_codes": [WrapUpCode.objects.get_or_create(name="GP")[0].pk]},
        AuditAction.COMPLETE,
    ),
    "unreachable": (
        lambda staff: claimed_with_calls(staff, *[AttemptOutcome.NO_ANSWER] * 3),
        "unreachable",
        {},
        AuditAction.UNREACHABLE,
    ),
    "release": (lambda staff: claimed_with_calls(staff), "release", {}, AuditAction.RELEASE),
    "reassign": (lambda staff: claimed_with_calls(staff), "reassign", None, AuditAction.REASSIGN),
    "cancel": (lambda staff: claimed_with_calls(staff), "cancel", {"reason": "Rang to cancel"}, AuditAction.CANCEL),
}


@pytest.mark.parametrize("case", list(ACTIONS))
def test_each_action_leaves_exactly_one_entry(case, client, staff):
    setup, url_name, data, action = ACTIONS[case]
    callback_request = setup(staff)
    if data is None:
        data = {"to_user": staff_user().pk}
    elif callable(data):
        data = data()

    response = client.post(url(url_name, callback_request), data)

    assert response.status_code == 302
    assert entries(callback_request) == [(action, staff.pk)]


def test_take_next_leaves_one_claim_entry(client, staff):
    callback_request = make_request()
    client.post(url("take_next"))
    assert entries(callback_request) == [(AuditAction.CLAIM, staff.pk)]


def test_viewing_the_detail_leaves_one_entry_per_view_and_the_history_view_none(client, staff):
    callback_request = make_request()
    client.get(url("detail", callback_request))
    assert entries(callback_request) == [(AuditAction.VIEW, staff.pk)]
    client.get(url("history", callback_request))
    client.get(url("index"))
    assert len(entries(callback_request)) == 1


def test_a_refused_action_leaves_no_entry(client, staff):
    theirs = make_request(status=Status.CLAIMED, claimed_by=staff_user())
    client.post(url("release", theirs))
    client.post(url("record_attempt", theirs), {"outcome": "reached"})
    assert entries(theirs) == []


def test_every_queue_action_has_a_label_for_the_filters():
    actions = [value for name, value in vars(AuditAction).items() if name.isupper()]
    # Nine queue actions, the "we tried to call you" text, expiry, erasure and a follow-up's two sides.
    assert len(actions) == 14
    for action in actions:
        assert log_registry.action_exists(action), action
        assert log_registry.get_action_label(action)


def test_the_history_reads_as_a_story_and_keeps_readers_details_out(client, staff):
    callback_request = make_request(name="Ada Lovelace", phone="+447911123456")
    colleague = staff_user(first_name="Jo", last_name="Bloggs")
    client.post(url("claim", callback_request))
    client.post(url("record_attempt", callback_request), {"outcome": "reached", "note": "Sciatica flare-up"})
    client.post(url("reassign", callback_request), {"to_user": colleague.pk})

    page = client.get(url("history", callback_request)).content.decode()

    assert "Claimed" in page
    assert "Call attempt 1: Reached" in page
    assert "Reassigned from Robin Adviser to Jo Bloggs" in page
    stored = list(ModelLogEntry.objects.filter(object_id=str(callback_request.pk)).values_list("label", "data"))
    assert all(label == callback_request.reference for label, _ in stored)
    assert not any(secret in str(stored) for secret in ("Ada", "7911", "Sciatica flare-up"))


def test_entries_show_in_site_history_for_staff_with_links_but_not_for_editors(client, staff):
    callback_request = make_request(starts=timedelta(minutes=-1))
    client.post(url("claim", callback_request))
    report = reverse("wagtailadmin_reports:site_history")

    page = client.get(report).content.decode()
    assert callback_request.reference in page
    assert url("detail", callback_request) in page

    client.force_login(editor())
    assert callback_request.reference not in client.get(report).content.decode()
