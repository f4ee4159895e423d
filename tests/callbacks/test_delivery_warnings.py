"""Staff see a warning above the queue and on the dashboard when texts have been waiting too long to be sent."""

from datetime import timedelta

import pytest
from django.urls import reverse

from callbacks.models import SmsKind, SmsMessage, SmsStatus
from callbacks.texts.selectors import delivery_warnings

from .queue_support import NOW, make_request, staff_user

pytestmark = pytest.mark.django_db

WARNING = "been waiting to be sent for more than 10 minutes"


def text_due(ago: timedelta, *, status: str = SmsStatus.QUEUED, kind: str = SmsKind.CONFIRMATION) -> SmsMessage:
    return SmsMessage.objects.create(
        request=make_request(), kind=kind, status=status, body="", due_at=NOW - ago, last_enqueued_at=NOW - ago
    )


def test_nothing_to_say_when_no_text_is_late():
    text_due(timedelta(minutes=9))
    text_due(timedelta(hours=2), status=SmsStatus.SENT)
    text_due(timedelta(hours=2), status=SmsStatus.FAILED)
    text_due(-timedelta(hours=1))  # a reminder due later

    warnings = delivery_warnings(now=NOW)

    assert (warnings.late_texts, warnings.messages) == (0, ())


def test_texts_waiting_more_than_ten_minutes_are_counted_with_the_oldest():
    text_due(timedelta(minutes=11))
    text_due(timedelta(minutes=42))
    text_due(timedelta(minutes=3))

    warnings = delivery_warnings(now=NOW)

    assert (warnings.late_texts, warnings.oldest_late_minutes) == (2, 42)
    assert warnings.messages == (
        "2 text messages have been waiting to be sent for more than 10 minutes (the oldest for 42 minutes). "
        "The text-message worker may have stopped: ask whoever runs the site to check it.",
    )


def test_one_late_text_is_worded_in_the_singular():
    text_due(timedelta(minutes=10, seconds=1))

    assert delivery_warnings(now=NOW).messages[0].startswith("1 text message has been waiting")


@pytest.fixture
def staff(client, time_machine):
    time_machine.move_to(NOW, tick=False)
    user = staff_user()
    client.force_login(user)
    return user


@pytest.mark.parametrize("url_name", ["callback_queue:index", "wagtailadmin_home"])
def test_the_queue_and_the_dashboard_warn_staff_and_link_to_the_waiting_texts(client, staff, url_name):
    assert WARNING not in client.get(reverse(url_name)).content.decode()

    text_due(timedelta(minutes=15))
    page = client.get(reverse(url_name)).content.decode()

    assert "1 text message has " + WARNING in page
    assert f'href="{reverse("callback_queue:outbox")}?status=queued"' in page
