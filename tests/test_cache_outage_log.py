"""A Redis outage is logged once per outage per process, and its end once: not once per request."""

import logging
from unittest import mock

import pytest
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError

from config import cache as fail_soft

LOGGER = "config.cache"


@pytest.fixture
def redis_cache(monkeypatch):
    # Retry at once after a failure, so that every call below really tries Redis.
    monkeypatch.setattr(fail_soft, "DOWN_SECONDS", 0.0)
    return fail_soft.FailSoftRedisCache("redis://127.0.0.1:1/0", {})


def warnings_in(caplog) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.name == LOGGER]


def test_many_failing_calls_in_one_outage_log_one_warning_and_its_end_one_more(redis_cache, caplog):
    caplog.set_level(logging.WARNING, logger=LOGGER)
    refused = mock.patch.object(RedisCache, "get", side_effect=RedisConnectionError("Connection refused"))

    with refused:
        answers = [redis_cache.get("page", "missed") for _ in range(20)]
    assert answers == ["missed"] * 20
    assert len(warnings_in(caplog)) == 1
    assert "Redis unreachable" in warnings_in(caplog)[0]

    with mock.patch.object(RedisCache, "get", return_value="kept"):
        assert [redis_cache.get("page") for _ in range(5)] == ["kept"] * 5
    assert len(warnings_in(caplog)) == 2
    assert "answers again" in warnings_in(caplog)[1]

    with refused:
        redis_cache.get("page")
    assert len(warnings_in(caplog)) == 3, "a second outage is reported again"


def test_a_cache_that_never_failed_logs_nothing(redis_cache, caplog):
    caplog.set_level(logging.WARNING, logger=LOGGER)
    with mock.patch.object(RedisCache, "get", return_value=None):
        redis_cache.get("page")

    assert warnings_in(caplog) == []
