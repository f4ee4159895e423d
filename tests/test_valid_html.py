"""Every reader page type is valid HTML: 0 errors from the W3C Nu checker.

The pages come from the demo content (plus enough articles for a second page
and an approved comment), are fetched with Django's test client, saved to one
folder and checked in a single run of the checker: it is a Java program that
is slow to start. To check another page, add an entry to `READER_PAGES`.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client, RequestFactory

from blog.models import ARTICLES_PER_PAGE, ArticleIndexPage, ArticlePage, CommentStatus
from callbacks.models import CallbackPage
from config.bad_request import bad_request
from config.outage import database_unavailable_response, server_error
from home.csrf import csrf_failure
from home.models import StandardPage
from tests.blog.factories import ArticleCommentFactory, ArticlePageFactory
from tests.conftest import skip_or_fail
from tests.home.factories import tree_root
from tests.nu_checker import check_folder, java_executable

pytestmark = pytest.mark.nu_checker


@dataclass(frozen=True)
class CheckedPage:
    """A page to check: `fetch(client)` returns the HTTP response whose body is checked.

    `shows` is a piece of the page that proves it is the state meant (a form with
    errors, a list of results), so a page that silently changed is not checked instead.
    """

    name: str
    fetch: Callable[[Client], object]
    status: int = 200
    shows: str = ""


def _article() -> ArticlePage:
    return ArticlePage.objects.live().get(slug="improve-mood-and-ease-back-pain")


def _index() -> ArticleIndexPage:
    return ArticleIndexPage.objects.live().get()


def _comment_with_errors(client):
    return client.post(f"{_article().url}comment/", {"reply-name": "", "reply-email": "not an email", "reply-body": ""})


def _feedback_with_errors(client):
    return client.post(f"{_article().url}feedback/", {"feedback-helpful": "perhaps", "feedback-comment": ""})


def _callback_page() -> CallbackPage:
    return CallbackPage.objects.live().get()


# Every question answered, as a reader would; "first" is the first available time.
CALLBACK_ANSWERS = {
    "red_flags": "no",
    "name": "Alex Reader",
    "phone": "07911 123456",
    "slot": "first",
    "topic": "sciatica",
    "voicemail_ok": "yes",
    "may_identify_org": "no",
    "consent": "on",
}


def _callback_errors(client):
    return client.post(_callback_page().url, {"red_flags": "no", "needs_interpreter": "on", "phone": "12"})


def _callback_confirmation(client):
    booked = client.post(_callback_page().url, CALLBACK_ANSWERS)
    return client.get(booked["Location"])


def _manage_path(client, phone: str) -> str:
    """Book for `phone` and follow the confirmation to the reader's "manage my booking" link."""
    confirmation = client.get(client.post(_callback_page().url, CALLBACK_ANSWERS | {"phone": phone})["Location"])
    return re.search(r'href="([^"]*/manage/[^"]+/)"', confirmation.content.decode()).group(1)


def _manage_page(client):
    return client.get(_manage_path(client, "07911 200001"))


def _move_page(client):
    return client.get(_manage_path(client, "07911 200002") + "move/")


def _move_with_errors(client):
    return client.post(_manage_path(client, "07911 200003") + "move/", {"slot": "2001-01-01T09:00Z"})


def _cancel_page(client):
    manage = client.get(_manage_path(client, "07911 200004")).content.decode()
    return client.get(re.search(r'href="([^"]*/cancel/[^"]+/)"', manage).group(1))


def _error_page(view):
    # Handler views called directly: the test client would re-raise the error instead of showing the page.
    return lambda client: view(RequestFactory().get("/articles/"))


READER_PAGES = [
    CheckedPage("home", lambda client: client.get("/")),
    CheckedPage("standard-page", lambda client: client.get(StandardPage.objects.live().get(slug="about-us").url)),
    CheckedPage("articles-index", lambda client: client.get(_index().url)),
    CheckedPage("articles-index-page-2", lambda client: client.get(f"{_index().url}?page=2"), shows="article-card"),
    CheckedPage("tag-page", lambda client: client.get(f"{_index().url}tags/back-pain/")),
    CheckedPage("article", lambda client: client.get(_article().url), shows="comment-list"),
    CheckedPage("article-short", lambda client: client.get(ArticlePage.objects.live().order_by("pk").first().url)),
    CheckedPage("article-comment-errors", _comment_with_errors, shows="error-summary"),
    CheckedPage("article-feedback-errors", _feedback_with_errors, shows="error-summary"),
    CheckedPage(
        "search-results", lambda client: client.get("/search/", {"query": "back pain"}), shows="search-result-title"
    ),
    CheckedPage("search-no-results", lambda client: client.get("/search/", {"query": "zzzqqq"})),
    CheckedPage("search-empty", lambda client: client.get("/search/")),
    CheckedPage("not-found", lambda client: client.get("/no-such-page/"), status=404),
    CheckedPage("server-error", _error_page(server_error), status=500),
    CheckedPage("database-down", _error_page(database_unavailable_response), status=503),
    CheckedPage("csrf-failure", _error_page(csrf_failure), status=403),
    CheckedPage("callback-page", lambda client: client.get(_callback_page().url), shows="callback-form"),
    CheckedPage("callback-page-errors", _callback_errors, shows="error-summary"),
    CheckedPage("callback-confirmation", _callback_confirmation, shows="callback-manage-link"),
    CheckedPage("callback-manage", _manage_page, shows="booking-summary"),
    CheckedPage("callback-move", _move_page, shows="callback-move-form"),
    CheckedPage("callback-move-errors", _move_with_errors, shows="error-summary"),
    CheckedPage("callback-cancel", _cancel_page, shows="callback-cancel-form"),
    CheckedPage("bad-request", _error_page(bad_request), status=400),
]


@pytest.fixture
def reader_site(db):
    if java_executable() is None:
        skip_or_fail("Java is not installed, so the W3C Nu HTML checker cannot run (apt-get install -y default-jre)")
    tree_root()
    call_command("load_demo_content", stdout=StringIO())
    index = _index()
    for number in range(ARTICLES_PER_PAGE):
        ArticlePageFactory(parent=index, title=f"Moving with sciatica, part {number + 1}")
    ArticleCommentFactory(article=_article(), name="Jo", status=CommentStatus.APPROVED)


def test_every_reader_page_type_has_no_nu_checker_errors(reader_site, client, tmp_path):
    for checked in READER_PAGES:
        response = checked.fetch(client)
        assert response.status_code == checked.status, checked.name
        assert checked.shows in response.content.decode(), checked.name
        (tmp_path / f"{checked.name}.html").write_bytes(response.content)

    errors = check_folder(tmp_path)

    assert errors == [], "\n".join(errors)


def test_the_checker_reports_an_error_it_is_shown(tmp_path):
    """The checker is wired up: a page with a known error is reported, not silently passed."""
    if java_executable() is None:
        skip_or_fail("Java is not installed, so the W3C Nu HTML checker cannot run (apt-get install -y default-jre)")
    Path(tmp_path / "broken.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><title>Broken</title></head>'
        '<body><fieldset><legend for="x">Day</legend></fieldset></body></html>'
    )

    errors = check_folder(tmp_path)

    assert len(errors) == 1 and errors[0].startswith("broken.html:1: Attribute “for” not allowed")
