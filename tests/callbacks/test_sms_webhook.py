"""Twilio's delivery reports: only a correctly signed report changes a message, once, and only forwards."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client

from callbacks.models import SmsKind, SmsOptOut, SmsStatus

from .booking_page import make_callback_page
from .conftest import MONDAY_MORNING
from .fake_twilio import ACCOUNT_SID, PUBLIC_BASE_URL
from .sms_support import message, run_due_tasks, signature, status_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(book, twilio):
    """A confirmation Twilio has accepted (status "sent", with its SID)."""
    with time_machine.travel(MONDAY_MORNING, tick=False):
        make_callback_page()
        callback_request = book(sms_opt_in=True)
        run_due_tasks()
    return message(callback_request, SmsKind.CONFIRMATION)


def report(sms_message, status: str, **extra) -> dict:
    return {
        "AccountSid": ACCOUNT_SID,
        "MessageSid": sms_message.twilio_sid,
        "SmsSid": sms_message.twilio_sid,
        "MessageStatus": status,
        "SmsStatus": status,
        "To": "+447911123456",
        "ApiVersion": "2010-04-01",
        **extra,
    }


def post_report(client, sms_message, params: dict, *, signed_params: dict | None = None, url: str = "", **headers):
    """POST a report as Twilio does: form-encoded, signed for the public URL it was given."""
    path = status_url(sms_message)
    signed_for = url or f"{PUBLIC_BASE_URL}{path}"
    if "HTTP_X_TWILIO_SIGNATURE" not in headers:
        headers["HTTP_X_TWILIO_SIGNATURE"] = signature(signed_for, signed_params or params)
    return client.post(path, params, **headers)


def test_a_signed_report_moves_the_message_on(client, sent):
    response = post_report(client, sent, report(sent, "delivered"))

    assert response.status_code == 204
    sent.refresh_from_db()
    assert sent.status == SmsStatus.DELIVERED


def test_reports_need_no_csrf_token(sent):
    response = post_report(Client(enforce_csrf_checks=True), sent, report(sent, "delivered"))

    assert response.status_code == 204


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_X_TWILIO_SIGNATURE": ""},
        {"HTTP_X_TWILIO_SIGNATURE": "bm90IGEgc2lnbmF0dXJlIGF0IGFsbA=="},
    ],
    ids=["missing", "wrong"],
)
def test_a_missing_or_wrong_signature_is_refused_and_changes_nothing(client, sent, headers):
    response = post_report(client, sent, report(sent, "delivered"), **headers)

    assert response.status_code == 403
    sent.refresh_from_db()
    assert sent.status == SmsStatus.SENT


def test_a_signature_made_with_another_token_is_refused(client, sent):
    params = report(sent, "delivered")
    forged = signature(f"{PUBLIC_BASE_URL}{status_url(sent)}", params, token="someone-elses-token")

    assert post_report(client, sent, params, HTTP_X_TWILIO_SIGNATURE=forged).status_code == 403


def test_a_tampered_body_is_refused(client, sent):
    genuine = report(sent, "sent")
    tampered = report(sent, "delivered")

    response = post_report(client, sent, tampered, signed_params=genuine)

    assert response.status_code == 403
    sent.refresh_from_db()
    assert sent.status == SmsStatus.SENT


def test_a_report_signed_for_another_message_url_is_refused(client, sent):
    params = report(sent, "failed")
    other_url = f"{PUBLIC_BASE_URL}{status_url(sent).replace(str(sent.pk), str(sent.pk + 1))}"

    assert post_report(client, sent, params, url=other_url).status_code == 403


def test_get_is_not_allowed(client, sent):
    assert client.get(status_url(sent)).status_code == 405


def test_debug_does_not_switch_the_check_off(client, sent, settings):
    settings.DEBUG = True

    assert post_report(client, sent, report(sent, "delivered"), HTTP_X_TWILIO_SIGNATURE="").status_code == 403


def test_without_twilio_configured_every_report_is_refused(client, sent, settings):
    settings.TWILIO_AUTH_TOKEN = ""

    assert post_report(client, sent, report(sent, "delivered")).status_code == 403


# --- which URL was signed: https behind a proxy -----------------------------------------------------


def test_without_a_base_url_the_request_url_is_checked_so_http_and_https_differ(client, sent, settings):
    settings.PUBLIC_BASE_URL = ""
    params = report(sent, "delivered")
    https_url = f"https://testserver{status_url(sent)}"

    # Twilio signed the https URL, but the request reached Django as plain http: refused.
    assert post_report(client, sent, params, url=https_url).status_code == 403

    # Behind a TLS-terminating proxy that says so, and a Django that trusts it: accepted.
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    response = post_report(client, sent, params, url=https_url, HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 204


def test_an_http_signature_is_refused_when_the_public_url_is_https(client, sent):
    params = report(sent, "delivered")
    http_url = f"{PUBLIC_BASE_URL.replace('https://', 'http://')}{status_url(sent)}"

    assert post_report(client, sent, params, url=http_url).status_code == 403


# --- what a report may change -------------------------------------------------------------------------


def test_a_repeated_report_changes_the_message_once(client, sent):
    with time_machine.travel(MONDAY_MORNING + timedelta(minutes=1), tick=False):
        post_report(client, sent, report(sent, "delivered"))
    sent.refresh_from_db()
    first_change = sent.status_changed_at

    with time_machine.travel(MONDAY_MORNING + timedelta(minutes=5), tick=False):
        response = post_report(client, sent, report(sent, "delivered"))

    assert response.status_code == 204
    sent.refresh_from_db()
    assert (sent.status, sent.status_changed_at) == (SmsStatus.DELIVERED, first_change)


def test_a_late_sent_never_overwrites_delivered(client, sent):
    post_report(client, sent, report(sent, "delivered"))
    post_report(client, sent, report(sent, "sent"))
    post_report(client, sent, report(sent, "queued"))

    sent.refresh_from_db()
    assert sent.status == SmsStatus.DELIVERED


@pytest.mark.parametrize(
    ("twilio_status", "error_code", "expected"),
    [
        ("failed", "30008", SmsStatus.FAILED),
        ("undelivered", "30003", SmsStatus.UNDELIVERABLE),
        ("read", "", SmsStatus.DELIVERED),
    ],
)
def test_twilio_statuses_map_to_ours(client, sent, twilio_status, error_code, expected):
    params = report(sent, twilio_status, **({"ErrorCode": error_code} if error_code else {}))

    post_report(client, sent, params)

    sent.refresh_from_db()
    assert (sent.status, sent.error_code) == (expected, error_code)


def test_an_undelivered_report_for_a_stop_marks_the_number_opted_out(client, sent):
    post_report(client, sent, report(sent, "undelivered", ErrorCode="21610"))

    assert SmsOptOut.objects.filter(phone="+447911123456").exists()


def test_a_report_naming_another_messages_sid_changes_nothing(client, sent):
    params = report(sent, "failed", MessageSid="SM" + "f" * 32)

    assert post_report(client, sent, params).status_code == 204
    sent.refresh_from_db()
    assert sent.status == SmsStatus.SENT


def test_a_report_for_no_such_message_is_accepted_and_ignored(client, sent):
    params = report(sent, "delivered")
    path = status_url(sent).replace(str(sent.pk), "987654")

    response = client.post(path, params, HTTP_X_TWILIO_SIGNATURE=signature(f"{PUBLIC_BASE_URL}{path}", params))

    assert response.status_code == 204
