"""Where the home app's page types may be created, and that each one routes and renders."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from blog.models import ArticleIndexPage, ArticlePage
from callbacks.models import CallbackPage
from home.models import HomePage, StandardPage
from tests.home.factories import StandardPageFactory, site_home_page, tree_root


class HomePageTypeRulesTests(WagtailPageTestCase):
    def test_the_home_page_sits_at_the_top_of_the_tree(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertCanCreateAt(Page, HomePage)
        self.assertAllowedSubpageTypes(HomePage, {ArticleIndexPage, StandardPage, CallbackPage})

    def test_standard_pages_go_under_the_home_page_or_each_other(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanNotCreateAt(Page, StandardPage)
        self.assertCanNotCreateAt(StandardPage, ArticleIndexPage)
        self.assertCanNotCreateAt(StandardPage, ArticlePage)

    def test_there_is_only_one_home_page(self):
        site_home_page()

        assert not HomePage.can_create_at(tree_root())


class HomePagesRenderTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = site_home_page()
        cls.about = StandardPageFactory(parent=cls.home, title="About us")
        cls.privacy = StandardPageFactory(parent=cls.about, title="Privacy policy")

    def test_home_and_standard_pages_route_and_render(self):
        for page in (self.home, self.about, self.privacy):
            with self.subTest(page=page.title):
                self.assertPageIsRoutable(page)
                self.assertPageIsRenderable(page)
