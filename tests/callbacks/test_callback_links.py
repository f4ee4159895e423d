"""The signed links a reader gets: the two-hour confirmation page and the cancel link.

Nobody can see or cancel a booking without its link; a tampered link is "not
valid"; a cancel link stops working when the slot ends; cancelling twice
changes nothing the second time.
"""

from datetime import timedelta

import pytest
import time_machine

from callbacks.booking import links
from callbacks.models import CallbackRequest, CallbackSlot, Status

from .booking_page import form_data, make_callback_page, text_of
from .conftest import FIRST_SLOT, MONDAY_MORNING


@pytest.fixture(autouse=True)
def monday_morning():
    with time_machine.travel(MONDAY_MORNING, tick=False) as traveller:
        yield traveller


@pytest.fixture
def callback_page(db):
    return make_callback_page()


@pytest.fixture
def booked(client, callback_page):
    """A booking made through the form: (the request, its confirmation URL, its cancel URL)."""
    confirmation_url = client.post(callback_page.url, form_data())["Location"]
    booking = CallbackRequest.objects.get()
    cancel_url = callback_page.cancel_path(booking.reference, booking.slot_end)
    return booking, confirmation_url, cancel_url


def places_taken() -> int:
    return CallbackSlot.objects.get(start=FIRST_SLOT).booked


def tampered(url: str) -> str:
    """The URL with one character of its token's signature changed."""
    token = url.rstrip("/").rpartition("/")[2]
    return url.replace(token, token[:-1] + ("B" if token.endswith("A") else "A"))


# --- confirmation ---------------------------------------------------------------------------


def test_the_confirmation_link_works_for_two_hours_then_says_the_booking_stands(client, booked, monday_morning):
    booking, confirmation_url, _cancel_url = booked

    monday_morning.shift(timedelta(hours=1, minutes=59))
    assert booking.reference in text_of(client.get(confirmation_url))

    monday_morning.shift(timedelta(minutes=2))
    response = client.get(confirmation_url)

    assert response.status_code == 200
    text = text_of(response)
    assert "This page has expired" in text
    assert "Your booking stands" in text
    assert booking.reference not in text
    assert "07911 123456" not in text


def test_a_tampered_confirmation_link_is_not_valid(client, booked):
    _booking, confirmation_url, _cancel_url = booked

    response = client.get(tampered(confirmation_url))

    assert response.status_code == 404
    assert "This link is not valid" in text_of(response)


def test_a_cancel_link_does_not_open_the_confirmation_nor_the_other_way_round(client, booked, callback_page):
    _booking, confirmation_url, cancel_url = booked
    confirmation_token = confirmation_url.rstrip("/").rpartition("/")[2]
    cancel_token = cancel_url.rstrip("/").rpartition("/")[2]

    assert client.get(f"{callback_page.url}confirmation/{cancel_token}/").status_code == 404
    assert client.post(f"{callback_page.url}cancel/{confirmation_token}/").status_code == 404
    assert CallbackRequest.objects.get().status == Status.QUEUED


def test_a_made_up_reference_even_correctly_signed_is_not_valid(client, callback_page):
    token = links.confirmation_token("CB-AAAA-AAAA", now=MONDAY_MORNING)

    assert client.get(f"{callback_page.url}confirmation/{token}/").status_code == 404


# --- cancelling -----------------------------------------------------------------------------


def test_the_cancel_link_shows_the_booking_and_cancelling_frees_the_place(client, booked):
    booking, _confirmation_url, cancel_url = booked
    assert places_taken() == 1

    shown = client.get(cancel_url)

    assert shown.status_code == 200
    text = text_of(shown)
    assert "Cancel your callback?" in text
    assert booking.reference in text
    assert "Monday 23 November, between 10:00 and 10:30" in text
    assert "07911 123456" not in text, "the cancel page does not repeat the phone number"
    assert CallbackRequest.objects.get().status == Status.QUEUED, "showing the page changes nothing"

    cancelled = client.post(cancel_url)

    assert cancelled.status_code == 200
    assert "Your callback is cancelled" in text_of(cancelled)
    booking.refresh_from_db()
    assert booking.status == Status.CANCELLED
    assert booking.closed_at == MONDAY_MORNING
    assert places_taken() == 0


def test_using_the_cancel_link_again_says_already_cancelled_and_frees_nothing_more(client, booked):
    _booking, _confirmation_url, cancel_url = booked
    client.post(cancel_url)

    again = client.post(cancel_url)
    shown = client.get(cancel_url)

    assert again.status_code == 200
    assert "This callback is already cancelled" in text_of(again)
    assert "This callback is already cancelled" in text_of(shown)
    assert places_taken() == 0
    assert CallbackRequest.objects.get().status == Status.CANCELLED


def test_a_tampered_cancel_link_is_not_valid_and_cancels_nothing(client, booked):
    _booking, _confirmation_url, cancel_url = booked

    shown = client.get(tampered(cancel_url))
    posted = client.post(tampered(cancel_url))

    assert shown.status_code == posted.status_code == 404
    assert "This link is not valid" in text_of(posted)
    assert CallbackRequest.objects.get().status == Status.QUEUED
    assert places_taken() == 1


def test_the_cancel_link_works_until_the_slot_ends_then_expires(client, booked, monday_morning):
    booking, _confirmation_url, cancel_url = booked

    monday_morning.move_to(booking.slot_end - timedelta(seconds=1))
    assert client.get(cancel_url).status_code == 200

    monday_morning.move_to(booking.slot_end)
    shown = client.get(cancel_url)
    posted = client.post(cancel_url)

    assert shown.status_code == posted.status_code == 410
    assert "This link has expired" in text_of(posted)
    assert CallbackRequest.objects.get().status == Status.QUEUED
    assert places_taken() == 1


def test_a_request_the_team_has_closed_cannot_be_cancelled(client, booked):
    booking, _confirmation_url, cancel_url = booked
    CallbackRequest.objects.filter(pk=booking.pk).update(status=Status.COMPLETED, closed_at=MONDAY_MORNING)

    response = client.post(cancel_url)

    assert response.status_code == 200
    assert "This callback can no longer be cancelled" in text_of(response)
    assert CallbackRequest.objects.get().status == Status.COMPLETED


def test_the_cancel_link_cannot_be_stretched_past_its_slot(client, booked, callback_page, monday_morning):
    """The end time is inside the signature: a link re-made with a later end is not ours."""
    booking, _confirmation_url, cancel_url = booked
    later = links.cancel_token(booking.reference, booking.slot_end + timedelta(days=30))
    forged = later.split("-")[0] + "-" + cancel_url.rstrip("/").rpartition("/")[2].split("-", 1)[1]

    assert client.get(f"{callback_page.url}cancel/{forged}/").status_code == 404
