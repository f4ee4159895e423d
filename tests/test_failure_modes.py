"""Failing gracefully: the database or Redis going away, and coming back.

Database down: readers get a plain 503 page with the help-line number, a
booking that fails half way leaves nothing behind, and the next request after
the database returns is served normally. Redis down: pages are served
uncached, and the rate limits fail open (the site would rather take a booking
than turn a caller away; see home/rate_limit.py and callbacks/booking/ratelimit.py).
"""

import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
import time_machine
from django.db import OperationalError
from django.test import Client, RequestFactory

from blog.models import ArticleComment
from callbacks.models import CallbackRequest, CallbackSlot, HelpLineSettings
from config import outage
from config.outage import server_error
from home import rate_limit
from tests.blog.factories import ArticleIndexPageFactory, ArticlePageFactory
from tests.callbacks.booking_page import form_data, make_callback_page, nothing_saved
from tests.callbacks.conftest import MONDAY_MORNING
from tests.home.factories import site_home_page
from tests.outages import REDIS_DOWN, database_down

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def database_believed_up():
    """Each test starts with the web process believing the database is up, as a new process does."""
    outage.database_outage.down = False
    yield
    outage.database_outage.down = False


@pytest.fixture
def reader():
    """A browser: errors come back as pages, as they would to a reader, not as exceptions in the test."""
    return Client(raise_request_exception=False)


@pytest.fixture
def article(db):
    index = ArticleIndexPageFactory(parent=site_home_page())
    return ArticlePageFactory(parent=index)


@pytest.fixture
def monday_morning(db):
    with time_machine.travel(MONDAY_MORNING, tick=False):
        yield


def assert_outage_page(response, number: str) -> str:
    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    assert "temporarily unavailable" in html
    assert f"Help line: {number}" in html
    assert "Traceback" not in html and "OperationalError" not in html
    return html


# --- the database -----------------------------------------------------------------------------


