"""Fixtures for the blog's tests: a served site with its articles index. Nothing here is automatic."""

from unittest import mock

import pytest

from tests.blog.factories import ArticleIndexPageFactory
from tests.home.factories import FakeEmbedFinder, site_home_page


@pytest.fixture
def home_page(db):
    """The default site's home page, with the site settings filled in."""
    return site_home_page()


@pytest.fixture
def article_index(home_page):
    return ArticleIndexPageFactory(parent=home_page)


@pytest.fixture
def fake_embed_finder():
    """Embeds resolve without the network."""
    with mock.patch("wagtail.embeds.embeds.get_finders", return_value=[FakeEmbedFinder()]):
        yield


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploaded images and their renditions go to a temporary folder."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return settings.MEDIA_ROOT
