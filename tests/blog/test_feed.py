"""The articles index's RSS 2.0 feed: well-formed, newest first, absolute links."""

import datetime
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.blog.factories import ArticlePageFactory, AuthorFactory


def fetch_feed(client, article_index) -> ET.Element:
    response = client.get(f"{article_index.url}feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    return ET.fromstring(response.content)  # noqa: S314 - our own server's response, not untrusted input


def test_the_feed_is_valid_rss_2(article_index, client):
    author = AuthorFactory(name="Sciaticalm Medical Team")
    older = ArticlePageFactory(parent=article_index, authors=[author], tags=["back-pain"])
    newer = ArticlePageFactory(parent=article_index, authors=[author], tags=["sleep"])
    ArticlePageFactory(parent=article_index, live=False)

    rss = fetch_feed(client, article_index)

    assert rss.tag == "rss"
    assert rss.get("version") == "2.0"
    channel = rss.find("channel")
    assert channel.findtext("title") == article_index.title
    assert channel.findtext("link") == "http://localhost/articles/"
    assert channel.findtext("description") == article_index.intro

    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == [newer.title, older.title]
    for item, article in zip(items, [newer, older], strict=True):
        link = item.findtext("link")
        assert link == f"http://localhost{article.url}"
        assert item.findtext("guid") == link
        assert item.findtext("description") == article.intro
        assert parsedate_to_datetime(item.findtext("pubDate")).date() == article.display_date
        assert item.findtext("category") in {"back-pain", "sleep"}
    dates = [parsedate_to_datetime(item.findtext("pubDate")) for item in items]
    assert dates == sorted(dates, reverse=True)


def test_the_feed_dates_items_by_their_published_date(article_index, client):
    """The date a reader sees on the article is the date the feed gives, and its order."""
    backdated = ArticlePageFactory(parent=article_index, published_date=datetime.date(2024, 3, 4))
    recent = ArticlePageFactory(parent=article_index, published_date=datetime.date(2025, 10, 13))
    backdated.first_published_at = recent.first_published_at + datetime.timedelta(days=5)
    backdated.save()

    items = fetch_feed(client, article_index).find("channel").findall("item")

    assert [item.findtext("title") for item in items] == [recent.title, backdated.title]
    assert [parsedate_to_datetime(item.findtext("pubDate")).date() for item in items] == [
        datetime.date(2025, 10, 13),
        datetime.date(2024, 3, 4),
    ]


def test_an_empty_feed_is_still_valid(article_index, client):
    channel = fetch_feed(client, article_index).find("channel")

    assert channel.findtext("title") == article_index.title
    assert channel.findall("item") == []


def test_the_feed_takes_the_same_queries_for_one_article_or_many(article_index, client):
    ArticlePageFactory(parent=article_index, tags=["sleep"])
    fetch_feed(client, article_index)  # warm-up
    with CaptureQueriesContext(connection) as one:
        fetch_feed(client, article_index)

    for _ in range(5):
        ArticlePageFactory(parent=article_index, authors=[AuthorFactory(), AuthorFactory()], tags=["sleep", "work"])
    with CaptureQueriesContext(connection) as six:
        fetch_feed(client, article_index)

    assert len(one) == len(six)
