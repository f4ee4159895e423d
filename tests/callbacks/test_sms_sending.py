"""Sending texts through the real Twilio client and the fake HTTP client: what goes out, and each answer.

The clock stands at Monday 23 November 2026, 08:00 in London; the reader
books the 10:00-10:30 slot, so the confirmation is due at once and the
reminder (60 minutes before) at 09:00.
"""

import itertools
import json
from datetime import timedelta

import pytest
import time_machine
from django.db import OperationalError

from callbacks.booking import services
from callbacks.models import HelpLineSettings, SmsKind, SmsMessage, SmsOptOut, SmsStatus, Status
from callbacks.texts import delivery, gateway
from callbacks.texts.delivery import FIRST_RETRY_DELAY, MAX_ATTEMPTS

from .booking_page import make_callback_page
from .conftest import FIRST_SLOT, MONDAY_MORNING
from .fake_twilio import (
    ACCOUNT_SID,
    AUTH_TOKEN,
    FROM_NUMBER,
    MESSAGING_SERVICE_SID,
    PUBLIC_BASE_URL,
    invalid_number,
    not_a_mobile,
    opted_out,
    server_error,
    timed_out,
    too_many_requests,
    twilio_error,
)
from .sms_support import message, queued_tasks, run_due_tasks, waiting_tasks

pytestmark = pytest.mark.django_db
MESSAGES_URL = f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
REMINDER_TIME = FIRST_SLOT - timedelta(minutes=60)


@pytest.fixture
def clock():
    with time_machine.travel(MONDAY_MORNING, tick=False) as traveller:
        yield traveller


@pytest.fixture
def callback_page(db):
    return make_callback_page()


@pytest.fixture
def booked(book, clock, callback_page, twilio):
    """A reader who asked for texts has just booked the 10:00 slot."""
    return book(sms_opt_in=True)


# --- what is queued, and what goes out --------------------------------------------------------


def test_booking_queues_a_confirmation_now_and_a_reminder_for_an_hour_before(booked):
    confirmation = message(booked, SmsKind.CONFIRMATION)
    reminder = message(booked, SmsKind.REMINDER)

    assert (confirmation.status, confirmation.due_at) == (SmsStatus.QUEUED, MONDAY_MORNING)
    assert (reminder.status, reminder.due_at) == (SmsStatus.QUEUED, REMINDER_TIME)
    task_rows = {row.args_kwargs["args"][1]: row for row in queued_tasks()}
    assert {kind: row.args_kwargs for kind, row in task_rows.items()} == {
        "confirmation": {"args": [booked.pk, "confirmation"], "kwargs": {}},
        "reminder": {"args": [booked.pk, "reminder"], "kwargs": {}},
    }
    assert task_rows["confirmation"].task_path == "callbacks.texts.delivery.send_sms"
    assert task_rows["confirmation"].task_result.task.run_after is None  # due now
    assert task_rows["reminder"].run_after == REMINDER_TIME
    # Tasks carry the request's id only: nothing personal sits in the task table.
    stored = json.dumps([row.args_kwargs for row in task_rows.values()])
    assert booked.phone not in stored and "7911" not in stored and booked.name not in stored


def test_the_confirmation_goes_to_twilio_as_the_api_expects(booked, twilio):
    run_due_tasks()

    assert len(twilio.sent) == 1
    sent = twilio.sent[0]
    confirmation = message(booked, SmsKind.CONFIRMATION)
    assert (sent.method, sent.url) == ("POST", MESSAGES_URL)
    assert sent.auth == (ACCOUNT_SID, AUTH_TOKEN)
    assert sent.timeout == 10
    assert sent.data == {
        "To": "+447911123456",
        "From": FROM_NUMBER,
        "Body": confirmation.body,
        "StatusCallback": f"{PUBLIC_BASE_URL}/webhooks/twilio/sms-status/{confirmation.pk}/",
    }
    confirmation.refresh_from_db()
    assert confirmation.status == SmsStatus.SENT
    assert confirmation.twilio_sid.startswith("SM")
    assert (confirmation.attempts, confirmation.sent_at, confirmation.backend) == (1, MONDAY_MORNING, "twilio")


