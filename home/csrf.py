"""CSRF tokens for forms on pages that are served from the page cache.

A cached page is the same bytes for every reader, so it cannot carry anyone's
CSRF token. Its forms carry an empty token field instead (see
home/templatetags/form_tags.py), and static/js/form-token.js fills it in from
`form_token` just before the form is sent. Django's CSRF check is unchanged:
every POST still needs a token that matches the reader's CSRF cookie, which
`form_token` sets.

A reader without JavaScript sends the form with the empty token and gets
`csrf_failure`: a plain page that says nothing was saved and links back to
the form on an address the page cache does not serve, where the form comes
with its token in the HTML. Their text is lost; they type it again.
"""

from urllib.parse import urlsplit

from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

# Any query string other than a page number keeps a request away from the page cache.
FRESH_FORM_QUERY = "?retry=1"


@require_GET
@never_cache
def form_token(request):
    """This reader's CSRF token, as JSON, setting the CSRF cookie it matches."""
    return JsonResponse({"token": get_token(request)})


def csrf_failure(request, reason: str = ""):
    """A form was sent without a valid CSRF token: say so plainly, and offer the form again (CSRF_FAILURE_VIEW)."""
    response = render(request, "403_csrf.html", {"retry_url": _form_page(request) + FRESH_FORM_QUERY}, status=403)
    add_never_cache_headers(response)
    return response


def _form_page(request) -> str:
    """The page the form was on: the Referer if it is this site, else the address posted to."""
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return urlsplit(referer).path or "/"
    return request.path
