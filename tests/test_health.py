"""/healthz/live and /healthz: what a load balancer and a process manager see in each state."""

from contextlib import contextmanager
from unittest import mock

import pytest
from django.db import OperationalError, connections
from django.test import Client

from config import health

# A Redis that refuses at once: nothing listens on port 1.
REDIS_DOWN = {
    "default": {
        "BACKEND": "config.cache.FailSoftRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
}


@contextmanager
def database_down():
    def refuse(*args, **kwargs):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    database = connections["default"]
    with mock.patch.object(database, "cursor", refuse), mock.patch.object(database, "chunked_cursor", refuse):
        yield


@pytest.fixture
def monitor():
    return Client(raise_request_exception=False)


@pytest.fixture
def fresh_outage_logs():
    health.database_outage.down = health.cache_outage.down = False
    yield
    health.database_outage.down = health.cache_outage.down = False


def answer(response):
    return response.status_code, response.content.decode()


def test_ready_says_ok_when_the_database_and_cache_answer(monitor, db):
    response = monitor.get("/healthz")

    assert answer(response) == (200, "ok")
    assert "no-store" in response["Cache-Control"]


def test_ready_is_503_while_the_database_is_down(monitor, db, fresh_outage_logs):
    with database_down():
        response = monitor.get("/healthz")

    assert answer(response) == (503, "database unreachable")
    assert "no-store" in response["Cache-Control"]


def test_ready_stays_200_but_says_degraded_while_only_redis_is_down(monitor, db, settings, fresh_outage_logs):
    settings.CACHES = REDIS_DOWN

    response = monitor.get("/healthz")

    assert answer(response) == (200, "degraded: cache unreachable")


def test_a_database_outage_is_one_warning_however_often_the_balancer_asks(monitor, db, caplog, fresh_outage_logs):
    with database_down():
        for _probe in range(5):
            monitor.get("/healthz")
    monitor.get("/healthz")

    messages = [record.getMessage() for record in caplog.records if record.name == "config.health"]
    assert len(messages) == 2
    assert "unreachable" in messages[0] and "reachable again" in messages[1]


def test_live_answers_without_the_database_or_the_cache(monitor, db, settings, django_assert_num_queries):
    settings.CACHES = REDIS_DOWN
    with django_assert_num_queries(0), database_down():
        response = monitor.get("/healthz/live")

    assert answer(response) == (200, "ok")
    assert "no-store" in response["Cache-Control"]
