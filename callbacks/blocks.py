"""The blocks the help-line settings use for opening hours and closure dates.

Opening hours are a StreamField of ranges rather than a fixed grid of fields
because a day can have several ranges (a lunch break) or none, and editors can
add and reorder rows in the settings form without a migration.
"""

from datetime import time

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from wagtail import blocks

from callbacks.booking.slots import OpeningRange, PartialClosure, find_overlaps

WEEKDAY_CHOICES = [
    ("mon", "Monday"),
    ("tue", "Tuesday"),
    ("wed", "Wednesday"),
    ("thu", "Thursday"),
    ("fri", "Friday"),
    ("sat", "Saturday"),
    ("sun", "Sunday"),
]
WEEKDAY_KEYS = [key for key, _label in WEEKDAY_CHOICES]

# The most places one slot of a range or a closure may have: more staff than that
# on the phones at once is a typing slip (the settings' default allows 100).
MAX_RANGE_CAPACITY = 50
CAPACITY_MESSAGE = f"Enter a whole number of callbacks per slot from 0 to {MAX_RANGE_CAPACITY}."


def capacity_block(help_text: str) -> blocks.IntegerBlock:
    """An optional "Callbacks per slot" box, 0 to MAX_RANGE_CAPACITY, saying so when out of range."""
    return blocks.IntegerBlock(
        required=False,
        label="Callbacks per slot",
        help_text=help_text,
        validators=[
            MinValueValidator(0, message=CAPACITY_MESSAGE),
            MaxValueValidator(MAX_RANGE_CAPACITY, message=CAPACITY_MESSAGE),
        ],
    )


class OpeningRangeBlock(blocks.StructBlock):
    """One stretch of opening hours on one weekday, for example Monday 09:00-17:00."""

    weekday = blocks.ChoiceBlock(choices=WEEKDAY_CHOICES)
    opens = blocks.TimeBlock(format="%H:%M")
    closes = blocks.TimeBlock(format="%H:%M", help_text="Use 23:59 for a line open until midnight.")
    # Rows saved before this box existed have no "capacity" key: StructBlock reads them as None, the default.
    capacity = capacity_block(
        "How many readers can book the same slot in these hours. Leave blank for the default "
        "(Callbacks > Callbacks per slot); 0 keeps the line open but offers no callbacks."
    )

    class Meta:
        icon = "time"
        label = "Opening hours"
        form_classname = "opening-range-block"

    def clean(self, value):
        value = super().clean(value)
        if value["opens"] >= value["closes"]:
            raise blocks.StructBlockValidationError(
                block_errors={
                    "closes": ValidationError(
                        "The closing time must be later than the opening time. "
                        "A range cannot run past midnight: end it at 23:59 and start the next day at 00:00.",
                        code="closes_before_opens",
                    )
                }
            )
        return value


class OpeningHoursBlock(blocks.StreamBlock):
    """The weekly opening hours: any number of ranges a day, none overlapping on the same day."""

    range = OpeningRangeBlock()

    class Meta:
        icon = "time"

    def clean(self, value):
        value = super().clean(value)
        ranges = opening_ranges(value)
        overlaps = find_overlaps(ranges)
        if overlaps:
            block_errors = {}
            for first, second in overlaps:
                # Mark the later row, which is the one an editor most likely just
                # added, and name the row it collides with.
                message = (
                    f"{ranges[second].describe()} overlaps {ranges[first].describe()}. "
                    "Ranges on the same day must not overlap; they may touch (12:00-13:00 then 13:00-17:00)."
                )
                block_errors[second] = blocks.StructBlockValidationError(
                    non_block_errors=[ValidationError(message, code="overlap")]
                )
            raise blocks.StreamBlockValidationError(block_errors=block_errors)
        return value


class ClosureBlock(blocks.StructBlock):
    """A date the help line is closed, all day (a bank holiday) or part of it (a team meeting), or has fewer places.

    Without times the closure is the whole date; with "from" and "to" it is
    that part of the date. Without callbacks per slot (or with 0) nothing can
    be booked in it and the header shows the line closed; with a number, the
    line stays open and every slot that runs into it has at most that many places.
    """

    date = blocks.DateBlock()
    starts = blocks.TimeBlock(
        format="%H:%M", required=False, label="From", help_text="Leave “From” and “To” blank for the whole day."
    )
    ends = blocks.TimeBlock(format="%H:%M", required=False, label="To")
    capacity = capacity_block(
        "Leave blank (or 0) to close. A number reduces the callbacks per slot to it instead, "
        "for example 1 when most of the team is on a course."
    )
    reason = blocks.CharBlock(max_length=100, required=False, help_text="For staff, for example “Christmas Day”.")

    class Meta:
        icon = "calendar-alt"
        label = "Closure"

    def clean(self, value):
        value = super().clean(value)
        starts, ends = value.get("starts"), value.get("ends")
        if (starts is None) != (ends is None):
            missing = "ends" if ends is None else "starts"
            raise blocks.StructBlockValidationError(
                block_errors={
                    missing: ValidationError(
                        "Give both “From” and “To” to close part of the day, or neither to close all day.",
                        code="part_day_needs_both_times",
                    )
                }
            )
        if starts is not None and ends <= starts:
            raise blocks.StructBlockValidationError(
                block_errors={
                    "ends": ValidationError(
                        "“To” must be later than “From”. A closure cannot run past midnight: "
                        "end it at 23:59 and add the next day as a closure of its own.",
                        code="closure_ends_before_starts",
                    )
                }
            )
        return value


class ClosuresBlock(blocks.StreamBlock):
    """Closures: no slots are offered in them (or fewer places, if a closure says so)."""

    closure = ClosureBlock()

    class Meta:
        icon = "calendar-alt"


def opening_ranges(stream_value) -> list[OpeningRange]:
    """The stream's rows as plain OpeningRange values, in the editor's row order.

    Rows are kept one for one (including invalid ones) so a row's index here is
    its index in the stream, which is what the overlap errors point at.
    """
    return [
        OpeningRange(
            weekday=WEEKDAY_KEYS.index(child.value["weekday"]),
            opens=child.value["opens"],
            closes=child.value["closes"],
            capacity=child.value.get("capacity"),
        )
        for child in stream_value
    ]


def closure_rules(stream_value) -> tuple[frozenset, tuple[PartialClosure, ...]]:
    """The closures stream as (whole dates closed, partial closures) for `HelpLineRules`.

    A whole date with no places stays a plain closed date, exactly as before
    closures had times; a part of a day, or a whole day with some places left,
    is a PartialClosure. Rows saved before closures had times have none, so
    they read as whole days closed.
    """
    closed_dates = set()
    partial = []
    for child in stream_value:
        day = child.value.get("date")
        if day is None:
            continue
        capacity = child.value.get("capacity") or 0
        starts, ends = child.value.get("starts"), child.value.get("ends")
        whole_day = starts is None or ends is None
        if whole_day and capacity == 0:
            closed_dates.add(day)
        elif whole_day:
            partial.append(PartialClosure(day=day, starts=time.min, ends=time.max, capacity=capacity))
        else:
            partial.append(PartialClosure(day=day, starts=starts, ends=ends, capacity=capacity))
    return frozenset(closed_dates), tuple(partial)


def default_opening_hours() -> list[tuple[str, dict]]:
    """Monday to Friday 09:00-17:00 and Saturday 10:00-13:00, the hours the issue describes."""
    weekdays = [("range", {"weekday": day, "opens": time(9), "closes": time(17)}) for day in WEEKDAY_KEYS[:5]]
    return [*weekdays, ("range", {"weekday": "sat", "opens": time(10), "closes": time(13)})]
