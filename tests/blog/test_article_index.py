"""The articles index: live articles newest first, 12 a page, and a page per tag."""

import datetime

import pytest
from wagtail.models import PageViewRestriction

from blog.models import ARTICLES_PER_PAGE, public_articles
from tests.blog.factories import ArticlePageFactory


def titles(response) -> list[str]:
    return [article.title for article in response.context["articles"]]


@pytest.fixture
def thirteen_articles(article_index):
    """Thirteen live articles, made oldest first."""
    return [ArticlePageFactory(parent=article_index) for _ in range(13)]


def test_the_index_shows_twelve_articles_a_page_newest_first(article_index, thirteen_articles, client):
    newest_first = [article.title for article in reversed(thirteen_articles)]

    first = client.get(article_index.url)
    second = client.get(article_index.url, {"page": "2"})

    assert ARTICLES_PER_PAGE == 12
    assert first.status_code == second.status_code == 200
    assert titles(first) == newest_first[:12]
    assert titles(second) == newest_first[12:]
    first_html = first.content.decode()
    assert all(title in first_html for title in newest_first[:12])
    assert newest_first[12] not in first_html
    assert newest_first[12] in second.content.decode()


@pytest.mark.parametrize("junk", ["junk", "", "-1", "0", "1.5", "9999"])
def test_a_bad_page_number_shows_a_page_not_an_error(article_index, thirteen_articles, client, junk):
    response = client.get(article_index.url, {"page": junk})

    assert response.status_code == 200
    assert len(response.context["articles"]) in (12, 1)


def test_junk_page_number_shows_the_first_page(article_index, thirteen_articles, client):
    response = client.get(article_index.url, {"page": "junk"})

    assert response.status_code == 200
    assert response.context["articles"].number == 1
    assert titles(response) == [article.title for article in reversed(thirteen_articles)][:12]


def test_the_editors_published_date_orders_the_list(article_index, client):
    """An article backdated by its editor sorts by that date, not by when it went live."""
    backdated = ArticlePageFactory(parent=article_index, published_date=datetime.date(2020, 5, 1))
    recent = ArticlePageFactory(parent=article_index, published_date=datetime.date(2025, 10, 13))
    backdated.first_published_at = recent.first_published_at + datetime.timedelta(days=30)
    backdated.save()

    response = client.get(article_index.url)

    assert titles(response) == [recent.title, backdated.title]


def test_the_index_leaves_out_drafts(article_index, client):
    live = ArticlePageFactory(parent=article_index)
    draft = ArticlePageFactory(parent=article_index, live=False)

    response = client.get(article_index.url)

    assert titles(response) == [live.title]
    assert draft.title not in response.content.decode()


def test_a_tag_page_lists_only_live_articles_with_that_tag(article_index, client):
    tagged = ArticlePageFactory(parent=article_index, tags=["back-pain", "sleep"])
    tagged_newer = ArticlePageFactory(parent=article_index, tags=["back-pain"])
    ArticlePageFactory(parent=article_index, tags=["back-pain"], live=False)
    other = ArticlePageFactory(parent=article_index, tags=["sleep"])
    untagged = ArticlePageFactory(parent=article_index)

    response = client.get(f"{article_index.url}tags/back-pain/")

    assert response.status_code == 200
    assert response.context["tag"].slug == "back-pain"
    assert titles(response) == [tagged_newer.title, tagged.title]
    html = response.content.decode()
    assert other.title not in html
    assert untagged.title not in html


def test_tag_links_on_an_article_lead_to_the_tag_page(article_index, client):
    article = ArticlePageFactory(parent=article_index, tags=["Pain relief"])

    html = client.get(article.url).content.decode()

    assert f'href="{article_index.url}tags/pain-relief/"' in html
    assert client.get(f"{article_index.url}tags/pain-relief/").status_code == 200


def test_an_unknown_tag_is_not_found(article_index, client):
    ArticlePageFactory(parent=article_index, tags=["back-pain"])

    response = client.get(f"{article_index.url}tags/no-such-tag/")

    assert response.status_code == 404


def test_a_tag_with_only_drafts_is_not_found(article_index, client):
    ArticlePageFactory(parent=article_index, tags=["surgery"], live=False)

    assert client.get(f"{article_index.url}tags/surgery/").status_code == 404


def test_private_articles_are_left_out_of_lists(article_index, client):
    public = ArticlePageFactory(parent=article_index, tags=["sleep"])
    private = ArticlePageFactory(parent=article_index, tags=["sleep"])
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    assert titles(client.get(article_index.url)) == [public.title]
    assert titles(client.get(f"{article_index.url}tags/sleep/")) == [public.title]
    assert public.related_articles(public.tags.all()) == []
    assert private.title not in client.get(f"{article_index.url}feed/").content.decode()


def test_only_live_articles_are_served(article_index, client):
    live = ArticlePageFactory(parent=article_index)
    draft = ArticlePageFactory(parent=article_index, live=False)

    assert client.get(live.url).status_code == 200
    assert client.get(f"{article_index.url}{draft.slug}/").status_code == 404
    assert client.get(f"{live.url}deeper/").status_code == 404


def test_articles_in_a_private_section_are_private_too(article_index):
    article = ArticlePageFactory(parent=article_index, tags=["sleep"])
    ArticlePageFactory(parent=article_index, tags=["sleep"])
    PageViewRestriction.objects.create(page=article_index, restriction_type=PageViewRestriction.LOGIN)

    assert list(public_articles()) == []
    assert article.related_articles(article.tags.all()) == []


def test_a_tag_page_is_served_by_the_fully_loaded_index(article_index, client):
    ArticlePageFactory(parent=article_index, tags=["sleep"])

    response = client.get(f"{article_index.url}tags/sleep/")

    assert response.context["page"].get_deferred_fields() == set()
    assert response.context["page"].intro == article_index.intro
