"""The browser tab: a title that never repeats the site name, and the site's own favicon."""

from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.template.loader import render_to_string

from home.demo import URGENT_HELP_NOTICE_WITHOUT_LINK
from home.models import SiteSettings
from tests.blog.factories import ArticleIndexPageFactory, ArticlePageFactory
from tests.home.factories import StandardPageFactory, tree_root


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def title_of(client, url: str) -> str:
    return soup_of(client.get(url)).title.get_text()


def test_the_home_page_title_names_the_site_once_with_what_it_is(home_page, client):
    home_page.title = "Sciaticalm"
    home_page.save_revision().publish()

    assert title_of(client, "/") == "Sciaticalm – Back pain and sciatica help line"


def test_other_pages_put_their_own_title_first(home_page, client):
    about = StandardPageFactory(parent=home_page, title="About us")
    seo = StandardPageFactory(parent=home_page, title="Privacy", seo_title="How we use your data")
    index = ArticleIndexPageFactory(parent=home_page, title="Articles")
    article = ArticlePageFactory(parent=index, title="Sleeping with sciatica")

    assert title_of(client, about.url) == "About us – Sciaticalm"
    assert title_of(client, seo.url) == "How we use your data – Sciaticalm"
    assert title_of(client, article.url) == "Sleeping with sciatica – Sciaticalm"


def test_every_page_links_the_site_favicon_and_the_file_is_an_svg(home_page, client):
    icon = soup_of(client.get("/")).find("link", rel="icon")

    assert icon is not None and icon["type"] == "image/svg+xml"
    path = finders.find(icon["href"].removeprefix("/static/"))
    assert path is not None
    with open(path, encoding="utf-8") as svg:
        assert svg.read().startswith("<svg ")


@pytest.mark.parametrize("template", ["400.html", "500.html", "503.html"])
def test_the_standalone_error_pages_link_the_favicon_too(template):
    path = finders.find("img/favicon.svg")
    html = render_to_string(template, {"helpline_number": "02380 248725", "helpline_tel": "02380248725"})
    assert path is not None and 'href="/static/img/favicon.svg"' in html


def test_the_demo_footer_links_to_nhs_111_online(db, client):
    tree_root()
    call_command("load_demo_content", stdout=StringIO())

    footer = soup_of(client.get("/")).find("footer")

    link = footer.find("a", string="111.nhs.uk")
    assert link is not None and link["href"] == "https://111.nhs.uk/"
    assert SiteSettings.objects.get().urgent_help_notice.count("111.nhs.uk</a>") == 1


def test_a_demo_loaded_before_the_link_gets_it_on_a_re_run(db, client):
    tree_root()
    call_command("load_demo_content", stdout=StringIO())
    settings = SiteSettings.objects.get()
    settings.urgent_help_notice = URGENT_HELP_NOTICE_WITHOUT_LINK
    settings.save()

    call_command("load_demo_content", stdout=StringIO())

    assert 'href="https://111.nhs.uk/"' in SiteSettings.objects.get().urgent_help_notice
