"""The words of text messages: placeholders the settings form accepts, segment counts, rendering."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, streamfield

from callbacks.models import HelpLineSettings
from callbacks.texts import wording as text_wording
from callbacks.texts.wording import count_segments, render_sms, sms_slot_text, validate_sms_template

from .booking_page import make_callback_page, text_of

DEFAULTS = [
    text_wording.DEFAULT_CONFIRMATION,
    text_wording.DEFAULT_REMINDER,
    text_wording.DEFAULT_MISSED_CALL,
    text_wording.DEFAULT_CANCELLATION,
    text_wording.DEFAULT_MOVED,
]
VALUES = {
    "reference": "CB-7KQ4-MX2P",
    "slot": "Monday 23 November, 10:00-10:30",
    "helpline": "02380 248725",
    "manage_url": "https://helpline.example.org/request-a-callback/manage/abc/",
    "cancel_url": "https://helpline.example.org/request-a-callback/manage/abc/",
}


# --- placeholders -----------------------------------------------------------------------------


@pytest.mark.parametrize("template", DEFAULTS)
def test_the_default_wordings_are_valid_gsm7_and_use_no_health_details(template):
    validate_sms_template(template)
    rendered = render_sms(template, VALUES, fallback="")
    assert count_segments(rendered).encoding == "GSM-7"
    assert "{" not in rendered


@pytest.mark.parametrize(
    "template",
    [
        "Ref {reference} at {slot}. Cancel: {cancel_url}. Call {helpline}.",
        "No placeholders at all.",
        "Braces shown as themselves: {{like this}}.",
    ],
)
def test_known_placeholders_and_doubled_braces_are_accepted(template):
    validate_sms_template(template)


def test_an_unknown_placeholder_is_refused_by_name():
    with pytest.raises(ValidationError) as caught:
        validate_sms_template("Your callback {refrence} is at {slot}.")

    error = caught.value.error_list[0]
    assert error.code == "unknown_placeholder"
    message = caught.value.messages[0]
    assert message.startswith("{refrence} is not a placeholder you can use.")
    assert "{reference}, {slot}, {helpline}, {manage_url} and {cancel_url}" in message


def test_every_unknown_placeholder_is_named_once():
    with pytest.raises(ValidationError) as caught:
        validate_sms_template("{when} {when} {where}")

    assert caught.value.messages[0].startswith("{when}, {where} are not placeholders you can use.")


@pytest.mark.parametrize("name", ["topic", "note", "name", "phone"])
def test_health_and_personal_details_are_refused_with_the_reason(name):
    with pytest.raises(ValidationError) as caught:
        validate_sms_template(f"About your {{{name}}}")

    assert f"{{{name}}}" in caught.value.messages[0]
    assert "never include the reader's health details" in caught.value.messages[0]


@pytest.mark.parametrize(
    ("template", "code"),
    [
        ("Your callback {reference is booked", "unbalanced_braces"),
        ("Your callback } is booked", "unbalanced_braces"),
        ("Your callback {} is booked", "empty_placeholder"),
        ("At {slot:>40}", "placeholder_format"),
        ("At {slot!r}", "placeholder_format"),
        ("At {reference.__class__}", "unknown_placeholder"),
        ("At {0}", "unknown_placeholder"),
    ],
)
def test_broken_or_clever_braces_are_refused(template, code):
    with pytest.raises(ValidationError) as caught:
        validate_sms_template(template)

    assert caught.value.error_list[0].code == code


def test_a_broken_template_that_reached_the_database_falls_back_to_the_default_wording():
    rendered = render_sms("Hello {topic}", VALUES, fallback=text_wording.DEFAULT_MISSED_CALL)

    assert rendered == render_sms(text_wording.DEFAULT_MISSED_CALL, VALUES, fallback="")


def test_the_slot_reads_in_local_time_with_a_plain_hyphen():
    start = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)  # 10:00 in London (BST)
    end = datetime(2026, 6, 1, 9, 30, tzinfo=UTC)

    assert sms_slot_text(start, end, ZoneInfo("Europe/London")) == "Monday 1 June, 10:00-10:30"


# --- segments ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "encoding", "length", "count"),
    [
        ("", "GSM-7", 0, 0),
        ("a" * 160, "GSM-7", 160, 1),
        ("a" * 161, "GSM-7", 161, 2),
        ("a" * 306, "GSM-7", 306, 2),
        ("a" * 307, "GSM-7", 307, 3),
        ("€" * 80, "GSM-7", 160, 1),  # the euro sign is an escape plus a character
        ("a" * 152 + "€" + "a" * 152, "GSM-7", 306, 3),  # an escape pair is never split between segments
        ("é£ü" * 10, "GSM-7", 30, 1),
        ("’" + "a" * 69, "UCS-2", 70, 1),
        ("’" + "a" * 70, "UCS-2", 71, 2),
        ("–" + "a" * 133, "UCS-2", 134, 2),
        ("–" + "a" * 134, "UCS-2", 135, 3),
        ("🙂" * 35, "UCS-2", 70, 1),  # each emoji is two UTF-16 code units
    ],
)
def test_segments_follow_gsm7_and_ucs2_limits(text, encoding, length, count):
    segments = count_segments(text)

    assert (segments.encoding, segments.length, segments.count) == (encoding, length, count)


def test_the_characters_that_force_ucs2_are_named():
    segments = count_segments("We’ll call – promise")

    assert segments.outside_gsm == ("’", "–")


def test_the_help_sentence_counts_with_typical_values_filled_in():
    sentence = text_wording.segments_help(
        "Ref {reference}", helpline="02380 248725", sample_manage_url="https://x.example/c/"
    )

    assert sentence.startswith("With typical details filled in this text is 16 characters: 1 SMS segment (GSM-7).")


# --- the settings form ------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser("boss", "boss@example.com", "pw")
    client.force_login(user)
    make_callback_page()
    return client


def edit_url():
    # Wagtail opens the one row of a generic setting, made on the first visit.
    return reverse("wagtailsettings:edit", args=["callbacks", "helplinesettings", HelpLineSettings.load().pk])


def settings_form(**overrides):
    current = HelpLineSettings.objects.get()
    data = {
        "helpline_number": current.helpline_number,
        "time_zone": current.time_zone,
        "opening_hours": streamfield([("range", {"weekday": "mon", "opens": "09:00", "closes": "17:00"})]),
        "closures": streamfield([]),
        **{
            name: str(getattr(current, name))
            for name in (
                "slot_minutes",
                "slot_capacity",
                "min_notice_minutes",
                "horizon_days",
                "attempt_limit",
                "claim_lapse_minutes",
                "retry_delay_minutes",
                "priority_boost_minutes",
                "purge_after_days",
                "consent_text",
                "sms_reminder_minutes",
                "sms_confirmation_text",
                "sms_reminder_text",
                "sms_missed_call_text",
                "sms_cancellation_text",
                "sms_moved_text",
                "sms_follow_up_text",
            )
        },
    }
    data.update(overrides)
    return nested_form_data(data)


def test_the_settings_form_shows_each_texts_segment_count(admin_client):
    page = text_of(admin_client.get(edit_url()))

    assert "Text messages" in page
    assert page.count("SMS segment") == 6
    assert "(GSM-7)" in page
    assert "Placeholders: {reference}, {slot}, {helpline}, {manage_url} and {cancel_url}." in page


def test_the_settings_form_refuses_an_unknown_placeholder_and_names_it(admin_client):
    response = admin_client.post(edit_url(), settings_form(sms_reminder_text="See you at {time}, {reference}"))

    assert response.status_code == 200
    assert "{time} is not a placeholder you can use." in text_of(response)
    assert HelpLineSettings.objects.get().sms_reminder_text == text_wording.DEFAULT_REMINDER


def test_the_settings_form_saves_good_wording_and_recounts_what_was_typed(admin_client):
    wording = "Booked: {slot}. Ref {reference}. Cancel {cancel_url}"
    response = admin_client.post(edit_url(), settings_form(sms_confirmation_text=wording, sms_reminder_minutes="30"))

    assert response.status_code == 302
    saved = HelpLineSettings.objects.get()
    assert (saved.sms_confirmation_text, saved.sms_reminder_minutes) == (wording, 30)


def test_a_curly_quote_is_shown_to_cost_segments(admin_client):
    response = admin_client.post(
        edit_url(), settings_form(sms_missed_call_text="We’ll try again – {reference}", helpline_number="")
    )

    page = text_of(response)  # comes back with the missing number's error, recounted
    assert "(UCS-2)" in page
    assert "outside the basic SMS alphabet" in page
