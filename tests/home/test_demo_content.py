"""`load_demo_content` builds the demo site, and a second run changes nothing and says so."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils.html import strip_tags
from wagtail.models import Page, Site

from blog.models import ArticleIndexPage, ArticlePage, Author
from callbacks.models import HelpLineSettings
from home.models import HomePage, SiteSettings
from tests.home.factories import HELPLINE_NUMBER, HELPLINE_TEL, tree_root

NOTHING_CHANGED = "Demo content is already loaded; nothing changed."
COUNTED_APPS = ("home", "blog", "callbacks", "wagtailcore", "taggit", "auth", "wagtailimages")


def load_demo_content() -> str:
    out = StringIO()
    call_command("load_demo_content", stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    """How many rows every model of the site's apps (and Wagtail's pages, tags and users) holds."""
    counts = {}
    installed = {config.label for config in apps.get_app_configs()}
    for label in installed.intersection(COUNTED_APPS):
        for model in apps.get_app_config(label).get_models():
            counts[model._meta.label] = model._default_manager.count()
    return counts


@pytest.fixture
def demo_site(db):
    tree_root()  # the tree's root, as Wagtail's migrations leave it
    first_output = load_demo_content()
    return first_output


def test_a_second_run_changes_nothing_and_says_so(demo_site):
    before = row_counts()

    second_output = load_demo_content()

    assert NOTHING_CHANGED in second_output
    assert NOTHING_CHANGED not in demo_site
    assert row_counts() == before


def test_the_demo_site_has_its_pages_settings_and_articles(demo_site):
    home = HomePage.objects.get()
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    assert ArticleIndexPage.objects.child_of(home).live().count() == 1
    assert ArticlePage.objects.live().count() == 2
    assert Author.objects.filter(name="Sciaticalm Medical Team").count() == 1
    settings = SiteSettings.objects.get()
    assert HelpLineSettings.objects.get().helpline_number == HELPLINE_NUMBER
    assert settings.disclaimer
    assert settings.urgent_help_notice
    assert Page.objects.type(HomePage).count() == 1


def test_the_first_demo_article_shows_its_reading_time_author_and_help_line(demo_site, client):
    article = ArticlePage.objects.get(title__startswith="Back Pain and Depression")

    response = client.get(article.url)

    assert response.status_code == 200
    # With its key takeaways and five-question FAQ, about 1,100 words.
    assert article.reading_time_minutes == 6
    html = " ".join(response.content.decode().split())
    assert "6 min read" in html
    assert "Sciaticalm Medical Team" in html
    assert f'href="{HELPLINE_TEL}"' in html


def test_the_demo_articles_end_with_the_disclaimer_and_the_second_has_its_faq(demo_site, client):
    disclaimer = strip_tags(SiteSettings.objects.get().disclaimer).strip()
    for article in ArticlePage.objects.live():
        html = " ".join(strip_tags(client.get(article.url).content.decode()).split())
        assert " ".join(disclaimer.split()) in html, article.slug

    mood = ArticlePage.objects.exclude(title__startswith="Back Pain and Depression").get()
    html = client.get(mood.url).content.decode()
    assert html.count("<summary") >= 3, "its FAQ renders as a disclosure list"


def test_every_demo_page_renders(demo_site, client):
    for page in Page.objects.live().filter(depth__gt=1).specific():
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert HELPLINE_NUMBER in response.content.decode(), page.url
