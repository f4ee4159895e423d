"""The callback page: the form and its slots, a booking end to end, and what each answer leads to.

The clock stands at Monday 23 November 2026, 08:00 in London, so with two
hours' notice the first slot offered is Monday 10:00-10:30.
"""

from datetime import timedelta

import pytest
import time_machine
from django.utils.html import escape

from callbacks import wording
from callbacks.booking.phone import MESSAGES
from callbacks.booking.services import book_callback
from callbacks.models import CallbackRequest, Status
from callbacks.models.help_line import DEFAULT_CONSENT_TEXT

from .booking_page import (
    CONFIRMATION_TEXT,
    WHAT_HAPPENS_NEXT,
    checked_slot,
    form_data,
    input_value,
    make_callback_page,
    nothing_saved,
    open_slot_days,
    slot_options,
    slot_value,
    text_of,
)
from .conftest import CHRISTMAS, FIRST_SLOT, MONDAY_MORNING, london, make_rules, phone_number

NEXT_SLOT = FIRST_SLOT + timedelta(minutes=30)


@pytest.fixture(autouse=True)
def monday_morning():
    with time_machine.travel(MONDAY_MORNING, tick=False):
        yield


@pytest.fixture
def callback_page(db):
    return make_callback_page()


def fill_slot(start, *, first_phone: int = 100):
    """Book every place in a slot through the service, as other readers would."""
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
            consent_text="I agree.",
            now=MONDAY_MORNING,
        )


# --- the form -----------------------------------------------------------------------------


def test_the_form_offers_first_available_then_free_slots_grouped_by_local_day(client, callback_page):
    response = client.get(callback_page.url)

    assert response.status_code == 200
    options = slot_options(response)
    assert options[0] == ("", "first", "First available")
    assert options[1] == ("Monday 23 November", slot_value(FIRST_SLOT), "10:00 – 10:30")
    assert options[2] == ("Monday 23 November", slot_value(NEXT_SLOT), "10:30 – 11:00")
    groups = list(dict.fromkeys(group for group, _value, _text in options[1:]))
    assert groups[:3] == ["Monday 23 November", "Tuesday 24 November", "Wednesday 25 November"]
    assert "Sunday 29 November" not in groups
    assert ("Saturday 28 November", slot_value(london(2026, 11, 28, 10)), "10:00 – 10:30") in options
    assert checked_slot(response) == ["first"]
    assert open_slot_days(response) == ["2026-11-23"]
    assert "Your choice: The first time available" in text_of(response)
    assert response["Cache-Control"].startswith("max-age=0")


def test_the_form_asks_the_red_flag_question_first_and_labels_every_input(client, callback_page):
    html = client.get(callback_page.url).content.decode()

    assert html.index('name="red_flags"') < html.index('name="name"')
    for symptom in ("genitals or buttocks", "bladder or bowels", "weakness in both legs"):
        assert symptom in html.lower()
    for field in ("name", "phone", "slot", "note", "consent", "website"):
        assert f'for="id_{field}"' in html, field
    assert "May we leave a voicemail?" in html
    assert "May we say who we are if someone else answers?" in html
    assert escape("I agree that the help line may keep the details") in html


def test_full_slots_and_closed_days_are_not_offered(client, db):
    page = make_callback_page(closures=[("closure", {"date": london(2026, 11, 24).date(), "reason": "Training"})])
    fill_slot(FIRST_SLOT)

    values = {value for _group, value, _text in slot_options(client.get(page.url))}

    assert slot_value(FIRST_SLOT) not in values
    assert slot_value(NEXT_SLOT) in values
    assert not any(value.startswith("2026-11-24") for value in values)


def test_the_form_page_is_read_in_a_fixed_number_of_queries(client, callback_page, django_assert_max_num_queries):
    client.get(callback_page.url)
    fill_slot(FIRST_SLOT)

    with django_assert_max_num_queries(12):
        response = client.get(callback_page.url)

    assert response.status_code == 200


# --- booking ------------------------------------------------------------------------------


def test_a_booking_redirects_to_its_confirmation(client, callback_page):
    response = client.post(callback_page.url, form_data())

    assert response.status_code == 302
    assert response["Location"].startswith(callback_page.url + "confirmation/")
    booking = CallbackRequest.objects.get()
    assert (booking.phone, booking.slot_start, booking.status) == ("+447911123456", FIRST_SLOT, Status.QUEUED)
    assert (booking.voicemail_ok, booking.may_identify_org, booking.topic) == (True, False, "sciatica")
    assert (booking.consent_version.text, booking.consented_at) == (DEFAULT_CONSENT_TEXT, MONDAY_MORNING)

    confirmation = client.get(response["Location"])

    assert confirmation.status_code == 200
    text = text_of(confirmation)
    assert booking.reference in text
    assert "Monday 23 November, between 10:00 and 10:30" in text
    assert "07911 123456" in text
    assert CONFIRMATION_TEXT in text
    assert WHAT_HAPPENS_NEXT in text
    assert f'href="{callback_page.url}manage/' in confirmation.content.decode()
    assert confirmation["Referrer-Policy"] == "same-origin"


