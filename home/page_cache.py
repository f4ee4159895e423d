"""Whole pages kept in the cache for readers who are not logged in.

Most of the site's traffic is anonymous readers fetching the same articles,
so a rendered page is stored in the default cache (Redis when REDIS_URL is
set, shared by every app server) and handed straight back to the next reader.
home/page_cache_middleware.py decides which requests and responses qualify;
this module is the storage and its invalidation.

Invalidation is one content version for the whole site rather than a key per
page: anything an editor publishes can change other pages too (menus,
listings, related articles, the footer), and working out which would cost
more than re-rendering. Publishing, unpublishing, moving or deleting a page,
and saving site or help-line settings, write a new version; each stored page
carries the version it was rendered under and is only served while that is
still the current one. The version and the page are read together in one
round trip, and nothing ever scans the cache for keys.

Entries also expire by themselves: after PAGE_CACHE_SECONDS at most, and
sooner when something on the page stops being true at a known time (the
header's "open now" label; see `expire_page_by`). That bounds how stale a page
can get through a change nothing announces (a raw database edit, or an
invalidation lost while the cache was down).
"""

import hashlib
import logging
import pickle
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


def content_cache_seconds() -> int:
    """How long `remember_for_content` keeps things; 0 turns it off (CONTENT_CACHE_SECONDS)."""
    return int(getattr(settings, "CONTENT_CACHE_SECONDS", 60 * 60))


def content_version(request=None) -> str | None:
    """The current content version, read once per request; None if the cache cannot be reached."""
    version = getattr(request, "content_version", None)
    if version is not None:
        return version
    try:
        version = cache.get(VERSION_KEY)
        if version is None:
            cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
            version = cache.get(VERSION_KEY)
    except Exception:
        logger.warning("Cache unreachable; content not cached.", exc_info=True)
        return None
    if request is not None:
        request.content_version = version
    return version


def remember_for_content(request, name: str, build):
    """`build()`, kept in the cache until the content version changes (or CONTENT_CACHE_SECONDS pass).

    For what pages show that is worked out from published content alone (an
    article's related articles, the site a host name belongs to), so a page
    rendered outside the page cache does not ask the database the same
    questions again. Built afresh whenever the cache cannot be reached, and
    always with CONTENT_CACHE_SECONDS = 0.
    """
    seconds = content_cache_seconds()
    if seconds <= 0:
        return build()
    version = content_version(request)
    if version is None:
        return build()
    key = f"content:{version}:{name}"
    kept = _this_process.get(key)
    if kept is not None:
        return pickle.loads(kept)  # noqa: S301 - pickled by this process, just below
    try:
        found = cache.get(key)
    except Exception:
        found = None
    if found is None:
        found = build()
        try:
            cache.set(key, found, timeout=seconds)
        except Exception:
            logger.warning("Cache unreachable; %s not kept.", name, exc_info=True)
    _this_process.keep(key, found)
    return found


class _ProcessCopies:
    """This process's own copies of what `remember_for_content` keeps, as pickles.

    The shared cache is the source of truth; a copy here saves the round trip
    for things every page asks for (the site, the menu). Keys carry the
    content version, so a publish anywhere makes every copy unreachable at
    once; they are handed out unpickled afresh, so no request ever changes
    another's objects. Bounded: past MAX_COPIES all are dropped.
    """

    MAX_COPIES = 500

    def __init__(self):
        self._copies: dict[str, bytes] = {}

    def get(self, key: str) -> bytes | None:
        return self._copies.get(key)

    def keep(self, key: str, value) -> None:
        if len(self._copies) >= self.MAX_COPIES:
            self._copies = {}
        self._copies[key] = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)


_this_process = _ProcessCopies()


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


def bump_content_version(**kwargs) -> None:
    """Signal receiver: every stored page is out of date from now on.

    If the cache cannot be reached, pages there are not being served either;
    whatever it held expires within PAGE_CACHE_SECONDS once it is back.
    """
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:
        logger.warning("Cache unreachable; the page cache was not invalidated.", exc_info=True)


def bump_for_page_deletion(sender, instance, **kwargs) -> None:
    """post_delete receiver: a deleted page takes its links out of menus and listings."""
    from wagtail.models import Page

    if isinstance(instance, Page):
        bump_content_version()


def invalidate_on_change(model, *, when=None) -> None:
    """Renew the content version whenever a `model` row is saved or deleted (and `when(row)` holds, if given).

    For things pages show that are not pages or settings, such as an
    article's authors and its approved comments; the app that owns the model
    calls this from its AppConfig.ready().
    """
    from django.db.models.signals import post_delete, post_save

    def receiver(sender, instance, **kwargs):
        if when is None or when(instance):
            bump_content_version()

    uid = f"page-cache:{model._meta.label_lower}"
    post_save.connect(receiver, sender=model, dispatch_uid=uid + ":save", weak=False)
    post_delete.connect(receiver, sender=model, dispatch_uid=uid + ":delete", weak=False)


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
