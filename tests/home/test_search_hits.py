"""Search counts: no database write per anonymous search; the clock's flush adds them to Wagtail's daily hits."""

import socket
from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

from home.search_hits import BUCKET_SECONDS, count_search_hit, flush_search_hits
from tests.blog.factories import ArticleIndexPageFactory, ArticlePageFactory

SEARCH = "/search/"
# Mid-bucket, so the searches of a test fall into one bucket.
NOON = datetime(2026, 11, 23, 12, 1, tzinfo=UTC)
WRITES = ("INSERT", "UPDATE", "DELETE")


@pytest.fixture
def site_with_article(home_page, time_machine):
    time_machine.move_to(NOON, tick=False)
    cache.clear()
    ArticlePageFactory(parent=ArticleIndexPageFactory(parent=home_page), title="Sciatica exercises")
    yield
    cache.clear()


def search(client, query: str, times: int = 1) -> None:
    for _ in range(times):
        assert client.get(SEARCH, {"query": query}).status_code == 200


def hits(query: str) -> int:
    return sum(QueryDailyHits.objects.filter(query__query_string=query).values_list("hits", flat=True))


def later(buckets: int) -> datetime:
    return NOON + timedelta(seconds=BUCKET_SECONDS * buckets)


def test_fifty_anonymous_searches_write_nothing_and_are_counted_at_the_flush(site_with_article, client, time_machine):
    with CaptureQueriesContext(connection) as queries:
        search(client, "Sciatica", times=30)
        search(client, "  SCIATICA ", times=20)

    writes = [query["sql"] for query in queries.captured_queries if query["sql"].lstrip().upper().startswith(WRITES)]
    assert writes == []
    assert not Query.objects.exists()

    time_machine.move_to(later(2), tick=False)
    call_command("flush_search_hits")

    assert hits("sciatica") == 50
    assert QueryDailyHits.objects.get().date == NOON.date()
    assert [query.query_string for query in Query.get_most_popular()] == ["sciatica"]


def test_a_bucket_still_counting_is_not_flushed_and_a_flushed_one_is_not_counted_twice(site_with_article, client):
    search(client, "sciatica", times=3)

    assert flush_search_hits(now=later(1).timestamp()) == 0, "the next bucket is not over yet"
    assert flush_search_hits(now=later(2).timestamp()) == 3
    assert flush_search_hits(now=later(3).timestamp()) == 0
    assert hits("sciatica") == 3


def test_counts_add_up_across_flushes_on_the_same_day(site_with_article, client, time_machine):
    search(client, "sciatica", times=2)
    time_machine.move_to(later(1), tick=False)
    search(client, "sciatica", times=5)

    flush_search_hits(now=later(3).timestamp())
    flush_search_hits(now=later(4).timestamp())

    assert hits("sciatica") == 7
    assert QueryDailyHits.objects.count() == 1


def test_searches_that_find_nothing_are_not_counted(site_with_article, client):
    search(client, "zebra", times=3)

    assert flush_search_hits(now=later(2).timestamp()) == 0
    assert not Query.objects.exists()


def test_a_lost_cache_loses_only_the_counts_not_yet_flushed(site_with_article, client, time_machine):
    search(client, "sciatica", times=4)
    flush_search_hits(now=later(2).timestamp())
    time_machine.move_to(later(2), tick=False)
    search(client, "sciatica", times=6)

    cache.clear()
    flush_search_hits(now=later(4).timestamp())

    assert hits("sciatica") == 4


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def redis_cache(url: str) -> dict:
    return {"default": {"BACKEND": "config.cache.FailSoftRedisCache", "LOCATION": url, "KEY_PREFIX": "test-hits"}}


def test_counts_are_shared_through_redis(db, settings):
    settings.CACHES = redis_cache("redis://127.0.0.1:6379/3")
    cache.clear()
    try:
        for _ in range(3):
            count_search_hit("Sciatica", now=NOON.timestamp())

        assert flush_search_hits(now=later(2).timestamp()) == 3
        assert hits("sciatica") == 3
    finally:
        cache.clear()


def test_a_search_is_answered_while_redis_is_down_and_is_simply_not_counted(db, settings):
    settings.CACHES = redis_cache(f"redis://127.0.0.1:{closed_port()}/0")

    count_search_hit("sciatica", now=NOON.timestamp())

    assert flush_search_hits(now=later(2).timestamp()) == 0
