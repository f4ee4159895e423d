"""The small forms behind the detail page's actions; the services check everything again."""

from datetime import UTC, datetime

from django import forms

from callbacks.booking.slots import SlotDay
from callbacks.models import (
    ATTEMPT_NOTE_MAX_LENGTH,
    CANCEL_REASON_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    AttemptOutcome,
    UrgencyReason,
    WrapUpCode,
)
from callbacks.queue.access import queue_staff
from callbacks.wording import day_label, time_range

# How a slot is named in the follow-up form: its UTC start, so a value survives the clock change.
SLOT_VALUE_FORMAT = "%Y-%m-%dT%H:%MZ"


class AttemptForm(forms.Form):
    outcome = forms.ChoiceField(label="How did the call go?", choices=AttemptOutcome.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label="Note for colleagues (optional)",
        required=False,
        max_length=ATTEMPT_NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Seen by help-line staff only. Erased with the request.",
    )
    retry_from = forms.DateTimeField(
        label="If nobody answered: try again from (optional)",
        required=False,
        # The browser's own picker: no script to load, and typing works with it switched off.
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="Leave blank for the usual retry delay, which never runs past closing time that day. "
        "Choose a time to try later than that, for example tomorrow morning.",
    )


class CompleteForm(forms.Form):
    """The wrap-up codes still in use, as ticks: a call can give advice and signpost at once."""

    wrap_up_codes = forms.ModelMultipleChoiceField(
        label="What did the call do?",
        queryset=WrapUpCode.objects.filter(in_use=True),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one wrap-up code."},
        help_text="Tick everything that applies; these go into the help line's reports.",
    )


class UrgencyForm(forms.Form):
    urgency = forms.ChoiceField(
        label="Priority",
        required=False,
        choices=[("", "Not urgent"), *UrgencyReason.choices],
        help_text="An urgent request is taken before others due in the next hour or so, never before one "
        "that has waited longer. Choose the reason; it is recorded in the request's history.",
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="Reason for cancelling",
        max_length=CANCEL_REASON_MAX_LENGTH,
        help_text="For example: “Reader rang to cancel”. Seen by help-line staff only.",
    )


class ReassignForm(forms.Form):
    """Offers every other active member of the help-line staff."""

    to_user = forms.ModelChoiceField(label="Give this request to", queryset=None, empty_label="Choose a colleague")

    def __init__(self, *args, exclude_user_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        staff = queue_staff()
        if exclude_user_id is not None:
            staff = staff.exclude(pk=exclude_user_id)
        self.fields["to_user"].queryset = staff
        self.fields["to_user"].label_from_instance = lambda user: user.get_full_name() or user.get_username()


class FollowUpForm(forms.Form):
    """A slot with a free place (one option group per day) and a note for whoever makes the follow-up call.

    The slot is checked here only for its form; whether it is bookable and
    still has a place is the service's to decide when it takes the place, so a
    time that filled since the page was drawn gets the service's clear refusal.
    """

    slot = forms.CharField(
        label="When to call",
        widget=forms.Select,
        error_messages={"required": "Choose a day and time for the follow-up call."},
        help_text="Times with a free place, in the help line's time zone.",
    )
    note = forms.CharField(
        label="Note for the follow-up call (optional)",
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Seen by help-line staff only, on the follow-up request. Erased with it.",
    )

    def __init__(self, *args, days: list[SlotDay] = (), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "Choose a time")]
        for day in days:
            times = [
                (slot_value(slot.start), f"{time_range(slot.local_start, slot.local_end)} ({slot.free} free)")
                for slot in day.slots
            ]
            choices.append((day_label(day.day), times))
        self.fields["slot"].widget.choices = choices

    def clean_slot(self) -> datetime:
        try:
            return datetime.strptime(self.cleaned_data["slot"], SLOT_VALUE_FORMAT).replace(tzinfo=UTC)
        except ValueError:
            raise forms.ValidationError("Choose one of the times in the list.") from None


def slot_value(start: datetime) -> str:
    return start.astimezone(UTC).strftime(SLOT_VALUE_FORMAT)
