"""The blocks the help-line settings use for opening hours and closure dates.

Opening hours are a StreamField of ranges rather than a fixed grid of fields
because a day can have several ranges (a lunch break) or none, and editors can
add and reorder rows in the settings form without a migration.
"""

from datetime import time

from django.core.exceptions import ValidationError
from wagtail import blocks

from callbacks.booking.slots import OpeningRange, find_overlaps

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


class OpeningRangeBlock(blocks.StructBlock):
    """One stretch of opening hours on one weekday, for example Monday 09:00-17:00."""

    weekday = blocks.ChoiceBlock(choices=WEEKDAY_CHOICES)
    opens = blocks.TimeBlock(format="%H:%M")
    closes = blocks.TimeBlock(format="%H:%M", help_text="Use 23:59 for a line open until midnight.")

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
    """A date the help line is closed all day: a bank holiday or a training day."""

    date = blocks.DateBlock()
    reason = blocks.CharBlock(max_length=100, required=False, help_text="For staff, for example “Christmas Day”.")

    class Meta:
        icon = "calendar-alt"
        label = "Closure"


class ClosuresBlock(blocks.StreamBlock):
    """Closure dates; no slots are offered on them and the header shows the line closed."""

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
        )
        for child in stream_value
    ]


def default_opening_hours() -> list[tuple[str, dict]]:
    """Monday to Friday 09:00-17:00 and Saturday 10:00-13:00, the hours the issue describes."""
    weekdays = [("range", {"weekday": day, "opens": time(9), "closes": time(17)}) for day in WEEKDAY_KEYS[:5]]
    return [*weekdays, ("range", {"weekday": "sat", "opens": time(10), "closes": time(13)})]
