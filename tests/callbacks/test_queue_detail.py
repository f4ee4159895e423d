"""Take next, the detail page and its action forms, the dashboard panel and the statistics page, through HTTP."""

import html
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from callbacks.models import AttemptOutcome, CallbackRequest, Status, WrapUpCode

from .queue_support import NOW, add_attempt, make_request, queue_settings, staff_user, superuser

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, time_machine):
    time_machine.move_to(NOW, tick=False)
    user = staff_user()
    client.force_login(user)
    return user


def url(name, callback_request=None):
    return reverse(f"callback_queue:{name}", args=[callback_request.pk] if callback_request else [])


def messages_of(response) -> list[str]:
    """The messages queued by this response (Wagtail renders them as escaped HTML)."""
    return [html.unescape(str(message)).strip() for message in get_messages(response.wsgi_request)]


# --- take next ---------------------------------------------------------------------------


def test_take_next_claims_and_opens_the_earliest_due_request(client, staff):
    make_request(starts=timedelta(minutes=-5))
    earliest = make_request(starts=timedelta(minutes=-50))

    response = client.post(url("take_next"))

    assert response.status_code == 302
    assert response["Location"] == url("detail", earliest)
    earliest.refresh_from_db()
    assert (earliest.status, earliest.claimed_by) == (Status.CLAIMED, staff)
    assert messages_of(response) == [
        f"You have claimed {earliest.reference}. It's yours until you close or release it."
    ]


def test_take_next_on_an_empty_queue_says_so(client, staff):
    make_request(starts=timedelta(hours=1))  # not due yet
    response = client.post(url("take_next"), follow=True)
    assert response.redirect_chain == [(url("index"), 302)]
    assert "Nothing is waiting" in response.content.decode()


# --- the detail page ---------------------------------------------------------------------


def test_the_detail_shows_everything_the_reader_gave(client, staff):
    callback_request = make_request(
        status=Status.CLAIMED,
        claimed_by=staff,
        name="Ada Lovelace",
        phone="+447911123456",
        note="Pain down the left leg.",
        voicemail_ok=False,
        may_identify_org=False,
        sms_opt_in=True,
    )
    add_attempt(callback_request, outcome=AttemptOutcome.NO_ANSWER, made_by=staff)

    page = client.get(url("detail", callback_request)).content.decode()

    assert 'href="tel:+447911123456"' in page and "07911 123456" in page
    assert "Ada Lovelace" in page and "Pain down the left leg." in page and "Sciatica" in page
    assert "Monday 23 November, between 10:50 and 11:20" in page
    discretion = page.split('id="discretion-heading"', 1)[1].split("</section>", 1)[0]
    assert "No voicemail." in discretion and "Don’t say who we are." in discretion
    assert page.index("Before you call") < page.index("What the reader told us")
    assert f"Version {callback_request.consent_version.number}, given Sun 22 Nov 2026, 10:50" in page
    assert "Wants text messages" in page
    assert "No answer" in page and "1 of 3 attempts" in page
    assert "Claimed by you" in page
    for action in ("record_attempt", "release", "cancel", "complete"):
        assert f'action="{url(action, callback_request)}"' in page


def test_no_discretion_box_when_the_reader_allows_both(client, staff):
    callback_request = make_request(voicemail_ok=True, may_identify_org=True)
    assert "Before you call" not in client.get(url("detail", callback_request)).content.decode()


def test_the_page_offers_only_what_the_user_may_do(client, staff):
    queued = make_request()
    theirs = make_request(status=Status.CLAIMED, claimed_by=staff_user(first_name="Jo", last_name="Bloggs"))
    closed = make_request(status=Status.COMPLETED)

    queued_page = client.get(url("detail", queued)).content.decode()
    assert f'action="{url("claim", queued)}"' in queued_page
    assert url("record_attempt", queued) not in queued_page

    their_page = client.get(url("detail", theirs)).content.decode()
    assert "Jo Bloggs is working on this request" in their_page
    assert url("record_attempt", theirs) not in their_page and url("claim", theirs) not in their_page

    assert "nothing more can be done" in client.get(url("detail", closed)).content.decode()


