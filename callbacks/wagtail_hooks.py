"""The callbacks app in the Wagtail admin: the staff queue, its dashboard panel and its audit trail.

CallbackRequest is deliberately not a snippet, not indexed for search and not
given a ModelViewSet: readers' details are reachable only through the queue's
own views, which check the queue permission on every URL.
"""

from datetime import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.timezone import localtime
from wagtail import hooks
from wagtail.admin.admin_url_finder import register_admin_url_finder
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from callbacks.audit import AuditAction
from callbacks.booking.consent import consent_version_for
from callbacks.models import AttemptOutcome, CallbackRequest, HelpLineSettings, UrgencyReason, WrapUpCode
from callbacks.queue.access import can_work_queue
from callbacks.queue.views.panels import QueueDashboardPanel
from callbacks.queue.views.viewset import CallbackQueueViewSet


@hooks.register("after_edit_setting")
def keep_consent_wording_as_a_version(request, instance):
    """Saving help-line settings with new consent wording numbers it as a version, once the save is committed."""
    if isinstance(instance, HelpLineSettings):
        text = instance.consent_text
        transaction.on_commit(lambda: consent_version_for(text=text, now=timezone.now()))


@hooks.register("register_admin_viewset")
def register_callback_queue():
    return CallbackQueueViewSet()


@hooks.register("construct_homepage_panels")
def add_callback_queue_panel(request, panels):
    if can_work_queue(request.user):
        panels.append(QueueDashboardPanel())


class WrapUpCodeViewSet(SnippetViewSet):
    """Snippets > Wrap-up codes: the list staff choose from when they complete a request."""

    model = WrapUpCode
    icon = "tag"
    menu_label = "Wrap-up codes"
    list_display = ["name", "description", "sort_order", "in_use"]
    list_filter = ["in_use"]


register_snippet(WrapUpCodeViewSet)


class CallbackRequestURLFinder:
    """Links audit entries (Reports > Site history) to the request's detail, for those who may open it."""

    def __init__(self, user=None):
        self.user = user

    def get_edit_url(self, instance):
        if self.user is not None and not can_work_queue(self.user):
            return None
        return reverse("callback_queue:detail", args=[instance.pk])


register_admin_url_finder(CallbackRequest, CallbackRequestURLFinder)


def retry_phrase(data: dict) -> str:
    """ "; back in the queue, not before Mon 23 Nov 11:30" for an attempt entry that released the request."""
    try:
        not_before = localtime(datetime.fromisoformat(data["not_before"]))
    except (KeyError, TypeError, ValueError):
        return ""
    chosen = " (time chosen by staff)" if data.get("chosen_by_staff") else ""
    return f"; back in the queue, not before {not_before:%a %d %b %H:%M}{chosen}"


@hooks.register("register_log_actions")
def register_callback_queue_actions(actions):
    """Labels (for filters) and messages (for history lists) of the queue's audit entries.

    Messages are built from the entry's data, which holds outcomes and staff
    names only: never a reader's name, number or note.
    """
    actions.register_action(AuditAction.VIEW, "View callback request", "Opened the request's details")
    actions.register_action(AuditAction.CANCEL, "Cancel callback (staff)", "Cancelled by staff")
    actions.register_action(
        AuditAction.EXPIRE, "Close callback as expired", "Closed as expired: still open days after its slot ended"
    )
    actions.register_action(
        AuditAction.ANONYMISE, "Erase callback details", "Name, number and notes erased (retention period over)"
    )
    actions.register_action(
        AuditAction.SMS_MISSED_CALL, "Text “we tried to call you”", "Sent the reader a “we tried to call you” text"
    )

    @actions.register_action(AuditAction.CLAIM)
    class ClaimFormatter(LogFormatter):
        label = "Claim callback request"

        def format_message(self, log_entry):
            lapsed_from = log_entry.data.get("lapsed_from")
            return f"Claimed (the claim of {lapsed_from} had lapsed)" if lapsed_from else "Claimed"

    @actions.register_action(AuditAction.ATTEMPT)
    class AttemptFormatter(LogFormatter):
        label = "Log call attempt"

        def format_message(self, log_entry):
            outcome = log_entry.data.get("outcome", "")
            label = AttemptOutcome(outcome).label if outcome in AttemptOutcome.values else outcome
            number = log_entry.data.get("number")
            message = f"Call attempt {number}: {label}" if number else f"Call attempt: {label}"
            return message + retry_phrase(log_entry.data)

    @actions.register_action(AuditAction.UNREACHABLE)
    class UnreachableFormatter(LogFormatter):
        label = "Close callback as unreachable"

        def format_message(self, log_entry):
            attempts = log_entry.data.get("attempts")
            message = f"Closed as unreachable after {attempts} attempts" if attempts else "Closed as unreachable"
            return f"{message} (the attempt limit)" if log_entry.data.get("automatic") else message

    @actions.register_action(AuditAction.COMPLETE)
    class CompleteFormatter(LogFormatter):
        label = "Close callback as completed"

        def format_message(self, log_entry):
            codes = log_entry.data.get("wrap_up_codes")
            return f"Closed as completed: {', '.join(codes)}" if codes else "Closed as completed"

    @actions.register_action(AuditAction.URGENCY)
    class UrgencyFormatter(LogFormatter):
        label = "Change callback priority"

        def format_message(self, log_entry):
            urgency = log_entry.data.get("urgency", "")
            if urgency in UrgencyReason.values:
                return f"Marked urgent: {UrgencyReason(urgency).label}"
            return "Marked not urgent"

    @actions.register_action(AuditAction.RELEASE)
    class ReleaseFormatter(LogFormatter):
        label = "Release callback request"

        def format_message(self, log_entry):
            released_from = log_entry.data.get("released_from")
            return f"Released back to the queue (was claimed by {released_from})" if released_from else "Released"

    @actions.register_action(AuditAction.REASSIGN)
    class ReassignFormatter(LogFormatter):
        label = "Reassign callback request"

        def format_message(self, log_entry):
            return f"Reassigned from {log_entry.data.get('from_user', '?')} to {log_entry.data.get('to_user', '?')}"

    @actions.register_action(AuditAction.FOLLOW_UP_BOOKED)
    class FollowUpBookedFormatter(LogFormatter):
        label = "Book follow-up callback"

        def format_message(self, log_entry):
            return f"Booked a follow-up call: {log_entry.data.get('follow_up', '?')}"

    @actions.register_action(AuditAction.FOLLOW_UP_CREATED)
    class FollowUpCreatedFormatter(LogFormatter):
        label = "Follow-up callback created"

        def format_message(self, log_entry):
            return f"Booked by staff as a follow-up of {log_entry.data.get('follow_up_of', '?')}"
