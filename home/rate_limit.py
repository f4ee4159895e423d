"""A small per-client rate limit kept in the cache, for public forms that anyone can post.

Fixed windows: the first hit in a window creates a counter that expires with
the window, later hits increment it. What is limited (an address, a phone
number) is hashed with the secret key before it becomes a cache key, so the
cache never holds it.

If the cache is unreachable the limit fails open (the post is allowed): the
forms that use it hold what they receive for moderation or only count it, so a
short outage of the limit costs little, while failing closed would lock every
reader out. The outage is logged once per process, without a traceback, and
its end once (home/outage_log.py), however many posts come meanwhile; what is
limited never appears in the log, only in the cache key's keyed hash.
"""

import hashlib
import hmac
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

from .outage_log import OutageLog

logger = logging.getLogger(__name__)

# One for every scope: a cache outage stops all the limits at once.
cache_outage = OutageLog(
    logger=logger, what="cache (rate limits)", meanwhile="rate limits not applied until it answers"
)


@dataclass(frozen=True)
class Rate:
    """`count` posts per `seconds`."""

    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> "Rate":
        """ "5/3600" -> five per hour."""
        try:
            count, seconds = (int(part) for part in text.split("/"))
        except ValueError as error:
            raise ImproperlyConfigured(f"A rate is written count/seconds, like 5/3600, not {text!r}.") from error
        if count < 1 or seconds < 1:
            raise ImproperlyConfigured(f"A rate needs a positive count and period, not {text!r}.")
        return cls(count=count, seconds=seconds)

    @classmethod
    def from_setting(cls, name: str, default: str) -> "Rate":
        return cls.parse(getattr(settings, name, default))


def client_address(request) -> str:
    """The address the request came from.

    Behind proxies (NUM_PROXIES > 0) that is the entry that many places from
    the right of X-Forwarded-For, the one our own nearest proxy saw; entries
    further left are whatever the client chose to send.
    """
    proxies = getattr(settings, "NUM_PROXIES", 0)
    if proxies > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _cache_key(scope: str, client: str, window: int) -> str:
    # Keyed with the secret: a plain hash of an IPv4 address is reversed by trying them all.
    digest = hmac.new(settings.SECRET_KEY.encode(), f"{scope}:{client}".encode(), hashlib.sha256)
    return f"rate-limit:{scope}:{digest.hexdigest()[:32]}:{window}"


def _increment(key: str, rate: Rate) -> int:
    try:
        return cache.incr(key)
    except ValueError:
        # The counter expired between add() and incr(): this is the window's first post.
        cache.set(key, 1, timeout=rate.seconds)
        return 1


def allow(scope: str, client: str, rate: Rate, *, now: float | None = None) -> bool:
    """Count one post by `client` under `scope`; False once it is over `rate` in the current window."""
    window = int((time.time() if now is None else now) // rate.seconds)
    key = _cache_key(scope, client, window)
    try:
        count = 1 if cache.add(key, 1, timeout=rate.seconds) else _increment(key, rate)
    except Exception as error:
        cache_outage.failed(error)
        return True
    cache_outage.succeeded()
    return count <= rate.count


def used(scope: str, client: str, rate: Rate, *, now: float | None = None) -> int:
    """How many posts `client` has had counted under `scope` in the current window, without counting one.

    0 when the cache is unreachable: the limit fails open, as `allow` does.
    """
    window = int((time.time() if now is None else now) // rate.seconds)
    try:
        count = int(cache.get(_cache_key(scope, client, window)) or 0)
    except Exception as error:
        cache_outage.failed(error)
        return 0
    # No succeeded() here: the fail-soft cache (config/cache.py) answers a read with a miss
    # while Redis is down, so a read coming back says nothing about whether it answers.
    return count


def give_back(scope: str, client: str, rate: Rate, *, now: float | None = None) -> None:
    """Uncount one post that `allow` counted, when what it was counted for did not happen."""
    window = int((time.time() if now is None else now) // rate.seconds)
    try:
        cache.decr(_cache_key(scope, client, window))
    except ValueError:
        pass  # the window has passed and its counter with it: nothing to give back
    except Exception as error:
        cache_outage.failed(error)
        return
    cache_outage.succeeded()
