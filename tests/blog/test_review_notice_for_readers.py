"""Readers of an article long past its review date are told it is being reviewed; the JSON-LD keeps the truth."""

import datetime

import pytest
import time_machine
from bs4 import BeautifulSoup

from tests.blog.factories import ArticlePageFactory, ClinicalReviewerFactory
from tests.home.test_structured_data import json_ld, of_type

TODAY = datetime.date(2026, 12, 1)


@pytest.fixture
def travel():
    with time_machine.travel(datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.UTC), tick=False):
        yield


def article_due(article_index, due: datetime.date):
    return ArticlePageFactory(
        parent=article_index,
        medical_reviewer=ClinicalReviewerFactory(),
        last_reviewed=due - datetime.timedelta(days=365),
        next_review_due=due,
    )


def test_31_days_past_review_readers_see_the_notice_with_the_help_line(travel, article_index, client):
    article = article_due(article_index, TODAY - datetime.timedelta(days=31))

    response = client.get(article.url)

    notice = BeautifulSoup(response.content, "html.parser").find(class_="review-notice")
    assert notice is not None
    text = " ".join(notice.get_text().split())
    assert text.startswith("This page is being reviewed")
    helpline = notice.find("a")
    assert helpline["href"].startswith("tel:")
    assert helpline.get_text(strip=True) in text
    (page,) = of_type(json_ld(response), "MedicalWebPage")
    assert page["lastReviewed"] == article.last_reviewed.isoformat()


@pytest.mark.parametrize("days_overdue", [30, 0, -10])
def test_up_to_30_days_past_review_there_is_no_notice(travel, article_index, client, days_overdue):
    article = article_due(article_index, TODAY - datetime.timedelta(days=days_overdue))

    soup = BeautifulSoup(client.get(article.url).content, "html.parser")

    assert soup.find(class_="review-notice") is None


def test_the_threshold_is_a_setting(travel, article_index, client, settings):
    settings.CLINICAL_REVIEW_READER_NOTICE_DAYS = 5
    article = article_due(article_index, TODAY - datetime.timedelta(days=6))

    soup = BeautifulSoup(client.get(article.url).content, "html.parser")

    assert soup.find(class_="review-notice") is not None
