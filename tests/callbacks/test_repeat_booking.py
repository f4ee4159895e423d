"""A booking for a number that already has an open one: it looks booked to whoever typed it; the owner is told.

The clock stands at Monday 23 November 2026, 08:00 in London, as in the
other booking-page tests.
"""

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from callbacks.booking.services import note_repeat_booking
from callbacks.models import CallbackRequest, CallbackSlot, SmsKind, SmsMessage, Status

from .booking_page import form_data, make_callback_page, slot_value, text_of
from .conftest import FIRST_SLOT, MONDAY_MORNING
from .queue_support import staff_user

NEXT_SLOT = FIRST_SLOT + timedelta(minutes=30)
REFERENCE = re.compile(r"CB-[0-9A-Z]{4}-[0-9A-Z]{4}")
TOKEN = re.compile(r"/(confirmation|cancel|manage)/[0-9A-Za-z_-]+/")


@pytest.fixture(autouse=True)
def monday_morning():
    with time_machine.travel(MONDAY_MORNING, tick=False) as traveller:
        yield traveller


@pytest.fixture
def callback_page(db):
    return make_callback_page()


def masked(html: str) -> str:
    """The page with what must differ between two bookings (reference, signed links, CSRF token) blanked."""
    html = REFERENCE.sub("CB-XXXX-XXXX", html)
    html = TOKEN.sub(r"/\1/TOKEN/", html)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def templates_of(response) -> list[str]:
    return [template.name for template in response.templates if template.name]


# --- what whoever typed the number sees -------------------------------------------------------


def test_a_repeat_looks_exactly_like_a_new_booking(client, callback_page, settings):
    new = client.post(callback_page.url, form_data())
    repeat = client.post(callback_page.url, form_data())

    assert (new.status_code, repeat.status_code) == (302, 302)
    assert TOKEN.sub("/confirmation/TOKEN/", new["Location"]) == TOKEN.sub("/confirmation/TOKEN/", repeat["Location"])
    assert len(new["Location"]) == len(repeat["Location"])
    assert sorted(new.headers) == sorted(repeat.headers)

    settings.FRAGMENT_CACHE_SECONDS = 0  # each page renders in full, not from the other's cached fragments
    new_page, repeat_page = client.get(new["Location"]), client.get(repeat["Location"])

    assert (new_page.status_code, repeat_page.status_code) == (200, 200)
    assert templates_of(new_page) == templates_of(repeat_page)
    assert "callbacks/confirmation.html" in templates_of(repeat_page)
    assert masked(new_page.content.decode()) == masked(repeat_page.content.decode())
    assert sorted(new_page.headers) == sorted(repeat_page.headers)


def test_the_repeat_saves_nothing_and_its_reference_works_nowhere(client, callback_page):
    client.post(callback_page.url, form_data(name="First Person"))
    first = CallbackRequest.objects.get()

    repeat = client.post(callback_page.url, form_data(name="Someone Else", slot=slot_value(NEXT_SLOT)))
    page = client.get(repeat["Location"])

    assert CallbackRequest.objects.count() == 1
    assert list(CallbackSlot.objects.filter(booked__gt=0).values_list("start", "booked")) == [(FIRST_SLOT, 1)]
    text = text_of(page)
    assert first.reference not in text
    assert "First Person" not in text
    assert "Monday 23 November, between 10:30 and 11:00" in text  # the time the typist chose, not the owner's
    decoy_reference = REFERENCE.search(text).group()
    assert not CallbackRequest.objects.filter(reference=decoy_reference).exists()
    manage_path = re.search(r'href="([^"]+/manage/[^"]+/)"', page.content.decode()).group(1)
    assert client.get(manage_path).status_code == 404


def test_a_repeat_confirmation_expires_like_a_real_one(client, callback_page, monday_morning):
    client.post(callback_page.url, form_data())
    repeat = client.post(callback_page.url, form_data())

    monday_morning.shift(timedelta(hours=2, minutes=1))

    assert "callbacks/link_expired.html" in templates_of(client.get(repeat["Location"]))


def test_the_phone_rate_limit_still_counts_repeats(client, callback_page, settings):
    settings.CALLBACK_RATE_LIMIT_PER_PHONE = "2/3600"
    client.post(callback_page.url, form_data())
    assert client.post(callback_page.url, form_data()).status_code == 302

    assert client.post(callback_page.url, form_data()).status_code == 429
    assert CallbackRequest.objects.get().repeat_booking_count == 1


# --- what the owner and staff learn -------------------------------------------------------------


def test_staff_see_that_someone_tried_again_and_when(client, callback_page, monday_morning):
    client.post(callback_page.url, form_data())
    monday_morning.shift(timedelta(minutes=7))
    client.post(callback_page.url, form_data(slot=slot_value(NEXT_SLOT)))
    client.post(callback_page.url, form_data(phone="+44 7911 123456", slot=slot_value(NEXT_SLOT)))

    first = CallbackRequest.objects.get()
    assert first.repeat_booking_count == 2
    assert first.last_repeat_booking_at == MONDAY_MORNING + timedelta(minutes=7)
    client.force_login(staff_user())
    detail = text_of(client.get(reverse("callback_queue:detail", args=[first.pk])))
    assert "Someone tried to book again for this number 2 times, last on Mon 23 Nov 2026, 08:07" in detail
    assert "Booked again" in text_of(client.get(reverse("callback_queue:index") + "?status=all"))


def test_an_owner_who_asked_for_texts_gets_one_text_with_their_booking_however_often_it_is_tried(
    client, callback_page, twilio
):
    client.post(callback_page.url, form_data(text_me="on"))
    first = CallbackRequest.objects.get()
    for _ in range(2):
        client.post(callback_page.url, form_data(name="Prankster", slot=slot_value(NEXT_SLOT)))

    notices = SmsMessage.objects.filter(kind=SmsKind.REPEAT_BOOKING)
    assert [notice.request_id for notice in notices] == [first.pk]
    body = notices.get().body
    assert "Someone tried to book another callback for this number" in body
    assert "Monday 23 November, 10:00-10:30" in body
    assert first.reference in body
    assert "/manage/" in body
    assert "Prankster" not in body


def test_an_owner_without_texts_gets_none(client, callback_page, twilio):
    client.post(callback_page.url, form_data())
    client.post(callback_page.url, form_data(text_me="on"))

    assert not SmsMessage.objects.filter(kind=SmsKind.REPEAT_BOOKING).exists()


# --- the service ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_service_flags_only_an_open_request(book):
    booked = book(phone="07911 123456")

    assert note_repeat_booking(phone="+447911123456", now=MONDAY_MORNING).pk == booked.pk
    CallbackRequest.objects.filter(pk=booked.pk).update(status=Status.CANCELLED, closed_at=MONDAY_MORNING)
    assert note_repeat_booking(phone="+447911123456", now=MONDAY_MORNING) is None

    booked.refresh_from_db()
    assert booked.repeat_booking_count == 1
