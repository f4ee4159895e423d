"""Editors can preview a new or changed article, with its review line, sources and the forms under it."""

import datetime

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from tests.blog.factories import ArticlePageFactory, AuthorFactory, ClinicalReviewerFactory
from tests.home.factories import UserFactory


@pytest.fixture
def editor_client(client, db):
    client.force_login(UserFactory(is_superuser=True))
    return client


def form_data(slug: str) -> dict:
    return nested_form_data(
        {
            "title": "Preview me",
            "slug": slug,
            "intro": "A draft about posture.",
            "article_authors": inline_formset([{"author": str(AuthorFactory().pk)}], min=1),
            "tags": "",
            "comments": inline_formset([]),
            "body": streamfield([("paragraph", rich_text("<p>Sit tall, stand often.</p>"))]),
            "sources": streamfield(
                [("source", {"title": "Posture guide", "publisher": "NHS", "year": "2024", "url": ""})]
            ),
        }
    )


def preview(client, url, data) -> str:
    assert client.post(url, data).json()["is_valid"]
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_new_article_can_be_previewed(article_index, editor_client):
    url = reverse("wagtailadmin_pages:preview_on_add", args=("blog", "articlepage", article_index.pk))

    html = preview(editor_client, url, form_data("preview-me"))

    assert "Reviewed by" not in html, "a new article has had no clinical sign-off"
    assert "Posture guide" in html
    assert "Leave a reply" in html and "Was this page helpful?" in html


def test_a_changed_article_can_be_previewed(article_index, editor_client):
    article = ArticlePageFactory(
        parent=article_index,
        slug="existing",
        medical_reviewer=ClinicalReviewerFactory(name="Priya Physio"),
        last_reviewed=datetime.date(2025, 11, 2),
    )
    url = reverse("wagtailadmin_pages:preview_on_edit", args=(article.pk,))

    html = preview(editor_client, url, form_data("existing"))

    # The review fields are not in the form (read-only): the preview keeps the article's signed-off record.
    assert "Reviewed by Priya Physio" in html
    assert "Leave a reply" in html
