"""The queue's demo content: a staff user only when allowed, a dozen requests, nothing twice."""

import io
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.utils import timezone

from callbacks import demo_queue
from callbacks.models import CallbackRequest, Status
from callbacks.queue.access import can_work_queue

from .queue_support import ensure_wrap_up_codes

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def load(**kwargs) -> list[str]:
    return demo_queue.load(stdout=io.StringIO(), **kwargs)


@override_settings(DEBUG=True)
def test_the_demo_queue_loads_once_with_a_staff_user_and_mixed_states(monkeypatch):
    monkeypatch.delenv(demo_queue.PASSWORD_VARIABLE, raising=False)

    changes = load()

    user = get_user_model().objects.get(username="helpline")
    assert can_work_queue(user) and not user.is_superuser
    assert user.check_password(demo_queue.DEFAULT_PASSWORD)
    assert any("changeme-helpline" in line for line in changes)
    requests = CallbackRequest.objects.all()
    assert requests.count() == 12
    today = timezone.localdate(timezone=LONDON)
    assert {timezone.localdate(r.slot_start, LONDON) for r in requests} == {today, today + timedelta(days=1)}
    assert all(r.phone.startswith("+447700900") for r in requests)
    assert load() == []
    assert CallbackRequest.objects.count() == 12


@override_settings(DEBUG=True)
def test_staff_work_is_played_through_the_services_when_the_slots_are_past(time_machine):
    time_machine.move_to("2026-11-23 20:00:00+00:00", tick=False)
    ensure_wrap_up_codes()
    load()
    statuses = set(CallbackRequest.objects.values_list("status", flat=True))
    assert statuses == {Status.QUEUED, Status.CLAIMED, Status.COMPLETED}
    assert CallbackRequest.objects.filter(attempts__isnull=False).distinct().count() == 3
    # The unanswered call put Margaret's request back in the queue to try again.
    assert CallbackRequest.objects.filter(status=Status.QUEUED, not_before__isnull=False).count() == 1
    assert CallbackRequest.objects.filter(wrap_up_codes__isnull=False).distinct().count() == 2


@override_settings(DEBUG=False)
def test_no_known_password_without_debug_unless_forced(monkeypatch):
    load()
    assert not get_user_model().objects.filter(username="helpline").exists()
    assert set(CallbackRequest.objects.values_list("status", flat=True)) == {Status.QUEUED}

    monkeypatch.setenv(demo_queue.PASSWORD_VARIABLE, "from-the-environment")
    changes = load(force=True)
    user = get_user_model().objects.get(username="helpline")
    assert user.check_password("from-the-environment")
    assert not any("from-the-environment" in line for line in changes)


@override_settings(DEBUG=True)
def test_an_existing_users_password_is_never_reset():
    user = get_user_model().objects.create_user(username="helpline", password="chosen-by-them")
    load()
    user.refresh_from_db()
    assert user.check_password("chosen-by-them")
    assert not user.groups.exists()
    assert CallbackRequest.objects.count() == 12
