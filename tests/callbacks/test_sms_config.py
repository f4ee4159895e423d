"""When texts are on, which backend sends them, the start-up checks, and erasing texts with their request."""

from datetime import timedelta

import pytest
import time_machine

from callbacks import checks
from callbacks.booking import services
from callbacks.models import SmsKind, SmsStatus, Status
from callbacks.texts import delivery, gateway

from .booking_page import make_callback_page
from .conftest import MONDAY_MORNING
from .fake_twilio import ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, MESSAGING_SERVICE_SID, accepted
from .sms_support import message, run_due_tasks


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({}, gateway.OFF),
        ({"SMS_BACKEND": "console"}, gateway.CONSOLE),
        ({"TWILIO_ACCOUNT_SID": ACCOUNT_SID, "TWILIO_AUTH_TOKEN": AUTH_TOKEN}, gateway.OFF),
        (
            {"TWILIO_ACCOUNT_SID": ACCOUNT_SID, "TWILIO_AUTH_TOKEN": AUTH_TOKEN, "TWILIO_FROM_NUMBER": FROM_NUMBER},
            gateway.TWILIO,
        ),
        (
            {
                "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
                "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
                "TWILIO_MESSAGING_SERVICE_SID": MESSAGING_SERVICE_SID,
            },
            gateway.TWILIO,
        ),
        ({"TWILIO_AUTH_TOKEN": AUTH_TOKEN, "TWILIO_FROM_NUMBER": FROM_NUMBER}, gateway.OFF),
        (
            {
                "SMS_BACKEND": "off",
                "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
                "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
                "TWILIO_FROM_NUMBER": FROM_NUMBER,
            },
            gateway.OFF,
        ),
        ({"SMS_BACKEND": "twilio"}, gateway.OFF),
    ],
    ids=["nothing", "console", "no sender", "from number", "messaging service", "no sid", "off", "twilio, no settings"],
)
def test_texts_are_on_only_with_complete_twilio_settings_or_the_console(settings, values, expected):
    for name, value in values.items():
        setattr(settings, name, value)

    assert gateway.backend() == expected
    assert gateway.is_enabled() is (expected != gateway.OFF)


def test_the_client_is_built_once_and_rebuilt_when_the_settings_change(twilio, settings):
    first = gateway.twilio_client()
    assert gateway.twilio_client() is first
    assert first.http_client is twilio and twilio.timeout == 10

    settings.SMS_TIMEOUT_SECONDS = 5
    assert gateway.twilio_client() is not first
    assert gateway.twilio_client().http_client.timeout == 5


@pytest.mark.parametrize(
    ("values", "ids"),
    [
        ({"SMS_BACKEND": "carrier-pigeon"}, ["callbacks.W001"]),
        ({"SMS_BACKEND": "twilio", "TWILIO_ACCOUNT_SID": ACCOUNT_SID}, ["callbacks.W002"]),
        ({"SMS_BACKEND": "console"}, []),
    ],
)
def test_start_up_checks_say_when_texts_will_not_go_as_configured(settings, values, ids):
    for name, value in values.items():
        setattr(settings, name, value)

    assert [message.id for message in checks.check_sms_settings(None)] == ids


def test_twilio_without_a_public_base_url_is_pointed_out(twilio, settings):
    settings.PUBLIC_BASE_URL = ""

    assert [message.id for message in checks.check_sms_settings(None)] == ["callbacks.W003"]


@pytest.mark.django_db
def test_a_delivery_report_that_overtakes_the_api_answer_is_kept(book, twilio):
    """Twilio can report "delivered" before our worker has recorded the 201: the report stands."""

    def report_first(sent):
        response = accepted(sent)
        sid = response.text.split('"sid": "')[1].split('"')[0]
        confirmation = message(callback_request, SmsKind.CONFIRMATION)
        delivery.record_sms_status(
            message_id=confirmation.pk, message_sid=sid, twilio_status="delivered", error_code="", now=MONDAY_MORNING
        )
        return response

    with time_machine.travel(MONDAY_MORNING, tick=False):
        make_callback_page()
        callback_request = book(sms_opt_in=True)
        twilio.answer(report_first)
        run_due_tasks()

    confirmation = message(callback_request, SmsKind.CONFIRMATION)
    assert confirmation.status == SmsStatus.DELIVERED
    assert confirmation.twilio_sid.startswith("SM") and confirmation.sending_since is None


@pytest.mark.django_db
def test_erasing_a_closed_request_erases_the_words_of_its_texts(book, console_sms):
    with time_machine.travel(MONDAY_MORNING, tick=False):
        make_callback_page()
        callback_request = book(sms_opt_in=True)
        run_due_tasks()
        services.cancel_callback(callback_request=callback_request, reason="", now=MONDAY_MORNING)
    type(callback_request).objects.filter(pk=callback_request.pk).update(status=Status.CANCELLED)

    services.purge_callbacks(older_than_days=90, now=MONDAY_MORNING + timedelta(days=91))

    assert list(callback_request.sms_messages.values_list("body", flat=True)) == ["", "", ""]
