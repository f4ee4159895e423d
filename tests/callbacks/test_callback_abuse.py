"""What stops abuse of the booking form: the honeypot, rate limits per address and per number, CSRF.

Per address, bookings made and refused attempts have limits of their own
(CALLBACK_RATE_LIMIT_PER_IP, CALLBACK_RATE_LIMIT_FAILED_PER_IP); per phone
number, attempts that reach the booking service.
"""

import re

import pytest
import time_machine
from django.test import Client

from callbacks import wording
from callbacks.booking import services
from callbacks.exceptions import SlotFull
from callbacks.models import CallbackRequest

from .booking_page import form_data, input_value, make_callback_page, nothing_saved, text_of
from .conftest import MONDAY_MORNING, phone_number


@pytest.fixture(autouse=True)
def monday_morning():
    with time_machine.travel(MONDAY_MORNING, tick=False):
        yield


@pytest.fixture
def callback_page(db):
    return make_callback_page()


# --- honeypot -------------------------------------------------------------------------------


def test_the_honeypot_is_hidden_from_people_and_skipped_by_the_keyboard(client, callback_page):
    html = client.get(callback_page.url).content.decode()

    trap = re.search(r'<div\s+class="callback-trap"\s+aria-hidden="true">(.*?)</div>\s*</div>', html, re.S)
    assert trap, "the field sits in an aria-hidden, visually hidden box"
    assert 'name="website"' in trap.group(1)
    assert 'tabindex="-1"' in trap.group(1)
    assert 'autocomplete="off"' in trap.group(1)


def test_a_bot_that_fills_the_honeypot_sees_a_confirmation_and_nothing_is_saved(client, callback_page):
    response = client.post(callback_page.url, form_data(website="https://spam.example"))

    assert response.status_code == 200
    text = text_of(response)
    assert "Your callback is booked" in text
    assert re.search(r"Your reference is CB-[0-9A-Z]{4}-[0-9A-Z]{4}", text)
    assert "Monday 23 November, between 10:00 and 10:30" in text
    assert nothing_saved()


def test_the_honeypot_wins_even_over_an_otherwise_broken_form(client, callback_page):
    response = client.post(callback_page.url, {"website": "x", "red_flags": "no"})

    assert response.status_code == 200
    assert "Your callback is booked" in text_of(response)
    assert nothing_saved()


# --- rate limits ----------------------------------------------------------------------------


def test_ten_typing_mistakes_do_not_lock_a_reader_out(client, callback_page):
    for _ in range(10):
        assert client.post(callback_page.url, form_data(consent=None)).status_code == 200

    assert client.post(callback_page.url, form_data()).status_code == 302


def test_refused_attempts_beyond_their_limit_get_the_form_back_as_typed_with_a_429(client, callback_page, settings):
    settings.CALLBACK_RATE_LIMIT_FAILED_PER_IP = "3/3600"
    for _ in range(3):
        assert client.post(callback_page.url, form_data(consent=None)).status_code == 200

    response = client.post(callback_page.url, form_data(name="Robin Reader", note="Worse at night."))

    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert nothing_saved()
    assert wording.BOOKING_PAUSED.format(minutes=60, number="02380 248725") in text_of(response)
    assert input_value(response, "name") == "Robin Reader"
    assert input_value(response, "phone") == "07911 123456"
    assert input_value(response, "note").strip() == "Worse at night."


def test_only_bookings_made_count_against_the_address_limit(client, callback_page, settings):
    settings.CALLBACK_RATE_LIMIT_PER_IP = "2/3600"
    for _ in range(5):
        assert client.post(callback_page.url, form_data(consent=None)).status_code == 200
    for n in range(2):
        assert client.post(callback_page.url, form_data(phone=phone_number(n))).status_code == 302

    response = client.post(callback_page.url, form_data(phone=phone_number(3)))

    assert response.status_code == 429
    text = text_of(response)
    assert "Please wait before trying again" in text
    assert "Nothing you typed has been saved" in text
    assert "02380 248725" in text
    assert response["Retry-After"] == "3600"
    assert CallbackRequest.objects.count() == 2


