"""UK phone parsing: the numbers we accept in E.164, and a message naming each problem."""

import pytest
from django.core.exceptions import ValidationError

from callbacks.booking.phone import MESSAGES, parse_uk_phone


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("02380 248725", "+442380248725"),
        ("07911 123456", "+447911123456"),
        ("+44 7911 123456", "+447911123456"),
        ("0044 7911 123456", "+447911123456"),
        ("+44 (0) 7911 123456", "+447911123456"),
        ("+447911123456", "+447911123456"),  # already E.164: parsing twice is harmless
        ("447911123456", "+447911123456"),
        ("(023) 8024 8725", "+442380248725"),
        ("023-8024-8725", "+442380248725"),
        ("  020 7946 0000  ", "+442079460000"),
        ("0161 496 0000", "+441614960000"),
        ("016977 3456", "+44169773456"),  # one of the few 9-digit areas
        ("0800 123 4567", "+448001234567"),  # freephone: fine to ring
        ("0300 123 1234", "+443001231234"),  # charged like a landline
        ("01534 123456", "+441534123456"),  # Jersey: on the +44 plan
    ],
)
def test_accepted_numbers_come_back_in_e164(raw, e164):
    assert parse_uk_phone(raw) == e164


@pytest.mark.parametrize(
    ("raw", "code", "words"),
    [
        ("", "required", "Enter a phone number"),
        ("   ", "required", "Enter a phone number"),
        (None, "required", "Enter a phone number"),
        ("abc", "not_a_number", "doesn't look like a phone number"),
        ("02380248725x", "not_a_number", "doesn't look like a phone number"),
        ("07911 123456 ext 12", "not_a_number", "doesn't look like a phone number"),
        ("07911 123456 (home)", "not_a_number", "doesn't look like a phone number"),
        ("+", "not_a_number", "doesn't look like a phone number"),
        ("07911#123456", "not_a_number", "doesn't look like a phone number"),
        ("12", "too_short", "too short"),
        ("0791 123", "too_short", "too short"),
        ("07911 12345", "too_short", "too short"),
        ("+44 999", "too_short", "too short"),
        ("079111234567", "too_long", "too long"),
        ("07911 1234567", "too_long", "too long"),
        ("1234567890123456789", "too_long", "too long"),
        ("248725", "missing_area_code", "missing its area code"),
        ("8024 8725", "missing_area_code", "missing its area code"),
        ("01632 960000", "invalid", "isn't a valid UK phone number"),  # reserved for drama
        ("07700 900123", "invalid", "isn't a valid UK phone number"),  # reserved for drama
        ("+999 1234 5678", "invalid", "isn't a valid UK phone number"),  # no such country code
        ("+33 1 23 45 67 89", "outside_uk", "We can only call UK numbers"),
        ("+1 202 555 0142", "outside_uk", "We can only call UK numbers"),
        ("00 353 1 234 5678", "outside_uk", "We can only call UK numbers"),
        ("0909 879 0000", "premium_rate", "premium-rate"),
        ("0845 464 0000", "premium_rate", "premium-rate"),
        ("0871 123 4567", "premium_rate", "premium-rate"),
        ("070 1234 5678", "personal_number", "personal numbers (those starting 070)"),
        ("111", "short_code", "short code"),
        ("118 118", "short_code", "short code"),
        ("116 123", "short_code", "short code"),
        ("101", "short_code", "short code"),
        ("999", "emergency", "call 999 now"),
        ("112", "emergency", "call 999 now"),
    ],
)
def test_refused_numbers_name_the_problem(raw, code, words):
    with pytest.raises(ValidationError) as caught:
        parse_uk_phone(raw)

    assert caught.value.code == code
    assert caught.value.messages == [MESSAGES[code]]
    assert words in MESSAGES[code]


def test_no_two_problems_share_a_message():
    assert len(set(MESSAGES.values())) == len(MESSAGES)
