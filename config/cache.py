"""The Redis cache, made to degrade to "no cache" while Redis is unreachable.

Django's RedisCache raises redis's ConnectionError from every call when Redis
is down, and Wagtail reads the default cache unguarded on every page (the
site root paths behind each page URL, image renditions), so a Redis outage
would turn every page into a server error. Here reads miss and writes are
dropped instead, and pages are simply served uncached.

Counters are different: `add`, `incr` and `decr` still raise, because what to
do without a counter is the caller's decision (the rate limits in
home/rate_limit.py and callbacks/booking/ratelimit.py choose to fail open; see there).

After a failure the cache stops trying for `DOWN_SECONDS`, so that a Redis
that hangs rather than refuses costs one connection timeout per worker thread
every few seconds, not one per cache call. One warning is logged per outage
(however many retries fail during it) and one line when Redis answers again.

It also keeps one redis-py client per connection pool. Django's client makes
a new `redis.Redis` for every cache call, and building one (its table of
response callbacks) took about 0.1 ms here: more than the round trip to
Redis, and most of what serving a page from the page cache costs.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

DOWN_SECONDS = 5.0


class CacheUnavailable(RedisError):
    """Raised by counters while Redis is known to be down, without trying it again."""


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's Redis client, handing out one `redis.Redis` per pool instead of a new one per call.

    redis-py's clients are safe to share between threads (each command takes
    a connection from the pool), and the pools are Django's own.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class FailSoftRedisCache(RedisCache):
    """RedisCache whose reads miss and writes do nothing while Redis cannot be reached."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
        self._down_until = 0.0
        self._in_outage = False

    # --- the breaker -------------------------------------------------------------------

    def _is_down(self) -> bool:
        return time.monotonic() < self._down_until

    def _went_down(self, error: Exception) -> None:
        if not self._in_outage:
            self._in_outage = True
            logger.warning("Redis unreachable (%s); serving without the cache until it answers.", error)
        self._down_until = time.monotonic() + DOWN_SECONDS

    def _answered(self) -> None:
        if self._in_outage:
            self._in_outage = False
            logger.warning("Redis answers again; the cache is back in use.")

    def _soft(self, call, fallback):
        if self._is_down():
            return fallback
        try:
            result = call()
        except RedisError as error:
            self._went_down(error)
            return fallback
        self._answered()
        return result

    def _hard(self, call):
        if self._is_down():
            raise CacheUnavailable("Redis was unreachable moments ago; not trying again yet.")
        try:
            result = call()
        except RedisError as error:
            self._went_down(error)
            raise
        self._answered()
        return result

    # --- reads miss, writes are dropped --------------------------------------------------

    def get(self, key, default=None, version=None):
        return self._soft(lambda: super(FailSoftRedisCache, self).get(key, default, version), default)

    def get_many(self, keys, version=None):
        return self._soft(lambda: super(FailSoftRedisCache, self).get_many(keys, version), {})

    def has_key(self, key, version=None):
        return self._soft(lambda: super(FailSoftRedisCache, self).has_key(key, version), False)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._soft(lambda: super(FailSoftRedisCache, self).set(key, value, timeout, version), None)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._soft(lambda: super(FailSoftRedisCache, self).set_many(data, timeout, version), list(data))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._soft(lambda: super(FailSoftRedisCache, self).touch(key, timeout, version), False)

    def delete(self, key, version=None):
        return self._soft(lambda: super(FailSoftRedisCache, self).delete(key, version), False)

    def delete_many(self, keys, version=None):
        return self._soft(lambda: super(FailSoftRedisCache, self).delete_many(keys, version), None)

    # --- counters and clear() raise: their callers decide ------------------------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._hard(lambda: super(FailSoftRedisCache, self).add(key, value, timeout, version))

    def incr(self, key, delta=1, version=None):
        return self._hard(lambda: super(FailSoftRedisCache, self).incr(key, delta, version))

    def clear(self):
        return self._hard(lambda: super(FailSoftRedisCache, self).clear())
