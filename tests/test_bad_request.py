"""Requests the site cannot read get the plain 400 page with the help-line number, never a 500."""

from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from blog.models import ArticleComment
from tests.blog.factories import ArticleIndexPageFactory, ArticlePageFactory
from tests.home.factories import site_home_page

FALLBACK_NUMBER = "0300 123 0000"
REPLY = {
    "reply-name": "Jo",
    "reply-email": "jo@example.com",
    "reply-body": "A pillow between my knees helped.",
    "reply-website": "",
}


@pytest.fixture
def reader():
    return Client(raise_request_exception=False)


@pytest.fixture
def article(db, settings):
    settings.HELPLINE_FALLBACK_NUMBER = FALLBACK_NUMBER
    index = ArticleIndexPageFactory(parent=site_home_page())
    return ArticlePageFactory(parent=index)


def assert_bad_request_page(response):
    html = response.content.decode()
    assert response.status_code == 400
    assert "could not read what your browser sent" in html
    assert f"Help line: {FALLBACK_NUMBER}" in html
    assert 'href="tel:03001230000"' in html
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("charset", ["utf-16", "utf-32", "cp500", "no-such-charset", "base64"])
def test_a_reply_declared_in_an_unreadable_charset_is_refused_and_nothing_saved(reader, article, charset):
    body = urlencode(REPLY).encode("utf-16") if charset == "utf-16" else urlencode(REPLY).encode()

    response = reader.generic(
        "POST", f"{article.url}comment/", body, content_type=f"application/x-www-form-urlencoded; charset={charset}"
    )

    assert_bad_request_page(response)
    assert not ArticleComment.objects.exists()


def test_a_reply_declared_in_utf8_is_taken(reader, article):
    body = urlencode(REPLY).encode()

    response = reader.generic(
        "POST", f"{article.url}comment/", body, content_type="application/x-www-form-urlencoded; charset=UTF-8"
    )

    assert response.status_code == 302
    assert ArticleComment.objects.get().name == "Jo"


def test_a_form_in_latin1_which_django_refuses_gets_the_400_page(reader, article):
    """Django 5.2 reads url-encoded forms only as UTF-8; its refusal must reach the reader as our page."""
    body = urlencode({**REPLY, "reply-name": "Zoë"}, encoding="latin-1").encode()

    response = reader.generic(
        "POST", f"{article.url}comment/", body, content_type="application/x-www-form-urlencoded; charset=ISO-8859-1"
    )

    assert_bad_request_page(response)
    assert not ArticleComment.objects.exists()


def test_the_admin_login_refuses_an_unreadable_charset_too(reader, article):
    body = urlencode({"username": "editor", "password": "wrong"}).encode("utf-16")

    response = reader.generic(
        "POST", "/admin/login/", body, content_type="application/x-www-form-urlencoded; charset=utf-16"
    )

    assert_bad_request_page(response)


def test_a_search_declared_in_utf16_is_refused(reader, article):
    response = reader.get("/search/", {"query": "sciatica"}, CONTENT_TYPE="text/plain; charset=utf-16")

    assert_bad_request_page(response)


def test_an_oversized_form_gets_the_400_page(reader, article, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    get_user_model().objects.create_user("editor", password="long-enough-pass")

    response = reader.post("/admin/login/", {"username": "editor", "password": "x" * 5000})

    assert_bad_request_page(response)


def test_a_form_with_too_many_fields_gets_the_400_page(reader, article, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10

    response = reader.post(f"{article.url}comment/", {**REPLY, **{f"extra-{n}": "x" for n in range(20)}})

    assert_bad_request_page(response)
    assert not ArticleComment.objects.exists()
