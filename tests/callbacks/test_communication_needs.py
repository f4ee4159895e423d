"""Communication needs: asked on the form, stored, shown to staff, counted, and erased with the request."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from callbacks.booking.communication import LANGUAGE_MISSING, CommunicationAnswers
from callbacks.booking.services import purge_callbacks
from callbacks.models import CallbackRequest, Status

from .booking_page import form_data, make_callback_page, nothing_saved, text_of
from .conftest import MONDAY_MORNING
from .queue_support import NOW, make_request, staff_user

OTHER_MAX = CallbackRequest._meta.get_field("other_communication_need").max_length


# --- the form and what it stores -------------------------------------------------------------


@pytest.fixture
def monday(db):
    """The callback page, with the clock at Monday 08:00 (the first slot offered is 10:00)."""
    with time_machine.travel(MONDAY_MORNING, tick=False):
        yield make_callback_page()


def test_the_form_asks_each_need_and_tells_readers_how_to_call_by_relay(client, monday):
    page = client.get(monday.url).content.decode()

    for name in (
        "needs_text_relay",
        "needs_interpreter",
        "interpreter_language",
        "needs_bsl",
        "needs_clear_speech",
        "other_communication_need",
    ):
        assert f'name="{name}"' in page
    assert "How we can talk with you (optional)" in page
    assert "dial 18001 then 02380 248725" in page


def test_needs_ticked_on_the_form_are_stored_with_the_booking(client, monday):
    response = client.post(
        monday.url,
        form_data(
            needs_text_relay="on",
            needs_interpreter="on",
            interpreter_language=" Polish ",
            needs_clear_speech="on",
            other_communication_need="Please let it ring for a while.",
        ),
    )

    assert response.status_code == 302
    booking = CallbackRequest.objects.get()
    assert (booking.needs_text_relay, booking.needs_interpreter, booking.needs_bsl, booking.needs_clear_speech) == (
        True,
        True,
        False,
        True,
    )
    assert booking.interpreter_language == "Polish"
    assert booking.other_communication_need == "Please let it ring for a while."


def test_no_answers_mean_no_needs(client, monday):
    client.post(monday.url, form_data())

    booking = CallbackRequest.objects.get()
    assert booking.communication_flags == []
    assert (booking.interpreter_language, booking.other_communication_need) == ("", "")


def test_an_interpreter_without_a_language_is_asked_for_it_and_nothing_is_saved(client, monday):
    response = client.post(monday.url, form_data(needs_interpreter="on", interpreter_language="  "))

    assert response.status_code == 200
    assert LANGUAGE_MISSING in text_of(response)
    assert 'href="#id_interpreter_language"' in response.content.decode()
    assert nothing_saved()


def test_an_overlong_other_need_gets_the_model_limit_in_the_message(client, monday):
    response = client.post(monday.url, form_data(other_communication_need="x" * (OTHER_MAX + 1)))

    assert f"Keep this to {OTHER_MAX} characters or fewer (it has {OTHER_MAX + 1})" in text_of(response)
    assert nothing_saved()


@pytest.mark.django_db
def test_the_service_refuses_what_the_form_would_refuse(book):
    with pytest.raises(ValidationError) as caught:
        book(communication=CommunicationAnswers(interpreter=True, other="y" * (OTHER_MAX + 1)))

    assert set(caught.value.error_dict) == {"interpreter_language", "other_communication_need"}
    assert not CallbackRequest.objects.exists()


@pytest.mark.django_db
def test_a_language_without_an_interpreter_is_not_kept(book):
    booking = book(communication=CommunicationAnswers(interpreter_language="French", bsl=True))

    assert (booking.needs_interpreter, booking.interpreter_language, booking.needs_bsl) == (False, "", True)


# --- what staff see ----------------------------------------------------------------------------


@pytest.fixture
def staff(client, time_machine):
    time_machine.move_to(NOW, tick=False)
    client.force_login(staff_user())


def row_of(response, reference: str) -> str:
    page = response.content.decode()
    start = page.rfind("<tr", 0, page.index(reference))
    return page[start : page.index("</tr>", start)]


@pytest.mark.django_db
def test_the_queue_list_flags_each_need(client, staff):
    needs = make_request(needs_text_relay=True, needs_interpreter=True, interpreter_language="Urdu", needs_bsl=True)
    plain = make_request()

    response = client.get(reverse("callback_queue:index"))

    row = row_of(response, needs.reference)
    assert "Text relay" in row and "BSL" in row and "Interpreter: Urdu" in row
    assert "callback-queue__flag" not in row_of(response, plain.reference)


@pytest.mark.django_db
def test_the_request_page_says_how_to_dial_by_relay_and_what_else_they_need(client, staff):
    callback_request = make_request(
        phone="+447911123456",
        needs_text_relay=True,
        needs_clear_speech=True,
        other_communication_need="Ring twice, I am slow to the phone.",
    )

    response = client.get(reverse("callback_queue:detail", args=[callback_request.pk]))

    text = text_of(response)
    assert "Dial 18001 then the number: 18001 07911 123456" in text
    assert 'href="tel:1800107911123456"' in response.content.decode()
    assert "Hard of hearing." in text
    assert "Ring twice, I am slow to the phone." in text
    assert "Interpreter." not in text


@pytest.mark.django_db
def test_the_statistics_count_each_need(client, staff):
    make_request(starts=timedelta(days=-1), needs_text_relay=True, needs_bsl=True)
    make_request(starts=timedelta(days=-2), needs_text_relay=True, other_communication_need="Slowly please")
    make_request(starts=timedelta(days=-40), needs_text_relay=True)  # outside the 30 days
    make_request(starts=timedelta(days=-1))

    response = client.get(reverse("callback_queue:statistics"))

    assert dict(response.context["figures"].communication_needs) == {
        "Text relay": 2,
        "An interpreter": 0,
        "British Sign Language": 1,
        "Hard of hearing": 0,
        "Something else": 1,
    }
    assert "Communication needs" in text_of(response)


# --- erasure ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_purge_erases_the_language_and_own_words_and_keeps_the_ticks():
    old = make_request(
        status=Status.COMPLETED,
        needs_interpreter=True,
        interpreter_language="Tigrinya",
        other_communication_need="My son will translate",
    )
    CallbackRequest.objects.filter(pk=old.pk).update(closed_at=NOW - timedelta(days=100))
    recent = make_request(status=Status.COMPLETED, needs_interpreter=True, interpreter_language="Welsh")

    assert purge_callbacks(older_than_days=90, now=NOW) == 1

    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.interpreter_language, old.other_communication_need) == ("", "")
    assert old.needs_interpreter is True
    assert recent.interpreter_language == "Welsh"
