"""Purging a CDN or Varnish in front through wagtail.contrib.frontend_cache, after the commit only.

A small HTTP server stands in for Varnish and records the PURGE requests it gets.
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from wagtail.models import Site

from home.cache_invalidation import invalidate_everything_on_commit
from home.models import SiteSettings
from tests.blog.factories import ArticleIndexPageFactory, ArticlePageFactory, AuthorFactory
from tests.home.factories import StandardPageFactory, site_home_page

ROOT = "http://localhost"


class PurgeRecorder(BaseHTTPRequestHandler):
    purged: list

    def do_PURGE(self):
        self.purged.append(self.headers["Host"] + self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def purged(settings):
    """The addresses PURGEd since the test began, as "host/path?query"."""
    received: list[str] = []
    handler = type("Recorder", (PurgeRecorder,), {"purged": received})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_address[1]}",
        }
    }
    yield received
    server.shutdown()
    server.server_close()


@pytest.fixture
def home_page(db):
    home = site_home_page()
    site = Site.objects.get(is_default_site=True)
    site.hostname = "localhost"
    site.port = 80
    site.save()
    return home


@pytest.fixture
def article_index(home_page):
    return ArticleIndexPageFactory(parent=home_page, slug="articles")


def test_publishing_purges_the_page_its_listings_tag_pages_feed_home_and_sitemap_after_the_commit(
    article_index, purged, django_capture_on_commit_callbacks
):
    for _ in range(13):
        ArticlePageFactory(parent=article_index, tags=["sleep"])
    article = ArticlePageFactory(parent=article_index, slug="sleeping-well", tags=["sleep", "posture"], live=False)

    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
        assert purged == [], "nothing is purged before the commit"

    assert set(purged) >= {
        "localhost/articles/sleeping-well/",
        "localhost/articles/",
        "localhost/articles/?page=2",
        "localhost/articles/feed/",
        "localhost/articles/tags/sleep/",
        "localhost/articles/tags/sleep/?page=2",
        "localhost/articles/tags/posture/",
        "localhost/",
        "localhost/sitemap.xml",
    }


def test_unpublishing_moving_and_deleting_purge_the_old_places(
    home_page, article_index, purged, django_capture_on_commit_callbacks
):
    about = StandardPageFactory(parent=home_page, slug="about")
    team = StandardPageFactory(parent=home_page, slug="team")
    article = ArticlePageFactory(parent=article_index, slug="gone")

    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    assert {"localhost/articles/gone/", "localhost/articles/"} <= set(purged)

    purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        team.move(about, pos="last-child")
    assert {"localhost/about/team/", "localhost/about/", "localhost/"} <= set(purged)

    purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        about.delete()
    assert {"localhost/about/", "localhost/", "localhost/sitemap.xml"} <= set(purged)


def test_a_rolled_back_publish_purges_nothing(article_index, purged, django_capture_on_commit_callbacks):
    article = ArticlePageFactory(parent=article_index, live=False)

    with django_capture_on_commit_callbacks(execute=False):
        article.save_revision().publish()

    assert purged == []


@pytest.mark.parametrize("change", ["site settings", "snippet", "the public function"])
def test_settings_snippets_and_the_public_function_purge_every_live_page(
    change, home_page, article_index, purged, django_capture_on_commit_callbacks
):
    ArticlePageFactory(parent=article_index, slug="posture")
    author = AuthorFactory()

    with django_capture_on_commit_callbacks(execute=True):
        if change == "site settings":
            SiteSettings.objects.update_or_create(site=Site.objects.get(), defaults={"disclaimer": "<p>New</p>"})
        elif change == "snippet":
            author.name = "Dr Renamed"
            author.save()
        else:
            invalidate_everything_on_commit()
        assert purged == []

    assert {"localhost/", "localhost/articles/", "localhost/articles/posture/", "localhost/articles/feed/"} <= set(
        purged
    )
