"""Requests this site cannot read: a plain 400 page with the help-line number, never a 500.

`bad_request` is handler400: Django calls it for a request it refuses (a form
too big, too many fields, an unknown host). It renders templates/400.html
standalone, like the 500 and 503 pages: it reads nothing from the request's
body and nothing from the database, so the page can be shown whatever the
request held.

`RequestEncodingMiddleware` refuses, before any view or middleware reads the
body, a request that declares a character set Python does not know or one
that is not ASCII-compatible (UTF-16, UTF-32, EBCDIC...). Django parses form
bodies and query strings as bytes in which "=" and "&" are ASCII, so such a
request could only fail half way (a 500) or be read as something else.
"""

import logging

from django.http import HttpResponseBadRequest
from django.template import loader
from django.utils.cache import add_never_cache_headers

from config.outage import helpline_contact

logger = logging.getLogger(__name__)

# What a form body is made of; a charset must encode these exactly as ASCII does.
FORM_SEPARATORS = "=&;+% abcXYZ019"


def bad_request(request, exception=None):
    number, tel = helpline_contact(request)
    body = loader.get_template("400.html").render({"helpline_number": number, "helpline_tel": tel})
    response = HttpResponseBadRequest(body)
    add_never_cache_headers(response)
    return response


def is_readable_charset(charset: str) -> bool:
    """Whether a request declared in `charset` can be parsed as a form or query string."""
    ascii_bytes = FORM_SEPARATORS.encode("ascii")
    try:
        # str.encode and bytes.decode accept only text encodings (not base64, rot13...).
        return FORM_SEPARATORS.encode(charset) == ascii_bytes and ascii_bytes.decode(charset) == FORM_SEPARATORS
    except (LookupError, UnicodeError, ValueError):
        return False


class RequestEncodingMiddleware:
    """Answer 400 to a request whose declared charset cannot be read (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        charset = request.content_params.get("charset")
        if charset is not None and not is_readable_charset(charset):
            logger.warning("Refused a request declared in an unreadable charset (%.40r).", charset)
            return bad_request(request)
        return self.get_response(request)
