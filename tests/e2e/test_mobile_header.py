"""On a phone (390x844), the site header leaves the screen to the page: at most a fifth of its height.

Everything the header offers stays in it and usable: the site name, the help-line
number as a tel: link, the search box and every menu link.
"""

import os
import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.home.factories import tree_root

PHONE = {"width": 390, "height": 844}
MOST_OF_THE_SCREEN_THE_HEADER_MAY_TAKE = 0.20


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("path", ["/", "/articles/"])
def test_the_header_takes_at_most_a_fifth_of_a_phone_screen(
    live_server, transactional_db, phone_page, artifacts_dir, path
):
    tree_root()
    call_command("load_demo_content", stdout=StringIO())

    phone_page.goto(live_server.url + path)

    header = phone_page.locator("header.site-header")
    height = header.bounding_box()["height"]
    assert height <= PHONE["height"] * MOST_OF_THE_SCREEN_THE_HEADER_MAY_TAKE, f"the header is {height:.0f}px tall"
    expect(header.get_by_role("link", name=re.compile(r"Sciaticalm"))).to_be_visible()
    helpline = header.get_by_role("link", name=re.compile(r"Help line"))
    expect(helpline).to_be_in_viewport()
    assert helpline.get_attribute("href").startswith("tel:")
    expect(header.get_by_role("searchbox", name="Search this site")).to_be_in_viewport()
    for link in header.get_by_role("navigation", name="Main").get_by_role("link").all():
        expect(link).to_be_in_viewport()
    no_sideways_scroll = phone_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert no_sideways_scroll
    name = "mobile_header_home.png" if path == "/" else "mobile_header_articles.png"
    phone_page.screenshot(path=os.path.join(artifacts_dir, name))
