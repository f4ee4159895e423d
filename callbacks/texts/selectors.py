"""Reads for text messages: the settings they follow, the public URLs they carry, and the staff lists.

Texts are sent by a worker with no request to hand, so everything here works
from settings and the default site. The help-line settings (wording, reminder
time, zone) come from callbacks.help_line.current_help_line, read from the
database each time, so a worker never keeps old wording.
"""

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from callbacks.booking import links
from callbacks.booking.references import new_reference
from callbacks.models import CallbackPage, CallbackRequest, SmsMessage, SmsOptOut

OUTBOX_PAGE_SIZE = 50


def public_base_url() -> str:
    """ "https://www.example.org": PUBLIC_BASE_URL, else the default Wagtail site's root URL."""
    if settings.PUBLIC_BASE_URL:
        return settings.PUBLIC_BASE_URL.rstrip("/")
    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url.rstrip("/") if site else ""


def public_url(path: str) -> str:
    return public_base_url() + path


def callback_page() -> CallbackPage | None:
    return CallbackPage.objects.live().order_by("pk").first()


def cancel_url(callback_request: CallbackRequest, *, page: CallbackPage | None = None) -> str:
    """The reader's cancel link in full, or "" when there is no live callback page to carry it."""
    page = page or callback_page()
    if page is None:
        return ""
    token = links.cancel_token(callback_request.reference, callback_request.slot_end)
    return _page_url(page) + page.reverse_subpage("cancel", args=[token]).lstrip("/")


def sample_cancel_url() -> str:
    """A cancel link of the usual length, for counting segments in the settings form."""
    page = callback_page()
    token = links.cancel_token(new_reference(), timezone.now())
    path = _page_url(page) if page else public_url("/request-a-callback/")
    return f"{path}cancel/{token}/"


def status_callback_url(message: SmsMessage) -> str:
    """Where Twilio reports this message's delivery status."""
    return public_url(reverse("callbacks_webhooks:twilio_status", args=[message.pk]))


def is_opted_out(phone: str) -> bool:
    return bool(phone) and SmsOptOut.objects.filter(phone=phone).exists()


def messages_for_request(callback_request: CallbackRequest) -> list[SmsMessage]:
    return list(callback_request.sms_messages.select_related("requested_by").order_by("created_at", "pk"))


def outbox(*, status: str = "") -> QuerySet[SmsMessage]:
    """Every text, newest first, with its request's reference (for the staff outbox)."""
    messages = SmsMessage.objects.select_related("request").order_by("-created_at", "-pk")
    return messages.filter(status=status) if status else messages


def _page_url(page: CallbackPage) -> str:
    """The page's URL with a trailing slash: under PUBLIC_BASE_URL when set, else the Wagtail site's."""
    _site_id, root_url, page_path = page.get_url_parts()
    base = settings.PUBLIC_BASE_URL.rstrip("/") or (root_url or "").rstrip("/")
    return base + (page_path or "/")
