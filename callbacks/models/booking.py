"""Slots, callback requests and call attempts: state only.

Every change of state goes through a service (callbacks/booking/, queue/, texts/). The database itself
guards what must never happen even if some code path forgets a rule: a slot
booked beyond its capacity, two open requests for one phone number, a closed
request without a closing time.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from callbacks.booking.references import REFERENCE_LENGTH, new_reference
from callbacks.models.communication import CommunicationNeeds


class CallbackSlot(models.Model):
    """The capacity counter for one slot start: how many places are taken.

    A row exists only once someone has tried to book the slot; an unbooked
    slot is simply absent. Bookings take a place with a conditional UPDATE on
    `booked`, which is why the counter lives on its own small row rather than
    being a COUNT over requests.
    """

    start = models.DateTimeField(unique=True, help_text="UTC.")
    end = models.DateTimeField(help_text="UTC.")
    capacity = models.PositiveSmallIntegerField(help_text="Places in force at the latest booking.")
    booked = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(booked__gte=0), name="callbacks_slot_booked_not_negative"),
            models.CheckConstraint(condition=Q(booked__lte=F("capacity")), name="callbacks_slot_not_overbooked"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="callbacks_slot_ends_after_start"),
        ]

    def __str__(self):
        return f"Slot {self.start:%Y-%m-%d %H:%M} UTC ({self.booked}/{self.capacity})"


class Topic(models.TextChoices):
    NEW_OR_WORSENING = "new_or_worsening", "New or worsening pain"
    SCIATICA = "sciatica", "Sciatica"
    LONG_TERM = "long_term", "Living with long-term pain"
    EXERCISE = "exercise", "Exercise and activity"
    TREATMENT = "treatment", "Treatment options"
    WELLBEING = "wellbeing", "Emotional wellbeing"
    OTHER = "other", "Something else"


class Status(models.TextChoices):
    QUEUED = "queued", "Queued"
    CLAIMED = "claimed", "Claimed"
    COMPLETED = "completed", "Completed"
    UNREACHABLE = "unreachable", "Unreachable"
    CANCELLED = "cancelled", "Cancelled"
    # Still open days after its slot ended: closed by `purge_callbacks` so that its details are erased in turn.
    EXPIRED = "expired", "Expired"


OPEN_STATUSES = (Status.QUEUED, Status.CLAIMED)
CLOSED_STATUSES = (Status.COMPLETED, Status.UNREACHABLE, Status.CANCELLED, Status.EXPIRED)


class UrgencyReason(models.TextChoices):
    """Why staff moved a request up the queue: fixed wording, so the audit log can name it without personal data."""

    RED_FLAG = "red_flag", "Possible red-flag symptoms"
    SAFEGUARDING = "safeguarding", "Safeguarding concern"
    DISTRESS = "distress", "Caller in distress"
    REPEAT_CALLER = "repeat_caller", "Has tried several times to reach us"
    ACCESS_NEEDS = "access_needs", "Can only take calls at a narrow time"


NOTE_MAX_LENGTH = 500
# E.164: a + and at most 15 digits.
PHONE_MAX_LENGTH = 16


class CallbackRequest(CommunicationNeeds):
    """A reader's request to be called back in a slot, and where staff are with it.

    The slot's times are copied onto the request so the queue can be sorted and
    filtered on this table alone, and so a request keeps the time the reader was
    promised even if the slot grid is later changed.

    Name, phone and note are blank only after `purge_callbacks` has erased them.
    How the reader asks to be spoken to comes from CommunicationNeeds.
    """

    reference = models.CharField(
        max_length=REFERENCE_LENGTH,
        unique=True,
        default=new_reference,
        editable=False,
        help_text="What the reader quotes; short and unguessable.",
    )
    name = models.CharField(max_length=100, blank=True)
    phone = models.CharField(max_length=PHONE_MAX_LENGTH, blank=True, help_text="E.164, for example +447911123456.")
    slot = models.ForeignKey(CallbackSlot, on_delete=models.PROTECT, related_name="requests")
    slot_start = models.DateTimeField(help_text="UTC.")
    slot_end = models.DateTimeField(help_text="UTC.")
    topic = models.CharField(max_length=20, choices=Topic.choices)
    note = models.CharField(max_length=NOTE_MAX_LENGTH, blank=True)
    voicemail_ok = models.BooleanField("may leave a voicemail", default=False)
    may_identify_org = models.BooleanField("may say who we are", default=False)
    sms_opt_in = models.BooleanField("wants text messages", default=False)
    consent_version = models.ForeignKey(
        "callbacks.ConsentVersion",
        on_delete=models.PROTECT,
        related_name="requests",
        help_text="The words the reader agreed to; a version in use can never be deleted.",
    )
    consent_label = models.CharField(
        max_length=20,
        blank=True,
        editable=False,
        help_text="The label editors typed before the wording was kept as versions; blank since.",
    )
    consented_at = models.DateTimeField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="claimed_callbacks",
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(max_length=200, blank=True)
    times_moved = models.PositiveSmallIntegerField(
        default=0, help_text="How often the reader moved it with their manage link (the calendar file's SEQUENCE)."
    )
    created_at = models.DateTimeField(default=timezone.now)
    anonymised_at = models.DateTimeField(null=True, blank=True)
    not_before = models.DateTimeField(
        null=True,
        blank=True,
        help_text="UTC. After an unanswered call: “Take next” leaves the request alone until then.",
    )
    urgency = models.CharField(
        max_length=20,
        choices=UrgencyReason.choices,
        blank=True,
        help_text="Blank for a normal request; the reason it was marked urgent otherwise.",
    )
    priority_due_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="UTC. Urgent requests only: the slot start less the priority boost in force when it was "
        "marked. The queue orders by this, or by the slot start when it is blank.",
    )
    wrap_up_codes = models.ManyToManyField(
        "callbacks.WrapUpCode",
        blank=True,
        related_name="requests",
        help_text="What the call did (advice given, where the reader was signposted), chosen on completing.",
    )
    # Someone typed this request's number into the form again while it was open. Only staff see it:
    # whoever typed it was shown an ordinary confirmation (see the README, "Duplicate bookings").
    repeat_booking_count = models.PositiveSmallIntegerField(default=0)
    last_repeat_booking_at = models.DateTimeField(null=True, blank=True)
    # Booked by staff from this request's page (queue: "Book a follow-up"). PROTECT: requests are never
    # deleted (the purge blanks them and the link, a bare id, stays), and a delete that quietly unlinked a
    # follow-up would turn it into a self-booking under the one-open-request-per-phone rule below.
    follow_up_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_ups",
        help_text="The request from whose call staff booked this one.",
    )

    class Meta:
        constraints = [
            # The duplicate-booking rule lives here, not in a query, so that two
            # simultaneous bookings from one number cannot both get through.
            # Follow-ups are outside it: staff book one during the call, while
            # the reader's own request is still open (see the README).
            models.UniqueConstraint(
                fields=["phone"],
                condition=Q(status__in=OPEN_STATUSES, follow_up_of__isnull=True),
                name="callbacks_one_open_request_per_phone",
            ),
            # ...and have a rule of their own: one open follow-up per number.
            models.UniqueConstraint(
                fields=["phone"],
                condition=Q(status__in=OPEN_STATUSES, follow_up_of__isnull=False),
                name="callbacks_one_open_follow_up_per_phone",
            ),
            models.CheckConstraint(
                condition=Q(status__in=OPEN_STATUSES, closed_at__isnull=True)
                | Q(status__in=CLOSED_STATUSES, closed_at__isnull=False),
                name="callbacks_request_closed_at_matches_status",
            ),
            models.CheckConstraint(condition=Q(slot_end__gt=F("slot_start")), name="callbacks_request_slot_order"),
        ]
        # On PostgreSQL the queue's search also has trigram indexes on name, reference and phone
        # (open requests only), made by migration 0017 since a model cannot declare a PostgreSQL-only index.
        indexes = [
            models.Index(fields=["status", "slot_start"], name="callbacks_queue_idx"),
            models.Index(fields=["status", "closed_at"], name="callbacks_closed_idx"),
            # The staff queue lists open requests by slot: a partial index keeps
            # that an ordered index scan however much closed history piles up.
            models.Index(
                fields=["slot_start", "id"], condition=Q(status__in=OPEN_STATUSES), name="callbacks_open_queue_idx"
            ),
            # The same, in the order "Take next" and the list use (urgent requests moved up), so
            # that order stays an index scan too; see queue.selectors.effective_due.
            models.Index(
                Coalesce("priority_due_at", "slot_start"),
                "id",
                condition=Q(status__in=OPEN_STATUSES),
                name="callbacks_open_priority_idx",
            ),
        ]
        # The staff queue checks this one permission (given to the "Help-line
        # staff" group by migration 0003) rather than the default model
        # permissions, so granting "view callback request" for some other
        # purpose never opens the queue.
        permissions = [("work_callback_queue", "Can work the help-line callback queue")]

    def __str__(self):
        # The reference only: this string ends up in logs and audit entries.
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_urgent(self) -> bool:
        return bool(self.urgency)


class AttemptOutcome(models.TextChoices):
    REACHED = "reached", "Reached"
    NO_ANSWER = "no_answer", "No answer"
    VOICEMAIL_LEFT = "voicemail_left", "Voicemail left"
    WRONG_NUMBER = "wrong_number", "Wrong number"
    DECLINED = "declined", "Declined"


# Calls in which nobody spoke to the reader: the request goes back in the queue to be tried again.
UNANSWERED_OUTCOMES = (AttemptOutcome.NO_ANSWER, AttemptOutcome.VOICEMAIL_LEFT)


class CallAttempt(models.Model):
    """One call a staff member made for a request, and how it went."""

    request = models.ForeignKey(CallbackRequest, on_delete=models.CASCADE, related_name="attempts")
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="callback_attempts",
    )
    made_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(max_length=16, choices=AttemptOutcome.choices)
    note = models.CharField(max_length=1000, blank=True)

    class Meta:
        indexes = [models.Index(fields=["request", "made_at"], name="callbacks_attempt_history_idx")]

    def __str__(self):
        return f"{self.request_id}: {self.get_outcome_display()}"


# How long the readers' and staff's text may be, read from the fields: forms and services check against these.
NAME_MAX_LENGTH = CallbackRequest._meta.get_field("name").max_length
CANCEL_REASON_MAX_LENGTH = CallbackRequest._meta.get_field("cancel_reason").max_length
ATTEMPT_NOTE_MAX_LENGTH = CallAttempt._meta.get_field("note").max_length
