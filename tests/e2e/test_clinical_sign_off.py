"""In a real browser: an editor submits an article, a clinical reviewer signs it off, the review line changes.

Real time here (the live server has no frozen clock): the sign-off is dated today.
"""

import datetime
import os

import pytest
from django.db import connection
from django.utils import timezone
from django.utils.dateformat import format as date_format
from playwright.sync_api import expect

from tests.blog.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    ClinicalReviewerFactory,
    clinical_review_workflow,
    clinical_reviewer_user,
    moderator_user,
)
from tests.e2e.admin_support import sign_in
from tests.home.factories import site_home_page


@pytest.mark.browser
def test_an_editor_submits_and_a_clinician_signs_off_in_the_admin(
    live_server, transactional_db, settings, browser, page, artifacts_dir, request
):
    index = ArticleIndexPageFactory(parent=site_home_page())
    clinical_review_workflow()
    article = ArticlePageFactory(
        parent=index,
        title="Sciatica at night",
        medical_reviewer=ClinicalReviewerFactory(name="Dr Old Review"),
        last_reviewed=datetime.date(2025, 1, 10),
    )
    editor = moderator_user(username="eddie")
    clinician = clinical_reviewer_user(username="priya", author_name="Dr Priya Shah")
    page.set_viewport_size({"width": 1280, "height": 1200})
    step = iter(range(1, 20))

    def screenshot(name: str, on=page) -> None:
        on.wait_for_timeout(600)
        on.screenshot(path=os.path.join(artifacts_dir, f"clinical_sign_off_{next(step)}_{name}.png"), full_page=True)

    def reader_page():
        context = browser.new_context(viewport={"width": 1280, "height": 1200})
        request.addfinalizer(context.close)
        return context.new_page()

    def log_in(user) -> None:
        sign_in(page, live_server.url, user)
        expect(page.get_by_role("heading", level=1)).to_be_visible()

    reader = reader_page()
    reader.goto(live_server.url + article.url)
    expect(reader.locator(".article-review")).to_contain_text("Reviewed by Dr Old Review")
    screenshot("before", on=reader)

    on_sqlite = connection.vendor == "sqlite"
    if on_sqlite:
        # The in-memory SQLite test database is ONE connection, shared by the test and by every
        # request thread of the live server (Django does this so they all see the same data), so
        # two requests at once collide inside it: "database table is locked". The edit view makes
        # requests of its own in the background, which raced the submit: an autosave 0.5 s after
        # each change, an editing-session ping every 10 s and a release beacon as the page goes.
        # Autosave and the repeated ping are turned off with Wagtail's settings, the first ping is
        # waited for, and the browser answers the release beacon itself (it only ends the session).
        settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
        settings.WAGTAIL_EDITING_SESSION_PING_INTERVAL = 3_600_000
        page.route("**/admin/editing-sessions/release/**", lambda route: route.fulfill(json={}))
    page.set_default_timeout(20_000)  # two CPUs shared by several test runs: admin pages can be slow

    # The editor changes the article and submits it; there is no Publish button on articles.
    log_in(editor)
    with page.expect_response(lambda response: "/admin/editing-sessions/ping/" in response.url):
        page.goto(f"{live_server.url}/admin/pages/{article.pk}/edit/")
    expect(page.locator('button[name="action-publish"]')).to_have_count(0)
    page.get_by_role("textbox", name="Intro").fill("What helps at night, and when to get checked.")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Submit to Clinical review").click()
    expect(page.locator(".messages")).to_contain_text("has been submitted for moderation", timeout=20_000)
    screenshot("submitted")

    # As a moderator the same editor passes the editor review, from the dashboard's "Awaiting your review".
    page.goto(live_server.url + "/admin/")
    awaiting = page.locator("#awaiting-review-section")
    expect(awaiting).to_contain_text("Sciatica at night")
    awaiting.get_by_role("button", name="Actions").click()
    awaiting.get_by_role("button", name="Approve", exact=True).click()
    page.wait_for_load_state("networkidle")
    page.context.clear_cookies()  # logs out

    # The clinician signs it off from the dashboard's "Awaiting your review".
    log_in(clinician)
    awaiting = page.locator("#awaiting-review-section")
    expect(awaiting).to_contain_text("Sciatica at night")
    screenshot("awaiting_sign_off")
    awaiting.get_by_role("button", name="Actions").click()
    awaiting.get_by_role("button", name="Sign off", exact=True).click()
    page.wait_for_load_state("networkidle")
    screenshot("signed_off")

    today = timezone.localdate()
    article.refresh_from_db()
    assert (article.live, article.has_unpublished_changes) == (True, False)
    assert (article.medical_reviewer.user, article.last_reviewed) == (clinician, today)

    # The same reader comes back in a new browser (the first one may reuse its copy for
    # BROWSER_CACHE_SECONDS, as real browsers do): the site's page cache must serve the signed-off page.
    reader = reader_page()
    reader.goto(live_server.url + article.url)
    signed_off_on = date_format(today, "j F Y")
    review = reader.locator(".article-review")
    expect(review).to_contain_text(f"Reviewed by Dr Priya Shah, Chartered physiotherapist, on {signed_off_on}")
    expect(reader.locator(".article-intro")).to_have_text("What helps at night, and when to get checked.")
    screenshot("after", on=reader)
