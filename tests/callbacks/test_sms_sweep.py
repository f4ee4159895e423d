"""The sweep: texts whose task was lost (a worker killed mid-task) are queued again, and still sent once."""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from callbacks.models import SmsKind, SmsMessage, SmsStatus
from callbacks.texts import delivery
from callbacks.texts.delivery import MAX_ATTEMPTS, SWEEP_AFTER
from operations.signals import worker_started

from .booking_page import make_callback_page
from .conftest import MONDAY_MORNING
from .sms_support import message, run_due_tasks, waiting_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock():
    with time_machine.travel(MONDAY_MORNING, tick=False) as traveller:
        yield traveller


@pytest.fixture
def booked(book, clock, twilio):
    make_callback_page()
    return book(sms_opt_in=True)


def kill_the_worker_mid_task():
    """What django-tasks-db is left with when a worker dies while running a task: RUNNING, for good."""
    DBTaskResult.objects.filter(status="READY", args_kwargs__args__1="confirmation").update(
        status="RUNNING", worker_ids=["dead-worker"]
    )


def sweep(now) -> int:
    with time_machine.travel(now, tick=False):
        return delivery.sweep_sms.call()


def test_a_text_whose_worker_was_killed_is_queued_again_and_sent_once(booked, twilio, clock):
    kill_the_worker_mid_task()
    assert run_due_tasks() == []

    assert sweep(MONDAY_MORNING + timedelta(minutes=5)) == 0, "not yet: it might just be a busy worker"
    clock.move_to(MONDAY_MORNING + SWEEP_AFTER + timedelta(seconds=1))
    assert sweep(MONDAY_MORNING + SWEEP_AFTER + timedelta(seconds=1)) == 1
    run_due_tasks()

    assert len(twilio.sent) == 1
    assert message(booked, SmsKind.CONFIRMATION).status == SmsStatus.SENT
    assert sweep(MONDAY_MORNING + SWEEP_AFTER * 2) == 0


def test_a_worker_that_starts_queues_again_at_once_what_a_killed_worker_took_and_it_is_sent_once(booked, twilio, clock):
    kill_the_worker_mid_task()
    clock.move_to(MONDAY_MORNING + timedelta(seconds=30))

    worker_started.send(sender=None)
    run_due_tasks()

    assert len(twilio.sent) == 1
    assert message(booked, SmsKind.CONFIRMATION).status == SmsStatus.SENT
    worker_started.send(sender=None)
    assert run_due_tasks() == [], "a second start queues nothing: the text is sent"
    assert len(twilio.sent) == 1


def test_a_worker_that_starts_leaves_a_text_being_handed_over_and_one_not_yet_due(booked, twilio, clock):
    kill_the_worker_mid_task()
    SmsMessage.objects.filter(kind=SmsKind.CONFIRMATION).update(sending_since=MONDAY_MORNING, attempts=1)
    clock.move_to(MONDAY_MORNING + timedelta(seconds=30))
    tasks_before = DBTaskResult.objects.count()

    worker_started.send(sender=None)

    assert DBTaskResult.objects.count() == tasks_before, "the claimed confirmation and the 09:00 reminder stay"
    assert twilio.sent == []


def test_a_text_left_claimed_by_a_dead_worker_is_sent_once_the_claim_lapses(booked, twilio, clock):
    kill_the_worker_mid_task()
    SmsMessage.objects.filter(kind=SmsKind.CONFIRMATION).update(sending_since=MONDAY_MORNING, attempts=1)

    later = MONDAY_MORNING + SWEEP_AFTER + timedelta(seconds=1)
    clock.move_to(later)
    assert sweep(later) == 1
    run_due_tasks()

    confirmation = message(booked, SmsKind.CONFIRMATION)
    assert (confirmation.status, confirmation.attempts, confirmation.sending_since) == (SmsStatus.SENT, 2, None)
    assert len(twilio.sent) == 1


def test_a_text_cut_short_on_its_last_attempt_is_failed_not_sent_a_sixth_time(booked, twilio, clock):
    kill_the_worker_mid_task()
    SmsMessage.objects.filter(kind=SmsKind.CONFIRMATION).update(sending_since=MONDAY_MORNING, attempts=MAX_ATTEMPTS)

    later = MONDAY_MORNING + SWEEP_AFTER + timedelta(seconds=1)
    clock.move_to(later)
    sweep(later)
    run_due_tasks()

    assert message(booked, SmsKind.CONFIRMATION).status == SmsStatus.FAILED
    assert twilio.sent == []


def test_a_reminder_not_yet_due_is_left_alone(booked):
    run_due_tasks()

    assert sweep(MONDAY_MORNING + timedelta(minutes=59)) == 0
    assert [row.args_kwargs["args"][1] for row in waiting_tasks()] == ["reminder"]


def test_while_the_worker_is_down_each_text_is_requeued_once_per_sweep_interval(booked):
    first = MONDAY_MORNING + SWEEP_AFTER + timedelta(seconds=1)

    assert sweep(first) == 1
    assert sweep(first + timedelta(minutes=4)) == 0
    assert sweep(first + SWEEP_AFTER + timedelta(seconds=1)) == 1
    assert len([row for row in waiting_tasks() if row.args_kwargs["args"][1] == "confirmation"]) == 3


def test_the_command_says_how_many_it_requeued(booked):
    kill_the_worker_mid_task()
    output = StringIO()

    with time_machine.travel(MONDAY_MORNING + SWEEP_AFTER + timedelta(minutes=1), tick=False):
        call_command("sms_sweep", stdout=output)

    assert output.getvalue().strip() == "Re-queued 1 text message."
