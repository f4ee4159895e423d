"""Texts from the reader's side: the "text me" box, booking and cancelling with it, and a failing provider.

The clock stands at Monday 23 November 2026, 08:00 in London, as in the
other booking-page tests.
"""

import logging

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from callbacks.models import CallbackRequest, SmsKind, SmsMessage, SmsStatus
from callbacks.texts import bodies, delivery
from callbacks.texts.gateway import links_with_tokens_hidden
from callbacks.wording import TEXT_ME_NOT_MOBILE

from .booking_page import form_data, make_callback_page, nothing_saved, text_of
from .conftest import MONDAY_MORNING
from .fake_twilio import server_error
from .queue_support import staff_user
from .sms_support import message, queued_tasks, run_due_tasks

TEXT_ME_LABEL = "Text me a confirmation and a reminder"


@pytest.fixture(autouse=True)
def monday_morning():
    with time_machine.travel(MONDAY_MORNING, tick=False) as traveller:
        yield traveller


@pytest.fixture
def callback_page(db):
    return make_callback_page()


def book_page(client, page, **overrides):
    return client.post(page.url, form_data(**overrides))


# --- the "text me" box ------------------------------------------------------------------------


def test_without_an_sms_provider_the_form_does_not_offer_texts(client, callback_page):
    page = text_of(client.get(callback_page.url))

    assert TEXT_ME_LABEL not in page


def test_a_text_me_answer_posted_anyway_is_ignored_when_texts_are_off(client, callback_page):
    response = book_page(client, callback_page, text_me="on")

    assert response.status_code == 302
    assert CallbackRequest.objects.get().sms_opt_in is False
    assert not SmsMessage.objects.exists() and not DBTaskResult.objects.exists()


@pytest.mark.parametrize("backend", ["twilio", "console_sms"])
def test_with_twilio_or_the_console_backend_the_form_offers_texts(client, callback_page, backend, request):
    request.getfixturevalue(backend)

    page = text_of(client.get(callback_page.url))

    assert TEXT_ME_LABEL in page
    assert "nothing about your health" in page


def test_texts_to_a_landline_are_refused_beside_the_box(client, callback_page, twilio):
    response = book_page(client, callback_page, phone="02380 248725", text_me="on")

    assert response.status_code == 200
    assert TEXT_ME_NOT_MOBILE in text_of(response)
    assert nothing_saved()


# --- booking and cancelling with texts ----------------------------------------------------------


def test_booking_with_text_me_queues_the_texts_and_says_so(client, callback_page, twilio):
    response = book_page(client, callback_page, text_me="on")

    assert response.status_code == 302
    callback_request = CallbackRequest.objects.get()
    assert callback_request.sms_opt_in is True
    assert sorted(callback_request.sms_messages.values_list("kind", flat=True)) == ["confirmation", "reminder"]
    assert len(queued_tasks()) == 2
    assert "We'll text you this confirmation" in text_of(client.get(response["Location"]))


def test_booking_still_succeeds_when_the_provider_fails_every_time(client, callback_page, twilio, monday_morning):
    twilio.always(lambda sent: server_error())

    response = book_page(client, callback_page, text_me="on")

    assert response.status_code == 302
    assert "Your callback is booked" in text_of(client.get(response["Location"]))
    callback_request = CallbackRequest.objects.get()
    for _ in range(delivery.MAX_ATTEMPTS):
        run_due_tasks()
        confirmation = message(callback_request, SmsKind.CONFIRMATION)
        monday_morning.move_to(confirmation.due_at)
    run_due_tasks()

    confirmation.refresh_from_db()
    assert (confirmation.status, confirmation.attempts) == (SmsStatus.FAILED, delivery.MAX_ATTEMPTS)
    assert callback_request.status == "queued", "the callback itself is untouched"
    client.force_login(staff_user())
    detail = text_of(client.get(reverse("callback_queue:detail", args=[callback_request.pk])))
    assert "Booking confirmation" in detail
    assert "Failed" in detail and "Error 500" in detail


def test_cancelling_with_the_link_sends_the_cancellation_text(client, callback_page, twilio):
    response = book_page(client, callback_page, text_me="on")
    run_due_tasks()
    callback_request = CallbackRequest.objects.get()
    cancel_path = callback_page.cancel_path(callback_request.reference, callback_request.slot_end)

    response = client.post(cancel_path)

    assert "We'll also send a text to your phone to confirm it." in text_of(response)
    run_due_tasks()
    cancellation = message(callback_request, SmsKind.CANCELLATION)
    assert cancellation.status == SmsStatus.SENT
    assert twilio.sent[-1].data["Body"] == cancellation.body
    assert f"Your callback {callback_request.reference} for Monday 23 November, 10:00-10:30 is cancelled" in (
        cancellation.body
    )
    client.post(cancel_path)  # a second cancel changes nothing and texts nothing
    assert SmsMessage.objects.filter(kind=SmsKind.CANCELLATION).count() == 1


# --- one transaction ------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_booking_rolled_back_leaves_no_text_and_no_task(book, twilio):
    make_callback_page()

    with pytest.raises(RuntimeError), transaction.atomic():
        book(sms_opt_in=True)
        assert SmsMessage.objects.count() == 2 and DBTaskResult.objects.count() == 2  # written in the transaction
        raise RuntimeError("something later in the same transaction failed")

    assert not CallbackRequest.objects.exists()
    assert not SmsMessage.objects.exists()
    assert not DBTaskResult.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_booking_that_fails_while_queueing_its_texts_leaves_nothing_behind(book, twilio, monkeypatch):
    make_callback_page()
    render = bodies.render_body

    def fail_on_the_reminder(callback_request, kind, help_line):
        if kind == SmsKind.REMINDER:
            raise RuntimeError("could not write the reminder")
        return render(callback_request, kind, help_line)

    monkeypatch.setattr(bodies, "render_body", fail_on_the_reminder)

    with pytest.raises(RuntimeError):
        book(sms_opt_in=True)

    assert not CallbackRequest.objects.exists()
    assert not SmsMessage.objects.exists()
    assert not DBTaskResult.objects.exists(), "the confirmation's task went with the booking"


# --- the console backend ---------------------------------------------------------------------------


def test_with_the_console_backend_the_text_goes_to_the_log_and_the_outbox(client, callback_page, console_sms, caplog):
    book_page(client, callback_page, text_me="on")
    callback_request = CallbackRequest.objects.get()

    with caplog.at_level(logging.INFO, logger="callbacks.texts.gateway"):
        run_due_tasks()

    confirmation = message(callback_request, SmsKind.CONFIRMATION)
    assert (confirmation.status, confirmation.backend, confirmation.twilio_sid) == (SmsStatus.SENT, "console", "")
    logged = [record.getMessage() for record in caplog.records if record.name == "callbacks.texts.gateway"]
    assert len(logged) == 1
    assert "console backend, not sent" in logged[0]
    assert links_with_tokens_hidden(confirmation.body) in logged[0]
    assert "/manage/" in confirmation.body and confirmation.body not in logged[0], "the link's token is hidden"
    assert "+447911123456" not in logged[0], "the log shows only the ends of the number"

    client.force_login(staff_user())
    outbox = text_of(client.get(reverse("callback_queue:outbox")))
    assert confirmation.body in outbox
    assert callback_request.reference in outbox
    assert "console only" in outbox
