"""One callback request: what the reader gave, the calls so far, the actions, and its history.

Opening the detail writes an audit entry (who saw a reader's details is part
of the record), through a service like every other write. The page only
offers the actions the services would accept, but the services decide: a
page left open while a colleague acts can still post, and gets a clear
message instead of a change.
"""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.widgets.button import HeaderButton

from callbacks.booking import selectors as booking_selectors
from callbacks.booking.phone import display_uk_phone
from callbacks.exceptions import CallbackError
from callbacks.models import AttemptOutcome, CallbackRequest, Status
from callbacks.queue import follow_ups, services
from callbacks.queue import selectors as queue_selectors
from callbacks.queue.caller_history import caller_history
from callbacks.queue.services import CONVERSATION_OUTCOMES
from callbacks.queue.views.forms import (
    AttemptForm,
    CancelForm,
    CompleteForm,
    FollowUpForm,
    ReassignForm,
    UrgencyForm,
)
from callbacks.queue.views.sms_section import sms_section_context
from callbacks.queue.views.timing import row_timing
from callbacks.wording import slot_sentence

INDEX_BREADCRUMB = {"url": "callback_queue:index", "label": "Callbacks"}
# Extra sections of the detail page, in order, each a template given the
# request as `callback_request`.
DETAIL_SECTIONS = [
    "callbacks/admin/includes/attempts.html",
    "callbacks/admin/includes/caller_history.html",
    "callbacks/admin/includes/sms_messages.html",
]


def queue_breadcrumbs(*items: dict) -> list[dict]:
    return [
        *WagtailAdminTemplateMixin.breadcrumbs_items,
        {"url": reverse(INDEX_BREADCRUMB["url"]), "label": INDEX_BREADCRUMB["label"]},
        *items,
    ]


class RequestDetailView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "callbacks/admin/detail.html"
    page_title = "Callback request"
    header_icon = "tasks"
    detail_sections = DETAIL_SECTIONS
    # Bound, with its errors, when a follow-up could not be booked; a fresh form otherwise.
    follow_up_form = None

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.now = timezone.now()
        self.rules = queue_selectors.queue_rules(request)

    @cached_property
    def object(self) -> CallbackRequest:
        callback_request = queue_selectors.request_for_detail(
            self.kwargs["pk"], now=self.now, claim_lapse=self.rules.claim_lapse
        )
        if callback_request is None:
            raise Http404("No callback request has that id.")
        return callback_request

    @cached_property
    def caller_history(self) -> list[CallbackRequest]:
        return caller_history(self.object, now=self.now, request=self.request)

    def get(self, request, *args, **kwargs):
        services.log_callback_viewed(callback_request=self.object, user=request.user, history=self.caller_history)
        return super().get(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.object.reference

    def get_breadcrumbs_items(self):
        return queue_breadcrumbs({"url": "", "label": self.object.reference})

    @cached_property
    def header_buttons(self):
        return [HeaderButton("History", url=self.url("history"), icon_name="history")]

    def url(self, name: str) -> str:
        return reverse(f"callback_queue:{name}", args=[self.object.pk])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        callback_request = self.object
        user = self.request.user
        attempts = list(callback_request.attempts.all())
        holds_claim = callback_request.status == Status.CLAIMED and (
            callback_request.claimed_by_id == user.pk or user.is_superuser
        )
        timing = row_timing(callback_request, now=self.now, rules=self.rules)
        follow_up_form = self.follow_up_form
        if follow_up_form is None and holds_claim:
            follow_up_form = FollowUpForm(auto_id="follow_up_%s", days=self.follow_up_days())
        context.update(
            {
                "callback_request": callback_request,
                "follow_up_form": follow_up_form,
                "follow_ups": queue_selectors.follow_ups_of(callback_request),
                "attempts": attempts,
                "caller_history": self.caller_history,
                "timing": timing,
                "slot_text": slot_sentence(
                    callback_request.slot_start, callback_request.slot_end, self.rules.time_zone
                ),
                "phone_display": display_uk_phone(callback_request.phone),
                "claimed_by_name": queue_selectors.claimed_by_display(callback_request),
                "claimed_by_me": callback_request.claimed_by_id == user.pk,
                "attempt_limit": self.rules.attempt_limit,
                "can_claim": callback_request.status == Status.QUEUED
                or (callback_request.status == Status.CLAIMED and timing.lapsed and not holds_claim),
                "holds_claim": holds_claim,
                "can_complete": any(a.outcome in CONVERSATION_OUTCOMES for a in attempts),
                "can_close_unreachable": len(attempts) >= self.rules.attempt_limit
                or any(a.outcome == AttemptOutcome.WRONG_NUMBER for a in attempts),
                "attempt_form": AttemptForm(auto_id="attempt_%s"),
                "complete_form": CompleteForm(auto_id="complete_%s"),
                "urgency_form": UrgencyForm(auto_id="urgency_%s", initial={"urgency": callback_request.urgency}),
                "cancel_form": CancelForm(auto_id="cancel_%s"),
                "reassign_form": ReassignForm(auto_id="reassign_%s", exclude_user_id=callback_request.claimed_by_id),
                "action_urls": {
                    name: self.url(name)
                    for name in (
                        "claim",
                        "record_attempt",
                        "complete",
                        "unreachable",
                        "release",
                        "reassign",
                        "cancel",
                        "urgency",
                        "send_missed_call",
                        "follow_up",
                    )
                },
                "history_link": self.url("history"),
                "detail_sections": self.detail_sections,
                "time_zone": self.rules.time_zone,
                **sms_section_context(callback_request, holds_claim=holds_claim),
            }
        )
        return context

    def follow_up_days(self):
        """The days with a free place, for the follow-up form (one query)."""
        return booking_selectors.available_days(rules=self.rules.opening, now=self.now)


class FollowUpView(RequestDetailView):
    """Book a follow-up from the request's page: on success back to the page with a message; on a
    refusal or bad input, the page again with the form as typed and the reason beside it (never a 500)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = FollowUpForm(request.POST, auto_id="follow_up_%s", days=self.follow_up_days())
        if form.is_valid():
            try:
                follow_up = follow_ups.book_follow_up(
                    callback_request=self.object,
                    user=request.user,
                    slot_start=form.cleaned_data["slot"],
                    note=form.cleaned_data["note"],
                    now=self.now,
                )
            except CallbackError as error:
                form.add_error("slot", str(error))
            except ValidationError as error:
                form.add_error(None, error)
            else:
                when = slot_sentence(follow_up.slot_start, follow_up.slot_end, self.rules.time_zone)
                messages.success(request, f"Follow-up {follow_up.reference} booked for {when}.")
                return redirect(self.url("detail"))
        messages.error(request, "The follow-up call was not booked. See the reason under “Book a follow-up”.")
        self.follow_up_form = form
        return self.render_to_response(self.get_context_data(**kwargs))


class RequestHistoryView(HistoryView):
    """Wagtail's history listing for one request: every audit entry, filterable by action, user and date.

    Access is decided at the URL (help-line staff only), so the model
    permission check of the generic view is switched off.
    """

    model = CallbackRequest
    any_permission_required = None
    history_url_name = "callback_queue:history"
    history_results_url_name = "callback_queue:history_results"
    edit_url_name = "callback_queue:detail"
    index_url_name = "callback_queue:index"
    header_icon = "history"

    @cached_property
    def permission_policy(self):
        return None

    @cached_property
    def header_buttons(self):
        return [HeaderButton("Request details", url=self.get_edit_url(self.object), icon_name="arrow-left")]
