"""The "manage my booking" page behind its signed link: see the booking, move it, cancel it.

The clock stands at Monday 23 November 2026, 08:00 in London; the form books
Monday 10:00-10:30 unless told otherwise.
"""

import re
from datetime import timedelta

import pytest
import time_machine

from callbacks import wording
from callbacks.booking.services import book_callback
from callbacks.models import CallbackRequest, CallbackSlot, HelpLineSettings, SmsKind, SmsMessage, Status
from callbacks.texts import bodies

from .booking_page import checked_slot, form_data, make_callback_page, open_slot_days, slot_options, slot_value, text_of
from .conftest import FIRST_SLOT, MONDAY_MORNING, london, make_rules, phone_number

TUESDAY_TWO = london(2026, 11, 24, 14)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(MONDAY_MORNING, tick=False) as traveller:
        yield traveller


@pytest.fixture
def callback_page(db):
    return make_callback_page()


@pytest.fixture
def booked(client, callback_page):
    """A booking made through the form, and its manage link as the confirmation page shows it."""
    confirmation = client.get(client.post(callback_page.url, form_data())["Location"])
    manage_path = re.search(r'href="([^"]*/manage/[^"]+/)"', confirmation.content.decode()).group(1)
    return CallbackRequest.objects.get(), manage_path


def fill(start, *, first_phone=100):
    for n in range(4):
        book_callback(
            rules=make_rules(),
            name="Someone else",
            phone=phone_number(first_phone + n),
            slot_start=start,
            topic="other",
            note="",
            voicemail_ok=False,
            may_identify_org=False,
            sms_opt_in=False,
            consent_text="2026-11",
            now=MONDAY_MORNING,
        )


def link_on(response, text: str) -> str:
    html = response.content.decode()
    return re.search(rf'href="([^"]+)"[^>]*>{re.escape(text)}<', html).group(1)


def assert_private(response):
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "same-origin"


# --- the page ---------------------------------------------------------------------------------


def test_the_manage_page_shows_the_day_time_reference_and_options(client, booked):
    booking, manage_path = booked

    response = client.get(manage_path)

    assert response.status_code == 200
    assert_private(response)
    text = text_of(response)
    assert booking.reference in text
    assert "Monday 23 November, between 10:00 and 10:30 (UK time)" in text
    assert "07911 123456" in text
    assert "We may leave a voicemail" in text  # form_data: voicemail yes
    assert "We will only ask for you by name" in text  # form_data: may not say who we are
    for action in ("Change the time", "Add to my calendar (.ics file)", "Cancel this callback"):
        assert action in text


def test_the_manage_link_works_until_the_slot_ends_and_refuses_a_forgery(client, booked, clock):
    _booking, manage_path = booked
    token = manage_path.rstrip("/").rpartition("/")[2]
    forged = manage_path.replace(token, token[:-1] + ("B" if token.endswith("A") else "A"))

    assert client.get(forged).status_code == 404
    clock.move_to(FIRST_SLOT + timedelta(minutes=29))
    assert client.get(manage_path).status_code == 200
    clock.move_to(FIRST_SLOT + timedelta(minutes=30))
    expired = client.get(manage_path)
    assert expired.status_code == 410
    assert "can no longer be changed" in text_of(expired)
    assert_private(expired)


def test_a_cancel_link_is_not_a_manage_link(client, booked, callback_page):
    booking, _manage_path = booked
    cancel_path = callback_page.cancel_path(booking.reference, booking.slot_end)
    token = cancel_path.rstrip("/").rpartition("/")[2]

    assert client.get(f"{callback_page.url}manage/{token}/").status_code == 404


# --- moving it --------------------------------------------------------------------------------


def test_a_reader_moves_their_booking_and_lands_on_its_new_manage_page(client, booked):
    booking, manage_path = booked
    move_path = link_on(client.get(manage_path), "Change the time")

    shown = client.get(move_path)
    assert shown.status_code == 200
    assert_private(shown)
    values = [value for _day, value, _time in slot_options(shown)]
    assert slot_value(FIRST_SLOT) not in values, "the time the booking already has is not offered"
    assert "first" not in values
    moved = client.post(move_path, {"slot": slot_value(TUESDAY_TWO)})

    assert moved.status_code == 302
    assert_private(moved)
    new_manage = moved["Location"]
    assert new_manage.endswith("?moved=1") and new_manage != manage_path
    stored = CallbackRequest.objects.get()
    assert (stored.reference, stored.slot_start, stored.status) == (booking.reference, TUESDAY_TWO, Status.QUEUED)
    assert CallbackSlot.objects.get(start=FIRST_SLOT).booked == 0
    assert CallbackSlot.objects.get(start=TUESDAY_TWO).booked == 1
    page = text_of(client.get(new_manage))
    assert "Your callback has moved" in page
    assert f"Your reference is still {booking.reference}" in page
    assert "Tuesday 24 November, between 14:00 and 14:30" in page


def test_a_move_into_a_time_that_filled_shows_that_days_other_times_and_changes_nothing(client, booked):
    booking, manage_path = booked
    move_path = link_on(client.get(manage_path), "Change the time")
    fill(TUESDAY_TWO)

    response = client.post(move_path, {"slot": slot_value(TUESDAY_TWO)})

    assert response.status_code == 200
    assert_private(response)
    assert response.context["form"].errors["slot"] == [wording.MOVE_SLOT_FULL]
    assert open_slot_days(response) == ["2026-11-24"]
    assert checked_slot(response) == []
    tuesday = [value for day, value, _t in slot_options(response) if day == "Tuesday 24 November"]
    assert slot_value(TUESDAY_TWO) not in tuesday and slot_value(london(2026, 11, 24, 14, 30)) in tuesday
    assert CallbackRequest.objects.get(pk=booking.pk).slot_start == FIRST_SLOT


def test_a_move_without_a_time_or_of_a_closed_booking_explains_itself(client, booked):
    booking, manage_path = booked
    move_path = link_on(client.get(manage_path), "Change the time")

    empty = client.post(move_path, {})
    assert empty.status_code == 200
    assert "Choose the new time for us to call you." in text_of(empty)

    CallbackRequest.objects.filter(pk=booking.pk).update(status=Status.COMPLETED, closed_at=MONDAY_MORNING)
    closed = client.post(move_path, {"slot": slot_value(TUESDAY_TWO)})
    assert closed.status_code == 302 and closed["Location"] == manage_path
    assert "can no longer be changed" in text_of(client.get(manage_path))
    assert CallbackRequest.objects.get().slot_start == FIRST_SLOT


# --- cancelling from it -----------------------------------------------------------------------


def test_the_manage_page_leads_to_the_existing_cancel_flow(client, booked):
    _booking, manage_path = booked
    cancel_path = link_on(client.get(manage_path), "Cancel this callback")

    assert "Yes, cancel my callback" in text_of(client.get(cancel_path))
    client.post(cancel_path)

    assert CallbackRequest.objects.get().status == Status.CANCELLED
    assert "This callback is cancelled" in text_of(client.get(manage_path))
    assert "Change the time" not in text_of(client.get(manage_path))


# --- texts carry the manage link --------------------------------------------------------------


def test_wording_saved_with_the_old_cancel_placeholder_now_carries_the_manage_link(book, callback_page):
    settings = HelpLineSettings.objects.get()
    settings.sms_confirmation_text = "Booked: {slot}. Cancel at {cancel_url}"
    settings.save()
    booking = book()

    body = bodies.render_body(booking, SmsKind.CONFIRMATION, settings)

    assert "/request-a-callback/manage/" in body
    assert "/cancel/" not in body
    assert not SmsMessage.objects.exists()
