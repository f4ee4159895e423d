"""Whole pages kept in the cache for readers who are not logged in.

Most of the site's traffic is anonymous readers fetching the same articles,
so a rendered page is stored in the default cache (Redis when REDIS_URL is
set, shared by every app server) and handed straight back to the next reader.
home/page_cache_middleware.py decides which requests and responses qualify;
this module is the storage. home/cache_invalidation.py says when it is out of date.

Invalidation is one content version for the whole site rather than a key per
page: anything an editor publishes can change other pages too (menus,
listings, related articles, the footer), and working out which would cost
more than re-rendering. Each stored page carries the version it was rendered
under and is only served while that is still the current one. The version
and the page are read together in one round trip, and nothing ever scans the
cache for keys. The same version is part of the key of every fragment cached
with Wagtail's `{% wagtailpagecache %}` / `{% wagtailcache %}` tags (see
`home.context_processors`), so one renewal makes those out of date too.

Entries also expire by themselves: after PAGE_CACHE_SECONDS at most, and
sooner when something on the page stops being true at a known time (the
header's "open now" label; see `expire_page_by`). That bounds how stale a page
can get through a change nothing announces (a raw database edit, or an
invalidation lost while the cache was down).
"""

import hashlib
import logging
import uuid
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

logger = logging.getLogger(__name__)

VERSION_KEY = "page-cache:version"
DEFAULT_SECONDS = 300


def cache_seconds() -> int:
    """How long a page may be kept; 0 turns the page cache off (PAGE_CACHE_SECONDS)."""
    return int(getattr(settings, "PAGE_CACHE_SECONDS", DEFAULT_SECONDS))


def entry_key(request) -> str:
    """The cache key for this request's page: scheme, host and full path, hashed to a fixed length."""
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return "page-cache:page:" + hashlib.sha256(address.encode()).hexdigest()


def content_version(request=None) -> str:
    """The current content version, read once per request ("" if the cache cannot be reached)."""
    version = getattr(request, "content_version", None)
    if version is not None:
        return version
    try:
        version = cache.get(VERSION_KEY)
        if version is None:
            cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
            version = cache.get(VERSION_KEY)
    except Exception:
        # config/cache.py has logged the outage once; nothing is served from the cache meanwhile.
        version = None
    version = version or ""
    if request is not None:
        request.content_version = version
    return version


def current_version_and_entry(key: str) -> tuple[str, tuple | None]:
    """The content version and the stored page for `key`, in one round trip to the cache.

    A missing version (a new or flushed cache) is created, so that pages kept
    before the flush cannot match it.
    """
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    entry = found.get(key)
    if version is None or entry is None or entry[0] != version:
        return version, None
    return version, entry


def store(key: str, *, version: str, status: int, headers: list, content: bytes, seconds: int) -> None:
    cache.set(key, (version, status, headers, content), timeout=seconds)


def renew_content_version() -> None:
    """Every stored page and cached fragment is out of date from now on.

    Only ever called after a commit (home/cache_invalidation.py). If the cache
    cannot be reached, pages there are not being served either; whatever it
    held expires within PAGE_CACHE_SECONDS once it is back.
    """
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:
        logger.warning("Cache unreachable; the page cache was not invalidated.")


def mark_listing_page_number(request, *, in_range: bool) -> None:
    """A listing says whether the `page=` it was asked for is one of its pages.

    Only then may the page cache keep the answer: every other number would be
    a new key for the same content (bounded key space).
    """
    if request is not None:
        request.page_cache_listing_number_in_range = in_range


def listing_page_number_in_range(request) -> bool:
    return getattr(request, "page_cache_listing_number_in_range", False)


def expire_page_by(request, moment: datetime | None) -> None:
    """Keep this request's page no later than `moment` (UTC), e.g. when "open now" becomes untrue.

    Template tags call this for what they render; the middleware honours the
    earliest moment given. Harmless on requests that are never cached.
    """
    if request is None or moment is None:
        return
    earliest = getattr(request, "page_cache_expires_at", None)
    if earliest is None or moment < earliest:
        request.page_cache_expires_at = moment


def seconds_to_keep(request) -> int:
    """PAGE_CACHE_SECONDS, or fewer if the page stops being true sooner (0: don't keep it)."""
    seconds = cache_seconds()
    moment = getattr(request, "page_cache_expires_at", None)
    if moment is not None:
        seconds = min(seconds, int((moment - timezone.now()).total_seconds()))
    return max(seconds, 0)
