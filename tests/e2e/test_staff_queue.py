"""A member of the help-line staff works a callback in a real browser, from login to "completed".

Real time here (the browser and the live server share no frozen clock), so
the request's slot is put ten minutes in the past: due now. A missed call
puts the request back in the queue until its retry time; "Take next" passes
it over, and the staff member takes it again on purpose, as when a reader
rings back, then completes it with wrap-up codes.
"""

import os
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from callbacks.models import AttemptOutcome, CallbackRequest, Status
from tests.callbacks.queue_support import ensure_wrap_up_codes, make_request, staff_user
from tests.e2e.admin_support import sign_in
from tests.home.factories import site_home_page


@pytest.mark.browser
def test_a_staff_member_works_a_callback_from_login_to_completed(live_server, transactional_db, page, artifacts_dir):
    site_home_page()
    ensure_wrap_up_codes()  # earlier transactional tests flush what the migration added
    staff = staff_user(username="robin", first_name="Robin", last_name="Adviser")
    callback_request = make_request(
        now=timezone.now(), name="Ada Lovelace", phone="+447911123456", voicemail_ok=False, may_identify_org=True
    )
    make_request(now=timezone.now(), starts=timedelta(hours=2))  # later today: not due, so never taken
    page.set_viewport_size({"width": 1280, "height": 1400})
    step = iter(range(1, 20))

    def screenshot(name: str) -> None:
        page.wait_for_timeout(800)  # let the admin's message slide in before the picture
        page.screenshot(path=os.path.join(artifacts_dir, f"staff_queue_{next(step)}_{name}.png"), full_page=True)

    sign_in(page, live_server.url, staff)

    panel = page.locator("#callback-queue-section")
    expect(panel).to_be_visible()
    expect(panel.get_by_role("heading", name="Callbacks")).to_be_visible()
    expect(panel).to_contain_text("Due today")
    expect(page.get_by_role("link", name="Callbacks (1 due)")).to_be_visible()
    screenshot("dashboard")

    panel.get_by_role("button", name="Take next").click()
    expect(page.locator(".messages")).to_contain_text(f"You have claimed {callback_request.reference}")
    expect(page.get_by_role("link", name="07911 123456")).to_have_attribute("href", "tel:+447911123456")
    expect(page.get_by_role("region", name="Before you call")).to_contain_text("No voicemail.")
    screenshot("taken")

    page.get_by_label("No answer").check()
    page.get_by_label("Note for colleagues (optional)").fill("Rang out, no voicemail as asked.")
    # Real time may be after closing, when the usual delay would be no wait: choose a time, as staff may.
    retry_at = (timezone.now() + timedelta(hours=2)).astimezone(ZoneInfo("Europe/London"))
    page.get_by_label("If nobody answered: try again from (optional)").fill(f"{retry_at:%Y-%m-%dT%H:%M}")
    page.get_by_role("button", name="Log this call").click()
    # An unanswered call hands the request back to the queue, to be tried again later.
    expect(page.locator(".messages")).to_contain_text("is back in the queue, to try again from")
    row = page.get_by_role("row").filter(has_text=callback_request.reference)
    expect(row).to_contain_text("Next try from")
    expect(row).to_contain_text(f"{retry_at:%H:%M}")  # with the day too, if that is tomorrow
    screenshot("back_in_the_queue")

    page.get_by_role("button", name="Take next").click()
    expect(page.locator(".messages")).to_contain_text("Nothing is waiting")
    screenshot("nothing_to_take_yet")

    # The reader rings in: staff open the waiting request and take it on purpose.
    page.get_by_role("link", name=callback_request.reference).click()
    page.get_by_role("button", name="Claim this request").click()
    expect(page.locator(".messages")).to_contain_text(f"You have claimed {callback_request.reference}")
    expect(page.locator("#attempts-section")).to_contain_text("1 of 3 attempts")
    screenshot("taken_again")

    page.get_by_label("Reached").check()
    page.get_by_role("button", name="Log this call").click()
    expect(page.get_by_role("button", name="Close as completed")).to_be_visible()
    screenshot("reached")

    page.get_by_role("button", name="Close as completed").click()
    expect(page.locator(".messages")).to_contain_text("Choose at least one wrap-up code")
    page.get_by_label("NHS Talking Therapies").check()
    page.get_by_label("Self-care advice").check()
    page.get_by_role("button", name="Close as completed").click()
    expect(page.locator(".messages")).to_contain_text(f"{callback_request.reference} is closed as completed")
    expect(page.get_by_role("row").filter(has_text=callback_request.reference)).to_have_count(0)
    screenshot("completed")

    callback_request.refresh_from_db()
    assert callback_request.status == Status.COMPLETED
    assert list(callback_request.attempts.order_by("made_at").values_list("outcome", flat=True)) == [
        AttemptOutcome.NO_ANSWER,
        AttemptOutcome.REACHED,
    ]
    assert set(callback_request.wrap_up_codes.values_list("name", flat=True)) == {
        "NHS Talking Therapies",
        "Self-care advice",
    }
    assert CallbackRequest.objects.filter(status=Status.QUEUED).count() == 1
