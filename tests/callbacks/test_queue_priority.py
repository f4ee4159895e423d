"""Fair priority: urgent requests come first, but never ahead of one that has waited longer than the boost."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from callbacks.audit import AuditAction
from callbacks.exceptions import NotQueueStaff, RequestClosed
from callbacks.models import Status, UrgencyReason
from callbacks.queue import services

from .queue_support import NOW, editor, log_entries, make_request, queue_settings, snapshot, staff_user

pytestmark = pytest.mark.django_db

M = timedelta(minutes=1)


@pytest.fixture
def staff():
    return staff_user()


# Each case: the boost, then (slot start relative to now in minutes, urgent?) for each request,
# then the order "Take next" must hand them out in (indexes into that list).
CASES = {
    "urgent overtakes a request due a little earlier": (60, [(-30, False), (-10, True)], [1, 0]),
    "urgent never passes one waiting longer than the boost": (60, [(-90, False), (-10, True)], [0, 1]),
    "exactly the boost apart: the earlier booking first (then by id)": (60, [(-70, False), (-10, True)], [0, 1]),
    "no boost: urgency changes nothing": (0, [(-30, False), (-10, True)], [0, 1]),
    "two urgent requests keep their own order": (60, [(-20, True), (-40, True), (-50, False)], [1, 0, 2]),
    "urgent with a slot still to come is not taken early": (60, [(20, True), (-5, False)], [1]),
    "a big boost puts every urgent request first": (24 * 60, [(-300, False), (-1, True)], [1, 0]),
}


@pytest.mark.parametrize("case", list(CASES))
def test_take_next_order(case, staff):
    boost, specs, expected = CASES[case]
    queue_settings(priority_boost_minutes=boost)
    made = [make_request(starts=offset * M) for offset, _ in specs]
    for callback_request, (_, urgent) in zip(made, specs, strict=True):
        if urgent:
            services.set_urgency(callback_request=callback_request, user=staff, urgency=UrgencyReason.RED_FLAG, now=NOW)
    taken = []
    while (claimed := services.claim_next(user=staff, now=NOW)) is not None:
        taken.append(made.index(claimed))
    assert taken == expected


def test_the_list_shows_the_same_order_and_marks_urgent_rows(client, staff, time_machine):
    time_machine.move_to(NOW, tick=False)
    client.force_login(staff)
    queue_settings(priority_boost_minutes=60)
    earlier = make_request(starts=-30 * M)
    urgent = make_request(starts=-10 * M)
    services.set_urgency(callback_request=urgent, user=staff, urgency=UrgencyReason.SAFEGUARDING, now=NOW)
    page = client.get(reverse("callback_queue:index")).content.decode()
    assert page.index(urgent.reference) < page.index(earlier.reference)
    assert "Urgent" in page
    # The reason stays on the request's page: the list only flags.
    assert UrgencyReason.SAFEGUARDING.label not in page


def test_staff_mark_a_request_urgent_without_claiming_it_and_it_is_logged(staff):
    queued = make_request()
    services.set_urgency(callback_request=queued, user=staff, urgency=UrgencyReason.DISTRESS, now=NOW)
    queued.refresh_from_db()
    assert (queued.urgency, queued.status, queued.claimed_by) == (UrgencyReason.DISTRESS, Status.QUEUED, None)
    assert queued.priority_due_at == queued.slot_start - timedelta(minutes=60)  # the default boost
    [entry] = log_entries(queued)
    assert (entry.action, entry.data, entry.label) == (
        AuditAction.URGENCY,
        {"urgency": UrgencyReason.DISTRESS},
        queued.reference,
    )

    services.set_urgency(callback_request=queued, user=staff, urgency="", now=NOW)
    queued.refresh_from_db()
    assert (queued.urgency, queued.priority_due_at) == ("", None)
    assert len(log_entries(queued)) == 2


def test_setting_the_same_priority_again_logs_nothing(staff):
    queued = make_request()
    services.set_urgency(callback_request=queued, user=staff, urgency=UrgencyReason.RED_FLAG, now=NOW)
    services.set_urgency(callback_request=queued, user=staff, urgency=UrgencyReason.RED_FLAG, now=NOW)
    assert len(log_entries(queued)) == 1


def test_the_boost_in_force_when_marked_is_kept(staff):
    queue_settings(priority_boost_minutes=90)
    queued = make_request()
    services.set_urgency(callback_request=queued, user=staff, urgency=UrgencyReason.RED_FLAG, now=NOW)
    queue_settings(priority_boost_minutes=10)
    queued.refresh_from_db()
    assert queued.priority_due_at == queued.slot_start - timedelta(minutes=90)


@pytest.mark.parametrize(
    ("who", "status", "urgency", "error"),
    [
        (staff_user, Status.COMPLETED, UrgencyReason.RED_FLAG, RequestClosed),
        (editor, Status.QUEUED, UrgencyReason.RED_FLAG, NotQueueStaff),
        (staff_user, Status.QUEUED, "because I said so", ValidationError),
    ],
)
def test_refusals_change_nothing(who, status, urgency, error):
    callback_request = make_request(status=status)
    before = snapshot(callback_request)
    with pytest.raises(error):
        services.set_urgency(callback_request=callback_request, user=who(), urgency=urgency, now=NOW)
    assert snapshot(callback_request) == before
    assert log_entries(callback_request) == []


def test_the_priority_form_on_the_detail_page(client, staff, time_machine):
    time_machine.move_to(NOW, tick=False)
    client.force_login(staff)
    queued = make_request()
    url = reverse("callback_queue:urgency", args=[queued.pk])
    assert url in client.get(reverse("callback_queue:detail", args=[queued.pk])).content.decode()

    response = client.post(url, {"urgency": UrgencyReason.REPEAT_CALLER})
    assert response["Location"] == reverse("callback_queue:detail", args=[queued.pk])
    queued.refresh_from_db()
    assert queued.urgency == UrgencyReason.REPEAT_CALLER
    page = client.get(reverse("callback_queue:detail", args=[queued.pk])).content.decode()
    assert f"Urgent: {UrgencyReason.REPEAT_CALLER.label}" in page
