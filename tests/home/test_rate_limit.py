"""The cache-backed rate limit that public forms share."""

from unittest import mock

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from home.rate_limit import Rate, allow, client_address, give_back, used


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


def test_an_unreachable_cache_lets_the_post_through():
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


def test_an_unreachable_cache_reads_as_nothing_used():
    from django.core.cache import cache

    with mock.patch.object(cache, "get", side_effect=ConnectionError("cache down")):
        assert used("test", "192.0.2.1", Rate(count=1, seconds=60)) == 0
