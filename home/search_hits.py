"""Search counts for the promoted-results screen, kept in the cache and written to the database in batches.

Readers' searches must not each write a row (an anonymous GET that writes is
a cheap way to load the database), so `count_search_hit` only bumps cache
counters, and the clock runs `flush_search_hits` every few minutes, which adds
the counts to Wagtail's own `Query` / `QueryDailyHits` rows: the
"popular searches" list and the promotions screens read those as shipped.

Counts are kept per time bucket (BUCKET_SECONDS wide). A bucket is flushed
once the bucket after it is over too, so no request is still counting into it;
then its keys are deleted. With Redis the counters are shared by every app
server; with the local-memory cache each process counts and is flushed by
itself only if it is the process that runs the flush, so production needs
Redis for the counts to reach the database. What is lost with the cache (a
Redis restart, an outage) is only what was not flushed yet: with the clock
flushing every 5 minutes, at most the last 15 minutes' counts. If the cache fails after a flush was committed but
before its keys were deleted, that bucket is counted again at the next flush.
"""

import hashlib
import time
from collections import Counter
from datetime import UTC, date, datetime

from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits
from wagtail.search.utils import normalise_query_string

BUCKET_SECONDS = 300
# Counters live this long; the flush looks back as far, so a clock stopped for less loses nothing.
KEEP_SECONDS = 24 * 3600
KEY_PREFIX = "search-hits"


def _bucket_of(now: float) -> int:
    return int(now // BUCKET_SECONDS)


def _size_key(bucket: int) -> str:
    """How many different queries the bucket has counted."""
    return f"{KEY_PREFIX}:{bucket}:size"


def _query_key(bucket: int, position: int) -> str:
    """The text of the bucket's `position`-th different query (from 1)."""
    return f"{KEY_PREFIX}:{bucket}:query:{position}"


def _count_key(bucket: int, query: str) -> str:
    # Hashed: a cache key must be short and plain, and readers type anything.
    digest = hashlib.sha256(query.encode()).hexdigest()[:32]
    return f"{KEY_PREFIX}:{bucket}:count:{digest}"


def count_search_hit(query: str, *, now: float | None = None) -> None:
    """Count one search for `query` that found something; no database access.

    A cache that is down loses the count: a count is not worth an error page,
    and config/cache.py already logs the outage once.
    """
    normalised = normalise_query_string(query)[: Query._meta.get_field("query_string").max_length]
    bucket = _bucket_of(time.time() if now is None else now)
    count_key = _count_key(bucket, normalised)
    try:
        if cache.add(count_key, 1, timeout=KEEP_SECONDS):
            # The bucket's first hit for this query: list it, so the flush can find its counter.
            cache.add(_size_key(bucket), 0, timeout=KEEP_SECONDS)
            position = cache.incr(_size_key(bucket))
            cache.set(_query_key(bucket, position), normalised, timeout=KEEP_SECONDS)
        else:
            cache.incr(count_key)
    except Exception:  # noqa: S110 - see the docstring: a lost count, never a failed search
        pass


def _bucket_hits(bucket: int, size: int) -> tuple[Counter, list[str]]:
    """The bucket's counts by query text, and every key it uses."""
    query_keys = [_query_key(bucket, position) for position in range(1, size + 1)]
    texts = cache.get_many(query_keys)
    count_keys = {_count_key(bucket, text): text for text in texts.values()}
    hits = Counter()
    for key, count in cache.get_many(list(count_keys)).items():
        hits[count_keys[key]] += int(count)
    return hits, [_size_key(bucket), *query_keys, *count_keys]


def flush_search_hits(*, now: float | None = None) -> int:
    """Add the counts of finished buckets to Wagtail's daily hits, then forget them; returns the hits written."""
    current = _bucket_of(time.time() if now is None else now)
    # The current bucket and the one before it may still be counting.
    finished = range(current - KEEP_SECONDS // BUCKET_SECONDS, current - 1)
    sizes = cache.get_many([_size_key(bucket) for bucket in finished])
    by_day: Counter[tuple[str, date]] = Counter()
    done_keys: list[str] = []
    for bucket in finished:
        size = sizes.get(_size_key(bucket))
        if not size:
            continue
        hits, keys = _bucket_hits(bucket, int(size))
        # The day as Wagtail's own Query.add_hit() dates a hit (timezone.now().date(), UTC).
        day = datetime.fromtimestamp(bucket * BUCKET_SECONDS, UTC).date()
        for text, count in hits.items():
            by_day[text, day] += count
        done_keys += keys
    with transaction.atomic():
        for (text, day), count in by_day.items():
            daily, _ = QueryDailyHits.objects.get_or_create(query=Query.get(text), date=day)
            QueryDailyHits.objects.filter(pk=daily.pk).update(hits=F("hits") + count)
    if done_keys:
        cache.delete_many(done_keys)
    return sum(by_day.values())
