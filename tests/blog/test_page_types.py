"""Where the blog's page types may be created, and that each one (and each route) renders."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from blog.models import ArticleIndexPage, ArticlePage
from home.models import HomePage, StandardPage
from tests.blog.factories import ArticleIndexPageFactory, ArticlePageFactory
from tests.home.factories import site_home_page


class BlogPageTypeRulesTests(WagtailPageTestCase):
    def test_the_articles_index_goes_under_the_home_page_and_holds_only_articles(self):
        self.assertAllowedParentPageTypes(ArticleIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(ArticleIndexPage, {ArticlePage})
        self.assertCanCreateAt(HomePage, ArticleIndexPage)
        self.assertCanNotCreateAt(Page, ArticleIndexPage)
        self.assertCanNotCreateAt(ArticleIndexPage, StandardPage)

    def test_articles_go_only_under_the_articles_index_and_have_no_children(self):
        self.assertAllowedParentPageTypes(ArticlePage, {ArticleIndexPage})
        self.assertAllowedSubpageTypes(ArticlePage, set())
        self.assertCanCreateAt(ArticleIndexPage, ArticlePage)
        self.assertCanNotCreateAt(HomePage, ArticlePage)
        self.assertCanNotCreateAt(ArticlePage, ArticlePage)

    def test_there_is_only_one_articles_index(self):
        home = site_home_page()
        ArticleIndexPageFactory(parent=home)

        assert not ArticleIndexPage.can_create_at(home)


class BlogPagesRenderTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = site_home_page()
        cls.index = ArticleIndexPageFactory(parent=cls.home)
        cls.article = ArticlePageFactory(parent=cls.index, tags=["back-pain"])

    def test_the_index_and_articles_route_and_render(self):
        for page in (self.index, self.article):
            with self.subTest(page=page.title):
                self.assertPageIsRoutable(page)
                self.assertPageIsRenderable(page)

    def test_the_index_routes_its_tag_pages_feed_and_page_numbers(self):
        for route in ("tags/back-pain/", "feed/"):
            with self.subTest(route=route):
                self.assertPageIsRoutable(self.index, route)
                self.assertPageIsRenderable(self.index, route)
        self.assertPageIsRenderable(self.index, query_data={"page": "2"})

    def test_an_unknown_tag_renders_as_not_found(self):
        self.assertPageIsRenderable(self.index, "tags/unknown/", accept_404=True)
        assert self.client.get(f"{self.index.url}tags/unknown/").status_code == 404
