"""Cache-Control on every response: what a CDN or Varnish in front may share, and what it must not.

A response may be shared only if it is a candidate (home/page_cache_middleware.py:
an anonymous GET for a Wagtail page, or for the sitemap or robots.txt), its
status is 200, 301 or 404, rendering it set no cookie and used no CSRF token
or session, the view did not set a Cache-Control of its own (the callback
pages, the admin and previews mark themselves never-cache), and a `page=` in
its query is one of the listing's pages. It gets

    Cache-Control: public, max-age=<BROWSER_CACHE_SECONDS>, s-maxage=<seconds the page cache keeps it>
    Vary: Cookie

so browsers re-check soon while the shared cache keeps it until it is purged
(home/cache_invalidation.py) or PAGE_CACHE_SECONDS pass. Everything else
without a Cache-Control of its own gets Django's never-cache headers
(`private, no-cache, no-store`). The page cache keeps only what is marked public here.

It sits just below PageCacheMiddleware and above sessions, CSRF and
authentication, so it sees what those did to the response.
"""

from django.conf import settings
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers

from . import page_cache
from .page_cache_middleware import (
    CACHEABLE_QUERY_PARAMETER,
    is_anonymous_plain_request,
    serves_wagtail_page,
    url_name,
)

SHAREABLE_STATUSES = frozenset({200, 301, 404})
# Plain Django views that are the same for every reader.
SHARED_VIEWS = frozenset({"sitemap", "robots_txt"})


def may_be_shared(request, response) -> bool:
    if response.status_code not in SHAREABLE_STATUSES or response.cookies:
        return False
    if not is_anonymous_plain_request(request) or getattr(request, "is_preview", False):
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.accessed and not session.is_empty():
        return False
    if CACHEABLE_QUERY_PARAMETER in request.GET and not page_cache.listing_page_number_in_range(request):
        return False
    return serves_wagtail_page(request) or url_name(request) in SHARED_VIEWS


class SharedCacheHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            return response
        if may_be_shared(request, response):
            patch_cache_control(
                response,
                public=True,
                max_age=settings.BROWSER_CACHE_SECONDS,
                s_maxage=page_cache.seconds_to_keep(request),
            )
            patch_vary_headers(response, ["Cookie"])
        else:
            add_never_cache_headers(response)
        return response
