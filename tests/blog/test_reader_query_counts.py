"""Reviews, sources, comments and the forms under an article cost the same few queries however many there are."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from blog.models import CommentStatus
from tests.blog.factories import ArticleCommentFactory, ArticlePageFactory, ClinicalReviewerFactory
from tests.blog.test_query_counts import MAX_QUERIES
from tests.home.factories import faq, paragraph


@pytest.fixture(autouse=True)
def rendering_without_caches(settings):
    """Every GET renders: with the page cache on, both counts would be a cache hit's zero."""
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 0


def source(n: int) -> dict:
    return {"type": "source", "value": {"title": f"Guideline {n}", "publisher": "NICE", "year": 2020, "url": ""}}


def queries_for(client, url) -> int:
    client.get(url)  # warm-up, as a running site is warm
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_an_article_with_review_sources_faqs_and_comments_costs_no_more_queries(article_index, client):
    # Both reviewed: the reviewer is one query (Wagtail routes to the page; nothing is joined to it),
    # what is measured is that sources, FAQs and comments add none however many there are.
    plain = ArticlePageFactory(
        parent=article_index,
        body=[paragraph("Keep moving.")],
        medical_reviewer=ClinicalReviewerFactory(),
        last_reviewed=datetime.date(2025, 11, 1),
    )
    full = ArticlePageFactory(
        parent=article_index,
        body=[paragraph("Keep moving."), faq([(f"Question {n}?", f"Answer {n}.") for n in range(15)])],
        medical_reviewer=ClinicalReviewerFactory(),
        last_reviewed=datetime.date(2025, 11, 1),
        sources=[source(n) for n in range(12)],
    )
    for n in range(25):
        ArticleCommentFactory(article=full, status=CommentStatus.APPROVED, body=f"Comment {n}")
    ArticleCommentFactory(article=full, status=CommentStatus.PENDING)

    plain_count = queries_for(client, plain.url)
    full_count = queries_for(client, full.url)

    assert full_count == plain_count <= MAX_QUERIES
