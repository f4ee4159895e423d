"""Serve Wagtail pages to anonymous readers from the page cache (home/page_cache.py).

It sits high in MIDDLEWARE, below security and static files but above
sessions, CSRF and authentication, so a page found in the cache is returned
without touching the database at all: one round trip to the cache.

A request is a candidate for sharing (this cache, and a CDN or Varnish in
front, see home/cache_headers.py) only if it is a plain GET or HEAD for a
Wagtail page by someone who is certainly anonymous: no session cookie (so
nobody logged in, no previewing editor, no password-protected page already
unlocked), no pending messages, no Authorization header, and no query string
other than one `page` (a listing's page number). Anything else, including the
admin, POSTs and any other view, goes through untouched.

Of the candidates' responses, only those home/cache_headers.py marked public
with status 200 are kept: nothing personal (no cookie set, no CSRF token, not
marked private by the view, as the callback pages are), and a `page=` only
when the listing said the number is one of its pages.

Forms on cacheable pages (an article's reply and feedback forms) carry no
CSRF token in the HTML; see home/templatetags/form_tags.py for how they get
one. A page that does put a token in (the callback page) is never kept.

If the cache cannot be reached, requests are served as if it were empty.
"""

import logging

from django.conf import settings
from django.http import HttpResponse
from django.urls import Resolver404, resolve

from . import page_cache

logger = logging.getLogger(__name__)

CACHEABLE_QUERY_PARAMETER = "page"
MESSAGES_COOKIE = "messages"
SHAREABLE_METHODS = frozenset({"GET", "HEAD"})
# Headers a stored page is replayed with; the rest (cookies) would be wrong for the next reader.
KEPT_HEADERS = frozenset(
    {"content-type", "content-language", "content-length", "x-frame-options", "cache-control", "vary"}
)
WAGTAIL_PAGE_VIEW = "wagtail_serve"


def is_cache_candidate(request) -> bool:
    """Whether this request's page may be shared with other readers (set by the middleware)."""
    return getattr(request, "page_cache_candidate", False)


def url_name(request) -> str:
    """The name of the URL pattern serving this request ("" if none), worked out once per request."""
    name = getattr(request, "page_cache_url_name", None)
    if name is None:
        try:
            name = resolve(request.path_info).url_name or ""
        except Resolver404:
            name = ""
        request.page_cache_url_name = name
    return name


def serves_wagtail_page(request) -> bool:
    """Whether Wagtail's page view will answer this request."""
    return url_name(request) == WAGTAIL_PAGE_VIEW


def is_anonymous_plain_request(request) -> bool:
    """A GET or HEAD that carries nothing of a reader's own: no session, messages, credentials or odd query."""
    if request.method not in SHAREABLE_METHODS:
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or MESSAGES_COOKIE in request.COOKIES:
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    query = request.GET
    return not query or (list(query.keys()) == [CACHEABLE_QUERY_PARAMETER] and len(query.getlist("page")) == 1)


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (is_anonymous_plain_request(request) and serves_wagtail_page(request)):
            return self.get_response(request)
        request.page_cache_candidate = True
        if page_cache.cache_seconds() <= 0:
            return self.get_response(request)
        key = page_cache.entry_key(request)
        try:
            version, entry = page_cache.current_version_and_entry(key)
        except Exception:
            # config/cache.py logs an outage once; here it only means "render it".
            return self.get_response(request)
        if entry is not None:
            return self._replay(entry)
        request.content_version = version
        response = self.get_response(request)
        if version is not None and self._may_keep(request, response):
            self._keep(request, response, key=key, version=version)
        response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def _may_keep(request, response) -> bool:
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        # The one rule for what may be shared lives in home/cache_headers.py, which marked it.
        return "public" in response.get("Cache-Control", "")

    @staticmethod
    def _keep(request, response, *, key: str, version: str) -> None:
        seconds = page_cache.seconds_to_keep(request)
        if seconds < 1:
            return
        headers = [(name, value) for name, value in response.items() if name.lower() in KEPT_HEADERS]
        try:
            page_cache.store(
                key,
                version=version,
                status=response.status_code,
                headers=headers,
                content=response.content,
                seconds=seconds,
            )
        except Exception:
            logger.warning("Page cache unreachable; page not kept.")

    @staticmethod
    def _replay(entry) -> HttpResponse:
        _version, status, headers, content = entry
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        response["X-Page-Cache"] = "hit"
        return response
