"""Staff are told, in plain words, when the worker or the clock has not been seen for five minutes."""

from datetime import timedelta

import pytest
from django.urls import reverse

from operations.models import ProcessHeartbeat

from .queue_support import NOW, staff_user

pytestmark = pytest.mark.django_db

PAGES = [reverse("callback_queue:index"), reverse("wagtailadmin_home")]
TEXTS_STOPPED = "Text messages are not being sent: tell your administrator."
JOBS_STOPPED = "Scheduled jobs are not running: tell your administrator."


@pytest.fixture
def staff(client, time_machine):
    time_machine.move_to(NOW, tick=False)
    client.force_login(staff_user())


def seen(process: str, *, ago: timedelta) -> None:
    ProcessHeartbeat.objects.update_or_create(process=process, defaults={"last_seen": NOW - ago})


@pytest.mark.parametrize("page", PAGES)
def test_no_warning_while_worker_and_clock_are_seen(client, staff, page):
    seen("worker", ago=timedelta(seconds=30))
    seen("clock", ago=timedelta(minutes=4, seconds=59))

    body = client.get(page).content.decode()

    assert TEXTS_STOPPED not in body
    assert JOBS_STOPPED not in body


@pytest.mark.parametrize("page", PAGES)
def test_worker_unseen_for_five_minutes_warns_that_texts_are_not_sent(client, staff, page):
    seen("worker", ago=timedelta(minutes=5, seconds=1))
    seen("clock", ago=timedelta(seconds=30))

    body = client.get(page).content.decode()

    assert body.count(TEXTS_STOPPED) == 1
    assert JOBS_STOPPED not in body


@pytest.mark.parametrize("page", PAGES)
def test_clock_unseen_for_five_minutes_warns_that_jobs_do_not_run(client, staff, page):
    seen("worker", ago=timedelta(seconds=30))
    seen("clock", ago=timedelta(minutes=6))

    body = client.get(page).content.decode()

    assert body.count(JOBS_STOPPED) == 1
    assert TEXTS_STOPPED not in body


def test_processes_never_seen_warn_about_both(client, staff):
    body = client.get(PAGES[0]).content.decode()

    assert TEXTS_STOPPED in body
    assert JOBS_STOPPED in body