def test_the_text_has_the_reference_slot_number_and_a_working_manage_link_but_no_health_details(booked, client):
    body = message(booked, SmsKind.CONFIRMATION).body

    assert booked.reference in body
    assert "Monday 23 November, 10:00-10:30" in body
    assert "02380 248725" in body
    for private in ("Sciatica", "sciatica", "Pain down my left leg", "Alex", booked.phone):
        assert private not in body
    manage_url = next(word for word in body.split() if word.startswith(PUBLIC_BASE_URL))
    assert manage_url.startswith(f"{PUBLIC_BASE_URL}/request-a-callback/manage/")
    response = client.get(manage_url.removeprefix(PUBLIC_BASE_URL))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Change the time" in page
    assert "Cancel this callback" in page


def test_a_messaging_service_is_named_instead_of_a_from_number(book, clock, callback_page, twilio, settings):
    settings.TWILIO_MESSAGING_SERVICE_SID = MESSAGING_SERVICE_SID
    fake = gateway.twilio_client().http_client  # new settings, new client

    book(sms_opt_in=True)
    run_due_tasks()

    assert fake.sent[0].data["MessagingServiceSid"] == MESSAGING_SERVICE_SID
    assert "From" not in fake.sent[0].data


def test_the_reminder_goes_at_its_time_and_expires_when_the_slot_starts(booked, twilio, clock):
    run_due_tasks()
    assert len(twilio.sent) == 1  # the reminder is not due yet

    clock.move_to(REMINDER_TIME)
    run_due_tasks()

    assert len(twilio.sent) == 2
    reminder = message(booked, SmsKind.REMINDER)
    assert twilio.sent[1].data["Body"] == reminder.body
    assert twilio.sent[1].data["ValidityPeriod"] == 3600
    assert reminder.status == SmsStatus.SENT


def test_no_reminder_when_booked_within_the_reminder_window(book, clock, callback_page, twilio):
    HelpLineSettings.objects.update(sms_reminder_minutes=180)  # 07:00, before the booking at 08:00

    callback_request = book(sms_opt_in=True)

    assert [m.kind for m in callback_request.sms_messages.all()] == [SmsKind.CONFIRMATION]


def test_no_texts_at_all_for_a_reader_who_did_not_ask(book, clock, callback_page, twilio):
    book(sms_opt_in=False)

    assert not SmsMessage.objects.exists()
    assert queued_tasks() == []


# --- reminders for requests that are no longer open --------------------------------------------


def test_a_reminder_is_not_sent_once_the_reader_has_cancelled(booked, twilio, clock):
    run_due_tasks()
    services.cancel_callback(callback_request=booked, reason="Changed my mind", now=MONDAY_MORNING)
    run_due_tasks()

    clock.move_to(REMINDER_TIME)
    run_due_tasks()

    kinds_sent = [sent.data["Body"] for sent in twilio.sent]
    assert kinds_sent == [message(booked, SmsKind.CONFIRMATION).body, message(booked, SmsKind.CANCELLATION).body]
    reminder = message(booked, SmsKind.REMINDER)
    assert reminder.status == SmsStatus.SKIPPED
    assert reminder.error_message == "The request was cancelled before it was sent."


@pytest.mark.parametrize("status", [Status.COMPLETED, Status.UNREACHABLE])
def test_a_reminder_is_not_sent_for_a_closed_request(booked, twilio, clock, status):
    run_due_tasks()
    type(booked).objects.filter(pk=booked.pk).update(status=status, closed_at=MONDAY_MORNING)

    clock.move_to(REMINDER_TIME)
    run_due_tasks()

    assert len(twilio.sent) == 1
    assert message(booked, SmsKind.REMINDER).status == SmsStatus.SKIPPED


# --- exactly once -----------------------------------------------------------------------------


def test_the_same_task_run_twice_sends_one_text(booked, twilio):
    delivery.send_sms.enqueue(booked.pk, SmsKind.CONFIRMATION)  # a duplicate, as a retried worker might leave

    results = run_due_tasks()

    assert len(twilio.sent) == 1
    assert results == [SmsStatus.SENT, "already sent"]


