"""The callback booking form: what a reader types, checked and worded for them.

The form never books anything: the view hands `booking_arguments()` to
services.book_callback and, when the service refuses, asks the form to show
why (`add_booking_error`, `add_service_errors`), so every outcome reaches the
reader as an error beside the field it concerns and in the summary above the
form.

Two answers end the booking before it starts, and the view checks them on the
raw data so that they work even when other fields are wrong: "yes" to the
red-flag question (the reader needs urgent care, not a callback), and anything
typed into the honeypot field (a bot).
"""

from datetime import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Fieldset, Layout
from django import forms
from django.core.exceptions import ValidationError

from callbacks import wording
from callbacks.booking.communication import CommunicationNeedsForm, relay_help_text
from callbacks.booking.phone import MESSAGES as PHONE_MESSAGES
from callbacks.booking.phone import is_uk_mobile, parse_uk_phone
from callbacks.booking.slot_picker import FIRST_AVAILABLE, SlotPicker, build_slot_picker, parse_slot_value
from callbacks.booking.slots import HelpLineRules, Slot, SlotDay, slot_starting_at
from callbacks.exceptions import BookingError, NoSlotsAvailable, SlotFull, SlotNotBookable
from callbacks.models import NAME_MAX_LENGTH, NOTE_MAX_LENGTH, HelpLineSettings, Topic
from callbacks.models.communication import COMMUNICATION_FIELDS
from home.names import NameField

# Room for a UK number written with spaces, brackets and a +44; the phone parser judges the rest.
PHONE_INPUT_MAX_LENGTH = 30
HONEYPOT_FIELD = "website"

RED_FLAG_SYMPTOMS = (
    "numbness around your genitals or buttocks (the areas you would sit on a saddle)",
    "new loss of control of your bladder or bowels, or being unable to pee",
    "weakness in both legs, or numbness in both legs that is getting worse",
)

YES_NO = [("yes", "Yes"), ("no", "No")]
YES_NO_TEMPLATE = "callbacks/fields/yes_no.html"


class SlotField(forms.ChoiceField):
    """The slot: "first" (First available) or a slot's UTC start, shown by slot_picker.html.

    It accepts any well-formed slot value, not only those offered, so that a
    slot that filled up since the form was shown gets its own message (from
    the form's clean_slot) instead of "not one of the available choices".
    """

    def valid_value(self, value):
        return value == FIRST_AVAILABLE or parse_slot_value(value) is not None


def yes_no_field(label: str, *, required_message: str, help_text: str = "") -> forms.TypedChoiceField:
    """A required Yes/No question as two radio buttons, cleaned to True or False.

    Radios rather than a checkbox so that "no" is a choice the reader makes,
    not something we assume from a box left empty.
    """
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        help_text=help_text,
        error_messages={"required": required_message, "invalid_choice": required_message},
    )


