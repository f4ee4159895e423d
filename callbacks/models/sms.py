"""Text messages to readers: one row per message, and the numbers that asked for no more.

State only: callbacks/texts/ creates, claims and updates these rows,
and callbacks/texts/gateway.py is what talks to Twilio. The row is the message's own
record of where it is, kept apart from the task that sends it, so that a
worker killed mid-task cannot lose a message (the sweep finds the row) and a
task run twice cannot send it twice (the row is claimed first).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from callbacks.models.booking import PHONE_MAX_LENGTH, CallbackRequest


class SmsKind(models.TextChoices):
    CONFIRMATION = "confirmation", "Booking confirmation"
    REMINDER = "reminder", "Reminder"
    MISSED_CALL = "missed_call", "We tried to call you"
    CANCELLATION = "cancellation", "Cancellation"
    MOVED = "moved", "Your callback has moved"
    # To the owner of a number someone typed into the form while it had an open booking.
    REPEAT_BOOKING = "repeat_booking", "Already booked"
    # Staff booked a follow-up call from the reader's request.
    FOLLOW_UP = "follow_up", "Follow-up booked"


class SmsStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to send"
    SENT = "sent", "Sent"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Failed"
    UNDELIVERABLE = "undeliverable", "Undeliverable"
    SKIPPED = "skipped", "Not sent"


# How far along a message is. A status only ever moves to a higher rank, so a
# late or repeated delivery report cannot undo a later one ("delivered" is
# never overwritten by a "sent" that arrives after it).
STATUS_RANK = {
    SmsStatus.QUEUED: 0,
    SmsStatus.SENT: 1,
    SmsStatus.DELIVERED: 2,
    SmsStatus.FAILED: 2,
    SmsStatus.UNDELIVERABLE: 2,
    SmsStatus.SKIPPED: 2,
}
FINISHED_STATUSES = tuple(status for status, rank in STATUS_RANK.items() if rank == 2)


class SmsMessage(models.Model):
    """One text to the reader of a request: at most one of each kind waiting to go per request.

    A request has one of each kind, except that moving a booking queues a
    "moved" text and a new reminder, and marks the ones they replace as not
    sent: so the task that sends a kind (it carries the request and the kind)
    always finds the one waiting, and the older rows stay as history.

    The body is written when the message is queued, so staff see exactly what
    the reader gets (or would get, with the console backend), and every retry
    sends the same words. It never holds the topic or note; the number it goes
    to is read from the request at send time and is not copied here.
    """

    request = models.ForeignKey(CallbackRequest, on_delete=models.CASCADE, related_name="sms_messages")
    kind = models.CharField(max_length=16, choices=SmsKind.choices)
    status = models.CharField(max_length=16, choices=SmsStatus.choices, default=SmsStatus.QUEUED)
    body = models.TextField(blank=True)
    backend = models.CharField(max_length=10, blank=True, help_text="twilio or console: what sent it.")
    due_at = models.DateTimeField(help_text="When the next attempt is due (UTC).")
    attempts = models.PositiveSmallIntegerField(default=0)
    sending_since = models.DateTimeField(
        null=True, blank=True, help_text="Set while a worker is handing the message to the provider."
    )
    last_enqueued_at = models.DateTimeField(help_text="When a task to send it was last queued.")
    twilio_sid = models.CharField("Twilio SID", max_length=64, blank=True)
    error_code = models.CharField(max_length=16, blank=True, help_text="Twilio's error code, or timeout.")
    error_message = models.CharField(max_length=200, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The member of staff who sent it, for texts staff send.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "kind"], condition=Q(status="queued"), name="callbacks_one_waiting_sms_per_kind"
            ),
            models.UniqueConstraint(
                fields=["twilio_sid"], condition=~Q(twilio_sid=""), name="callbacks_sms_twilio_sid_unique"
            ),
        ]
        indexes = [
            # The sweep looks for messages still waiting well after they were due.
            models.Index(fields=["due_at"], condition=Q(status="queued"), name="callbacks_sms_waiting_idx"),
            models.Index(fields=["-created_at"], name="callbacks_sms_outbox_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.request_id}"

    @property
    def in_flight(self) -> bool:
        return self.status == SmsStatus.QUEUED and self.sending_since is not None


class SmsOptOut(models.Model):
    """A number that must not be texted again: its owner replied STOP (Twilio error 21610).

    Kept by number, not by request, so that a later booking from the same
    number is not texted either, and kept when requests are erased.
    """

    phone = models.CharField(max_length=PHONE_MAX_LENGTH, unique=True, help_text="E.164.")
    created_at = models.DateTimeField(default=timezone.now)
    error_code = models.CharField(max_length=16, blank=True)

    class Meta:
        verbose_name = "SMS opt-out"

    def __str__(self):
        return f"Opt-out {self.pk}"


# Twilio joins a long text into one inbound message of at most ten segments.
REPLY_MAX_LENGTH = 1600


class SmsReply(models.Model):
    """A reader's reply to one of our texts that is not a keyword (STOP, START, HELP...), for staff to read.

    Kept on the reader's open request when the number has one, else
    unmatched (request empty) for the outbox. The number and the words are
    personal data: blanked when the request is purged, or, unmatched, after
    the same retention; never written to a log.
    """

    request = models.ForeignKey(
        CallbackRequest, null=True, blank=True, on_delete=models.CASCADE, related_name="sms_replies"
    )
    phone = models.CharField(max_length=PHONE_MAX_LENGTH, blank=True, help_text="E.164; blank once purged.")
    body = models.TextField(blank=True, max_length=REPLY_MAX_LENGTH)
    twilio_sid = models.CharField("Twilio SID", max_length=64, unique=True)
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "SMS reply"
        verbose_name_plural = "SMS replies"
        ordering = ["received_at", "pk"]
        indexes = [
            models.Index(
                fields=["-received_at"], condition=Q(request__isnull=True), name="callbacks_reply_unmatched_idx"
            ),
        ]

    def __str__(self):
        return f"Reply {self.pk}"