def test_a_message_another_worker_is_sending_is_left_alone(booked, twilio):
    SmsMessage.objects.filter(kind=SmsKind.CONFIRMATION).update(sending_since=MONDAY_MORNING, attempts=1)

    assert run_due_tasks() == ["being sent by another worker"]
    assert twilio.sent == []


# --- the database goes away between handing a text over and recording it ------------------------


def failing_record(monkeypatch, *errors):
    """`delivery._record` raises each of `errors` in turn, then records as it does."""
    real_record, failures = delivery._record, iter(errors)

    def record(*args, **kwargs):
        error = next(failures, None)
        if error is not None:
            raise error
        return real_record(*args, **kwargs)

    monkeypatch.setattr(delivery, "_record", record)


# Real transactions: dropping the broken connection must not end the test's own transaction.
@pytest.mark.django_db(transaction=True)
def test_a_text_handed_over_during_a_database_outage_is_recorded_once_it_is_back_and_not_sent_again(
    booked, twilio, monkeypatch, caplog
):
    failing_record(monkeypatch, *[OperationalError("server closed the connection unexpectedly")] * 3)
    pauses = []
    monkeypatch.setattr(delivery, "sleep", pauses.append)

    assert run_due_tasks() == [SmsStatus.SENT]

    assert len(twilio.sent) == 1
    assert message(booked, SmsKind.CONFIRMATION).status == SmsStatus.SENT
    assert message(booked, SmsKind.CONFIRMATION).sending_since is None
    assert pauses == [1.0, 2.0, 4.0]
    warnings = [record.getMessage() for record in caplog.records if record.name == delivery.__name__]
    assert len([line for line in warnings if "unreachable" in line]) == 1, "one warning for the outage"
    assert any("recorded now that the database is back" in line for line in warnings)
    assert run_due_tasks() == [], "nothing left to send again"


@pytest.mark.django_db(transaction=True)
def test_after_its_patience_the_worker_gives_up_and_the_lease_decides(booked, twilio, monkeypatch):
    failing_record(monkeypatch, *[OperationalError("connection refused")] * 100)
    monkeypatch.setattr(delivery, "sleep", lambda seconds: None)
    monkeypatch.setattr(delivery, "RECORD_PATIENCE", timedelta(seconds=0))

    with pytest.raises(OperationalError):
        delivery.deliver_sms(request_id=booked.pk, kind=SmsKind.CONFIRMATION, now=MONDAY_MORNING)

    assert message(booked, SmsKind.CONFIRMATION).sending_since is not None, "still claimed: the sweep sends it later"


def test_an_error_that_is_not_the_database_is_not_retried(booked, twilio, monkeypatch):
    failing_record(monkeypatch, ValueError("bug"))
    monkeypatch.setattr(delivery, "sleep", lambda seconds: pytest.fail("no pause for a bug"))

    with pytest.raises(ValueError, match="bug"):
        delivery.deliver_sms(request_id=booked.pk, kind=SmsKind.CONFIRMATION, now=MONDAY_MORNING)


# --- Twilio's answers -------------------------------------------------------------------------


def test_stop_marks_the_number_opted_out_and_it_is_never_texted_again(booked, twilio, clock, book):
    twilio.answer(opted_out())

    run_due_tasks()

    confirmation = message(booked, SmsKind.CONFIRMATION)
    assert (confirmation.status, confirmation.error_code) == (SmsStatus.UNDELIVERABLE, "21610")
    assert SmsOptOut.objects.filter(phone="+447911123456").exists()
    assert waiting_tasks()[0].args_kwargs["args"] == [booked.pk, "reminder"]  # no retry queued

    clock.move_to(REMINDER_TIME)
    run_due_tasks()
    services.cancel_callback(callback_request=booked, reason="", now=REMINDER_TIME)
    later = book(sms_opt_in=True, now=REMINDER_TIME, slot_start=FIRST_SLOT + timedelta(hours=4))
    run_due_tasks()

    assert len(twilio.sent) == 1, "nothing more was even attempted for that number"
    assert message(booked, SmsKind.REMINDER).status == SmsStatus.SKIPPED
    assert message(booked, SmsKind.CANCELLATION).status == SmsStatus.SKIPPED
    assert message(later, SmsKind.CONFIRMATION).error_message == "The number has opted out of texts (replied STOP)."


