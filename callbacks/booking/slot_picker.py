"""The slot control readers choose a time with: a day first, then that day's times.

This module turns the free slots into what the template
`callbacks/fields/slot_picker.html` shows: "First available" (when offered),
one group of radio buttons per day with how many times it has free, which day
is open, and the chosen day and time in words. The radios of every day are in
the page, so the control works without JavaScript (a fieldset per day);
static/js/slot-picker.js collapses the days the reader is not looking at.

A slot is named in the form by its UTC start to the minute, "2026-11-23T10:00Z",
so a value survives the clock change and says nothing about the local day.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from callbacks.booking.slots import SlotDay
from callbacks.wording import day_label, slot_sentence, time_range

FIRST_AVAILABLE = "first"
FIRST_AVAILABLE_WORDS = "The first time available"
NOTHING_CHOSEN_WORDS = "No time chosen yet"
SLOT_VALUE_FORMAT = "%Y-%m-%dT%H:%MZ"
SLOT_VALUE_LENGTH = len("2026-11-23T10:00Z")


def slot_value(start: datetime) -> str:
    return start.astimezone(UTC).strftime(SLOT_VALUE_FORMAT)


def parse_slot_value(value) -> datetime | None:
    """The UTC start a slot choice names, or None for anything that is not one of our values."""
    if not isinstance(value, str) or len(value) != SLOT_VALUE_LENGTH:
        return None
    try:
        return datetime.strptime(value, SLOT_VALUE_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None


@dataclass(frozen=True)
class PickerTime:
    value: str
    input_id: str
    label: str  # "10:00 – 10:30": the day is the group's legend
    words: str  # "Monday 23 November, between 10:00 and 10:30": what the reader has chosen
    checked: bool


@dataclass(frozen=True)
class PickerDay:
    key: str  # the local date, "2026-11-23"
    group_id: str
    label: str
    free_times: int
    times: tuple[PickerTime, ...]
    is_open: bool

    @property
    def free_label(self) -> str:
        return "1 time free" if self.free_times == 1 else f"{self.free_times} times free"


@dataclass(frozen=True)
class SlotPicker:
    field_id: str
    offer_first_available: bool
    first_available_checked: bool
    days: tuple[PickerDay, ...]
    chosen_words: str
    # The day of a chosen time that is no longer offered (it filled up while the reader typed).
    lost_day_label: str
    lost_day_has_times: bool


def build_slot_picker(
    *, slot_days: list[SlotDay], chosen: str, time_zone: ZoneInfo, field_id: str, offer_first_available: bool
) -> SlotPicker:
    """What the slot control shows, with `chosen` (the submitted or initial value) checked if still offered.

    The open day is the chosen time's day, even when that time has gone since
    the reader chose it: they see the same day's remaining times.
    """
    chosen_start = parse_slot_value(chosen)
    chosen_day = chosen_start.astimezone(time_zone).date() if chosen_start else None
    first_checked = offer_first_available and chosen == FIRST_AVAILABLE
    chosen_words = FIRST_AVAILABLE_WORDS if first_checked else NOTHING_CHOSEN_WORDS
    open_day = chosen_day if any(day.day == chosen_day for day in slot_days) else None
    if open_day is None and slot_days:
        open_day = slot_days[0].day

    days = []
    for day_index, day in enumerate(slot_days):
        times = []
        for time_index, slot in enumerate(day.slots):
            value = slot_value(slot.start)
            is_first_radio = not offer_first_available and day_index == 0 and time_index == 0
            words = slot_sentence(slot.start, slot.end, time_zone)
            if value == chosen:
                chosen_words = words
            times.append(
                PickerTime(
                    value=value,
                    # The error summary links to the field's own id: the first radio of the group.
                    input_id=field_id if is_first_radio else f"{field_id}_{value.replace(':', '')}",
                    label=time_range(slot.local_start, slot.local_end),
                    words=words,
                    checked=value == chosen,
                )
            )
        days.append(
            PickerDay(
                key=day.day.isoformat(),
                group_id=f"{field_id}_day_{day.day.isoformat()}",
                label=day_label(day.day),
                free_times=len(times),
                times=tuple(times),
                is_open=day.day == open_day,
            )
        )
    still_offered = any(time.checked for day in days for time in day.times)
    lost_day_label = day_label(chosen_day) if chosen_day and not still_offered else ""
    return SlotPicker(
        field_id=field_id,
        offer_first_available=offer_first_available,
        first_available_checked=first_checked,
        days=tuple(days),
        chosen_words=chosen_words,
        lost_day_label=lost_day_label,
        lost_day_has_times=bool(lost_day_label) and open_day == chosen_day,
    )
