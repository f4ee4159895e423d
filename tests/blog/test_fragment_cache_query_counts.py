"""An article the page cache cannot answer still renders in few queries once Wagtail's fragments are warm.

Any request the page cache passes by (a reader with a session, a query string it
does not keep, the page cache off) renders the page; the fragments cached with
`{% wagtailpagecache %}` / `{% wagtailcache %}` (article, menus, breadcrumbs, footer,
comments) then cost no query at all. What is left is Wagtail's routing (the site, the
pages on the way down, the view restrictions) and the help line's "open now" line,
which depends on the time of day rather than on content.
"""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from blog.comments import comment_approve
from blog.models import CommentStatus
from tests.blog.factories import ArticleCommentFactory, ArticlePageFactory, AuthorFactory
from tests.blog.test_query_counts import article_body
from tests.home.factories import StandardPageFactory, editor_user

# Eight of these are Wagtail's own, as for a cold article (tests/blog/test_query_counts.py); then the
# help-line settings, for the "open now" line. The service-status banner (site settings) is a fragment
# too, renewed with content_version when the settings are saved. Issue 10's goal: at most 10.
MAX_QUERIES_FRAGMENTS_WARM = 9


@pytest.fixture(autouse=True)
def page_cache_off(settings):
    """Every GET renders the page; the fragment caches stay on, as the test settings have them."""
    settings.PAGE_CACHE_SECONDS = 0
    assert settings.FRAGMENT_CACHE_SECONDS > 0


@pytest.fixture
def article(article_index, home_page):
    callback_page = StandardPageFactory(parent=home_page, title="Request a callback")
    tags = ["posture", "sleep", "walking"]
    article = ArticlePageFactory(
        parent=article_index,
        title="Sleeping with sciatica",
        authors=[AuthorFactory(name="Dr Ada Lane"), AuthorFactory(name="Sam Reed")],
        tags=tags,
        body=article_body(6, callback_page),
    )
    ArticlePageFactory(parent=article_index, title="Walking for a sore back", tags=tags[:2])
    ArticleCommentFactory(article=article, name="Jo", body="Pillows helped.", status=CommentStatus.APPROVED)
    return article


def text_of(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def test_with_the_fragments_warm_an_article_costs_only_wagtails_routing_and_the_help_line(client, article):
    first = client.get(article.url)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(article.url)

    assert len(queries) <= MAX_QUERIES_FRAGMENTS_WARM, "\n".join(q["sql"][:120] for q in queries)
    # The same page, served from the fragments: title, authors, tags, related article, comment, menu, footer.
    assert second.status_code == 200
    assert text_of(second) == text_of(first)
    for shown in ("Sleeping with sciatica", "Dr Ada Lane", "posture", "Walking for a sore back", "Pillows helped."):
        assert shown in text_of(second)


def test_a_comment_approved_after_the_fragments_were_cached_appears_once_committed(
    client, article, django_capture_on_commit_callbacks
):
    comment = ArticleCommentFactory(article=article, name="Lee", body="Heat packs at night.")
    assert "Heat packs at night." not in text_of(client.get(article.url))

    with django_capture_on_commit_callbacks(execute=True):
        comment_approve(comment=comment, user=editor_user())

    shown = text_of(client.get(article.url))
    assert "Heat packs at night." in shown
    assert "Comments (2)" in shown
