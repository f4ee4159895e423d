"""What every page carries: the help-line number as a tel: link, the urgent-help notice;
the disclaimer under every article; and our own 404 page."""

import pytest
from bs4 import BeautifulSoup

from callbacks.models import HelpLineSettings
from tests.blog.factories import ArticleIndexPageFactory, ArticlePageFactory
from tests.home.factories import DISCLAIMER, HELPLINE_NUMBER, HELPLINE_TEL, URGENT_HELP, StandardPageFactory


@pytest.fixture
def site_pages(home_page):
    """One URL of each kind a reader can land on."""
    about = StandardPageFactory(parent=home_page, title="About us")
    index = ArticleIndexPageFactory(parent=home_page)
    article = ArticlePageFactory(parent=index, tags=["back-pain"])
    return {
        "home": home_page.url,
        "standard page": about.url,
        "articles index": index.url,
        "tag page": f"{index.url}tags/back-pain/",
        "article": article.url,
    }


def helpline_links(html: bytes) -> list:
    soup = BeautifulSoup(html, "html.parser")
    return [link for link in soup.select('a[href^="tel:"]') if HELPLINE_NUMBER in link.get_text()]


def test_every_page_shows_the_help_line_number_as_a_tel_link(site_pages, client):
    for kind, url in site_pages.items():
        response = client.get(url)

        assert response.status_code == 200, kind
        links = helpline_links(response.content)
        assert links, f"no help-line link on the {kind}"
        assert all(link["href"] == HELPLINE_TEL for link in links), kind
        header = BeautifulSoup(response.content, "html.parser").find("header")
        assert header.select_one(f'a[href="{HELPLINE_TEL}"]'), f"the {kind}'s header has no help-line link"


def test_every_page_shows_the_urgent_help_notice(site_pages, client):
    for kind, url in site_pages.items():
        footer = BeautifulSoup(client.get(url).content, "html.parser").find("footer")
        assert URGENT_HELP in " ".join(footer.get_text().split()), kind


def test_the_help_line_number_comes_from_the_help_line_settings(site_pages, client):
    settings = HelpLineSettings.load()
    settings.helpline_number = "0800 123 4567"
    settings.save()

    html = client.get(site_pages["article"]).content.decode()

    assert 'href="tel:08001234567"' in html
    assert "0800 123 4567" in html


def test_every_article_ends_with_the_disclaimer(site_pages, client):
    html = client.get(site_pages["article"]).content.decode()

    assert DISCLAIMER in html


def test_an_unknown_address_gets_our_404_page(site_pages, client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "404.html" in [template.name for template in response.templates]
    assert helpline_links(response.content)
    assert all(link["href"] == HELPLINE_TEL for link in helpline_links(response.content))


def test_an_unknown_article_gets_our_404_page(site_pages, client):
    response = client.get(f"{site_pages['articles index']}no-such-article/")

    assert response.status_code == 404
    assert helpline_links(response.content)
