"""The queue's POST-only actions: each reads its form, calls one service, and redirects with a message.

The views decide nothing about transitions: the services check the request's
state under a lock and raise a CallbackError (or a ValidationError for bad
input), which is shown to the staff member as an error message. Every action
redirects (Post/Redirect/Get), so a reload never repeats it.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from wagtail.admin import messages

from callbacks.exceptions import CallbackError
from callbacks.models import CallbackRequest, Status
from callbacks.queue import selectors as queue_selectors
from callbacks.queue import services
from callbacks.queue.views.forms import AttemptForm, CancelForm, CompleteForm, ReassignForm, UrgencyForm
from callbacks.queue.views.timing import next_try_label


def detail_url(callback_request: CallbackRequest) -> str:
    return reverse("callback_queue:detail", args=[callback_request.pk])


class TakeNextView(View):
    """ "Take next": claim the earliest due request nobody holds and open it."""

    http_method_names = ["post"]

    def post(self, request):
        try:
            claimed = services.claim_next(user=request.user, now=timezone.now())
        except CallbackError as error:
            messages.error(request, str(error))
            return redirect("callback_queue:index")
        if claimed is None:
            messages.info(request, "Nothing is waiting: every due callback request is claimed or closed.")
            return redirect("callback_queue:index")
        messages.success(request, f"You have claimed {claimed.reference}. It's yours until you close or release it.")
        return redirect(detail_url(claimed))


class RequestActionView(View):
    """One action on one request, named by its id in the URL; subclasses name the service and the wording."""

    http_method_names = ["post"]
    form_class = None
    success_message = ""

    def post(self, request, pk):
        callback_request = get_object_or_404(CallbackRequest, pk=pk)
        form = self.get_form(callback_request)
        if form is not None and not form.is_valid():
            messages.error(request, form_errors(form))
            return redirect(detail_url(callback_request))
        arguments = form.cleaned_data if form is not None else {}
        try:
            result = self.perform(callback_request, user=request.user, now=timezone.now(), **arguments)
        except CallbackError as error:
            messages.error(request, str(error))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, self.success_message.format(reference=callback_request.reference))
            return redirect(self.get_success_url(result, callback_request))
        return redirect(detail_url(callback_request))

    def get_form(self, callback_request):
        return self.form_class(self.request.POST) if self.form_class else None

    def perform(self, callback_request, **arguments):
        raise NotImplementedError

    def get_success_url(self, result, callback_request) -> str:
        return detail_url(callback_request)


class ClaimView(RequestActionView):
    success_message = "You have claimed {reference}."

    def perform(self, callback_request, **arguments):
        return services.claim_callback(callback_request=callback_request, **arguments)


class RecordAttemptView(RequestActionView):
    """Log a call; after an unanswered one the request has left this member of staff, so go back to the list."""

    form_class = AttemptForm
    success_message = "Call attempt logged for {reference}."

    def perform(self, callback_request, **arguments):
        attempt = services.record_attempt(callback_request=callback_request, **arguments)
        callback_request = attempt.request
        if callback_request.status == Status.UNREACHABLE:
            self.success_message = "Call attempt logged. {reference} has had every try and is closed as unreachable."
        elif callback_request.status == Status.QUEUED:
            next_try = next_try_label(callback_request, now=arguments["now"], rules=queue_selectors.queue_rules())
            retry = f"from {next_try}" if next_try else "now"
            self.success_message = f"Call attempt logged. {{reference}} is back in the queue, to try again {retry}."
        return callback_request

    def get_success_url(self, result, callback_request):
        return detail_url(callback_request) if result.status == Status.CLAIMED else reverse("callback_queue:index")


class CompleteView(RequestActionView):
    form_class = CompleteForm
    success_message = "{reference} is closed as completed."

    def perform(self, callback_request, **arguments):
        return services.complete_callback(callback_request=callback_request, **arguments)

    def get_success_url(self, result, callback_request):
        return reverse("callback_queue:index")


class UnreachableView(CompleteView):
    form_class = None
    success_message = "{reference} is closed as unreachable."

    def perform(self, callback_request, **arguments):
        return services.mark_unreachable(callback_request=callback_request, **arguments)


class ReleaseView(CompleteView):
    form_class = None
    success_message = "{reference} is back in the queue for anyone to take."

    def perform(self, callback_request, **arguments):
        return services.release_callback(callback_request=callback_request, **arguments)


class UrgencyView(RequestActionView):
    form_class = UrgencyForm
    success_message = "The priority of {reference} is saved."

    def perform(self, callback_request, **arguments):
        return services.set_urgency(callback_request=callback_request, **arguments)


class ReassignView(RequestActionView):
    form_class = ReassignForm
    success_message = "{reference} has been given to a colleague."

    def get_form(self, callback_request):
        return ReassignForm(self.request.POST, exclude_user_id=callback_request.claimed_by_id)

    def perform(self, callback_request, *, to_user, **arguments):
        return services.reassign_callback(callback_request=callback_request, to_user=to_user, **arguments)

    def get_success_url(self, result, callback_request):
        return reverse("callback_queue:index")


class CancelView(CompleteView):
    form_class = CancelForm
    success_message = "{reference} is cancelled and its place in the slot given back."

    def perform(self, callback_request, **arguments):
        return services.staff_cancel_callback(callback_request=callback_request, **arguments)


def form_errors(form) -> str:
    """A form's errors as one sentence for a message: the action forms are short and shown again on the page."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        parts.append(f"{label}: {' '.join(errors)}" if label else " ".join(errors))
    return " ".join(parts)