def test_with_the_database_down_readers_get_the_503_page_with_the_saved_number(
    reader, article, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the number is kept once the save commits
        HelpLineSettings.objects.create(helpline_number="0800 111 2222")
    assert reader.get(article.url).status_code == 200

    with database_down():
        # A query string is never served from the page cache, so this read needs the database.
        response = reader.get(article.url, {"from": "outage"})

    html = assert_outage_page(response, "0800 111 2222")
    assert 'href="tel:08001112222"' in html


def test_without_a_cached_number_the_page_shows_the_fallback_from_settings(reader, article, settings):
    settings.HELPLINE_FALLBACK_NUMBER = "0300 123 0000"
    url = article.url

    with database_down():
        response = reader.get(url)

    assert_outage_page(response, "0300 123 0000")


def test_the_site_comes_back_by_itself_with_nothing_broken_kept(reader, article, settings):
    url = article.url
    with database_down():
        assert reader.get(url).status_code == 503

    recovered = reader.get(url)

    assert recovered.status_code == 200
    assert recovered["X-Page-Cache"] == "miss", "the 503 was not kept"
    assert article.title in recovered.content.decode()


def test_an_outage_is_one_warning_for_the_process_and_one_line_when_it_is_over(reader, article, caplog):
    url = article.url
    with database_down():
        for query in range(3):
            assert reader.get(url, {"try": query}).status_code == 503
    assert reader.get(url).status_code == 200
    assert reader.get(url, {"again": 1}).status_code == 200

    lines = [(record.levelname, record.getMessage()) for record in caplog.records if record.name == "config.outage"]
    assert [level for level, _message in lines] == ["WARNING", "WARNING"]
    assert "database is unreachable" in lines[0][1] and "503 page" in lines[0][1]
    assert lines[1][1] == "The database is reachable again."
    assert "Traceback" not in caplog.text
    assert not [record for record in caplog.records if record.name == "django.request"], "no line per 503 answered"


def test_a_booking_that_fails_half_way_tells_the_reader_and_leaves_nothing_behind(reader, monday_morning):
    callback_page = make_callback_page()

    def lose_the_database(**kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    # The place in the slot has been taken when the database goes: the transaction must undo it.
    with mock.patch("callbacks.booking.services.create_request", side_effect=lose_the_database):
        response = reader.post(callback_page.url, form_data())

    html = assert_outage_page(response, "02380 248725")
    assert "nothing has been saved and nothing has been booked" in html
    assert nothing_saved()
    assert not CallbackSlot.objects.filter(booked__gt=0).exists()

    booked = reader.post(callback_page.url, form_data())
    assert booked.status_code == 302
    assert CallbackRequest.objects.count() == 1


def test_a_booking_sent_while_the_database_is_down_says_nothing_was_saved(reader, monday_morning):
    url = make_callback_page().url

    with database_down():
        response = reader.post(url, form_data())

    assert "nothing has been saved" in assert_outage_page(response, "02380 248725")
    assert nothing_saved()


def test_an_outage_outside_any_view_still_gets_the_503_page(db):
    request = RequestFactory().get("/")
    try:
        raise OperationalError("the database went away during the session lookup")
    except OperationalError:
        response = server_error(request)

    assert response.status_code == 503


def test_any_other_server_error_gets_the_plain_500_page_with_the_number_known_without_a_query(
    db, settings, django_assert_num_queries
):
    settings.HELPLINE_FALLBACK_NUMBER = "0800 765 4321"
    try:
        raise ValueError("a bug")
    except ValueError:
        with django_assert_num_queries(0):
            response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    html = response.content.decode()
    assert "Sorry, something went wrong" in html
    assert 'href="tel:08007654321"' in html and "0800 765 4321" in html


def test_a_database_on_a_closed_port_gives_the_503_page():
    """No mock: a real connection attempt to a port nothing listens on (no PostgreSQL needed)."""
    script = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "response = Client(raise_request_exception=False).get('/')\n"
        "print(response.status_code)\n"
        "print(response.content.decode())\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:1/nothing",
        "HELPLINE_FALLBACK_NUMBER": "0300 555 0100",
    }
    env.pop("REDIS_URL", None)

    completed = subprocess.run(  # noqa: S603 - this project's own code, run by this Python
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=True
    )

    status, _, html = completed.stdout.partition("\n")
    assert status == "503"
    assert "Help line: 0300 555 0100" in html
    assert "Traceback" not in html


# --- Redis --------------------------------------------------------------------------------------


def test_with_redis_down_pages_are_served_uncached(reader, article, settings):
    settings.CACHES = REDIS_DOWN

    first, second = reader.get(article.url), reader.get(article.url)

    assert first.status_code == second.status_code == 200
    assert second.get("X-Page-Cache") != "hit"
    assert article.title in second.content.decode()


@pytest.fixture
def fresh_rate_limit_outage_log():
    rate_limit.cache_outage.down = False
    yield
    rate_limit.cache_outage.down = False


def assert_one_rate_limit_warning(caplog):
    """Several limits asked on every post, several posts: one warning, without a traceback."""
    warnings = [record for record in caplog.records if record.name == "home.rate_limit"]
    assert len(warnings) == 1
    assert "rate limits not applied" in warnings[0].getMessage()
    assert not any(record.exc_info for record in caplog.records)


def test_with_redis_down_the_booking_rate_limit_fails_open(
    reader, monday_morning, settings, caplog, fresh_rate_limit_outage_log
):
    callback_page = make_callback_page()
    settings.CALLBACK_RATE_LIMIT_PER_IP = "1/3600"
    settings.CACHES = REDIS_DOWN

    first = reader.post(callback_page.url, form_data(phone="07911 123456"))
    second = reader.post(callback_page.url, form_data(phone="07911 123457"))

    assert (first.status_code, second.status_code) == (302, 302)
    assert CallbackRequest.objects.count() == 2
    assert_one_rate_limit_warning(caplog)


def test_with_redis_up_the_same_two_bookings_meet_the_limit(reader, monday_morning, settings):
    callback_page = make_callback_page()
    settings.CALLBACK_RATE_LIMIT_PER_IP = "1/3600"

    first = reader.post(callback_page.url, form_data(phone="07911 123456"))
    second = reader.post(callback_page.url, form_data(phone="07911 123457"))

    assert (first.status_code, second.status_code) == (302, 429)


def test_with_redis_down_the_comment_rate_limit_fails_open(
    reader, article, settings, caplog, fresh_rate_limit_outage_log
):
    settings.COMMENT_RATE_LIMIT_PER_IP = "1/3600"
    settings.CACHES = REDIS_DOWN
    reply = {"reply-name": "Sam", "reply-email": "sam@example.com", "reply-body": "Thank you.", "reply-website": ""}

    answers = [reader.post(article.url + "comment/", reply).status_code for _ in range(2)]

    assert answers == [302, 302]
    assert ArticleComment.objects.count() == 2
    assert_one_rate_limit_warning(caplog)
