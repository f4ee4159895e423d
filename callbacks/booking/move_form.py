"""The form a reader moves their booking with: one question, the new time, in the same slot picker.

Like the booking form it never writes anything: the view hands `slot_start`
to services.reschedule_callback and, when the service refuses, asks the form
to show why beside the picker.
"""

from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError

from callbacks import wording
from callbacks.booking.forms import SlotField
from callbacks.booking.slot_picker import SlotPicker, build_slot_picker, parse_slot_value
from callbacks.booking.slots import HelpLineRules, SlotDay, slot_starting_at
from callbacks.exceptions import BookingError, SlotFull, SlotNotBookable
from home.forms import DescribedFieldsMixin


class MoveBookingForm(DescribedFieldsMixin, forms.Form):
    slot = SlotField(
        label="Choose your new time",
        help_text="Times are UK time. We will call you at some point during the time you choose.",
        error_messages={
            "required": "Choose the new time for us to call you.",
            "invalid_choice": "Choose a time from the list.",
        },
    )

    def __init__(self, *args, rules: HelpLineRules, slot_days: list[SlotDay], now: datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self.rules = rules
        self.now = now
        self.slot_days = slot_days
        self.offered = {slot.start for day in slot_days for slot in day.slots}

    def slot_picker(self) -> SlotPicker:
        return build_slot_picker(
            slot_days=self.slot_days,
            chosen=str(self["slot"].value() or ""),
            time_zone=self.rules.time_zone,
            field_id=self["slot"].auto_id,
            offer_first_available=False,
        )

    def clean_slot(self) -> datetime:
        start = parse_slot_value(self.cleaned_data["slot"])
        if start is None:
            raise ValidationError(self.fields["slot"].error_messages["invalid_choice"], code="invalid_choice")
        if start in self.offered:
            return start
        if slot_starting_at(self.rules, start=start, now=self.now) is not None:
            raise ValidationError(wording.MOVE_SLOT_FULL, code="slot_full")
        raise ValidationError(wording.MOVE_SLOT_NOT_BOOKABLE, code="slot_not_bookable")

    def add_move_error(self, error: BookingError) -> None:
        """A refused move, beside the picker when it is about the time, else above the form."""
        if isinstance(error, SlotFull | SlotNotBookable):
            if not self.has_error("slot"):
                self.add_error("slot", ValidationError(wording.MOVE_SLOT_FULL, code="slot_full"))
        else:
            self.add_error(None, error.message)
