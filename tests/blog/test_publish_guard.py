"""No article is published from the admin without clinical sign-off; a superuser may override with a reason."""

import pytest
from django.urls import reverse
from wagtail.models import PageLogEntry
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from blog.models import ArticlePage
from blog.publish_guard import REFUSAL
from blog.sign_off import OVERRIDE_ACTION
from tests.blog.factories import ArticlePageFactory, AuthorFactory, clinical_review_workflow, moderator_user
from tests.home.factories import StandardPageFactory, UserFactory, editor_user


@pytest.fixture
def article(article_index):
    clinical_review_workflow()
    return ArticlePageFactory(parent=article_index, live=False, first_published_at=None, title="Sciatica at night")


def edit_data(article, **extra) -> dict:
    author = AuthorFactory()
    return nested_form_data(
        {
            "title": "Sciatica at night, revised",
            "slug": article.slug,
            "intro": article.intro,
            "article_authors": inline_formset([{"author": str(author.pk)}], min=1),
            "tags": "",
            "comments": inline_formset([]),
            "body": streamfield([("paragraph", rich_text("<p>Sleep on your side.</p>"))]),
            "sources": streamfield([]),
            **extra,
        }
    )


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.mark.parametrize("make_user", [moderator_user, editor_user], ids=["moderator", "editor"])
def test_publishing_an_article_from_the_editor_is_refused_and_the_draft_kept(client, article, make_user):
    client.force_login(make_user())

    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[article.pk]),
        edit_data(article, **{"action-publish": "1"}),
        follow=True,
    )

    article.refresh_from_db()
    assert not article.live
    assert article.get_latest_revision_as_object().title == "Sciatica at night, revised"
    assert not PageLogEntry.objects.filter(page=article, action="wagtail.publish").exists()
    if make_user is moderator_user:
        assert REFUSAL in messages_of(response)


def test_creating_an_article_with_publish_is_refused(client, article_index):
    clinical_review_workflow()
    client.force_login(moderator_user())
    data = edit_data(ArticlePage(slug="new-article", intro="What helps."), **{"action-publish": "1"})

    response = client.post(
        reverse("wagtailadmin_pages:add", args=("blog", "articlepage", article_index.pk)), data, follow=True
    )

    assert not ArticlePage.objects.filter(slug="new-article").exists()
    assert "Save a new article as a draft, then submit it to the Clinical review workflow." in messages_of(response)


@pytest.mark.parametrize(
    ("make_user", "shown"),
    [(moderator_user, False), (lambda: UserFactory(is_superuser=True), True)],
    ids=["moderator", "superuser"],
)
def test_the_publish_button_is_hidden_on_articles(client, article, make_user, shown):
    client.force_login(make_user())

    edit = client.get(reverse("wagtailadmin_pages:edit", args=[article.pk])).content.decode()
    create = client.get(
        reverse("wagtailadmin_pages:add", args=("blog", "articlepage", article.get_parent().pk))
    ).content.decode()

    assert ('name="action-publish"' in edit) is shown
    assert 'name="action-publish"' not in create
    assert 'name="action-submit"' in edit


def test_other_pages_keep_their_publish_button(client, home_page):
    page = StandardPageFactory(parent=home_page, live=False, title="About us")
    client.force_login(moderator_user())

    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))

    assert 'name="action-publish"' in response.content.decode()


def test_bulk_publishing_articles_is_refused(client, article):
    client.force_login(moderator_user())
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish")) + f"?id={article.pk}"

    client.post(url, {})

    article.refresh_from_db()
    assert not article.live


def test_a_superuser_is_asked_for_a_reason_and_it_is_logged(client, article):
    superuser = UserFactory(is_superuser=True)
    client.force_login(superuser)

    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[article.pk]), edit_data(article, **{"action-publish": "1"})
    )

    override_url = reverse("blog_sign_off:override", args=[article.pk])
    assert response["Location"] == override_url
    article.refresh_from_db()
    assert not article.live

    response = client.post(override_url, {"reason": "  "})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == ["Give the reason: it is kept in the page's history."]
    article.refresh_from_db()
    assert not article.live

    client.post(override_url, {"reason": "The help-line number was wrong."})

    article.refresh_from_db()
    assert article.live
    assert article.title == "Sciatica at night, revised"
    entry = PageLogEntry.objects.get(page=article, action=OVERRIDE_ACTION)
    assert (entry.user, entry.data) == (superuser, {"reason": "The help-line number was wrong."})


def test_only_those_allowed_may_open_the_override(client, article):
    client.force_login(moderator_user())

    response = client.post(reverse("blog_sign_off:override", args=[article.pk]), {"reason": "Because."})

    article.refresh_from_db()
    assert not article.live
    assert response.status_code in (302, 403)
