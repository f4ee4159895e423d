"""The cache-backed rate limit that public forms share."""

import logging
from unittest import mock

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from home import rate_limit
from home.rate_limit import Rate, allow, client_address, give_back, used

LOGGER = "home.rate_limit"


@pytest.fixture
def fresh_outage_log():
    rate_limit.cache_outage.down = False
    yield
    rate_limit.cache_outage.down = False


def rate_limit_records(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == LOGGER]


def test_a_client_is_allowed_the_rate_then_refused_until_the_window_passes():
    rate = Rate(count=2, seconds=60)

    assert allow("test", "192.0.2.1", rate, now=1000)
    assert allow("test", "192.0.2.1", rate, now=1001)
    assert not allow("test", "192.0.2.1", rate, now=1002)
    assert allow("test", "192.0.2.2", rate, now=1002), "another client has its own count"
    assert allow("other-form", "192.0.2.1", rate, now=1002), "another form has its own count"
    assert allow("test", "192.0.2.1", rate, now=1020 + 60), "a new window starts afresh"


def test_the_cache_never_holds_the_address():
    from django.core.cache import cache

    with mock.patch.object(cache, "add", wraps=cache.add) as add:
        allow("test", "192.0.2.1", Rate(count=1, seconds=60))

    key = add.call_args.args[0]
    assert "192.0.2.1" not in key


def test_an_unreachable_cache_lets_the_post_through(fresh_outage_log):
    from django.core.cache import cache

    with mock.patch.object(cache, "add", side_effect=ConnectionError("cache down")):
        assert allow("test", "192.0.2.1", Rate(count=1, seconds=60))


@pytest.mark.parametrize("text", ["5", "a/b", "0/60", "5/0", ""])
def test_a_badly_written_rate_is_a_configuration_error(text):
    with pytest.raises(ImproperlyConfigured):
        Rate.parse(text)


def test_the_address_is_the_one_our_own_proxy_saw(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.4")

    settings.NUM_PROXIES = 0
    assert client_address(request) == "10.0.0.1"
    settings.NUM_PROXIES = 1
    assert client_address(request) == "198.51.100.4"


def test_used_reads_the_count_without_adding_to_it():
    rate = Rate(count=3, seconds=60)
    assert used("test", "192.0.2.1", rate, now=1000) == 0

    allow("test", "192.0.2.1", rate, now=1000)
    allow("test", "192.0.2.1", rate, now=1001)

    assert used("test", "192.0.2.1", rate, now=1002) == 2
    assert used("test", "192.0.2.1", rate, now=1002) == 2
    assert used("test", "192.0.2.1", rate, now=1060) == 0, "a new window starts afresh"


def test_give_back_uncounts_one_post_and_is_harmless_once_the_window_has_gone():
    rate = Rate(count=1, seconds=60)
    assert allow("test", "192.0.2.1", rate, now=1000)

    give_back("test", "192.0.2.1", rate, now=1001)

    assert allow("test", "192.0.2.1", rate, now=1002)
    give_back("test", "192.0.2.1", rate, now=5000)
    assert used("test", "192.0.2.1", rate, now=5000) == 0


def test_an_unreachable_cache_reads_as_nothing_used(fresh_outage_log):
    from django.core.cache import cache

    with mock.patch.object(cache, "get", side_effect=ConnectionError("cache down")):
        assert used("test", "192.0.2.1", Rate(count=1, seconds=60)) == 0


def test_an_outage_is_one_warning_however_many_posts_then_one_line_when_the_cache_answers(fresh_outage_log, caplog):
    from django.core.cache import cache

    caplog.set_level(logging.INFO, logger=LOGGER)
    rate = Rate(count=1, seconds=60)
    down = ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    with (
        mock.patch.object(cache, "add", side_effect=down),
        mock.patch.object(cache, "get", side_effect=down),
        mock.patch.object(cache, "decr", side_effect=down),
    ):
        answers = [allow("booking-phone", "+447911123456", rate, now=1000) for _ in range(20)]
        assert used("booking-phone", "+447911123456", rate, now=1000) == 0
        give_back("booking-phone", "+447911123456", rate, now=1000)

    assert answers == [True] * 20, "the limit fails open: every post is let through, far over the rate"
    records = rate_limit_records(caplog)
    assert len(records) == 1
    assert records[0].levelno == logging.WARNING
    assert "unreachable" in records[0].getMessage() and "not applied" in records[0].getMessage()
    assert records[0].exc_info is None, "the error's text, not a traceback"
    assert "+447911123456" not in caplog.text

    assert allow("booking-phone", "+447911123456", rate, now=1000)
    assert not allow("booking-phone", "+447911123456", rate, now=1001), "the limit holds again"
    records = rate_limit_records(caplog)
    assert len(records) == 2
    assert "reachable again" in records[1].getMessage()

    with mock.patch.object(cache, "add", side_effect=down):
        allow("booking-phone", "+447911123456", rate, now=1002)
    assert len(rate_limit_records(caplog)) == 3, "a second outage is reported again"


def test_a_cache_that_answers_logs_nothing(fresh_outage_log, caplog):
    caplog.set_level(logging.INFO, logger=LOGGER)
    rate = Rate(count=1, seconds=60)

    allow("test", "192.0.2.1", rate, now=1000)
    allow("test", "192.0.2.1", rate, now=1001)
    used("test", "192.0.2.1", rate, now=1001)
    give_back("test", "192.0.2.1", rate, now=1001)

    assert rate_limit_records(caplog) == []
