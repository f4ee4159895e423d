"""Serve Wagtail pages to anonymous readers from the page cache (home/page_cache.py).

It sits high in MIDDLEWARE, below security and static files but above
sessions, CSRF and authentication, so a page found in the cache is returned
without touching the database at all: one round trip to the cache.

A request can be served from the cache, and its response kept, only if it is
a plain GET for a Wagtail page by someone who is certainly anonymous: no
session cookie (so nobody logged in, no previewing editor, no password-
protected page already unlocked), no pending messages, no Authorization
header, and no query string other than `page` (the listing's page number).
Anything else, including the admin, POSTs and any other view, goes through
untouched. Of those responses, only a 200 is kept, and only if rendering it
set no cookie, asked for no CSRF token, and was not marked private or
uncacheable (the callback pages mark themselves so).

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

CACHEABLE_QUERY_PARAMETERS = frozenset({"page"})
MESSAGES_COOKIE = "messages"
UNCACHEABLE_CACHE_CONTROL = ("private", "no-cache", "no-store")
# Headers a stored page is replayed with; the rest (cookies, Vary) would be wrong for the next reader.
KEPT_HEADERS = frozenset({"content-type", "content-language", "content-length", "x-frame-options"})
WAGTAIL_PAGE_VIEW = "wagtail_serve"


def is_cache_candidate(request) -> bool:
    """Whether this request may be answered from the page cache (set by the middleware)."""
    return getattr(request, "page_cache_candidate", False)


def serves_wagtail_page(request) -> bool:
    """Whether Wagtail's page view will answer this request (worked out once per request)."""
    serves = getattr(request, "_serves_wagtail_page", None)
    if serves is None:
        try:
            serves = resolve(request.path_info).url_name == WAGTAIL_PAGE_VIEW
        except Resolver404:
            serves = False
        request._serves_wagtail_page = serves
    return serves


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self._may_use_cache(request):
            return self.get_response(request)
        key = page_cache.entry_key(request)
        try:
            version, entry = page_cache.current_version_and_entry(key)
        except Exception:
            logger.warning("Page cache unreachable; serving the page uncached.", exc_info=True)
            return self.get_response(request)
        if entry is not None:
            return self._replay(entry)
        request.page_cache_candidate = True
        request.content_version = version
        response = self.get_response(request)
        if version is not None and self._may_keep(request, response):
            self._keep(request, response, key=key, version=version)
        response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def _may_use_cache(request) -> bool:
        if request.method != "GET" or page_cache.cache_seconds() <= 0:
            return False
        if settings.SESSION_COOKIE_NAME in request.COOKIES or MESSAGES_COOKIE in request.COOKIES:
            return False
        if "HTTP_AUTHORIZATION" in request.META:
            return False
        if not CACHEABLE_QUERY_PARAMETERS.issuperset(request.GET.keys()):
            return False
        return serves_wagtail_page(request)

    @staticmethod
    def _may_keep(request, response) -> bool:
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
            return False
        cache_control = response.get("Cache-Control", "").lower()
        return not any(word in cache_control for word in UNCACHEABLE_CACHE_CONTROL)

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
            logger.warning("Page cache unreachable; page not kept.", exc_info=True)

    @staticmethod
    def _replay(entry) -> HttpResponse:
        _version, status, headers, content = entry
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        response["X-Page-Cache"] = "hit"
        return response
