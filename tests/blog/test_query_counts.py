"""Pages render in a fixed number of queries, however much they list.

Each page is fetched once to warm the caches a running site keeps warm
(content types, site root paths), then measured.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.blog.factories import ArticlePageFactory, AuthorFactory
from tests.home.factories import ImageFactory, StandardPageFactory, callback_cta, faq, heading, key_takeaways, paragraph

# One of these reads the help-line settings: Wagtail's per-request load, no longer a settings cache (issue 11).
MAX_QUERIES = 13


@pytest.fixture
def callback_page(home_page):
    return StandardPageFactory(parent=home_page, title="Request a callback")


def article_body(faq_items: int, callback_page) -> list[dict]:
    return [
        heading("What helps"),
        paragraph("Keep moving, gently and often."),
        key_takeaways(["Stay active", "Pace yourself"]),
        faq([(f"Question {n}?", f"Answer {n}.") for n in range(faq_items)]),
        heading("Talk to us"),
        callback_cta(callback_page.pk),
    ]


def count_queries(client, url) -> int:
    client.get(url)  # warm-up
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_an_article_renders_in_the_same_few_queries_however_much_it_carries(
    article_index, callback_page, client, django_assert_max_num_queries, media_root
):
    small = ArticlePageFactory(
        parent=article_index,
        authors=[AuthorFactory(photo=ImageFactory())],
        tags=["posture"],
        body=article_body(1, callback_page),
    )
    tags = ["back-pain", "sleep", "exercise", "sciatica", "stress", "work", "driving", "walking"]
    big = ArticlePageFactory(
        parent=article_index,
        authors=[AuthorFactory(photo=ImageFactory()) for _ in range(5)],
        tags=tags,
        body=article_body(20, callback_page),
    )
    for n in range(4):  # the three sharing most tags are shown
        ArticlePageFactory(
            parent=article_index,
            authors=[AuthorFactory(), AuthorFactory()],
            tags=tags[n : n + 3],
            body=article_body(3, callback_page),
        )
    assert len(big.related_articles(big.tags.all())) == 3
    assert small.related_articles(small.tags.all()) == []

    small_count = count_queries(client, small.url)
    big_count = count_queries(client, big.url)

    with django_assert_max_num_queries(MAX_QUERIES):
        client.get(small.url)
    with django_assert_max_num_queries(MAX_QUERIES):
        client.get(big.url)
    assert small_count == big_count, f"small article: {small_count} queries, big article: {big_count}"


def test_the_index_renders_in_the_same_few_queries_however_many_articles_it_lists(
    article_index, callback_page, client, django_assert_max_num_queries, django_assert_num_queries
):
    ArticlePageFactory(parent=article_index, tags=["sleep"], body=article_body(2, callback_page))
    one_count = count_queries(client, article_index.url)

    for n in range(11):
        ArticlePageFactory(
            parent=article_index,
            authors=[AuthorFactory() for _ in range(1 + n % 3)],
            tags=["sleep", "exercise", f"topic-{n}"],
            body=article_body(n + 1, callback_page),
        )
    twelve_count = count_queries(client, article_index.url)

    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(article_index.url)
    assert len(response.context["articles"]) == 12
    assert one_count == twelve_count, f"1 article: {one_count} queries, 12 articles: {twelve_count}"
    with django_assert_num_queries(twelve_count):
        client.get(f"{article_index.url}tags/sleep/")


def test_the_home_page_renders_in_the_same_few_queries_however_many_articles_it_shows(
    home_page, article_index, callback_page, client
):
    ArticlePageFactory(parent=article_index, tags=["sleep"], body=article_body(1, callback_page))
    one_count = count_queries(client, home_page.url)

    for _ in range(8):
        ArticlePageFactory(
            parent=article_index,
            authors=[AuthorFactory(), AuthorFactory()],
            tags=["sleep", "work"],
            body=article_body(4, callback_page),
        )
    many_count = count_queries(client, home_page.url)

    assert one_count == many_count <= MAX_QUERIES
