"""The help line's own settings, edited in the admin under Settings > Help-line settings."""

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import StreamField

from callbacks.blocks import ClosuresBlock, OpeningHoursBlock, closure_rules, default_opening_hours, opening_ranges
from callbacks.booking.slots import HelpLineRules
from callbacks.texts import wording as text_wording
from callbacks.texts.panels import SmsTextPanel

DEFAULT_CONSENT_TEXT = (
    "I agree that the help line may keep the details I give on this form and use them to call me back. "
    "Only the help-line team can see them, and they are erased 90 days after we close the request."
)


def validate_time_zone(value: str) -> None:
    """Accept IANA zone names only ("Europe/London"), so the slot rules never meet an unknown zone."""
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationError(
            "“%(value)s” is not a time zone name. Use a name such as Europe/London.",
            code="invalid_time_zone",
            params={"value": value},
        ) from error


def tel_target(number: str) -> str:
    """A number as written for readers ("02380 248725") as the target of a tel: link ("02380248725")."""
    return "".join(ch for ch in number if ch.isdigit() or ch == "+")


def _between(low: int, high: int) -> list:
    return [MinValueValidator(low), MaxValueValidator(high)]


# Four segments with a link: beyond that a text is a letter, and costs like one.
SMS_TEXT_MAX_LENGTH = 600


def _sms_text(label: str, default: str, help_text: str) -> models.TextField:
    return models.TextField(
        label,
        default=default,
        max_length=SMS_TEXT_MAX_LENGTH,
        validators=[text_wording.validate_sms_template],
        help_text=help_text,
    )