def test_close_buttons_appear_when_the_rules_allow(client, staff):
    queue_settings(attempt_limit=2)
    mine = make_request(status=Status.CLAIMED, claimed_by=staff)
    add_attempt(mine, outcome=AttemptOutcome.NO_ANSWER, made_by=staff)
    page = client.get(url("detail", mine)).content.decode()
    assert url("unreachable", mine) not in page and "Close as completed</button>" not in page

    add_attempt(mine, outcome=AttemptOutcome.REACHED, made_by=staff)
    page = client.get(url("detail", mine)).content.decode()
    assert url("unreachable", mine) in page and "Close as completed</button>" in page


def test_a_superuser_gets_the_actions_on_a_colleagues_request(client, staff):
    theirs = make_request(status=Status.CLAIMED, claimed_by=staff)
    client.force_login(superuser())
    assert url("record_attempt", theirs) in client.get(url("detail", theirs)).content.decode()


# --- the actions ---------------------------------------------------------------------------


def test_a_day_on_the_phone(client, staff, time_machine):
    """Claim, a missed call (back in the queue), take it again later, reach them, complete with codes."""
    queue_settings(attempt_limit=3, retry_delay_minutes=30)
    callback_request = make_request()

    client.post(url("claim", callback_request))
    response = client.post(
        url("record_attempt", callback_request), {"outcome": AttemptOutcome.NO_ANSWER, "note": "Rang out"}
    )
    assert response["Location"] == url("index")
    assert messages_of(response)[-1] == (
        f"Call attempt logged. {callback_request.reference} is back in the queue, to try again from 11:30."
    )
    assert client.post(url("take_next"))["Location"] == url("index")
    time_machine.move_to(NOW + timedelta(minutes=31), tick=False)
    assert client.post(url("take_next"))["Location"] == url("detail", callback_request)
    client.post(url("record_attempt", callback_request), {"outcome": AttemptOutcome.REACHED, "note": ""})
    codes = [WrapUpCode.objects.get_or_create(name=name)[0] for name in ("GP", "Self-care advice")]
    response = client.post(url("complete", callback_request), {"wrap_up_codes": [code.pk for code in codes]})

    callback_request.refresh_from_db()
    assert callback_request.status == Status.COMPLETED
    assert set(callback_request.wrap_up_codes.all()) == set(codes)
    assert [a.outcome for a in callback_request.attempts.order_by("made_at", "pk")] == [
        AttemptOutcome.NO_ANSWER,
        AttemptOutcome.REACHED,
    ]
    assert messages_of(response)[-1] == f"{callback_request.reference} is closed as completed."


def test_completing_without_a_code_is_refused_and_changes_nothing(client, staff):
    mine = make_request(status=Status.CLAIMED, claimed_by=staff)
    add_attempt(mine, outcome=AttemptOutcome.REACHED, made_by=staff)
    response = client.post(url("complete", mine), {})
    assert response["Location"] == url("detail", mine)
    assert "Choose at least one wrap-up code." in " ".join(messages_of(response))
    mine.refresh_from_db()
    assert mine.status == Status.CLAIMED


def test_a_refused_action_comes_back_as_an_error_message(client, staff):
    mine = make_request(status=Status.CLAIMED, claimed_by=staff)
    response = client.post(url("unreachable", mine), follow=True)
    assert response.redirect_chain == [(url("detail", mine), 302)]
    assert "can be closed as unreachable after 3 attempts; this one has had 0." in response.content.decode()
    mine.refresh_from_db()
    assert mine.status == Status.CLAIMED


@pytest.mark.parametrize(
    ("action", "data", "message"),
    [
        ("record_attempt", {}, "How did the call go?: This field is required."),
        ("record_attempt", {"outcome": "shouted"}, "Select a valid choice."),
        ("cancel", {"reason": ""}, "Reason for cancelling: This field is required."),
        ("reassign", {"to_user": "999999"}, "Select a valid choice."),
    ],
)
def test_bad_form_input_is_shown_and_changes_nothing(action, data, message, client, staff):
    mine = make_request(status=Status.CLAIMED, claimed_by=staff)
    response = client.post(url(action, mine), data)
    assert response["Location"] == url("detail", mine)
    assert any(message in text for text in messages_of(response))
    mine.refresh_from_db()
    assert (mine.status, mine.claimed_by, mine.attempts.count()) == (Status.CLAIMED, staff, 0)


