"""What readers get while the database is down: a plain 503 page with the help-line number.

The help line matters most exactly when the website fails, so the page names
the number: the one editors last saved, if the cache still holds it (kept
there after each save of the help-line settings commits, see
`keep_saved_helpline_number`), else HELPLINE_FALLBACK_NUMBER from the environment. It
renders templates/503.html with no context processors and no request, since
everything those might touch could be what is down.

Two ways in, because a failing database can surface in two places:
`DatabaseUnavailableMiddleware` catches it in views and templates (logging one
line, not a traceback per request), and `server_error` (handler500) catches it
in middleware that touches the database on its own, such as sessions. Nothing
is kept between requests: Django drops a connection that failed, the next
request opens a new one, and the site is back as soon as the database is.
A booking that fails half way is one transaction (callbacks/booking/services.py), so
the database rolls it back and the page tells the reader that nothing was saved.
"""

import logging
import sys

from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, transaction
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

# The setting that holds the number, named rather than imported: home depends on no other app.
HELPLINE_SETTINGS_MODEL = "callbacks.HelpLineSettings"
RETRY_AFTER_SECONDS = 30
SAVED_NUMBER_KEY = "outage:helpline-number:{site_id}"


def is_database_outage(error: BaseException | None) -> bool:
    """Whether `error` (or what it was raised from) means the database could not be reached or used."""
    for _depth in range(5):
        if error is None:
            return False
        if isinstance(error, OperationalError | InterfaceError):
            return True
        error = error.__cause__ or error.__context__
    return False


def helpline_contact(request=None) -> tuple[str, str]:
    """(number as shown, number for a tel: link), without touching the database."""
    number = _cached_helpline_number(request) or settings.HELPLINE_FALLBACK_NUMBER
    return number, "".join(ch for ch in number if ch.isdigit() or ch == "+")


def _cached_helpline_number(request) -> str:
    """The number last saved in the help-line settings of the request's site (or any site), if cached."""
    try:
        from wagtail.models.sites import SITE_ROOT_PATHS_CACHE_KEY, SITE_ROOT_PATHS_CACHE_VERSION

        root_paths = cache.get(SITE_ROOT_PATHS_CACHE_KEY, version=SITE_ROOT_PATHS_CACHE_VERSION) or []
        host = request.get_host().split(":")[0] if request is not None else ""
        # This request's site first, then any other.
        root_paths = sorted(root_paths, key=lambda root: host not in root.root_url)
        keys = [SAVED_NUMBER_KEY.format(site_id=root.site_id) for root in root_paths]
        found = cache.get_many(keys) if keys else {}
        for key in keys:
            if found.get(key):
                return found[key]
    except Exception:
        logger.warning("No cached help-line number for the outage page.", exc_info=True)
    return ""


def keep_saved_helpline_number(sender, instance, **kwargs) -> None:
    """post_save receiver: once a save of the help-line settings commits, keep its number for outages."""
    if instance._meta.label != HELPLINE_SETTINGS_MODEL:
        return
    key = SAVED_NUMBER_KEY.format(site_id=instance.site_id)
    number = instance.helpline_number
    transaction.on_commit(lambda: cache.set(key, number, timeout=None), robust=True)


def database_unavailable_response(request) -> HttpResponse:
    number, tel = helpline_contact(request)
    posted = request is not None and request.method == "POST"
    body = loader.get_template("503.html").render({"helpline_number": number, "helpline_tel": tel, "posted": posted})
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


class DatabaseUnavailableMiddleware:
    """Turn a database outage in a view or template into the 503 page (process_exception)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_database_outage(exception):
            return None
        logger.error("Database unavailable; answered 503: %s", exception)
        return database_unavailable_response(request)


def server_error(request):
    """handler500: the 503 page for a database outage raised outside views, else the plain 500 page."""
    if is_database_outage(sys.exc_info()[1]):
        return database_unavailable_response(request)
    return HttpResponseServerError(loader.get_template("500.html").render())
