"""The home page: the editor's featured articles, the latest articles and the callback invitation."""

import datetime

from wagtail.models import PageViewRestriction

from home.models import HomePageFeaturedArticle
from tests.blog.factories import ArticleIndexPageFactory, ArticlePageFactory
from tests.home.factories import StandardPageFactory


def test_home_shows_featured_articles_in_the_editors_order(home_page, client):
    index = ArticleIndexPageFactory(parent=home_page)
    first, second, third = (ArticlePageFactory(parent=index) for _ in range(3))
    HomePageFeaturedArticle.objects.create(home_page=home_page, page=third, sort_order=0)
    HomePageFeaturedArticle.objects.create(home_page=home_page, page=first, sort_order=1)

    html = client.get(home_page.url).content.decode()

    assert html.index(third.title) < html.index(first.title)
    assert html.count(f'href="{third.url}"') == 1, "a featured article is not repeated among the latest"
    assert second.title in html


def test_home_shows_the_latest_articles_newest_first(home_page, client):
    index = ArticleIndexPageFactory(parent=home_page)
    older = ArticlePageFactory(parent=index, published_date=datetime.date(2025, 3, 1))
    newer = ArticlePageFactory(parent=index, published_date=datetime.date(2025, 10, 13))
    # Both went live at the same moment (as with demo content): the dates readers see decide.
    older.first_published_at = newer.first_published_at
    older.save()
    draft = ArticlePageFactory(parent=index, live=False)

    response = client.get(home_page.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.index(newer.title) < html.index(older.title)
    assert draft.title not in html


def test_home_invites_readers_to_request_a_callback(home_page, client):
    callback_page = StandardPageFactory(parent=home_page, title="Request a callback")
    home_page.callback_page = callback_page
    home_page.callback_button_label = "Book a call"
    home_page.save()

    html = client.get(home_page.url).content.decode()

    assert home_page.callback_heading in html
    assert f'href="{callback_page.url}"' in html
    assert "Book a call" in html


def test_home_leaves_out_private_articles_even_when_featured(home_page, client):
    index = ArticleIndexPageFactory(parent=home_page)
    public = ArticlePageFactory(parent=index)
    private = ArticlePageFactory(parent=index)
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    HomePageFeaturedArticle.objects.create(home_page=home_page, page=private, sort_order=0)

    html = client.get(home_page.url).content.decode()

    assert public.title in html
    assert private.title not in html