def test_reassign_and_cancel_through_their_forms(client, staff):
    colleague = staff_user()
    mine = make_request(status=Status.CLAIMED, claimed_by=staff)
    client.post(url("reassign", mine), {"to_user": colleague.pk})
    mine.refresh_from_db()
    assert mine.claimed_by == colleague

    client.force_login(colleague)
    client.post(url("cancel", mine), {"reason": "Reader rang to cancel"})
    mine.refresh_from_db()
    assert (mine.status, mine.cancel_reason) == (Status.CANCELLED, "Reader rang to cancel")


def test_the_reassign_list_offers_only_other_active_staff(client, staff):
    colleague = staff_user(first_name="Robin", last_name="Colleague")
    staff_user(first_name="Gone", last_name="Away", is_active=False)
    mine = make_request(status=Status.CLAIMED, claimed_by=staff)
    page = client.get(url("detail", mine)).content.decode()
    options = page.split('id="reassign_to_user"', 1)[1].split("</select>", 1)[0]
    assert "Robin Colleague" in options and f'value="{colleague.pk}"' in options
    assert "Gone Away" not in options and f'value="{staff.pk}"' not in options


# --- dashboard and statistics ------------------------------------------------------------------


def test_the_dashboard_panel_counts_the_days_work(client, staff):
    colleague = staff_user()
    make_request(starts=timedelta(minutes=-5))  # due today, unclaimed
    make_request(starts=timedelta(hours=-2), status=Status.CLAIMED, claimed_by=staff)  # overdue, mine
    make_request(starts=timedelta(hours=-3), status=Status.CLAIMED, claimed_by=colleague)  # overdue
    make_request(starts=timedelta(days=1))  # tomorrow, unclaimed
    make_request(starts=timedelta(hours=-1), status=Status.COMPLETED)  # closed: in nothing

    page = client.get(reverse("wagtailadmin_home")).content.decode()
    panel = page.split('id="callback-queue-section"', 1)[1].split("</section>", 1)[0]

    def count(label):
        return (
            panel.split(f'<span class="callback-panel__label">{label}</span>', 1)[0]
            .rsplit('<span class="callback-panel__number"', 1)[1]
            .split(">", 1)[1]
            .split("<", 1)[0]
        )

    assert (count("Due today"), count("Overdue"), count("Unclaimed"), count("Claimed by me")) == ("3", "2", "2", "1")
    assert f'action="{url("take_next")}"' in panel and 'name="csrfmiddlewaretoken"' in panel
    assert "Callbacks (3 due)" in page


def test_statistics(client, staff):
    reached_first = make_request(starts=timedelta(days=-2))
    add_attempt(reached_first, outcome=AttemptOutcome.REACHED, made_at=reached_first.slot_start + timedelta(minutes=4))
    CallbackRequest.objects.filter(pk=reached_first.pk).update(status=Status.COMPLETED, closed_at=NOW)
    second_go = make_request(starts=timedelta(days=-1))
    add_attempt(second_go, outcome=AttemptOutcome.NO_ANSWER, made_at=second_go.slot_start + timedelta(minutes=10))
    add_attempt(second_go, outcome=AttemptOutcome.REACHED, made_at=second_go.slot_start + timedelta(minutes=40))
    make_request(starts=timedelta(days=-40))  # outside the 30 days
    make_request()

    response = client.get(url("statistics"))

    figures = response.context["figures"]
    assert figures.requests == 3
    assert (figures.attempted, figures.reached_first_time) == (2, 1)
    assert figures.median_minutes_to_first_attempt == 7.0
    assert dict(figures.outcomes)["Reached"] == 2
    assert dict(figures.statuses)["Completed"] == 1
    assert len(figures.days) == 30 and figures.days[-1][1] == 1
    page = response.content.decode()
    assert "<svg" in page and page.count('class="callback-chart__bar"') == 30
    assert "Sat 21 Nov: 1 request<" in page and "50%" in page and "7.0 min" in page
    assert "<script" not in page.split("<main", 1)[1].split("</main>", 1)[0]
