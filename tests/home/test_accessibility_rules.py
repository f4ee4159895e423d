"""The content checker runs the site's rules, and rich text refuses links that do not say where they go."""

import json
import re

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError

from home.accessibility import FILE_NAME_ALT_PATTERN
from home.blocks import BaseStreamBlock
from home.link_text import vague_links
from tests.home.factories import StandardPageFactory, editor_user


def checker_configuration(client, page) -> dict:
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    return json.loads(soup.find("script", id="checker-axe-configuration").string)


def test_the_user_bar_checks_alt_text_heading_order_and_file_name_alt_text(home_page, client):
    client.force_login(editor_user())

    config = checker_configuration(client, StandardPageFactory(parent=home_page))

    run_only = config["options"]["runOnly"]
    assert {"image-alt", "heading-order", "alt-text-quality", "link-name"} <= set(run_only)
    (check,) = [check for check in config["spec"]["checks"] if check["id"] == "check-image-alt-text"]
    assert check["options"]["pattern"] == FILE_NAME_ALT_PATTERN
    assert config["messages"]["alt-text-quality"]["error_name"] == "Image alt text looks like a file name"


# The checker's own test (in the browser): an alt text fails when the pattern matches it, case-insensitively.
@pytest.mark.parametrize(
    ("alt", "flagged"),
    [
        ("IMG_4021.jpg", True),
        ("IMG 4021", True),
        ("dsc-0042", True),
        ("back-stretch.PNG", True),
        ("pxl20240101", True),
        ("lower_back_stretch", True),
        ("A woman stretching her lower back on a mat", False),
        ("Image of a spine model", False),
    ],
)
def test_the_alt_text_pattern_flags_file_names_not_descriptions(alt, flagged):
    assert bool(re.search(FILE_NAME_ALT_PATTERN, alt, re.IGNORECASE)) is flagged


@pytest.mark.parametrize(
    ("html", "vague"),
    [
        ('<p>For advice <a href="https://example.org">click here</a>.</p>', ["click here"]),
        ('<p>More is <a href="/x">here</a></p>', ["here"]),
        ('<p><a href="/x"><b>Read more</b></a></p>', ["Read more"]),
        ('<p>See the <a href="/x">NHS advice on sciatica</a>.</p>', []),
    ],
)
def test_vague_link_texts_are_found(html, vague):
    assert vague_links(html) == vague


def test_a_body_with_a_click_here_link_is_refused_with_a_clear_message():
    block = BaseStreamBlock()
    body = block.to_python([{"type": "paragraph", "value": '<p>Book a call: <a href="/book/">click here</a></p>'}])

    with pytest.raises(Exception) as error:
        block.clean(body)

    message = str(error.value.block_errors[0].messages[0]) if hasattr(error.value, "block_errors") else ""
    assert "Link text “click here” does not say where the link goes." in message
    assert isinstance(error.value.block_errors[0], ValidationError)
