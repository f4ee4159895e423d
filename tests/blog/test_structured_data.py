"""Articles describe themselves as MedicalWebPages, with FAQs and breadcrumbs; the index and tag pages too."""

import datetime

from blog.models import ArticlePage
from tests.blog.factories import ArticlePageFactory, AuthorFactory, ClinicalReviewerFactory
from tests.home.factories import faq, paragraph
from tests.home.test_structured_data import json_ld, of_type

QUESTION = 'Does "walking" help? </script><script>alert(1)</script>'


def reviewed_article(article_index) -> ArticlePage:
    return ArticlePageFactory(
        parent=article_index,
        title="Walking with sciatica",
        slug="walking-with-sciatica",
        intro="Why a daily walk helps, and how to build up.",
        published_date=datetime.date(2025, 10, 13),
        authors=[AuthorFactory(name="Ann Author", role="Nurse"), AuthorFactory(name="Bo Writer", role="")],
        tags=["walking", "sciatica"],
        medical_reviewer=ClinicalReviewerFactory(name="Priya Physio", role="Physiotherapist"),
        last_reviewed=datetime.date(2026, 1, 19),
        body=[paragraph("Start with ten minutes."), faq([(QUESTION, "Yes &amp; usually soon.")])],
        sources=[
            {
                "type": "source",
                "value": {"title": "NG59", "publisher": "NICE", "year": 2016, "url": "https://www.nice.org.uk/"},
            }
        ],
    )


def test_an_article_is_a_medical_web_page_with_its_authors_dates_and_review(article_index, client):
    article = reviewed_article(article_index)

    (page,) = of_type(json_ld(client.get(article.url)), "MedicalWebPage")

    url = "http://localhost/articles/walking-with-sciatica/"
    assert page["url"] == url
    assert page["headline"] == "Walking with sciatica"
    assert page["description"] == "Why a daily walk helps, and how to build up."
    assert page["author"] == [
        {"@type": "Person", "name": "Ann Author", "jobTitle": "Nurse"},
        {"@type": "Person", "name": "Bo Writer"},
    ]
    assert page["datePublished"] == "2025-10-13"
    assert datetime.datetime.fromisoformat(page["dateModified"]) == article.last_published_at
    assert page["lastReviewed"] == "2026-01-19"
    assert page["reviewedBy"] == {"@type": "Person", "name": "Priya Physio", "jobTitle": "Physiotherapist"}
    assert page["publisher"] == {"@id": "http://localhost/#organization"}
    assert page["keywords"] == ["walking", "sciatica"]
    assert page["citation"] == [
        {
            "@type": "CreativeWork",
            "name": "NG59",
            "publisher": {"@type": "Organization", "name": "NICE"},
            "datePublished": "2016",
            "url": "https://www.nice.org.uk/",
        }
    ]


def test_an_article_without_a_review_leaves_the_review_properties_out(article_index, client):
    article = ArticlePageFactory(parent=article_index)

    (page,) = of_type(json_ld(client.get(article.url)), "MedicalWebPage")

    assert "lastReviewed" not in page
    assert "reviewedBy" not in page
    assert {"headline", "description", "author", "datePublished", "dateModified"} <= page.keys()


def test_an_article_with_faqs_is_also_an_faq_page_whatever_its_questions_say(article_index, client):
    article = reviewed_article(article_index)

    response = client.get(article.url)

    (faq_page,) = of_type(json_ld(response), "FAQPage")
    (question,) = faq_page["mainEntity"]
    assert question["name"] == QUESTION
    assert question["acceptedAnswer"] == {"@type": "Answer", "text": "Yes & usually soon."}
    assert "<script>alert(1)" not in response.content.decode()


def test_an_article_has_its_breadcrumb_trail(article_index, client):
    article = reviewed_article(article_index)

    (breadcrumbs,) = of_type(json_ld(client.get(article.url)), "BreadcrumbList")

    assert [(item["position"], item["name"], item["item"]) for item in breadcrumbs["itemListElement"]] == [
        (1, "Home", "http://localhost/"),
        (2, "Articles", "http://localhost/articles/"),
        (3, "Walking with sciatica", "http://localhost/articles/walking-with-sciatica/"),
    ]


def test_the_articles_index_and_a_tag_page_have_the_organisation_and_breadcrumbs(article_index, client):
    reviewed_article(article_index)

    index_nodes = json_ld(client.get(article_index.url))
    tag_nodes = json_ld(client.get(f"{article_index.url}tags/walking/"))

    assert [node["@type"] for node in index_nodes] == ["Organization", "BreadcrumbList"]
    assert [item["name"] for item in of_type(index_nodes, "BreadcrumbList")[0]["itemListElement"]] == [
        "Home",
        "Articles",
    ]
    (tag_trail,) = of_type(tag_nodes, "BreadcrumbList")
    assert [(item["name"], item["item"]) for item in tag_trail["itemListElement"]] == [
        ("Home", "http://localhost/"),
        ("Articles", "http://localhost/articles/"),
        ("Tagged “walking”", "http://localhost/articles/tags/walking/"),
    ]
    assert of_type(tag_nodes, "Organization")
