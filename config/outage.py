"""What readers get while the database is down: a plain 503 page with the help-line number.

The help line matters most exactly when the website fails, so the page names
the number without a query (callbacks.help_line.number_without_database): the
one this request already read, else the one kept in the cache when editors
last saved the help-line settings, else HELPLINE_FALLBACK_NUMBER from the
environment. It renders templates/503.html with no context processors and no
request, since everything those might touch could be what is down. It lives in
the project package because it joins the apps: home imports no other app.

Two ways in, because a failing database can surface in two places:
`DatabaseUnavailableMiddleware` catches it in views and templates (one
warning per outage per process, and one line when the database answers
again, not a line or a traceback per request), and `server_error` (handler500) catches it
in middleware that touches the database on its own, such as sessions. Nothing
is kept between requests: Django drops a connection that failed, the next
request opens a new one, and the site is back as soon as the database is.
A booking that fails half way is one transaction (callbacks/booking/services.py), so
the database rolls it back and the page tells the reader that nothing was saved.
"""

import logging
import sys

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.utils.cache import add_never_cache_headers

from callbacks.help_line import number_without_database
from callbacks.models import tel_target
from home.outage import is_database_outage
from home.outage_log import OutageLog

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
# A web process answers every request 503 during an outage: it says so once, and once when it is over.
database_outage = OutageLog(logger=logger, what="database", meanwhile="readers get the 503 page with the number")


def helpline_contact(request=None) -> tuple[str, str]:
    """(number as shown, number for a tel: link), without touching the database."""
    number = number_without_database(request) or settings.HELPLINE_FALLBACK_NUMBER
    return number, tel_target(number)


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
        response = self.get_response(request)
        # Only while this process believes the database is down: one query tells whether it is back.
        if database_outage.down and database_answers():
            database_outage.succeeded()
        return response

    def process_exception(self, request, exception):
        if not is_database_outage(exception):
            return None
        database_outage.failed(exception)
        return database_unavailable_response(request)


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return False
    return True


def server_error(request):
    """handler500: the 503 page for a database outage raised outside views, else the plain 500 page."""
    error = sys.exc_info()[1]
    if is_database_outage(error):
        database_outage.failed(error)
        return database_unavailable_response(request)
    number, tel = helpline_contact(request)
    return HttpResponseServerError(
        loader.get_template("500.html").render({"helpline_number": number, "helpline_tel": tel})
    )
