"""Cache-Control for a CDN or Varnish in front (home/cache_headers.py): shared only what is the same for everyone."""

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory

from home.cache_headers import may_be_shared
from tests.blog.factories import ArticleIndexPageFactory, ArticlePageFactory
from tests.callbacks.booking_page import make_callback_page
from tests.home.factories import editor_user, site_home_page


@pytest.fixture
def article(db):
    index = ArticleIndexPageFactory(parent=site_home_page())
    return ArticlePageFactory(parent=index, tags=["sleep"])


def directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def assert_shared(response, settings):
    assert {"public", f"max-age={settings.BROWSER_CACHE_SECONDS}"} <= directives(response)
    assert f"s-maxage={settings.PAGE_CACHE_SECONDS}" in directives(response)
    assert "Cookie" in response["Vary"]


def assert_never_shared(response):
    found = directives(response)
    assert "public" not in found
    assert "private" in found or "no-store" in found or "no-cache" in found, found


def test_an_anonymous_readers_pages_may_be_shared_from_the_first_answer_and_from_the_page_cache(
    client, article, settings
):
    index_url = article.get_parent().url
    for url in (article.url, index_url, index_url + "tags/sleep/", index_url + "feed/", "/sitemap.xml", "/"):
        rendered, replayed = client.get(url), client.get(url)
        assert rendered.status_code == 200, url
        assert_shared(rendered, settings)
        assert_shared(replayed, settings)


def test_a_page_not_found_may_be_shared_but_other_errors_may_not(client, article, settings):
    assert_shared(client.get("/no-such-page/"), settings)
    assert_never_shared(client.get("/admin/", HTTP_AUTHORIZATION="Basic x"))


def test_a_logged_in_editor_never_gets_a_shareable_page(client, article):
    client.force_login(editor_user())

    assert_never_shared(client.get(article.url))


def test_the_callback_page_its_posts_and_its_links_are_never_shared(db):
    callback_page = make_callback_page()
    reader = Client()

    assert_never_shared(reader.get(callback_page.url))
    assert_never_shared(reader.post(callback_page.url, {}))
    assert_never_shared(reader.get(callback_page.url + "confirmation/not-a-real-token/"))
    assert_never_shared(reader.get(callback_page.url + "cancel/not-a-real-token/"))


def test_posts_the_admin_previews_search_and_odd_query_strings_are_never_shared(client, article):
    assert_never_shared(client.post(article.url + "feedback/", {"feedback-helpful": "yes"}))
    assert_never_shared(client.get("/admin/login/"))
    assert_never_shared(client.get("/search/?query=sleep"))
    assert_never_shared(client.get(article.url + "?utm_source=newsletter"))
    assert_never_shared(client.get(article.get_parent().url + "?page=7"))
    assert_never_shared(article.make_preview_request())


def test_a_page_response_that_sets_a_cookie_is_never_shared(article):
    request = RequestFactory().get(article.url)
    page_answer = HttpResponse("the page")
    with_cookie = HttpResponse("the page")
    with_cookie.set_cookie("reader", "one")

    assert may_be_shared(request, page_answer), "the same page without a cookie may be shared"
    assert not may_be_shared(request, with_cookie)
