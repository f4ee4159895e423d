"""The site and the Wagtail admin in a real browser under the production Content-Security-Policy.

The live server gets the policies production sends (config/content_security_policy.py,
through the CSP middleware that is always installed and stays silent until they are
set) and the page cache. The browser reports every violation: a listener for
`securitypolicyviolation` events, added before any page script runs, passes each one
to the test, and console messages about the policy are collected too. A reader's
journey (home, an article from the page cache, an FAQ answer, the feedback form with
its token fetched by script) and an editor's (sign in, edit an article, publish it,
open Wagtail's user bar on it, see it live) must both finish with none.
"""

import os
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from blog.models import ArticlePage, PageFeedback
from config.content_security_policy import admin_directives, site_directives
from tests.e2e.admin_support import sign_in
from tests.home.factories import UserFactory, tree_root

REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
    window.reportCspViolation(
        `${event.violatedDirective} blocked ${event.blockedURI || "inline"} at ${event.sourceFile}:${event.lineNumber}`
    );
});
"""


@pytest.fixture
def production_policies(settings):
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": site_directives()}
    settings.CONTENT_SECURITY_POLICY_ADMIN = {"DIRECTIVES": admin_directives()}
    settings.SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"


class PolicyWatch:
    """Every CSP violation the browser reports on `page`, across navigations."""

    def __init__(self, page):
        self.violations: list[str] = []
        self.documents_without_policy: list[str] = []
        page.expose_function("reportCspViolation", self._violation)
        page.add_init_script(REPORT_VIOLATIONS)
        page.on("console", self._console)
        page.on("response", self._response)

    def _violation(self, description: str) -> None:
        self.violations.append(description)

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.violations.append(f"console: {message.text}")

    def _response(self, response) -> None:
        if response.request.resource_type == "document" and "content-security-policy" not in response.headers:
            self.documents_without_policy.append(response.url)

    def assert_clean(self) -> None:
        assert self.violations == [], "\n".join(self.violations)
        assert self.documents_without_policy == []


def demo_site() -> ArticlePage:
    tree_root()
    call_command("load_demo_content", stdout=StringIO())
    return next(a for a in ArticlePage.objects.live() if any(block.block_type == "faq" for block in a.body))


@pytest.mark.browser
def test_a_readers_journey_breaks_no_rule_of_the_policy(
    live_server, transactional_db, page, production_policies, artifacts_dir
):
    article = demo_site()
    watch = PolicyWatch(page)

    page.goto(live_server.url + "/")
    expect(page.locator("h1")).to_be_visible()
    page.get_by_role("link", name=article.title).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(article.title)
    page.reload()  # now from the page cache: the forms carry no token of their own
    assert page.locator("#feedback input[name=csrfmiddlewaretoken]").get_attribute("value") == ""

    page.locator("details summary").first.click()
    expect(page.locator("details").first).to_have_attribute("open", "")
    page.locator("#feedback").get_by_label("Yes").check()
    page.get_by_role("button", name="Send feedback").click()
    expect(page.locator("#feedback .site-message")).to_contain_text("Thank you for your feedback")
    assert PageFeedback.objects.filter(article=article, helpful=True).count() == 1

    page.goto(live_server.url + "/request-a-callback/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.screenshot(path=os.path.join(artifacts_dir, "csp_reader_journey.png"), full_page=True)
    watch.assert_clean()


@pytest.mark.browser
def test_an_editor_signs_in_and_publishes_an_article_under_the_admin_policy(
    live_server, transactional_db, page, production_policies, artifacts_dir
):
    article = demo_site()
    editor = UserFactory(username="eda", is_superuser=True, is_staff=True)
    page.goto(live_server.url + article.url)  # a reader's view of it, kept in the page cache
    watch = PolicyWatch(page)

    sign_in(page, live_server.url, editor)
    expect(page.get_by_role("navigation", name="Main menu")).to_be_visible()

    page.goto(f"{live_server.url}/admin/pages/{article.pk}/edit/")
    title = page.locator("#id_title")
    expect(title).to_be_visible()
    title.fill(article.title + ": updated")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    # Articles publish through clinical sign-off; a superuser may override it with a reason.
    page.locator("[name=reason]").fill("Correcting a typing error in the title.")
    page.get_by_role("button", name="Publish without sign-off").click()
    expect(page.locator(".messages")).to_contain_text("without clinical sign-off")
    page.screenshot(path=os.path.join(artifacts_dir, "csp_admin_publish.png"), full_page=True)

    page.goto(live_server.url + article.url)  # the editor's own view, with Wagtail's user bar
    page.locator("wagtail-userbar").get_by_role("button").first.click()
    expect(page.locator("wagtail-userbar").get_by_role("menuitem", name="Edit this page")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(article.title + ": updated")

    page.context.clear_cookies()  # a reader again
    page.goto(live_server.url + article.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(article.title + ": updated")
    watch.assert_clean()
