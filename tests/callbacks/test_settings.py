"""Help-line settings: validation of hours and zone, the rules they produce, the admin form."""

from datetime import date, time
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail import blocks
from wagtail.contrib.settings.registry import registry
from wagtail.test.utils.form_data import nested_form_data, streamfield

from callbacks.blocks import OpeningHoursBlock, OpeningRangeBlock
from callbacks.booking.slots import OpeningRange
from callbacks.help_line import current_help_line
from callbacks.models import HelpLineSettings, validate_time_zone


def hours(*rows):
    """An opening-hours stream value from (weekday key, "HH:MM", "HH:MM") rows."""
    block = OpeningHoursBlock()
    return block.to_python(
        [{"type": "range", "value": {"weekday": day, "opens": opens, "closes": closes}} for day, opens, closes in rows]
    )


# --- validation -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Europe/London", "Europe/Dublin", "UTC"])
def test_real_time_zones_are_accepted(name):
    validate_time_zone(name)


@pytest.mark.parametrize("name", ["Mars/Olympus_Mons", "", "London", "../../etc/passwd", "Europe/London "])
def test_unknown_time_zones_are_refused_with_a_clear_message(name):
    with pytest.raises(ValidationError) as caught:
        validate_time_zone(name)

    assert caught.value.code == "invalid_time_zone"
    assert "is not a time zone name" in caught.value.messages[0]


@pytest.mark.parametrize(("opens", "closes"), [(time(17), time(9)), (time(9), time(9))])
def test_a_range_must_close_after_it_opens(opens, closes):
    with pytest.raises(blocks.StructBlockValidationError) as caught:
        OpeningRangeBlock().clean({"weekday": "mon", "opens": opens, "closes": closes})

    error = caught.value.block_errors["closes"]
    assert error.code == "closes_before_opens"
    assert "must be later than the opening time" in error.message


def test_overlapping_ranges_on_one_day_are_refused_on_the_later_row():
    value = hours(("mon", "09:00", "12:00"), ("tue", "09:00", "17:00"), ("mon", "11:30", "14:00"))

    with pytest.raises(blocks.StreamBlockValidationError) as caught:
        OpeningHoursBlock().clean(value)

    assert set(caught.value.block_errors) == {2}
    message = caught.value.block_errors[2].non_block_errors.as_data()[0].message
    assert message.startswith("Monday 11:30-14:00 overlaps Monday 09:00-12:00.")


def test_touching_ranges_and_the_same_hours_on_other_days_are_fine():
    value = hours(("mon", "09:00", "12:00"), ("mon", "12:00", "17:00"), ("tue", "09:00", "12:00"))

    assert len(OpeningHoursBlock().clean(value)) == 3


# --- rules ---------------------------------------------------------------------------------


def test_default_settings_give_weekday_and_saturday_hours():
    rules = HelpLineSettings().rules()

    assert rules.time_zone == ZoneInfo("Europe/London")
    assert rules.opening_hours == (
        *(OpeningRange(day, time(9), time(17)) for day in range(5)),
        OpeningRange(5, time(10), time(13)),
    )
    assert (rules.slot_minutes, rules.slot_capacity, rules.min_notice_minutes, rules.horizon_days) == (30, 4, 120, 14)
    assert rules.closures == frozenset()


@pytest.mark.django_db
def test_saved_settings_round_trip_into_rules():
    HelpLineSettings.objects.create(
        time_zone="Europe/Dublin",
        opening_hours=hours(("wed", "08:00", "10:00"), ("wed", "18:00", "20:00")),
        closures=[("closure", {"date": date(2026, 12, 25), "reason": "Christmas Day"})],
        slot_minutes=20,
        slot_capacity=2,
        min_notice_minutes=60,
        horizon_days=7,
    )

    rules = current_help_line().rules()

    assert rules.time_zone == ZoneInfo("Europe/Dublin")
    assert rules.opening_hours == (OpeningRange(2, time(8), time(10)), OpeningRange(2, time(18), time(20)))
    assert rules.closures == frozenset({date(2026, 12, 25)})
    assert (rules.slot_minutes, rules.slot_capacity, rules.min_notice_minutes, rules.horizon_days) == (20, 2, 60, 7)


@pytest.mark.django_db
def test_reading_settings_for_a_site_never_creates_them(django_assert_num_queries):

    with django_assert_num_queries(1):
        settings = current_help_line()

    assert settings.pk is None
    assert settings.helpline_number == "02380 248725"
    assert settings.consent_text.startswith("I agree that the help line may keep the details")
    assert not HelpLineSettings.objects.exists()


# --- the admin ---------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser("boss", "boss@example.com", "pw")
    client.force_login(user)
    return client


def edit_url():
    # Wagtail opens the one row of a generic setting, made on the first visit.
    return reverse("wagtailsettings:edit", args=["callbacks", "helplinesettings", HelpLineSettings.load().pk])


def settings_form(opening_rows, **overrides):
    data = {
        "helpline_number": "02380 248725",
        "time_zone": "Europe/London",
        "opening_hours": streamfield(
            [("range", {"weekday": day, "opens": opens, "closes": closes}) for day, opens, closes in opening_rows]
        ),
        "closures": streamfield([("closure", {"date": "2026-12-25", "reason": "Christmas Day"})]),
        "slot_minutes": "30",
        "slot_capacity": "4",
        "min_notice_minutes": "120",
        "horizon_days": "14",
        "attempt_limit": "3",
        "claim_lapse_minutes": "30",
        "retry_delay_minutes": "30",
        "priority_boost_minutes": "60",
        "purge_after_days": "90",
        "consent_text": "I agree.",
        # The "Text messages" tab, as the form shows it: the default wording.
        **{
            name: str(HelpLineSettings._meta.get_field(name).default)
            for name in (
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


def test_help_line_settings_are_registered_under_settings():
    assert HelpLineSettings in registry


def test_editors_see_the_settings_form(admin_client):
    response = admin_client.get(edit_url())

    assert response.status_code == 200
    assert b"Help-line settings" in response.content or b"help-line settings" in response.content
    assert b"slot_capacity" in response.content


def test_saving_valid_settings_stores_them(admin_client):
    response = admin_client.post(
        edit_url(), settings_form([("mon", "09:00", "12:00"), ("mon", "13:00", "17:00")], slot_capacity="6")
    )

    assert response.status_code == 302
    rules = HelpLineSettings.objects.get().rules()
    assert rules.slot_capacity == 6
    assert rules.opening_hours == (OpeningRange(0, time(9), time(12)), OpeningRange(0, time(13), time(17)))
    assert rules.closures == frozenset({date(2026, 12, 25)})


@pytest.mark.parametrize(
    ("rows", "overrides", "message"),
    [
        ([("mon", "09:00", "12:00"), ("mon", "11:00", "13:00")], {}, b"overlaps Monday 09:00-12:00"),
        ([("mon", "17:00", "09:00")], {}, b"must be later than the opening time"),
        ([("mon", "09:00", "17:00")], {"time_zone": "Mars/Olympus"}, b"is not a time zone name"),
        ([("mon", "09:00", "17:00")], {"slot_capacity": "0"}, b"greater than or equal to 1"),
    ],
)
def test_invalid_settings_are_refused_with_the_reason(admin_client, rows, overrides, message):
    response = admin_client.post(edit_url(), settings_form(rows, **overrides))

    assert response.status_code == 200
    assert message in response.content
    # The view creates the row with defaults on first visit; the bad values must not reach it.
    assert HelpLineSettings.objects.get().rules() == HelpLineSettings().rules()
