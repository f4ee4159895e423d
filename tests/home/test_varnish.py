"""The CDN path proven on a real Varnish: what it keeps, what it never keeps, and purges on publish.

Readers ask Varnish for the site's own host name ("localhost"), the address
wagtail.contrib.frontend_cache purges, as a CDN would receive it.
"""

import pytest
import requests
from django.test import Client
from wagtail.models import Site

from tests.blog.factories import ArticleIndexPageFactory, ArticlePageFactory
from tests.callbacks.booking_page import make_callback_page
from tests.conftest import skip_or_fail
from tests.home.factories import editor_user
from tests.varnish_support import start_varnish, stop_varnish, varnishd_path

pytestmark = pytest.mark.django_db(transaction=True)

SITE_HOST = "localhost"


@pytest.fixture(scope="session")
def varnish_server(live_server):
    if varnishd_path() is None:
        skip_or_fail("Varnish is not installed (apt-get install -y varnish)")
    process, url, folder = start_varnish(live_server.url)
    yield url
    stop_varnish(process, folder)


@pytest.fixture
def varnish(varnish_server, settings):
    """Varnish's base URL, and the site purging it after each commit, as FRONTEND_CACHE_URL would set up."""
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": varnish_server}
    }
    # A clean Varnish for every test: forget everything the previous test left.
    requests.request("BAN", varnish_server + "/", timeout=10).raise_for_status()
    return varnish_server


def through(varnish: str, path: str, **headers) -> requests.Response:
    return requests.get(varnish + path, headers={"Host": SITE_HOST, **headers}, timeout=30, allow_redirects=False)


def from_varnish(response) -> bool:
    return response.headers.get("X-Varnish-Cache") == "hit"


@pytest.fixture
def article_index(db):
    callback_page = make_callback_page()
    site = Site.objects.get(is_default_site=True)
    assert site.hostname == SITE_HOST
    return ArticleIndexPageFactory(parent=callback_page.get_parent(), slug="articles")


def test_a_readers_second_request_is_a_varnish_hit(varnish, article_index):
    article = ArticlePageFactory(parent=article_index, title="Sleeping with sciatica")

    first, second = through(varnish, article.url), through(varnish, article.url)

    assert first.status_code == second.status_code == 200
    assert (from_varnish(first), from_varnish(second)) == (False, True)
    assert "public" in second.headers["Cache-Control"]
    assert "Sleeping with sciatica" in second.text


def test_a_new_title_is_shown_on_the_next_request_after_publishing(varnish, article_index):
    article = ArticlePageFactory(parent=article_index, title="Sleeping with sciatica")
    through(varnish, article.url)
    assert from_varnish(through(varnish, article.url))

    article.title = "Sleeping well with sciatica"
    article.save_revision().publish()
    after = through(varnish, article.url)

    assert "Sleeping well with sciatica" in after.text


def test_the_index_and_tag_page_show_a_newly_published_article_at_once(varnish, article_index):
    ArticlePageFactory(parent=article_index, title="Posture at work", tags=["posture"])
    tag_path = article_index.url + "tags/posture/"
    for path in (article_index.url, tag_path):
        through(varnish, path)
        assert from_varnish(through(varnish, path)), path
    new = ArticlePageFactory(parent=article_index, title="Standing desks", tags=["posture"], live=False)

    new.save_revision().publish()

    assert "Standing desks" in through(varnish, article_index.url).text
    assert "Standing desks" in through(varnish, tag_path).text


def test_the_callback_page_its_links_and_an_editors_view_are_never_served_from_varnish(varnish, article_index):
    callback_url = Site.objects.get().root_page.get_children().get(slug="request-a-callback").url
    article = ArticlePageFactory(parent=article_index)
    editor = Client()
    editor.force_login(editor_user())
    session = editor.cookies["sessionid"].value

    for path, headers in (
        (callback_url, {}),
        (callback_url + "confirmation/not-a-real-token/", {}),
        (callback_url + "cancel/not-a-real-token/", {}),
        (article.url, {"Cookie": f"sessionid={session}"}),
    ):
        answers = [through(varnish, path, **headers) for _ in range(2)]
        assert not any(from_varnish(answer) for answer in answers), path
        assert "public" not in answers[1].headers.get("Cache-Control", ""), path
