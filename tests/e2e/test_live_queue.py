"""The staff queue refreshes itself: a request booked while the page is open shows up without a reload.

The refresh interval is lowered to one second for the test
(CALLBACK_QUEUE_REFRESH_SECONDS); the live server runs in this process, so
the setting reaches it. Real time, as in test_staff_queue.py.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from callbacks.models import Status
from tests.callbacks.queue_support import make_request, staff_user
from tests.e2e.admin_support import sign_in
from tests.home.factories import site_home_page


@pytest.fixture
def signed_in(live_server, transactional_db, page, settings):
    settings.CALLBACK_QUEUE_REFRESH_SECONDS = 1
    site_home_page()
    staff = staff_user(username="robin", first_name="Robin", last_name="Adviser")
    sign_in(page, live_server.url, staff)
    expect(page.locator("#callback-queue-section")).to_be_visible()
    return staff


def booked_now(**fields):
    now = timezone.now()
    return make_request(now=now, created_at=now, **fields)


@pytest.mark.browser
def test_a_new_request_appears_in_the_filtered_list_without_a_reload(live_server, signed_in, page):
    waiting = booked_now()
    page.goto(f"{live_server.url}/admin/callbacks/?claim=unclaimed")
    expect(page.get_by_role("row").filter(has_text=waiting.reference)).to_be_visible()
    page.evaluate("window.notReloaded = true")

    arrived = booked_now(starts=timedelta(minutes=-2))
    hidden = booked_now(status=Status.CLAIMED, claimed_by=staff_user())  # filtered out: never shown

    row = page.get_by_role("row").filter(has_text=arrived.reference)
    expect(row).to_be_visible(timeout=10_000)
    expect(row).to_contain_text("New")
    expect(page.get_by_role("row").filter(has_text=waiting.reference)).not_to_contain_text("New")
    expect(page.get_by_role("status").filter(has_text="Updated")).to_contain_text("1 new")
    expect(page.get_by_role("link", name="Callbacks (3 due)")).to_be_visible()
    assert page.get_by_role("row").filter(has_text=hidden.reference).count() == 0
    assert page.evaluate("window.notReloaded") is True  # the same page, refreshed in place
    assert "claim=unclaimed" in page.url


@pytest.mark.browser
def test_the_dashboard_numbers_follow_the_queue(live_server, signed_in, page):
    overdue = page.locator('#callback-queue-section [data-callback-count="overdue"]')
    expect(overdue).to_have_text("0")

    booked_now(starts=timedelta(hours=-2))

    expect(overdue).to_have_text("1", timeout=10_000)
    expect(page.get_by_role("link", name="Callbacks (1 due)")).to_be_visible()
    expect(page.locator("#callback-queue-section").get_by_role("status")).to_contain_text("Updated")


@pytest.mark.browser
def test_the_list_waits_while_a_field_has_focus(live_server, signed_in, page):
    page.goto(f"{live_server.url}/admin/callbacks/")
    page.get_by_role("textbox", name="Search").focus()

    arrived = booked_now()
    page.wait_for_timeout(2500)
    assert page.get_by_role("row").filter(has_text=arrived.reference).count() == 0

    page.get_by_role("textbox", name="Search").blur()
    expect(page.get_by_role("row").filter(has_text=arrived.reference)).to_be_visible(timeout=10_000)
