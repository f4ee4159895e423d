"""Which Wagtail site a page request is for, kept in the cache instead of asked of the database each time.

Wagtail looks the site up by host name and port with a query on every page
request, and remembers the answer only on the request (`_wagtail_site`). The
answer changes only when an editor changes a site, which renews the content
version (home/apps.py), so it is kept under that version and handed to
Wagtail on the request before Wagtail asks. Only requests for pages do this;
other views and the admin are left to Wagtail.
"""

import contextlib

from django.db import DatabaseError
from wagtail.models import Site

from .page_cache import remember_for_content
from .page_cache_middleware import serves_wagtail_page


def site_for_request(request) -> Site | None:
    hostname = request._get_raw_host().lower()
    port = request.get_port()
    return remember_for_content(request, f"site-for:{hostname}:{port}", lambda: _find_site(request))


def _find_site(request) -> Site | None:
    site = Site._find_for_request(request)
    if site is not None:
        # Routing starts from the home page's own model: load it now, so it is kept with the site.
        site.root_page.specific  # noqa: B018
    return site


class CachedSiteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if serves_wagtail_page(request) and not hasattr(request, "_wagtail_site"):
            # On failure, left to Wagtail's own lookup in the view, where an outage gets the 503
            # page from config/outage.py like any other.
            with contextlib.suppress(DatabaseError):
                request._wagtail_site = site_for_request(request)
        return self.get_response(request)
