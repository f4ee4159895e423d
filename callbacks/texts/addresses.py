"""The public addresses a text carries: the reader's manage link, under the site's public address.

Texts are sent by a worker with no request to hand, so everything here works
from PUBLIC_BASE_URL and the default site. It imports the page model's module
alone, so the settings form's panel (callbacks/texts/panels.py, declared by
the help-line settings model) can use it without an import cycle.
"""

from django.conf import settings
from django.utils import timezone
from wagtail.models import Site

from callbacks.booking import links
from callbacks.booking.references import new_reference
from callbacks.models.booking import CallbackRequest
from callbacks.models.page import CallbackPage


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


def manage_url(callback_request: CallbackRequest, *, page: CallbackPage | None = None) -> str:
    """The reader's manage link in full, or "" when there is no live callback page to carry it."""
    page = page or callback_page()
    if page is None:
        return ""
    return page_url(page) + page.manage_subpath(callback_request.reference, callback_request.slot_end)


def sample_manage_url() -> str:
    """A manage link of the usual length, for counting segments in the settings form."""
    page = callback_page()
    token = links.manage_token(new_reference(), timezone.now())
    path = page_url(page) if page else public_url("/request-a-callback/")
    return f"{path}manage/{token}/"


def page_url(page: CallbackPage) -> str:
    """The page's URL with a trailing slash: under PUBLIC_BASE_URL when set, else the Wagtail site's."""
    _site_id, root_url, page_path = page.get_url_parts()
    base = settings.PUBLIC_BASE_URL.rstrip("/") or (root_url or "").rstrip("/")
    return base + (page_path or "/")
