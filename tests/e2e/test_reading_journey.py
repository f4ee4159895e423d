"""A reader's journey in a real browser: home -> an article -> open an FAQ answer -> the help line."""

import os
import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from blog.models import ArticlePage
from tests.home.factories import tree_root


@pytest.mark.browser
def test_a_reader_finds_an_answer_and_the_help_line(live_server, transactional_db, page, artifacts_dir):
    tree_root()  # the tree's root, as Wagtail's migrations leave it
    call_command("load_demo_content", stdout=StringIO())
    article = next(
        article for article in ArticlePage.objects.live() if any(block.block_type == "faq" for block in article.body)
    )

    page.goto(live_server.url + "/")
    expect(page.locator("h1")).to_be_visible()
    page.get_by_role("link", name=article.title).first.click()

    expect(page).to_have_url(live_server.url + article.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(article.title)

    first_question = page.locator("details summary").first
    answer = page.locator("details").first.locator(":scope > :not(summary)").first
    expect(answer).to_be_hidden()
    first_question.click()
    expect(answer).to_be_visible()
    expect(page.locator("details").first).to_have_attribute("open", "")

    helpline = page.locator("header").get_by_role("link", name=re.compile(r"^Help line:"))
    expect(helpline).to_be_visible()
    assert helpline.get_attribute("href").startswith("tel:")

    page.screenshot(path=os.path.join(artifacts_dir, "reading_journey.png"), full_page=True)
