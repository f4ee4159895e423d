"""Every article records who reviewed it and when, shows it, and falls due for review twelve months on."""

import datetime

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError

from blog.review import default_next_review, review_status
from tests.blog.factories import ArticlePageFactory, AuthorFactory, ClinicalReviewerFactory

TODAY = datetime.date(2026, 11, 20)


def text(element) -> str:
    return " ".join(element.get_text().split())


@pytest.mark.parametrize(
    ("last_reviewed", "due"),
    [
        (datetime.date(2026, 3, 12), datetime.date(2027, 3, 12)),
        (datetime.date(2024, 2, 29), datetime.date(2025, 2, 28)),
        (datetime.date(2026, 12, 31), datetime.date(2027, 12, 31)),
    ],
)
def test_the_next_review_falls_twelve_months_after_the_last(last_reviewed, due):
    assert default_next_review(last_reviewed) == due


@pytest.mark.parametrize(
    ("due", "status"),
    [
        (None, "Never reviewed"),
        (TODAY - datetime.timedelta(days=1), "Overdue by 1 day"),
        (TODAY - datetime.timedelta(days=40), "Overdue by 40 days"),
        (TODAY, "Due today"),
        (TODAY + datetime.timedelta(days=1), "Due in 1 day"),
        (TODAY + datetime.timedelta(days=30), "Due in 30 days"),
        (TODAY + datetime.timedelta(days=31), "Current"),
    ],
)
def test_the_review_status_reads_plainly(due, status):
    assert review_status(due, TODAY) == status


@time_machine.travel(datetime.datetime(2026, 11, 20, 12, tzinfo=datetime.UTC), tick=False)
def test_a_blank_next_review_date_is_filled_in_twelve_months_on(article_index):
    article = ArticlePageFactory(
        parent=article_index,
        medical_reviewer=ClinicalReviewerFactory(),
        last_reviewed=datetime.date(2026, 6, 1),
    )
    article.refresh_from_db()
    assert article.next_review_due == datetime.date(2027, 6, 1)


@time_machine.travel(datetime.datetime(2026, 11, 20, 12, tzinfo=datetime.UTC), tick=False)
def test_an_editors_own_next_review_date_is_kept(article_index):
    article = ArticlePageFactory(
        parent=article_index,
        medical_reviewer=ClinicalReviewerFactory(),
        last_reviewed=datetime.date(2026, 6, 1),
        next_review_due=datetime.date(2026, 12, 1),
    )
    article.refresh_from_db()
    assert article.next_review_due == datetime.date(2026, 12, 1)


@time_machine.travel(datetime.datetime(2026, 11, 20, 12, tzinfo=datetime.UTC), tick=False)
@pytest.mark.parametrize(
    ("fields", "field_in_error"),
    [
        ({"last_reviewed": datetime.date(2026, 6, 1)}, "medical_reviewer"),
        ({"with_reviewer": True}, "last_reviewed"),
        ({"with_reviewer": True, "last_reviewed": datetime.date(2026, 12, 1)}, "last_reviewed"),
        (
            {
                "with_reviewer": True,
                "last_reviewed": datetime.date(2026, 6, 1),
                "next_review_due": datetime.date(2026, 5, 1),
            },
            "next_review_due",
        ),
    ],
)
def test_a_review_record_that_does_not_hang_together_is_refused(article_index, fields, field_in_error):
    article = ArticlePageFactory(parent=article_index)
    if fields.pop("with_reviewer", False):
        article.medical_reviewer = ClinicalReviewerFactory()
    for name, value in fields.items():
        setattr(article, name, value)
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert field_in_error in error.value.message_dict


def test_only_clinical_authors_can_review(article_index):
    article = ArticlePageFactory(parent=article_index)
    article.last_reviewed = datetime.date(2026, 1, 5)
    article.medical_reviewer = AuthorFactory(is_clinical=False)
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "medical_reviewer" in error.value.message_dict


def test_the_article_says_who_reviewed_it_and_when_the_next_review_is_due(article_index, client):
    article = ArticlePageFactory(
        parent=article_index,
        medical_reviewer=ClinicalReviewerFactory(name="Priya Physio", role="Physiotherapist"),
        last_reviewed=datetime.date(2025, 3, 12),
    )

    soup = BeautifulSoup(client.get(article.url).content, "html.parser")

    review = text(soup.find(class_="article-review"))
    assert review == "Reviewed by Priya Physio, Physiotherapist, on 12 March 2025; next review due 12 March 2026."
    assert soup.find(class_="article-review").find_all("time")[1]["datetime"] == "2026-03-12"


def test_an_article_without_a_review_shows_no_review_line(article_index, client):
    article = ArticlePageFactory(parent=article_index)

    soup = BeautifulSoup(client.get(article.url).content, "html.parser")

    assert soup.find(class_="article-review") is None


def test_sources_are_a_numbered_list_at_the_end_of_the_article(article_index, client):
    article = ArticlePageFactory(
        parent=article_index,
        sources=[
            {
                "type": "source",
                "value": {
                    "title": "Low back pain and sciatica in over 16s",
                    "publisher": "NICE",
                    "year": 2016,
                    "url": "https://www.nice.org.uk/guidance/ng59",
                },
            },
            {
                "type": "source",
                "value": {"title": "Depression and pain comorbidity", "publisher": "Arch Intern Med", "year": 2003},
            },
        ],
    )

    soup = BeautifulSoup(client.get(article.url).content, "html.parser")

    section = soup.find("section", class_="article-sources")
    assert text(section.find("h2")) == "Sources"
    items = section.find("ol").find_all("li")
    assert [text(item) for item in items] == [
        "Low back pain and sciatica in over 16s. NICE, 2016.",
        "Depression and pain comorbidity. Arch Intern Med, 2003.",
    ]
    assert items[0].find("a")["href"] == "https://www.nice.org.uk/guidance/ng59"
    assert items[1].find("a") is None
    body = soup.find(class_="article-body")
    assert body.find_all_next("section", class_="article-sources"), "sources come after the body"
