"""Plain rules and a booking helper shared by the callbacks tests.

The rules mirror a realistic week with a lunch break, so slot and opening
tests exercise two ranges a day; Sunday has no hours at all.
"""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from callbacks.booking.services import book_callback
from callbacks.booking.slots import HelpLineRules, OpeningRange
from callbacks.models import Topic

LONDON = ZoneInfo("Europe/London")

WEEK_HOURS = (
    *(OpeningRange(day, time(9), time(12, 30)) for day in range(5)),
    *(OpeningRange(day, time(13, 30), time(17)) for day in range(5)),
    OpeningRange(5, time(10), time(13)),
)


def london(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A London wall time as the UTC instant it names (the way the code stores times)."""
    return datetime(year, month, day, hour, minute, tzinfo=LONDON).astimezone(UTC)


def make_rules(**overrides) -> HelpLineRules:
    values = {
        "time_zone": LONDON,
        "opening_hours": WEEK_HOURS,
        "closures": frozenset(),
        "slot_minutes": 30,
        "slot_capacity": 4,
        "min_notice_minutes": 120,
        "horizon_days": 14,
    }
    values.update(overrides)
    return HelpLineRules(**values)


@pytest.fixture
def rules() -> HelpLineRules:
    return make_rules()


# Monday 23 November 2026, 08:00 in London (GMT, so also 08:00 UTC).
MONDAY_MORNING = london(2026, 11, 23, 8)
# With two hours' notice from then, the first bookable slot is Monday 10:00.
FIRST_SLOT = london(2026, 11, 23, 10)
CHRISTMAS = date(2026, 12, 25)


@pytest.fixture
def now() -> datetime:
    return MONDAY_MORNING


CONSENT_TEXT = "I agree that the help line may keep these details to call me back."


def phone_number(n: int) -> str:
    """Distinct valid UK mobile numbers, as a reader might type them."""
    return f"07911 {100000 + n:06d}"


@pytest.fixture
def book(rules, now):
    """book(**overrides): a valid booking through the real service, overriding any argument."""

    def _book(**overrides):
        arguments = {
            "rules": rules,
            "name": "Alex Reader",
            "phone": "07911 123456",
            "slot_start": FIRST_SLOT,
            "topic": Topic.SCIATICA,
            "note": "Pain down my left leg since Tuesday.",
            "voicemail_ok": True,
            "may_identify_org": False,
            "sms_opt_in": False,
            "consent_text": CONSENT_TEXT,
            "now": now,
        }
        arguments.update(overrides)
        return book_callback(**arguments)

    return _book


# Text-message fixtures (not autouse): `twilio` puts the fake HTTP client under the
# real Twilio client and returns it; `console_sms` turns on the console backend.
from .fake_twilio import console_sms, twilio  # noqa: E402, F401