@register_setting(icon="mobile-alt")
class HelpLineSettings(BaseGenericSetting):
    """How the help line runs: its number, hours, slot rules, staff-queue limits and consent wording.

    One row for the organisation (it has one help line), read everywhere through
    `callbacks.help_line.current_help_line`.

    Everything the booking rules need is turned into a plain `HelpLineRules`
    by `rules()`, so slots.py never depends on this model.
    """

    helpline_number = models.CharField(
        "help-line number",
        max_length=30,
        default="02380 248725",
        help_text="The number readers ring, as it should be shown.",
    )
    time_zone = models.CharField(
        max_length=64,
        default="Europe/London",
        validators=[validate_time_zone],
        help_text="Opening hours and slot times are in this zone; clock changes are handled for you.",
    )
    opening_hours = StreamField(
        OpeningHoursBlock(),
        blank=True,
        default=default_opening_hours,
        help_text="Add a row for each stretch of opening hours; a day can have several, or none. "
        "Each can have its own number of callbacks per slot, for example more staff in the morning.",
    )
    closures = StreamField(
        ClosuresBlock(),
        blank=True,
        help_text="Days or parts of days the help line is closed, such as bank holidays or a team meeting. "
        "No callbacks are offered in them, or fewer if a closure gives a number of callbacks per slot.",
    )
    slot_minutes = models.PositiveSmallIntegerField(
        "slot length (minutes)",
        default=30,
        validators=_between(5, 240),
    )
    slot_capacity = models.PositiveSmallIntegerField(
        "callbacks per slot",
        default=4,
        validators=_between(1, 100),
        help_text="How many readers can book the same slot; usually the number of staff on the phones. "
        "Opening hours with their own number use that instead.",
    )
    min_notice_minutes = models.PositiveIntegerField(
        "minimum notice (minutes)",
        default=120,
        validators=_between(0, 7 * 24 * 60),
        help_text="The earliest slot offered starts at least this long after the reader books.",
    )
    horizon_days = models.PositiveSmallIntegerField(
        "booking horizon (days)",
        default=14,
        validators=_between(1, 90),
        help_text="How far ahead readers can book.",
    )
    attempt_limit = models.PositiveSmallIntegerField(
        default=3,
        validators=_between(1, 10),
        help_text="After this many unanswered calls a request closes as unreachable by itself.",
    )
    claim_lapse_minutes = models.PositiveSmallIntegerField(
        default=30,
        validators=_between(5, 480),
        help_text="A request claimed this long ago without a call attempt goes back to the queue.",
    )
    retry_delay_minutes = models.PositiveSmallIntegerField(
        "retry delay (minutes)",
        default=30,
        validators=_between(5, 480),
        help_text="After a call nobody answered, the request goes back in the queue and is offered again "
        "this long afterwards (never later than the help line closes that day, unless staff choose a time).",
    )
    priority_boost_minutes = models.PositiveSmallIntegerField(
        "urgent priority boost (minutes)",
        default=60,
        validators=_between(0, 24 * 60),
        help_text="“Take next” treats an urgent request as due this much earlier than its slot, "
        "so a request that has waited longer than this still comes first.",
    )
    purge_after_days = models.PositiveSmallIntegerField(
        default=90,
        validators=_between(1, 3650),
        help_text="Names, numbers and notes of closed requests are erased this many days after closing.",
    )
    consent_text = models.TextField(
        default=DEFAULT_CONSENT_TEXT,
        help_text=(
            "The wording readers agree to. Saving a change keeps it as a new version, and every request "
            "records the version its reader agreed to. Keep it in step with how long details are kept (below)."
        ),
    )
    consent_label = models.CharField(
        max_length=20,
        blank=True,
        editable=False,
        help_text="The version label editors typed before the wording was kept as versions; no longer used.",
    )
    sms_reminder_minutes = models.PositiveSmallIntegerField(
        "reminder (minutes before the slot)",
        default=60,
        validators=_between(0, 24 * 60),
        help_text="Readers who asked for texts get a reminder this long before their slot; 0 sends none. "
        "Nobody who books closer to the slot than this gets one.",
    )
    sms_confirmation_text = _sms_text(
        "confirmation text", text_wording.DEFAULT_CONFIRMATION, "Sent as soon as a reader books."
    )
    sms_reminder_text = _sms_text("reminder text", text_wording.DEFAULT_REMINDER, "Sent before the slot.")
    sms_missed_call_text = _sms_text(
        "missed-call text",
        text_wording.DEFAULT_MISSED_CALL,
        "“We tried to call you”: sent when staff choose to, after a call that wasn't answered.",
    )
    sms_cancellation_text = _sms_text(
        "cancellation text", text_wording.DEFAULT_CANCELLATION, "Sent when a reader cancels with their link."
    )
    sms_moved_text = _sms_text(
        "moved text", text_wording.DEFAULT_MOVED, "Sent when a reader moves their callback to another time."
    )
    sms_follow_up_text = _sms_text(
        "follow-up text",
        text_wording.DEFAULT_FOLLOW_UP,
        "Sent when staff book a follow-up call from a reader's request.",
    )

    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("helpline_number"),
                    FieldPanel("time_zone"),
                    FieldPanel("opening_hours"),
                    FieldPanel("closures"),
                ],
                heading="Hours",
            ),
            ObjectList(
                [
                    MultiFieldPanel(
                        [
                            FieldPanel("slot_minutes"),
                            FieldPanel("slot_capacity"),
                            FieldPanel("min_notice_minutes"),
                            FieldPanel("horizon_days"),
                        ],
                        heading="Booking",
                    ),
                    MultiFieldPanel(
                        [
                            FieldPanel("attempt_limit"),
                            FieldPanel("claim_lapse_minutes"),
                            FieldPanel("retry_delay_minutes"),
                            FieldPanel("priority_boost_minutes"),
                        ],
                        heading="Staff queue",
                    ),
                ],
                heading="Callbacks",
            ),
            ObjectList(
                [FieldPanel("consent_text"), FieldPanel("purge_after_days")],
                heading="Privacy",
            ),
            ObjectList(
                [
                    FieldPanel("sms_reminder_minutes"),
                    SmsTextPanel("sms_confirmation_text"),
                    SmsTextPanel("sms_reminder_text"),
                    SmsTextPanel("sms_missed_call_text"),
                    SmsTextPanel("sms_cancellation_text"),
                    SmsTextPanel("sms_moved_text"),
                    SmsTextPanel("sms_follow_up_text"),
                ],
                heading="Text messages",
                help_text=(
                    "Texts go only to readers who ask for them, and only when the site has an SMS provider set up. "
                    "Anyone may read a text on the reader's phone, so they say nothing about health: "
                    "there is no placeholder for the topic, the note or the reader's name."
                ),
            ),
        ]
    )

    class Meta:
        verbose_name = "help-line settings"
        verbose_name_plural = "help-line settings"

    def __str__(self):
        return "Help-line settings"

    @property
    def helpline_tel(self) -> str:
        """The number as a tel: URI target (digits and a leading +)."""
        return tel_target(self.helpline_number)

    def rules(self) -> HelpLineRules:
        """The plain values the slot rules run on."""
        closed_dates, partial_closures = closure_rules(self.closures)
        return HelpLineRules(
            time_zone=ZoneInfo(self.time_zone),
            opening_hours=tuple(opening_ranges(self.opening_hours)),
            closures=closed_dates,
            partial_closures=partial_closures,
            slot_minutes=self.slot_minutes,
            slot_capacity=self.slot_capacity,
            min_notice_minutes=self.min_notice_minutes,
            horizon_days=self.horizon_days,
        )