@pytest.mark.parametrize(("answer", "code"), [(invalid_number, "21211"), (not_a_mobile, "21614")])
def test_a_number_that_cannot_take_texts_is_undeliverable_without_retrying(booked, twilio, answer, code):
    twilio.answer(answer())

    run_due_tasks()

    confirmation = message(booked, SmsKind.CONFIRMATION)
    assert (confirmation.status, confirmation.error_code, confirmation.attempts) == (SmsStatus.UNDELIVERABLE, code, 1)
    assert [row.args_kwargs["args"][1] for row in waiting_tasks()] == ["reminder"]
    assert not SmsOptOut.objects.exists()


@pytest.mark.parametrize(
    ("answer", "code"), [(too_many_requests, "20429"), (server_error, "500"), (timed_out, "timeout")]
)
def test_busy_broken_or_silent_twilio_is_tried_again_later(booked, twilio, clock, answer, code):
    twilio.answer(answer())

    run_due_tasks()

    confirmation = message(booked, SmsKind.CONFIRMATION)
    retry_at = MONDAY_MORNING + FIRST_RETRY_DELAY
    assert (confirmation.status, confirmation.error_code, confirmation.attempts) == (SmsStatus.QUEUED, code, 1)
    assert confirmation.due_at == retry_at
    assert [(row.args_kwargs["args"][1], row.run_after) for row in waiting_tasks()] == [
        ("confirmation", retry_at),
        ("reminder", REMINDER_TIME),
    ]

    clock.move_to(retry_at)
    run_due_tasks()

    confirmation.refresh_from_db()
    assert (confirmation.status, confirmation.error_code, confirmation.attempts) == (SmsStatus.SENT, "", 2)
    assert len(twilio.sent) == 2


def test_after_five_failed_attempts_with_growing_gaps_the_text_is_failed(booked, twilio, clock):
    twilio.always(lambda sent: server_error())
    attempted_at = []

    for _ in range(MAX_ATTEMPTS + 2):
        run_due_tasks()
        attempted_at = sorted(row.finished_at for row in queued_tasks() if row.status == "SUCCESSFUL")
        confirmation = message(booked, SmsKind.CONFIRMATION)
        if confirmation.status != SmsStatus.QUEUED:
            break
        clock.move_to(confirmation.due_at)

    assert (confirmation.status, confirmation.attempts, confirmation.error_code) == (SmsStatus.FAILED, 5, "500")
    assert len(twilio.sent) == MAX_ATTEMPTS
    gaps = [later - earlier for earlier, later in itertools.pairwise(attempted_at)]
    assert gaps == [timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=8), timedelta(minutes=32)]
    assert [row.args_kwargs["args"][1] for row in waiting_tasks()] == ["reminder"]


def test_any_other_refusal_fails_at_once(booked, twilio):
    twilio.answer(twilio_error(400, 21606, "The 'From' phone number provided is not a valid message-capable number"))

    run_due_tasks()

    confirmation = message(booked, SmsKind.CONFIRMATION)
    assert (confirmation.status, confirmation.error_code, confirmation.attempts) == (SmsStatus.FAILED, "21606", 1)


def test_a_reminder_that_could_only_be_retried_after_the_slot_starts_is_failed(booked, twilio, clock):
    run_due_tasks()
    clock.move_to(FIRST_SLOT - timedelta(seconds=20))  # late: the worker was busy or down
    twilio.answer(server_error())

    run_due_tasks()

    reminder = message(booked, SmsKind.REMINDER)
    assert (reminder.status, reminder.attempts) == (SmsStatus.FAILED, 1)
    assert twilio.sent[1].data["ValidityPeriod"] == 20
    assert waiting_tasks() == []
