"""Related articles: other live articles sharing tags, those sharing most first, three at most."""

from tests.blog.factories import ArticlePageFactory


def test_related_articles_share_tags_most_shared_first(article_index, client):
    article = ArticlePageFactory(parent=article_index, tags=["back-pain", "sleep", "exercise"])
    shares_one_older = ArticlePageFactory(parent=article_index, tags=["back-pain"])
    shares_three = ArticlePageFactory(parent=article_index, tags=["back-pain", "sleep", "exercise", "diet"])
    shares_two = ArticlePageFactory(parent=article_index, tags=["sleep", "exercise"])
    shares_one_newer = ArticlePageFactory(parent=article_index, tags=["sleep"])
    ArticlePageFactory(parent=article_index, tags=["back-pain", "sleep", "exercise"], live=False)
    ArticlePageFactory(parent=article_index, tags=["diet"])
    ArticlePageFactory(parent=article_index)

    related = article.related_articles(article.tags.all())

    assert related == [shares_three, shares_two, shares_one_newer]
    assert shares_one_older not in related

    response = client.get(article.url)
    assert response.status_code == 200
    assert response.context["related_articles"] == [shares_three, shares_two, shares_one_newer]
    html = response.content.decode()
    assert html.index(shares_three.title) < html.index(shares_two.title) < html.index(shares_one_newer.title)


def test_related_articles_exclude_the_article_itself_and_drafts(article_index):
    article = ArticlePageFactory(parent=article_index, tags=["sleep"])
    ArticlePageFactory(parent=article_index, tags=["sleep"], live=False)

    assert article.related_articles(article.tags.all()) == []


def test_an_article_without_tags_has_no_related_articles(article_index, client):
    article = ArticlePageFactory(parent=article_index)
    ArticlePageFactory(parent=article_index, tags=["sleep"])

    response = client.get(article.url)

    assert response.status_code == 200
    assert response.context["related_articles"] == []
