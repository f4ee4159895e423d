"""/healthz/live and /healthz: what a load balancer and a process manager see in each state."""

import pytest
from django.test import Client

from config import health
from tests.outages import REDIS_DOWN, database_down


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
