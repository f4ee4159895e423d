"""Text messages in the staff queue: the section on a request's detail, the "we tried to call you"
action, and the outbox of every text.

The outbox is the SmsMessage rows themselves: with the console backend it is
where the texts a reader would have received can be read; with Twilio it
shows what went, when, and what came back.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from callbacks.models import SmsKind, SmsStatus
from callbacks.queue import selectors as queue_selectors
from callbacks.queue.views.actions import RequestActionView
from callbacks.queue.views.detail import queue_breadcrumbs
from callbacks.queue.views.sms_section import message_row
from callbacks.texts import gateway, services
from callbacks.texts import selectors as text_selectors


class SendMissedCallView(RequestActionView):
    """Text the reader "we tried to call you" (POST only, like the queue's other actions)."""

    success_message = "A “we tried to call you” text to the reader of {reference} is on its way."

    def perform(self, callback_request, **arguments):
        return services.send_missed_call_text(callback_request=callback_request, **arguments)


class OutboxView(WagtailAdminTemplateMixin, TemplateView):
    """Every text message, newest first, with its words, status and the request it belongs to;
    and the latest replies that belong to no open request."""

    template_name = "callbacks/admin/outbox.html"
    page_title = "Text messages"
    header_icon = "mail"
    paginate_by = text_selectors.OUTBOX_PAGE_SIZE

    @cached_property
    def breadcrumbs_items(self):
        return queue_breadcrumbs({"url": "", "label": self.page_title})

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = self.request.GET.get("status", "")
        if status not in SmsStatus.values:
            status = ""
        page = Paginator(text_selectors.outbox(status=status), self.paginate_by).get_page(self.request.GET.get("p"))
        context.update(
            {
                "page_obj": page,
                "rows": [message_row(message) for message in page.object_list],
                "unmatched_replies": text_selectors.unmatched_replies(),
                "status": status,
                "status_choices": SmsStatus.choices,
                "kinds": SmsKind,
                "sms_backend": gateway.backend(),
                "time_zone": queue_selectors.queue_rules().time_zone,
            }
        )
        return context
