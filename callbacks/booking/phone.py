"""UK phone numbers: what a reader types in, E.164 out, or a message naming the problem.

The help line calls from the UK and pays for the call, so it only takes
numbers in the +44 numbering plan (which also covers the Channel Islands and
the Isle of Man: many ordinary UK mobile ranges are listed under Guernsey or
Jersey) and refuses the kinds a callback cannot or should not ring:
premium-rate, shared-cost, personal (070) and pager numbers, and short codes.

Every refusal is a ValidationError with a `code`, so a form can show the
message and a test can tell the cases apart.
"""

import re

import phonenumbers
from django.core.exceptions import ValidationError
from phonenumbers import NumberParseException, PhoneNumberType, ValidationResult, shortnumberinfo

REGION = "GB"
UK_COUNTRY_CODE = 44
# A UK number has 10 digits after the leading 0 (a few areas also have 9).
UK_NATIONAL_DIGITS = 10

EXAMPLE = "for example 07911 123456 or 02380 248725"

MESSAGES = {
    "required": "Enter a phone number so that we can call you back.",
    "not_a_number": f"That doesn't look like a phone number. Use digits only, {EXAMPLE}.",
    "too_short": f"That number is too short. UK numbers have 11 digits starting with 0, {EXAMPLE}.",
    "too_long": f"That number is too long. UK numbers have 11 digits starting with 0, {EXAMPLE}.",
    "missing_area_code": "That number is missing its area code. Add the area code, for example 02380 248725.",
    "invalid": "That isn't a valid UK phone number. Please check the digits and try again.",
    "outside_uk": "We can only call UK numbers. Please give a UK landline or mobile number.",
    "premium_rate": (
        "We can't call premium-rate numbers (such as those starting 09, 084 or 087). "
        "Please give a landline or mobile number."
    ),
    "shared_cost": "We can't call shared-cost numbers. Please give a landline or mobile number.",
    "personal_number": (
        "We can't call personal numbers (those starting 070), as they can be charged at a high rate. "
        "Please give a landline or mobile number."
    ),
    "pager": "We can't call pager numbers. Please give a landline or mobile number.",
    "short_code": (
        "That is a short code or service number (such as 111 or 118 118), not a number we can call back. "
        "Please give your landline or mobile number."
    ),
    "emergency": (
        "That is an emergency number. If you need urgent help, call 999 now. "
        "To book a callback, give your own landline or mobile number."
    ),
}

# The characters people write numbers with; anything else (letters, "ext", "#")
# is refused rather than guessed at, because phonenumbers reads letters as
# keypad digits and would turn "07911 123456 (home)" into a different number.
ALLOWED_CHARACTERS = re.compile(r"^\+?[\d\s().\-/]+$")

REFUSED_TYPES = {
    PhoneNumberType.PREMIUM_RATE: "premium_rate",
    PhoneNumberType.SHARED_COST: "shared_cost",
    PhoneNumberType.PERSONAL_NUMBER: "personal_number",
    PhoneNumberType.PAGER: "pager",
}

PARSE_ERRORS = {
    NumberParseException.NOT_A_NUMBER: "not_a_number",
    NumberParseException.TOO_SHORT_NSN: "too_short",
    NumberParseException.TOO_SHORT_AFTER_IDD: "too_short",
    NumberParseException.TOO_LONG: "too_long",
    NumberParseException.INVALID_COUNTRY_CODE: "invalid",
}


def parse_uk_phone(raw: str) -> str:
    """The number in E.164 ("07911 123456" -> "+447911123456"), or ValidationError."""
    text = (raw or "").strip()
    if not text:
        _refuse("required")
    if not ALLOWED_CHARACTERS.match(text):
        _refuse("not_a_number")

    # Short codes first: parsed as national numbers they would only be "too short".
    digits = re.sub(r"\D", "", text)
    if not text.startswith("+") and 0 < len(digits) <= 6 and _is_short_code(digits):
        _refuse("emergency" if shortnumberinfo.is_emergency_number(digits, REGION) else "short_code")

    try:
        number = phonenumbers.parse(text, REGION)
    except NumberParseException as error:
        code = PARSE_ERRORS.get(error.error_type, "not_a_number")
        # phonenumbers calls a lone digit or two "not a number"; to a reader it is a short one.
        _refuse("too_short" if code == "not_a_number" and digits else code)

    if number.country_code != UK_COUNTRY_CODE:
        _refuse("outside_uk")
    _check_length(number)
    if not phonenumbers.is_valid_number(number):
        _refuse("invalid")
    refused_type = REFUSED_TYPES.get(phonenumbers.number_type(number))
    if refused_type:
        _refuse(refused_type)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _check_length(number: phonenumbers.PhoneNumber) -> None:
    """Name a length problem precisely; "invalid" is left for numbers of a plausible length."""
    reason = phonenumbers.is_possible_number_with_reason(number)
    if reason == ValidationResult.TOO_SHORT:
        _refuse("too_short")
    if reason == ValidationResult.TOO_LONG:
        _refuse("too_long")
    if reason == ValidationResult.IS_POSSIBLE_LOCAL_ONLY:
        _refuse("missing_area_code")
    national_digits = len(str(number.national_number))
    if not phonenumbers.is_valid_number(number):
        # Valid 9-digit numbers exist, but an invalid one is most often a digit short.
        if national_digits < UK_NATIONAL_DIGITS:
            _refuse("too_short")
        if national_digits > UK_NATIONAL_DIGITS:
            _refuse("too_long")


def _is_short_code(digits: str) -> bool:
    try:
        number = phonenumbers.parse(digits, REGION)
    except NumberParseException:
        return False
    return shortnumberinfo.is_valid_short_number_for_region(number, REGION)


def _refuse(code: str):
    raise ValidationError(MESSAGES[code], code=code)


def is_uk_mobile(e164: str) -> bool:
    """Whether a stored number is a mobile, the only kind that can take a text message."""
    try:
        number = phonenumbers.parse(e164, REGION)
    except NumberParseException:
        return False
    return phonenumbers.number_type(number) in (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE)


def display_uk_phone(e164: str) -> str:
    """A stored E.164 number the way a UK reader writes it ("+447911123456" -> "07911 123456").

    Falls back to the stored text for anything that no longer parses, so a
    page showing a number never fails because of it.
    """
    try:
        number = phonenumbers.parse(e164, REGION)
    except NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
