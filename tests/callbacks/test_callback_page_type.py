"""Where the callback page may be created, and that its routes resolve."""

import pytest
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from blog.models import ArticleIndexPage
from callbacks.models import CallbackPage
from home.models import HomePage, StandardPage

from .booking_page import make_callback_page
from .conftest import FIRST_SLOT


class CallbackPageTypeRulesTests(WagtailPageTestCase):
    def test_it_goes_under_the_home_page_only_and_has_no_children(self):
        self.assertAllowedParentPageTypes(CallbackPage, {HomePage})
        self.assertAllowedSubpageTypes(CallbackPage, set())
        self.assertCanCreateAt(HomePage, CallbackPage)
        self.assertCanNotCreateAt(Page, CallbackPage)
        self.assertCanNotCreateAt(StandardPage, CallbackPage)
        self.assertCanNotCreateAt(ArticleIndexPage, CallbackPage)

    def test_there_is_only_one(self):
        page = make_callback_page()

        assert not CallbackPage.can_create_at(page.get_parent())

    def test_editors_can_preview_it_with_its_form(self):
        page = make_callback_page()

        self.assertPageIsPreviewable(page)


@pytest.mark.django_db
def test_the_routes_reverse_to_the_paths_readers_use():
    page = make_callback_page()

    assert page.reverse_subpage("booking") == ""
    assert page.reverse_subpage("confirmation", args=["abc-def"]) == "confirmation/abc-def/"
    assert page.reverse_subpage("cancel", args=["abc-def"]) == "cancel/abc-def/"
    assert page.cancel_path("CB-7KQ4-MX2P", FIRST_SLOT).startswith("/request-a-callback/cancel/")