def test_first_available_books_the_earliest_free_slot(client, callback_page):
    fill_slot(FIRST_SLOT)

    response = client.post(callback_page.url, form_data(slot="first"))

    assert response.status_code == 302
    assert CallbackRequest.objects.get(phone="+447911123456").slot_start == NEXT_SLOT


def test_the_confirmation_shows_summer_time_slots_in_london_time(client, db):
    summer_monday = london(2027, 6, 7, 8)
    with time_machine.travel(summer_monday, tick=False):
        page = make_callback_page()
        response = client.post(page.url, form_data(slot=slot_value(london(2027, 6, 7, 14))), follow=True)

    assert "Monday 7 June, between 14:00 and 14:30" in text_of(response)
    assert CallbackRequest.objects.get().slot_start.hour == 13  # stored in UTC


# --- answers that stop a booking ------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("", "required"),
        ("abc", "not_a_number"),
        ("07911 12345", "too_short"),
        ("07911 1234567", "too_long"),
        ("248725", "missing_area_code"),
        ("07700 900123", "invalid"),
        ("+33 1 23 45 67 89", "outside_uk"),
        ("0909 879 0000", "premium_rate"),
        ("070 1234 5678", "personal_number"),
        ("118 118", "short_code"),
        ("999", "emergency"),
    ],
)
def test_a_bad_phone_number_is_named_and_everything_typed_is_kept(client, callback_page, typed, code):
    data = form_data(phone=typed, slot=slot_value(NEXT_SLOT), note="Worse when sitting")

    response = client.post(callback_page.url, data)

    assert response.status_code == 200
    assert nothing_saved()
    assert response.context["form"].errors["phone"] == [MESSAGES[code]]
    html = response.content.decode()
    assert f'<a href="#id_phone">{escape(MESSAGES[code])}</a>' in html, "listed in the error summary"
    assert 'aria-describedby="id_phone_helptext id_phone_error"' in html
    assert input_value(response, "name") == "Alex Reader"
    assert input_value(response, "phone") == typed
    assert input_value(response, "note").strip() == "Worse when sitting"
    assert checked_slot(response) == [slot_value(NEXT_SLOT)]
    assert text_of(response).startswith("Error: ")


def test_a_booking_needs_consent(client, callback_page):
    response = client.post(callback_page.url, form_data(consent=None))

    assert response.status_code == 200
    assert nothing_saved()
    message = "Tick the box to agree to us keeping your details. We can only book a callback with your consent."
    assert response.context["form"].errors["consent"] == [message]
    assert escape(message) in response.content.decode()


def test_a_reader_with_red_flag_symptoms_is_sent_to_urgent_care_and_nothing_is_kept(client, callback_page):
    response = client.post(callback_page.url, {"red_flags": "yes", "name": "Alex", "phone": "07911 123456"})

    assert response.status_code == 200
    text = text_of(response)
    assert "call 999 or go to A&E" in text
    assert "We have not booked a callback" in text
    assert nothing_saved()


def test_a_note_may_be_500_characters_but_not_501(client, callback_page):
    too_long = client.post(callback_page.url, form_data(note="x" * 501))

    assert too_long.status_code == 200
    assert nothing_saved()
    assert too_long.context["form"].errors["note"] == [
        "Your note is too long. Keep it to 500 characters or fewer (it has 501)."
    ]
    assert 'maxlength="500"' not in too_long.content.decode(), "the browser must not cut a pasted note short"

    assert client.post(callback_page.url, form_data(note="x" * 500)).status_code == 302


@pytest.mark.parametrize(
    "overrides",
    [
        {"slot": "junk"},
        {"slot": "2026-11-23T10:00Z' OR 1=1"},
        {"slot": "9999-99-99T99:99Z"},
        {"slot": ""},
        {"topic": "astrology"},
        {"red_flags": "maybe"},
        {"voicemail_ok": "perhaps", "may_identify_org": None},
        {"name": "x" * 100_001},
        {"phone": "0" * 5_000},
        {"name": None, "phone": None, "slot": None, "topic": None, "consent": None},
    ],
)
def test_bad_or_missing_input_gets_the_form_back_never_an_error(client, callback_page, overrides):
    response = client.post(callback_page.url, form_data(**overrides))

    assert response.status_code == 200
    assert response.context["form"].errors
    assert nothing_saved()


