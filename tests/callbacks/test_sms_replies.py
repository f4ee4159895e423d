"""Readers' replies to our texts: the signed inbound webhook, the keywords, and replies kept for staff."""

import itertools
import logging
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from callbacks.booking.services import purge_callbacks
from callbacks.models import CallbackRequest, SmsKind, SmsMessage, SmsOptOut, SmsReply, SmsStatus, Status
from callbacks.texts import wording

from .booking_page import make_callback_page
from .conftest import MONDAY_MORNING, phone_number
from .fake_twilio import ACCOUNT_SID, PUBLIC_BASE_URL
from .queue_support import queue_settings, staff_user
from .sms_support import run_due_tasks, signature

pytestmark = pytest.mark.django_db

READER = "+447911123456"  # phone_number's and the `book` fixture's default, in E.164
STRANGER = "+447700900999"
_sids = itertools.count(1)


def inbound_url() -> str:
    return reverse("callbacks_webhooks:twilio_inbound")


def inbound(body: str, *, sender: str = READER, **extra) -> dict:
    """The fields Twilio POSTs for an incoming SMS."""
    sid = f"SM{next(_sids):032x}"
    return {
        "AccountSid": ACCOUNT_SID,
        "MessageSid": sid,
        "SmsMessageSid": sid,
        "From": sender,
        "To": "+447700900123",
        "Body": body,
        "NumMedia": "0",
        "ApiVersion": "2010-04-01",
        **extra,
    }


def post_inbound(client, params: dict, **headers):
    """POST as Twilio does: form-encoded, signed for the public URL configured in its console."""
    if "HTTP_X_TWILIO_SIGNATURE" not in headers:
        headers["HTTP_X_TWILIO_SIGNATURE"] = signature(f"{PUBLIC_BASE_URL}{inbound_url()}", params)
    return client.post(inbound_url(), params, **headers)


@pytest.fixture
def booked(book, twilio):
    """An open request that asked for texts, with its confirmation sent and its reminder waiting."""
    with time_machine.travel(MONDAY_MORNING - timedelta(days=1), tick=False):
        make_callback_page()
        callback_request = book(sms_opt_in=True, now=MONDAY_MORNING - timedelta(days=1))
        run_due_tasks()
    return callback_request


def reminder(callback_request) -> SmsMessage:
    return SmsMessage.objects.get(request=callback_request, kind=SmsKind.REMINDER)


# --- the signature and bad input -------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [{"HTTP_X_TWILIO_SIGNATURE": ""}, {"HTTP_X_TWILIO_SIGNATURE": "bm90IGEgc2lnbmF0dXJlIGF0IGFsbA=="}],
    ids=["missing", "wrong"],
)
def test_an_unsigned_or_wrongly_signed_reply_is_refused_and_changes_nothing(client, booked, headers):
    response = post_inbound(client, inbound("STOP"), **headers)

    assert response.status_code == 403
    assert not SmsOptOut.objects.exists()


def test_a_signature_for_other_fields_is_refused(client, booked):
    params = inbound("STOP")
    signed = signature(f"{PUBLIC_BASE_URL}{inbound_url()}", {**params, "Body": "HELLO"})

    response = post_inbound(client, params, HTTP_X_TWILIO_SIGNATURE=signed)

    assert response.status_code == 403
    assert not SmsOptOut.objects.exists()


def test_replies_need_no_csrf_token(booked):
    response = post_inbound(Client(enforce_csrf_checks=True), inbound("Thanks"))

    assert response.status_code == 200


@pytest.mark.parametrize(
    "changes",
    [
        {"Body": "Thanks\x00"},
        {"From": "+4479\x0011123456"},
        {"From": ""},
        {"From": "07911 123456"},
        {"MessageSid": ""},
        {"MessageSid": "not-a-sid"},
        {"Body": "x" * 1601},
    ],
    ids=["nul-in-body", "nul-in-from", "no-from", "from-not-e164", "no-sid", "bad-sid", "too-long"],
)
def test_a_signed_but_malformed_reply_gets_400_and_changes_nothing(client, booked, changes, caplog):
    params = {**inbound("Thanks"), **changes}

    with caplog.at_level(logging.INFO):
        response = post_inbound(client, params)

    assert response.status_code == 400
    assert not SmsReply.objects.exists()
    assert "123456" not in caplog.text


# --- keywords ----------------------------------------------------------------------------------


@pytest.mark.parametrize("body", ["STOP", "stop", "  Stop \n", "STOPALL", "unsubscribe", "Cancel", "END", "quit"])
def test_stop_and_its_synonyms_opt_the_number_out_and_cancel_waiting_reminders(client, booked, body):
    response = post_inbound(client, inbound(body))

    assert response.status_code == 200
    assert SmsOptOut.objects.filter(phone=READER).exists()
    waiting = reminder(booked)
    assert waiting.status == SmsStatus.SKIPPED
    assert "STOP" in waiting.error_message
    assert not SmsReply.objects.exists()


def test_stop_leaves_other_numbers_texts_waiting(client, booked, book):
    with time_machine.travel(MONDAY_MORNING - timedelta(days=1), tick=False):
        other = book(phone=phone_number(7), sms_opt_in=True, now=MONDAY_MORNING - timedelta(days=1))
        run_due_tasks()

    post_inbound(client, inbound("STOP"))

    assert reminder(other).status == SmsStatus.QUEUED
    assert not SmsOptOut.objects.filter(phone="+447911100007").exists()


