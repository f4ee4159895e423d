"""Texts in the staff queue: statuses on the detail page, the "we tried to call you" action, the outbox."""

import html
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import get_resolver, reverse
from wagtail.admin.viewsets import viewsets
from wagtail.models import ReferenceIndex
from wagtail.search.index import class_is_indexed
from wagtail.snippets.models import get_snippet_models

from callbacks.audit import AuditAction
from callbacks.models import AttemptOutcome, SmsKind, SmsMessage, SmsOptOut, SmsStatus, Status

from .booking_page import make_callback_page, text_of
from .queue_support import NOW, add_attempt, log_entries, make_request, staff_user, superuser
from .sms_support import message, run_due_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, time_machine):
    time_machine.move_to(NOW, tick=False)
    make_callback_page()
    user = staff_user()
    client.force_login(user)
    return user


@pytest.fixture
def unanswered(staff):
    """A request held by the staff member, for a reader who asked for texts, after a call nobody answered."""
    callback_request = make_request(status=Status.CLAIMED, claimed_by=staff, sms_opt_in=True, phone="+447911123456")
    add_attempt(callback_request, outcome=AttemptOutcome.NO_ANSWER, made_by=staff)
    return callback_request


def url(name, callback_request=None):
    return reverse(f"callback_queue:{name}", args=[callback_request.pk] if callback_request else [])


def messages_of(response) -> list[str]:
    return [html.unescape(str(m)).strip() for m in get_messages(response.wsgi_request)]


# --- "we tried to call you" ---------------------------------------------------------------------


def test_after_an_unanswered_call_staff_can_text_we_tried_to_call_you(client, unanswered, staff, twilio):
    detail = text_of(client.get(url("detail", unanswered)))
    assert "Text “we tried to call you”" in detail

    response = client.post(url("send_missed_call", unanswered))

    assert response.status_code == 302 and response["Location"] == url("detail", unanswered)
    assert messages_of(response) == [
        f"A “we tried to call you” text to the reader of {unanswered.reference} is on its way."
    ]
    sms_message = message(unanswered, SmsKind.MISSED_CALL)
    assert (sms_message.status, sms_message.requested_by) == (SmsStatus.QUEUED, staff)
    assert [entry.user for entry in log_entries(unanswered, AuditAction.SMS_MISSED_CALL)] == [staff]

    run_due_tasks()

    assert twilio.sent[0].data["Body"] == sms_message.body
    assert "Sorry we missed you" in sms_message.body
    page = text_of(client.get(url("detail", unanswered)))
    assert f"We tried to call you sent by {staff.get_full_name()} The text {sms_message.body} Sent 1" in page
    assert "“We tried to call you” text: A “we tried to call you” text has already been sent" in page


def test_the_missed_call_text_goes_once_per_request(client, unanswered, twilio):
    client.post(url("send_missed_call", unanswered))

    response = client.post(url("send_missed_call", unanswered))

    assert messages_of(response)[-1] == "A “we tried to call you” text has already been sent for this request."
    assert SmsMessage.objects.filter(kind=SmsKind.MISSED_CALL).count() == 1
    assert len(log_entries(unanswered, AuditAction.SMS_MISSED_CALL)) == 1


@pytest.mark.parametrize(
    ("setup", "refusal"),
    [
        (
            lambda r: r.attempts.update(outcome=AttemptOutcome.REACHED),
            "Log a call that wasn't answered (no answer, or voicemail left) before texting the reader.",
        ),
        (
            lambda r: type(r).objects.filter(pk=r.pk).update(sms_opt_in=False),
            "The reader didn't ask for text messages, so they can't be sent one.",
        ),
        (
            lambda r: SmsOptOut.objects.create(phone=r.phone),
            "This number has opted out of texts (the reader replied STOP).",
        ),
    ],
    ids=["no unanswered call", "no texts wanted", "opted out"],
)
def test_the_missed_call_text_is_refused_when_it_makes_no_sense(client, unanswered, twilio, setup, refusal):
    setup(unanswered)

    response = client.post(url("send_missed_call", unanswered))

    assert messages_of(response) == [refusal]
    assert not SmsMessage.objects.exists()


def test_only_the_claimer_or_a_superuser_can_send_it(client, unanswered, twilio):
    client.force_login(staff_user())
    response = client.post(url("send_missed_call", unanswered))
    assert "only they or a superuser can act on it" in messages_of(response)[0]
    assert not SmsMessage.objects.exists()

    client.force_login(superuser())
    client.post(url("send_missed_call", unanswered))
    assert SmsMessage.objects.filter(kind=SmsKind.MISSED_CALL).exists()


def test_with_texts_switched_off_nothing_is_offered_or_sent(client, unanswered):
    assert "Text “we tried to call you”" not in text_of(client.get(url("detail", unanswered)))

    response = client.post(url("send_missed_call", unanswered))

    assert messages_of(response) == ["Text messages are switched off on this site, so nothing was sent."]
    assert not SmsMessage.objects.exists()


# --- statuses on the detail page, and the outbox ----------------------------------------------------


def test_the_detail_shows_each_texts_status_and_why_it_failed(client, staff, twilio):
    callback_request = make_request(sms_opt_in=True, starts=timedelta(hours=3))
    for kind, status, code in [
        (SmsKind.CONFIRMATION, SmsStatus.DELIVERED, ""),
        (SmsKind.REMINDER, SmsStatus.UNDELIVERABLE, "21614"),
    ]:
        SmsMessage.objects.create(
            request=callback_request,
            kind=kind,
            status=status,
            error_code=code,
            body=f"The {kind} text.",
            due_at=NOW,
            last_enqueued_at=NOW,
            attempts=1,
        )

    page = text_of(client.get(url("detail", callback_request)))

    assert "Text messages" in page
    assert "Booking confirmation The text The confirmation text. Delivered" in page
    assert "Reminder The text The reminder text. Undeliverable Error 21614: not a mobile number." in page


def test_the_outbox_lists_every_text_newest_first_and_filters_by_status(client, staff):
    older = make_request(sms_opt_in=True)
    newer = make_request(sms_opt_in=True)
    for callback_request, status, minutes in [(older, SmsStatus.SENT, 10), (newer, SmsStatus.FAILED, 5)]:
        SmsMessage.objects.create(
            request=callback_request,
            kind=SmsKind.CONFIRMATION,
            status=status,
            body=f"Text for {callback_request.reference}.",
            due_at=NOW,
            last_enqueued_at=NOW,
            created_at=NOW - timedelta(minutes=minutes),
        )

    page = text_of(client.get(url("outbox")))
    assert page.index(newer.reference) < page.index(older.reference)

    failed_only = text_of(client.get(url("outbox"), {"status": "failed"}))
    assert newer.reference in failed_only and older.reference not in failed_only


def test_the_queue_links_to_the_outbox(client, staff):
    assert url("outbox") in client.get(url("index")).content.decode()


def test_texts_and_opt_outs_are_exposed_nowhere_but_the_queue():
    models = (SmsMessage, SmsOptOut)
    assert not any(class_is_indexed(model) for model in models)
    assert not set(models) & set(get_snippet_models())
    assert not any(ReferenceIndex.is_indexed(model) for model in models)
    assert not [viewset for viewset in viewsets.viewsets if getattr(viewset, "model", None) in models]
    webhook = get_resolver().resolve("/webhooks/twilio/sms-status/1/")
    assert webhook.url_name == "twilio_status"
