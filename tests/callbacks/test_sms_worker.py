"""The worker path on PostgreSQL: `db_worker --batch` picks the texts up and sends them, once.

These run against committed data (transactional tests), as a real worker
process would see it, with the fake HTTP client injected through the
SMS_HTTP_CLIENT setting (the `twilio` fixture).
"""

import signal
import threading

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django_tasks_db.models import DBTaskResult

from callbacks.models import CallbackRequest, SmsKind, SmsStatus
from callbacks.texts import delivery
from callbacks.texts.delivery import BACKEND

from .booking_page import clear_rate_limits, form_data, make_callback_page
from .conftest import FIRST_SLOT, MONDAY_MORNING
from .fake_twilio import FROM_NUMBER, PUBLIC_BASE_URL, accepted
from .sms_support import message

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
SIGNALS = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]


@pytest.fixture
def clock():
    clear_rate_limits()
    with time_machine.travel(MONDAY_MORNING, tick=False) as traveller:
        yield traveller


def run_db_worker() -> None:
    """`manage.py db_worker --backend background --batch`, leaving pytest's signal handlers as they were."""
    handlers = {signum: signal.getsignal(signum) for signum in SIGNALS}
    try:
        # As options on the command line: argparse checks --backend's default ("default") otherwise.
        call_command(
            "db_worker", "--backend", BACKEND, "--batch", "--no-reload", "--no-startup-delay", "--interval", "0"
        )
    finally:
        for signum, handler in handlers.items():
            signal.signal(signum, handler)


def test_db_worker_in_batch_mode_sends_the_texts_through_the_twilio_client(client, clock, twilio):
    page = make_callback_page()
    response = client.post(page.url, form_data(text_me="on"))
    assert response.status_code == 302
    callback_request = CallbackRequest.objects.get()

    run_db_worker()

    confirmation = message(callback_request, SmsKind.CONFIRMATION)
    assert confirmation.status == SmsStatus.SENT
    assert len(twilio.sent) == 1
    assert twilio.sent[0].data == {
        "To": "+447911123456",
        "From": FROM_NUMBER,
        "Body": confirmation.body,
        "StatusCallback": f"{PUBLIC_BASE_URL}/webhooks/twilio/sms-status/{confirmation.pk}/",
    }
    results = {row.args_kwargs["args"][1]: row.status for row in DBTaskResult.objects.all()}
    assert results == {"confirmation": "SUCCESSFUL", "reminder": "READY"}

    clock.move_to(FIRST_SLOT.replace(hour=FIRST_SLOT.hour - 1))
    run_db_worker()

    assert message(callback_request, SmsKind.REMINDER).status == SmsStatus.SENT
    assert len(twilio.sent) == 2


def test_two_workers_on_the_same_text_at_once_send_it_once(clock, twilio, book):
    make_callback_page()
    callback_request = book(sms_opt_in=True)
    inside_twilio, let_go = threading.Event(), threading.Event()

    def slow_to_answer(sent):
        inside_twilio.set()
        let_go.wait(10)
        return accepted(sent)

    twilio.answer(slow_to_answer)
    results = {}

    def first_worker():
        try:
            results["first"] = delivery.deliver_sms(
                request_id=callback_request.pk, kind=SmsKind.CONFIRMATION, now=MONDAY_MORNING
            )
        finally:
            connection.close()

    thread = threading.Thread(target=first_worker)
    thread.start()
    assert inside_twilio.wait(10)
    results["second"] = delivery.deliver_sms(
        request_id=callback_request.pk, kind=SmsKind.CONFIRMATION, now=MONDAY_MORNING
    )
    let_go.set()
    thread.join(10)

    assert results == {"first": SmsStatus.SENT, "second": "being sent by another worker"}
    assert len(twilio.sent) == 1