def test_a_stop_never_changes_the_booking(client, booked):
    post_inbound(client, inbound("CANCEL"))

    booked.refresh_from_db()
    assert booked.status == Status.QUEUED
    assert booked.slot.booked == 1


def test_a_word_that_only_contains_a_keyword_is_not_one(client, booked):
    post_inbound(client, inbound("please stop calling at work"))

    assert not SmsOptOut.objects.exists()
    assert reminder(booked).status == SmsStatus.QUEUED
    assert SmsReply.objects.get().body == "please stop calling at work"


@pytest.mark.parametrize("body", ["START", " unstop "])
def test_start_opts_the_number_back_in(client, booked, body):
    post_inbound(client, inbound("STOP"))

    post_inbound(client, inbound(body))

    assert not SmsOptOut.objects.filter(phone=READER).exists()


def test_a_repeated_stop_is_harmless(client, booked):
    params = inbound("STOP")
    post_inbound(client, params)

    response = post_inbound(client, params)

    assert response.status_code == 200
    assert SmsOptOut.objects.filter(phone=READER).count() == 1


def test_help_answers_with_the_help_line_number_and_says_nothing_about_back_pain(client, booked):
    queue_settings(helpline_number="0300 123 4567")

    response = post_inbound(client, inbound(" help "))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/xml")
    text = response.content.decode()
    assert "<Message>" in text
    assert "0300 123 4567" in text
    assert "Reply STOP" in text
    assert "back" not in text.lower()
    assert "sciatica" not in text.lower()
    assert not SmsReply.objects.exists()


def test_other_replies_get_an_empty_answer(client, booked):
    response = post_inbound(client, inbound("Thanks"))

    assert response.content.decode().strip().endswith("<Response />")


def test_the_help_text_without_a_number_still_explains_stop():
    assert wording.help_reply_text(helpline=" ") == wording.HELP_REPLY_WITHOUT_NUMBER
    assert "0300" in wording.help_reply_text(helpline="0300 123 4567")


# --- other replies, for staff ------------------------------------------------------------------


def test_a_reply_is_kept_on_the_readers_open_request_without_changing_it(client, booked, caplog):
    before = CallbackRequest.objects.values().get(pk=booked.pk)

    with caplog.at_level(logging.DEBUG):
        response = post_inbound(client, inbound("Can you ring after 3pm?"))

    assert response.status_code == 200
    reply = SmsReply.objects.get()
    assert reply.request == booked
    assert reply.body == "Can you ring after 3pm?"
    assert CallbackRequest.objects.values().get(pk=booked.pk) == before
    assert "3pm" not in caplog.text
    assert "123456" not in caplog.text


def test_twilio_retrying_the_same_message_stores_it_once(client, booked):
    params = inbound("Can you ring after 3pm?")

    post_inbound(client, params)
    post_inbound(client, params)

    assert SmsReply.objects.count() == 1


@pytest.mark.parametrize("how", ["stranger", "closed"])
def test_a_reply_from_a_number_with_no_open_request_is_unmatched(client, booked, how):
    sender = STRANGER
    if how == "closed":
        CallbackRequest.objects.filter(pk=booked.pk).update(status=Status.COMPLETED, closed_at=MONDAY_MORNING)
        sender = READER

    post_inbound(client, inbound("who is this?", sender=sender))

    reply = SmsReply.objects.get()
    assert reply.request is None
    assert reply.phone == sender


def test_staff_see_the_reply_on_the_request_page(client, booked):
    post_inbound(client, inbound("Can you ring after 3pm?"))
    client.force_login(staff_user())

    response = client.get(reverse("callback_queue:detail", args=[booked.pk]))

    assert response.status_code == 200
    assert "Replies from the reader" in response.content.decode()
    assert "Can you ring after 3pm?" in response.content.decode()


def test_staff_see_unmatched_replies_in_the_outbox_and_not_matched_ones(client, booked):
    post_inbound(client, inbound("who is this?", sender=STRANGER))
    post_inbound(client, inbound("Can you ring after 3pm?"))
    client.force_login(staff_user())

    page = client.get(reverse("callback_queue:outbox")).content.decode()

    unmatched = page.split('id="unmatched-replies-heading"', 1)[1]
    assert "who is this?" in unmatched
    assert STRANGER in unmatched
    assert "3pm" not in unmatched


def test_replies_are_purged_with_their_request_and_unmatched_ones_after_the_same_time(client, booked):
    post_inbound(client, inbound("Can you ring after 3pm?"))
    post_inbound(client, inbound("who is this?", sender=STRANGER))
    CallbackRequest.objects.filter(pk=booked.pk).update(status=Status.COMPLETED, closed_at=MONDAY_MORNING)
    SmsReply.objects.filter(request__isnull=True).update(received_at=MONDAY_MORNING)

    purge_callbacks(older_than_days=90, now=MONDAY_MORNING + timedelta(days=89))
    assert SmsReply.objects.exclude(body="").count() == 2

    purge_callbacks(older_than_days=90, now=MONDAY_MORNING + timedelta(days=91))
    assert list(SmsReply.objects.values_list("phone", "body")) == [("", ""), ("", "")]