class CallbackForm(CommunicationNeedsForm):
    # The communication questions (declared on the base form) come after these, before the consent.
    field_order = (
        "red_flags",
        "name",
        "phone",
        "text_me",
        "slot",
        "topic",
        "note",
        "voicemail_ok",
        "may_identify_org",
    )

    red_flags = yes_no_field(
        "Do you have any of these symptoms?",
        required_message=(
            "Tell us whether you have any of these symptoms, so that we can point you to urgent help if you need it."
        ),
    )
    name = NameField(
        label="Your name",
        max_length=NAME_MAX_LENGTH,
        error_messages={
            "required": wording.NAME_REQUIRED,
            "max_length": wording.NAME_TOO_LONG,
        },
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label="Phone number",
        max_length=PHONE_INPUT_MAX_LENGTH,
        help_text="A UK landline or mobile number, for example 07911 123456 or 02380 248725.",
        error_messages={
            "required": PHONE_MESSAGES["required"],
            "max_length": PHONE_MESSAGES["too_long"],
        },
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    text_me = forms.BooleanField(
        label="Text me a confirmation and a reminder",
        required=False,
        help_text=(
            "To a mobile number. The texts give your booking reference, the time and a link to cancel: "
            "nothing about your health."
        ),
    )
    slot = SlotField(
        label="When should we call you?",
        help_text="Times are UK time. We will call you at some point during the time you choose.",
        error_messages={
            "required": "Choose a time for us to call you, or choose “First available”.",
            "invalid_choice": "Choose a time from the list, or choose “First available”.",
        },
    )
    topic = forms.ChoiceField(
        label="What would you like to talk about?",
        choices=Topic.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": wording.TOPIC_REQUIRED,
            "invalid_choice": "Choose what you would like to talk about from the list.",
        },
    )
    note = forms.CharField(
        label="Anything you would like us to know before we call? (optional)",
        required=False,
        max_length=NOTE_MAX_LENGTH,
        help_text=f"Up to {NOTE_MAX_LENGTH} characters.",
        error_messages={
            "max_length": wording.NOTE_TOO_LONG,
        },
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    voicemail_ok = yes_no_field(
        "May we leave a voicemail?",
        help_text="If you say no, we will try again later instead of leaving a message.",
        required_message="Tell us whether we may leave a voicemail if you don't answer.",
    )
    may_identify_org = yes_no_field(
        "May we say who we are if someone else answers?",
        help_text="If you say no, we will only ask for you by name.",
        required_message="Tell us whether we may say who we are if someone else answers.",
    )
    consent = forms.BooleanField(
        error_messages={
            "required": wording.CONSENT_REQUIRED,
        },
    )
    website = forms.CharField(
        label="Leave this box empty",
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(
        self,
        *args,
        help_line: HelpLineSettings,
        rules: HelpLineRules,
        slot_days: list[SlotDay],
        now: datetime,
        sms_available: bool = False,
        **kwargs,
    ):
        kwargs.setdefault("initial", {"slot": FIRST_AVAILABLE})
        super().__init__(*args, **kwargs)
        self.help_line = help_line
        self.rules = rules
        self.now = now
        self.slot_days = slot_days
        self.offered = {slot.start: slot for day in slot_days for slot in day.slots}
        # Without an SMS provider the question is not asked at all (and an answer posted anyway is ignored).
        self.sms_available = sms_available
        if not sms_available:
            del self.fields["text_me"]
        self.fields["consent"].label = help_line.consent_text
        self.fields["red_flags"].symptoms = RED_FLAG_SYMPTOMS
        self.fields["red_flags"].widget.attrs["class"] = "form-check-input"
        # The browser would cut a pasted note off at the limit without a word;
        # the server's message says what is wrong instead.
        self.fields["note"].widget.attrs.pop("maxlength", None)
        self.fields["other_communication_need"].widget.attrs.pop("maxlength", None)
        self.fields["needs_text_relay"].help_text = relay_help_text(help_line.helpline_number)
        self.helper = self._helper()

    def _helper(self) -> FormHelper:
        helper = FormHelper(self)
        # The template writes the <form>, the CSRF token and the error summary above the fields.
        helper.form_tag = False
        helper.disable_csrf = True
        helper.layout = Layout(
            Field("red_flags", template="callbacks/fields/red_flags.html"),
            Fieldset("About you", "name", "phone", *(["text_me"] if self.sms_available else [])),
            Fieldset("Your call", Field("slot", template="callbacks/fields/slot_picker.html"), "topic", "note"),
            Fieldset(
                "If someone else answers",
                # Our own template: crispy's inline radios put a "for" on the <legend>, which HTML does not allow.
                Field("voicemail_ok", template=YES_NO_TEMPLATE),
                Field("may_identify_org", template=YES_NO_TEMPLATE),
            ),
            Fieldset("How we can talk with you (optional)", *COMMUNICATION_FIELDS),
            Fieldset("Your consent", "consent"),
            Div(HONEYPOT_FIELD, css_class="callback-trap", aria_hidden="true"),
        )
        return helper

    def slot_picker(self) -> SlotPicker:
        """The slot control's days and times, with the reader's choice (or "First available") checked."""
        return build_slot_picker(
            slot_days=self.slot_days,
            chosen=str(self["slot"].value() or ""),
            time_zone=self.rules.time_zone,
            field_id=self["slot"].auto_id,
            offer_first_available=True,
        )

    # --- what the view checks before validating ---------------------------------------------

    @staticmethod
    def reports_red_flags(data) -> bool:
        """The reader answered "yes" to the red-flag question, whatever else they typed.

        Read from the raw data, before the form is built, so that it works
        whatever else is wrong and costs nothing.
        """
        return data.get("red_flags") == "yes"

    @staticmethod
    def is_bot(data) -> bool:
        """Something was typed into the field that people cannot see."""
        return bool(str(data.get(HONEYPOT_FIELD, "")).strip())

    def chosen_or_first_slot(self) -> Slot | None:
        """The offered slot the raw data names, else the earliest offered one (for the honeypot's decoy)."""
        chosen = self.offered.get(parse_slot_value(self.data.get("slot")))
        return chosen or min(self.offered.values(), key=lambda slot: slot.start, default=None)

    # --- cleaning -------------------------------------------------------------------------

    def clean_phone(self) -> str:
        return parse_uk_phone(self.cleaned_data["phone"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("text_me") and cleaned.get("phone") and not is_uk_mobile(cleaned["phone"]):
            self.add_error("text_me", ValidationError(wording.TEXT_ME_NOT_MOBILE, code="not_mobile"))
        return cleaned

    def clean_slot(self) -> datetime | None:
        """None for "First available", else the UTC start of a slot that is still free."""
        value = self.cleaned_data["slot"]
        if value == FIRST_AVAILABLE:
            return None
        start = parse_slot_value(value)
        if start in self.offered:
            return start
        if slot_starting_at(self.rules, start=start, now=self.now) is not None:
            raise ValidationError(wording.SLOT_FULL, code="slot_full")
        raise ValidationError(wording.SLOT_NOT_BOOKABLE, code="slot_not_bookable")

    def booking_arguments(self) -> dict:
        """The cleaned answers as services.book_callback takes them (with rules and now added by the caller)."""
        data = self.cleaned_data
        return {
            "name": data["name"],
            "phone": data["phone"],
            "slot_start": data["slot"],
            "topic": data["topic"],
            "note": data["note"],
            "voicemail_ok": data["voicemail_ok"],
            "may_identify_org": data["may_identify_org"],
            "sms_opt_in": bool(data.get("text_me")),
            "consent_text": self.help_line.consent_text,
            "communication": self.communication_answers(),
        }

    # --- what the booking service refused -----------------------------------------------

    def add_booking_error(self, error: BookingError) -> None:
        """Show a refused booking beside the field it concerns, in words for the reader."""
        number = self.help_line.helpline_number
        if isinstance(error, NoSlotsAvailable):
            self.add_error("slot", ValidationError(wording.no_slots_left(number), code="no_slots"))
        elif isinstance(error, SlotFull | SlotNotBookable):
            if not self.has_error("slot"):
                self.add_error("slot", ValidationError(wording.SLOT_FULL, code="slot_full"))
        else:
            self.add_error(None, error.message)

    def add_paused_error(self, *, retry_minutes: int) -> None:
        """Above the form: too many refused attempts from this address; try later (nothing was booked)."""
        message = wording.BOOKING_PAUSED.format(minutes=retry_minutes, number=self.help_line.helpline_number)
        self.add_error(None, ValidationError(message, code="paused"))

    def add_service_errors(self, error: ValidationError) -> None:
        """The service's field errors on the form's fields (anything else above the form)."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for field, errors in error.error_dict.items():
            self.add_error(field if field in self.fields else None, errors)

    def error_links(self) -> list[dict]:
        """Each error with the id of the input it belongs to, for the summary above the form.

        A group of radio buttons is linked through its first button, which is
        where keyboard focus lands in the group.
        """
        links = [{"target": "", "message": message} for message in self.non_field_errors()]
        for bound in self:
            if bound.is_hidden:
                continue
            radios = isinstance(bound.field.widget, forms.RadioSelect)
            target = f"{bound.auto_id}_0" if radios else bound.id_for_label
            links.extend({"target": target, "message": message} for message in bound.errors)
        return links
