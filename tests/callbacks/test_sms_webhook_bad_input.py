"""A correctly signed delivery report with values we cannot store is answered 400, never 500, and changes nothing.

The signature proves who sent a report, not that its values are sane: a NUL
byte is refused by PostgreSQL, an over-long SID or error code would not fit
its column. Both run on SQLite and PostgreSQL (`make test-postgres`), where a
NUL used to become a 500.
"""

import pytest

from callbacks.models import SmsStatus

from .test_sms_webhook import post_report, report, sent  # noqa: F401  (the `sent` fixture)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "bad",
    [
        {"MessageSid": "SM\x00" + "0" * 30, "SmsSid": "SM\x00" + "0" * 30},
        {"MessageStatus": "delivered\x00", "SmsStatus": "delivered\x00"},
        {"ErrorCode": "300\x0008"},
        {"ErrorCode": "3" * 40},
        {"MessageSid": "SM" + "0" * 200},
        {"MessageSid": "not a sid"},
    ],
    ids=["nul-in-sid", "nul-in-status", "nul-in-error-code", "long-error-code", "long-sid", "malformed-sid"],
)
def test_a_signed_report_with_an_invalid_value_gets_400_and_changes_nothing(client, sent, bad):  # noqa: F811
    before = (sent.status, sent.twilio_sid, sent.error_code)
    params = report(sent, "failed", ErrorCode="30008") | bad

    response = post_report(client, sent, params)

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    sent.refresh_from_db()
    assert (sent.status, sent.twilio_sid, sent.error_code) == before


def test_a_new_message_without_a_sid_yet_is_not_given_a_bad_one(client, sent):  # noqa: F811
    sent.twilio_sid = ""
    sent.save(update_fields=["twilio_sid"])
    params = report(sent, "delivered") | {"MessageSid": "SM\x00bad", "SmsSid": "SM\x00bad"}

    assert post_report(client, sent, params).status_code == 400
    sent.refresh_from_db()
    assert (sent.status, sent.twilio_sid) == (SmsStatus.SENT, "")


def test_a_report_with_sane_values_still_goes_through(client, sent):  # noqa: F811
    response = post_report(client, sent, report(sent, "failed", ErrorCode="30008"))

    assert response.status_code == 204
    sent.refresh_from_db()
    assert (sent.status, sent.error_code) == (SmsStatus.FAILED, "30008")
