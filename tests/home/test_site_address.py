"""Absolute URLs use the Wagtail site's configured address, and `make run` gives the demo site the one it serves.

`load_demo_content --site-address HOST:PORT` sets the default site's hostname and
port; canonical, og:url, JSON-LD, robots.txt, sitemap and RSS feed then all point
at that address, whatever Host header the request came with.
"""

import re
import xml.etree.ElementTree as ET
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.management import CommandError, call_command
from wagtail.models import Site

from blog.models import ArticleIndexPage, ArticlePage
from tests.home.factories import tree_root
from tests.home.test_structured_data import json_ld, of_type

SERVED_AT = "http://127.0.0.1:8123/"
NOTHING_CHANGED = "Demo content is already loaded; nothing changed."


def load_demo_content(*args) -> str:
    out = StringIO()
    call_command("load_demo_content", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def served_demo(db):
    tree_root()
    return load_demo_content("--site-address", "127.0.0.1:8123")


def test_the_demo_site_takes_the_address_it_is_served_at_and_a_re_run_changes_nothing(served_demo):
    site = Site.objects.get(is_default_site=True)

    assert (site.hostname, site.port) == ("127.0.0.1", 8123)
    assert "Moved the default site from localhost:80 to 127.0.0.1:8123." in served_demo
    assert NOTHING_CHANGED in load_demo_content("--site-address", "127.0.0.1:8123")


def test_a_later_run_at_another_address_moves_the_site(served_demo):
    output = load_demo_content("--site-address", "localhost:9000")

    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("localhost", 9000)
    assert "Moved the default site from 127.0.0.1:8123 to localhost:9000." in output


@pytest.mark.parametrize("address", ["127.0.0.1:", ":8000", "127.0.0.1:http", "127.0.0.1:70000"])
def test_an_address_that_is_not_host_and_port_is_refused_with_a_message(db, address):
    tree_root()

    with pytest.raises(CommandError, match="is not a HOST:PORT address"):
        load_demo_content("--site-address", address)


def test_an_address_another_site_has_is_refused_and_nothing_is_loaded(db):
    tree_root()
    other_root = tree_root().add_child(title="Other", slug="other")
    Site.objects.create(hostname="127.0.0.1", port=8123, root_page=other_root, site_name="Other")

    with pytest.raises(CommandError, match=re.escape("already has the address 127.0.0.1:8123")):
        load_demo_content("--site-address", "127.0.0.1:8123")

    assert not ArticlePage.objects.exists()


def test_page_head_urls_use_the_site_address_not_the_request_host(served_demo, client):
    article = ArticlePage.objects.live().first()

    response = client.get(article.url)  # Host: testserver, which no site has

    soup = BeautifulSoup(response.content, "html.parser")
    expected = f"{SERVED_AT}articles/{article.slug}/"
    assert soup.find("link", rel="canonical")["href"] == expected
    assert soup.find("meta", property="og:url")["content"] == expected
    nodes = json_ld(response)
    (organization,) = of_type(nodes, "Organization")
    assert organization["url"] == SERVED_AT
    (web_page,) = of_type(nodes, "MedicalWebPage")
    assert web_page["url"] == expected


def test_robots_sitemap_and_feed_use_the_site_address(served_demo, client):
    robots = client.get("/robots.txt").content.decode()
    assert f"Sitemap: {SERVED_AT}sitemap.xml" in robots

    sitemap = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314 - our own response
    locations = [loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locations and all(location.startswith(SERVED_AT) for location in locations)

    index = ArticleIndexPage.objects.live().get()
    feed = ET.fromstring(client.get(f"{index.url}feed/").content)  # noqa: S314 - our own response
    links = [link.text for link in feed.iter("link")]
    assert len(links) == 3 and all(link.startswith(SERVED_AT) for link in links)