def test_a_booking_the_service_refuses_counts_as_a_failure_not_as_a_booking_made(
    client, callback_page, settings, monkeypatch
):
    """The time filled between the form's check and the booking (another reader took the last place)."""
    settings.CALLBACK_RATE_LIMIT_PER_IP = "1/3600"
    settings.CALLBACK_RATE_LIMIT_FAILED_PER_IP = "2/3600"
    real_booking = services.book_callback

    def time_filled(**arguments):
        raise SlotFull

    monkeypatch.setattr(services, "book_callback", time_filled)
    refused = client.post(callback_page.url, form_data())
    assert refused.status_code == 200
    assert wording.SLOT_FULL in text_of(refused)

    monkeypatch.setattr(services, "book_callback", real_booking)
    assert client.post(callback_page.url, form_data()).status_code == 302, "the refusal did not use up the booking"
    assert client.post(callback_page.url, form_data(phone=phone_number(2))).status_code == 429

    monkeypatch.setattr(services, "book_callback", time_filled)
    client.post(callback_page.url, form_data(phone=phone_number(3)), REMOTE_ADDR="192.0.2.9")
    client.post(callback_page.url, form_data(phone=phone_number(3)), REMOTE_ADDR="192.0.2.9")
    monkeypatch.setattr(services, "book_callback", real_booking)
    assert client.post(callback_page.url, form_data(phone=phone_number(4)), REMOTE_ADDR="192.0.2.9").status_code == 429
    assert CallbackRequest.objects.count() == 1


def test_the_address_limits_are_per_address(client, callback_page, settings):
    settings.CALLBACK_RATE_LIMIT_PER_IP = "1/3600"
    settings.CALLBACK_RATE_LIMIT_FAILED_PER_IP = "1/3600"
    assert client.post(callback_page.url, form_data(consent=None), REMOTE_ADDR="192.0.2.1").status_code == 200

    assert client.post(callback_page.url, form_data(), REMOTE_ADDR="192.0.2.1").status_code == 429
    assert client.post(callback_page.url, form_data(), REMOTE_ADDR="192.0.2.2").status_code == 302
    assert client.post(callback_page.url, form_data(phone=phone_number(1)), REMOTE_ADDR="192.0.2.2").status_code == 429


def test_bookings_for_one_number_beyond_the_limit_get_a_429_from_any_address(client, callback_page, settings):
    settings.CALLBACK_RATE_LIMIT_PER_PHONE = "2/3600"
    assert client.post(callback_page.url, form_data(), REMOTE_ADDR="192.0.2.1").status_code == 302
    assert client.post(callback_page.url, form_data(), REMOTE_ADDR="192.0.2.2").status_code == 302  # a repeat
    CallbackRequest.objects.all().delete()

    response = client.post(callback_page.url, form_data(phone="+44 7911 123456"), REMOTE_ADDR="192.0.2.3")

    assert response.status_code == 429
    assert not CallbackRequest.objects.exists()


def test_typing_mistakes_do_not_count_against_the_number(client, callback_page, settings):
    settings.CALLBACK_RATE_LIMIT_PER_PHONE = "1/3600"
    for _ in range(3):
        assert client.post(callback_page.url, form_data(consent=None)).status_code == 200

    assert client.post(callback_page.url, form_data()).status_code == 302


def test_red_flags_are_answered_even_over_the_limit(client, callback_page, settings):
    settings.CALLBACK_RATE_LIMIT_FAILED_PER_IP = "1/3600"
    client.post(callback_page.url, form_data(consent=None))
    client.post(callback_page.url, form_data(consent=None))

    response = client.post(callback_page.url, form_data(red_flags="yes"))

    assert response.status_code == 200
    assert "call 999 or go to A&E" in text_of(response)


def test_the_limit_resets_with_the_next_window(client, callback_page, settings):
    settings.CALLBACK_RATE_LIMIT_FAILED_PER_IP = "1/60"
    client.post(callback_page.url, form_data(consent=None))
    assert client.post(callback_page.url, form_data()).status_code == 429

    with time_machine.travel(MONDAY_MORNING.timestamp() + 61, tick=False):
        assert client.post(callback_page.url, form_data(slot="first")).status_code == 302


# --- CSRF -----------------------------------------------------------------------------------


def test_a_post_without_the_csrf_token_is_refused(callback_page):
    browser = Client(enforce_csrf_checks=True)

    response = browser.post(callback_page.url, form_data())

    assert response.status_code == 403
    assert nothing_saved()


def test_a_post_with_the_form_s_csrf_token_books(callback_page):
    browser = Client(enforce_csrf_checks=True)
    html = browser.get(callback_page.url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    response = browser.post(callback_page.url, form_data(csrfmiddlewaretoken=token))

    assert response.status_code == 302
    assert CallbackRequest.objects.count() == 1


def test_the_cancel_form_needs_the_csrf_token_too(callback_page):
    client = Client()
    client.post(callback_page.url, form_data())
    booking = CallbackRequest.objects.get()
    cancel_url = callback_page.cancel_path(booking.reference, booking.slot_end)

    response = Client(enforce_csrf_checks=True).post(cancel_url)

    assert response.status_code == 403
    booking.refresh_from_db()
    assert booking.is_open
