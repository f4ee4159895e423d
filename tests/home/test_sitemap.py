"""sitemap.xml lists live, public pages with their last-modified dates; robots.txt points crawlers to it."""

import datetime
import xml.etree.ElementTree as ET

from wagtail.models import PageViewRestriction

from tests.blog.factories import ArticleIndexPageFactory, ArticlePageFactory
from tests.home.factories import StandardPageFactory

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_entries(client) -> dict[str, str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own response
    return {
        url.find("sm:loc", NS).text: (url.find("sm:lastmod", NS).text if url.find("sm:lastmod", NS) is not None else "")
        for url in root.findall("sm:url", NS)
    }


def test_the_sitemap_lists_live_public_pages_only(home_page, client):
    index = ArticleIndexPageFactory(parent=home_page)
    live = ArticlePageFactory(parent=index, slug="live-article")
    ArticlePageFactory(parent=index, slug="draft-article", live=False)
    StandardPageFactory(parent=home_page, slug="about-us")
    private = StandardPageFactory(parent=home_page, slug="staff-only")
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    entries = sitemap_entries(client)

    assert sorted(entries) == [
        "http://localhost/",
        "http://localhost/about-us/",
        "http://localhost/articles/",
        "http://localhost/articles/live-article/",
    ]
    assert entries["http://localhost/articles/live-article/"] == live.last_published_at.date().isoformat()


def test_the_sitemap_gives_each_page_its_last_published_date(home_page, client):
    page = StandardPageFactory(parent=home_page, slug="about-us")
    page.last_published_at = datetime.datetime(2026, 3, 4, 10, tzinfo=datetime.UTC)
    page.save()

    assert sitemap_entries(client)["http://localhost/about-us/"] == "2026-03-04"


def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_the_admin(home_page, client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    # On the site's configured address, like every address in the sitemap, not the request's host.
    assert "Sitemap: http://localhost/sitemap.xml" in lines