def test_an_empty_post_gets_every_question_back(client, callback_page):
    response = client.post(callback_page.url, {})

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"red_flags", "name", "phone", "topic", "voicemail_ok", "may_identify_org", "consent", "slot"}


def test_a_slot_that_filled_while_the_reader_typed_comes_back_with_their_answers(client, callback_page):
    assert slot_value(FIRST_SLOT) in {value for _g, value, _t in slot_options(client.get(callback_page.url))}
    fill_slot(FIRST_SLOT)

    response = client.post(callback_page.url, form_data(name="Sam Late"))

    assert response.status_code == 200
    assert response.context["form"].errors["slot"] == [wording.SLOT_FULL]
    assert input_value(response, "name") == "Sam Late"
    values = {value for _group, value, _text in slot_options(response)}
    assert slot_value(FIRST_SLOT) not in values
    assert slot_value(NEXT_SLOT) in values
    assert not CallbackRequest.objects.filter(phone="+447911123456").exists()


def test_a_reader_whose_time_filled_sees_the_same_days_remaining_times_with_nothing_lost(client, callback_page):
    wednesday_ten = london(2026, 11, 25, 10)
    fill_slot(wednesday_ten)

    response = client.post(
        callback_page.url, form_data(slot=slot_value(wednesday_ten), name="Sam Late", note="Left leg, since May.")
    )

    assert response.context["form"].errors["slot"] == [wording.SLOT_FULL]
    assert open_slot_days(response) == ["2026-11-25"]
    assert checked_slot(response) == []
    text = text_of(response)
    assert "The other times still free on Wednesday 25 November are shown below." in text
    assert "Your choice: No time chosen yet" in text
    wednesday = [value for day, value, _t in slot_options(response) if day == "Wednesday 25 November"]
    assert slot_value(wednesday_ten) not in wednesday
    assert slot_value(london(2026, 11, 25, 10, 30)) in wednesday
    assert input_value(response, "name") == "Sam Late"
    assert input_value(response, "note").strip() == "Left leg, since May."
    assert input_value(response, "phone") == "07911 123456"


def test_the_chosen_time_is_written_out_in_words_when_the_form_comes_back(client, callback_page):
    chosen = london(2026, 11, 24, 14)

    response = client.post(callback_page.url, form_data(slot=slot_value(chosen), name=""))

    assert checked_slot(response) == [slot_value(chosen)]
    assert open_slot_days(response) == ["2026-11-24"]
    assert "Your choice: Tuesday 24 November, between 14:00 and 14:30" in text_of(response)


def test_a_slot_taken_between_checking_and_booking_gives_the_same_answer(client, callback_page, monkeypatch):
    """The last place goes to someone else after the form was checked: the service says SlotFull."""
    real_book = book_callback

    def others_book_first(**arguments):
        fill_slot(arguments["slot_start"])
        return real_book(**arguments)

    monkeypatch.setattr("callbacks.booking.services.book_callback", others_book_first)

    response = client.post(callback_page.url, form_data(name="Sam Late"))

    assert response.status_code == 200
    assert response.context["form"].errors["slot"] == [wording.SLOT_FULL]
    assert input_value(response, "name") == "Sam Late"
    assert slot_value(FIRST_SLOT) not in {value for _g, value, _t in slot_options(response)}
    assert CallbackRequest.objects.count() == 4


def test_with_no_times_left_the_page_says_so_and_first_available_is_refused(client, db):
    page = make_callback_page(opening_hours=[])

    shown = client.get(page.url)
    posted = client.post(page.url, form_data(slot="first"))

    assert "No callback times are free just now" in text_of(shown)
    assert slot_options(shown) == [("", "first", "First available")]
    assert posted.status_code == 200
    assert posted.context["form"].errors["slot"] == [wording.no_slots_left("02380 248725")]
    assert nothing_saved()


def test_a_closure_date_slot_is_refused_even_if_posted(client, db):
    page = make_callback_page(closures=[("closure", {"date": CHRISTMAS, "reason": "Christmas Day"})])
    with time_machine.travel(london(2026, 12, 21, 8), tick=False):
        response = client.post(page.url, form_data(slot=slot_value(london(2026, 12, 25, 10))))

    assert response.status_code == 200
    assert "slot" in response.context["form"].errors
    assert nothing_saved()
