"""A member of the help-line staff misses a reader, reaches them later, books a follow-up call and completes.

Real time here (the browser and the live server share no frozen clock), so
the request's slot is put ten minutes in the past: due now. After the
unanswered call the request waits for its retry time and "Take next" passes
it over; the test then moves that time into the past through the ORM (as if
the afternoon had gone by), and "Take next" finds it again. During the call
staff book a follow-up into a time with a free place, then log the call as
reached and complete with wrap-up codes. Screenshots go to tests/e2e/artifacts/
(ignored by git).
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

LONDON = ZoneInfo("Europe/London")


@pytest.mark.browser
def test_a_staff_member_books_a_follow_up_during_the_call(live_server, transactional_db, page, artifacts_dir):
    site_home_page()
    ensure_wrap_up_codes()  # earlier transactional tests flush what the migration added
    staff = staff_user(username="kit", first_name="Kit", last_name="Adviser")
    callback_request = make_request(
        now=timezone.now(),
        name="Grace Hopper",
        phone="+447911654321",
        voicemail_ok=False,
        may_identify_org=False,
        needs_clear_speech=True,
    )
    page.set_viewport_size({"width": 1280, "height": 1400})
    step = iter(range(1, 20))

    def screenshot(name: str) -> None:
        page.wait_for_timeout(800)  # let the admin's message slide in before the picture
        page.screenshot(path=os.path.join(artifacts_dir, f"follow_up_{next(step)}_{name}.png"), full_page=True)

    sign_in(page, live_server.url, staff)

    page.goto(live_server.url + "/admin/callbacks/")
    page.get_by_role("button", name="Take next").click()
    expect(page.locator(".messages")).to_contain_text(f"You have claimed {callback_request.reference}")
    screenshot("taken")

    page.get_by_label("No answer").check()
    retry_at = (timezone.now() + timedelta(hours=2)).astimezone(LONDON)
    page.get_by_label("If nobody answered: try again from (optional)").fill(f"{retry_at:%Y-%m-%dT%H:%M}")
    page.get_by_role("button", name="Log this call").click()
    expect(page.locator(".messages")).to_contain_text("is back in the queue, to try again from")
    row = page.get_by_role("row").filter(has_text=callback_request.reference)
    expect(row).to_contain_text("Next try from")
    expect(row).to_contain_text(f"{retry_at:%H:%M}")
    screenshot("waiting_for_its_retry_time")

    page.get_by_role("button", name="Take next").click()
    expect(page.locator(".messages")).to_contain_text("Nothing is waiting")
    screenshot("take_next_passes_it_over")

    # The retry time comes round.
    CallbackRequest.objects.filter(pk=callback_request.pk).update(not_before=timezone.now() - timedelta(minutes=1))
    page.get_by_role("button", name="Take next").click()
    expect(page.locator(".messages")).to_contain_text(f"You have claimed {callback_request.reference}")
    expect(page.locator("#attempts-section")).to_contain_text("1 of 3 attempts")
    screenshot("taken_again")

    # On the call, the reader would like to talk again once they have tried the exercises.
    follow_up_panel = page.locator("#follow-up-section")
    expect(follow_up_panel).to_be_visible()
    follow_up_panel.get_by_role("button", name="Book the follow-up").click()
    expect(page.locator(".messages")).to_contain_text("The follow-up call was not booked")
    expect(page.locator("#follow-up-section")).to_contain_text("Choose a day and time for the follow-up call.")
    screenshot("follow_up_without_a_time")

    page.get_by_label("Note for the follow-up call (optional)").fill("Ask how the stretches went.")
    page.get_by_label("When to call").select_option(index=1)
    chosen = page.get_by_label("When to call").input_value()
    page.get_by_role("button", name="Book the follow-up").click()
    follow_up = CallbackRequest.objects.get(follow_up_of=callback_request)
    expect(page.locator(".messages")).to_contain_text(f"Follow-up {follow_up.reference} booked for")
    links = page.locator(".callback-detail__follow-ups")
    expect(links).to_contain_text("Follow-up booked for")
    expect(links.get_by_role("link", name=follow_up.reference)).to_be_visible()
    # The caller history lists it too: same number.
    expect(page.locator("#caller-history-section")).to_contain_text(follow_up.reference)
    screenshot("follow_up_booked")

    page.get_by_label("Reached").check()
    page.get_by_role("button", name="Log this call").click()
    expect(page.get_by_role("button", name="Close as completed")).to_be_visible()
    page.get_by_label("Self-care advice").check()
    page.get_by_role("button", name="Close as completed").click()
    expect(page.locator(".messages")).to_contain_text(f"{callback_request.reference} is closed as completed")
    screenshot("completed")

    # The follow-up is in the queue, and its page links back.
    page.goto(live_server.url + f"/admin/callbacks/{follow_up.pk}/")
    expect(page.locator(".callback-detail__follow-ups")).to_contain_text(f"Follow-up of {callback_request.reference}")
    expect(page.get_by_role("region", name="Before you call")).to_contain_text("Don’t say who we are.")
    expect(page.get_by_role("region", name="Before you call")).to_contain_text("Hard of hearing.")
    screenshot("the_follow_up")

    callback_request.refresh_from_db()
    follow_up.refresh_from_db()
    assert callback_request.status == Status.COMPLETED
    assert list(callback_request.attempts.order_by("made_at").values_list("outcome", flat=True)) == [
        AttemptOutcome.NO_ANSWER,
        AttemptOutcome.REACHED,
    ]
    assert set(callback_request.wrap_up_codes.values_list("name", flat=True)) == {"Self-care advice"}
    assert follow_up.status == Status.QUEUED
    assert follow_up.slot_start.strftime("%Y-%m-%dT%H:%MZ") == chosen
    assert (follow_up.phone, follow_up.note) == ("+447911654321", "Ask how the stretches went.")
