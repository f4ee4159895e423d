"""Follow-up callbacks: staff book one from a request's page (service, constraint, texts, audit, purge, page).

The queue's clock stands at Monday 23 November 2026, 11:00 in London; the
follow-ups go into Tuesday morning, well inside the booking window.
"""

import html
from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.urls import reverse
from wagtail.models import ModelLogEntry

from callbacks.audit import AuditAction
from callbacks.booking.services import purge_callbacks
from callbacks.exceptions import (
    ClaimedByOther,
    FollowUpAlreadyBooked,
    FollowUpSlotFull,
    FollowUpSlotNotBookable,
    NotClaimed,
    NotQueueStaff,
    RequestClosed,
)
from callbacks.models import NOTE_MAX_LENGTH, CallbackRequest, CallbackSlot, SmsKind, SmsMessage, Status
from callbacks.queue import follow_ups
from callbacks.queue.views.forms import slot_value
from callbacks.texts import addresses

from .booking_page import make_callback_page, text_of
from .queue_support import NOW, SLOT, editor, log_entries, make_request, queue_settings, staff_user, superuser

pytestmark = pytest.mark.django_db

TUESDAY_10 = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
TUESDAY_1030 = TUESDAY_10 + SLOT
STAFF_NOTE = "Check how the new exercises went."
CARRIED = {
    "name": "Morwenna Trevithick",
    "voicemail_ok": False,
    "may_identify_org": False,
    "sms_opt_in": True,
    "needs_interpreter": True,
    "interpreter_language": "Cornish",
    "needs_clear_speech": True,
    "other_communication_need": "Call after the school run.",
}


@pytest.fixture
def staff():
    return staff_user()


@pytest.fixture
def original(staff):
    """A request the staff member has claimed and is on the phone about, with discretion flags and needs."""
    return make_request(status=Status.CLAIMED, claimed_by=staff, **CARRIED)


def book(callback_request, user, *, slot_start=TUESDAY_10, note=STAFF_NOTE, now=NOW):
    return follow_ups.book_follow_up(
        callback_request=callback_request, user=user, slot_start=slot_start, note=note, now=now
    )


def places(start) -> int:
    return CallbackSlot.objects.filter(start=start).values_list("booked", flat=True).first() or 0


# --- the service ---------------------------------------------------------------------------


def test_a_follow_up_carries_the_readers_answers_over_and_is_linked_both_ways(staff, original):
    follow_up = book(original, staff)

    follow_up.refresh_from_db()
    for field in (*CARRIED, "phone", "topic", "consent_version_id", "consented_at"):
        assert getattr(follow_up, field) == getattr(original, field), field
    assert (follow_up.slot_start, follow_up.slot_end, follow_up.status) == (TUESDAY_10, TUESDAY_1030, Status.QUEUED)
    assert follow_up.note == STAFF_NOTE, "the note is staff's, not the reader's first note"
    assert follow_up.follow_up_of == original
    assert list(original.follow_ups.all()) == [follow_up]
    assert follow_up.reference != original.reference
    assert places(TUESDAY_10) == 1
    original.refresh_from_db()
    assert (original.status, original.claimed_by) == (Status.CLAIMED, staff), "the original is still being worked"


def test_a_full_slot_is_refused_clearly_and_nothing_is_saved(staff, original):
    queue_settings(slot_capacity=2)
    CallbackSlot.objects.create(start=TUESDAY_10, end=TUESDAY_1030, capacity=2, booked=2)
    before = CallbackRequest.objects.count()

    with pytest.raises(FollowUpSlotFull, match="no free place left"):
        book(original, staff)

    assert CallbackRequest.objects.count() == before
    assert places(TUESDAY_10) == 2
    assert log_entries(original, AuditAction.FOLLOW_UP_BOOKED) == []


def test_a_slot_the_help_line_does_not_offer_is_refused(staff, original):
    sunday = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)
    with pytest.raises(FollowUpSlotNotBookable):
        book(original, staff, slot_start=sunday)
    with pytest.raises(FollowUpSlotNotBookable):
        book(original, staff, slot_start=NOW - timedelta(hours=1))
    assert not original.follow_ups.exists()


def test_the_readers_own_open_request_does_not_block_a_follow_up_but_a_second_open_follow_up_is_refused(
    staff, original
):
    first = book(original, staff)

    with pytest.raises(FollowUpAlreadyBooked, match=first.reference):
        book(original, staff, slot_start=TUESDAY_1030)

    assert original.follow_ups.count() == 1
    assert places(TUESDAY_1030) == 0, "the refused follow-up took no place"
    # Once the first follow-up is closed, another may be booked.
    CallbackRequest.objects.filter(pk=first.pk).update(status=Status.CANCELLED, closed_at=NOW)
    assert book(original, staff, slot_start=TUESDAY_1030).follow_up_of == original


def test_the_database_itself_allows_one_open_follow_up_per_number_beside_one_own_booking(staff, original):
    """The two partial unique constraints, without the service's friendly check in front of them."""
    follow_up = book(original, staff)
    values = {
        "phone": original.phone,
        "slot": follow_up.slot,
        "slot_start": TUESDAY_10,
        "slot_end": TUESDAY_1030,
        "topic": original.topic,
        "consent_version": original.consent_version,
        "consented_at": NOW,
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        CallbackRequest.objects.create(follow_up_of=original, **values)
    with pytest.raises(IntegrityError), transaction.atomic():
        CallbackRequest.objects.create(**values)


def test_the_note_is_checked_before_anything_is_written(staff, original):
    with pytest.raises(ValidationError) as refused:
        book(original, staff, note="x" * (NOTE_MAX_LENGTH + 1))
    assert "note" in refused.value.message_dict
    assert not original.follow_ups.exists() and places(TUESDAY_10) == 0


@pytest.mark.parametrize(
    ("who", "state", "refusal"),
    [
        ("editor", "claimed_by_staff", NotQueueStaff),
        ("colleague", "claimed_by_staff", ClaimedByOther),
        ("staff", "queued", NotClaimed),
        ("staff", "completed", RequestClosed),
    ],
)
def test_only_whoever_may_act_on_the_request_books_a_follow_up(staff, who, state, refusal):
    user = {"editor": editor, "colleague": staff_user, "staff": lambda: staff}[who]()
    if state == "claimed_by_staff":
        callback_request = make_request(status=Status.CLAIMED, claimed_by=staff)
    else:
        callback_request = make_request(status=state)

    with pytest.raises(refusal):
        book(callback_request, user)

    assert not CallbackRequest.objects.filter(follow_up_of__isnull=False).exists()
    assert places(TUESDAY_10) == 0


def test_a_superuser_may_book_a_follow_up_for_a_colleagues_request(original):
    assert book(original, superuser()).follow_up_of == original


# --- texts ---------------------------------------------------------------------------------


def test_the_reader_who_agreed_to_texts_is_texted_the_time_and_their_link(staff, original, console_sms):
    make_callback_page()
    follow_up = book(original, staff)

    text = SmsMessage.objects.get(request=follow_up, kind=SmsKind.FOLLOW_UP)
    assert "Tuesday 24 November, 10:00-10:30" in text.body
    assert follow_up.reference in text.body
    link = addresses.manage_url(follow_up)
    assert "/manage/" in link and link in text.body, "the follow-up's own manage link"
    assert "exercises" not in text.body, "never the staff note"
    assert SmsMessage.objects.filter(request=follow_up, kind=SmsKind.REMINDER).exists()
    assert not SmsMessage.objects.filter(request=original).exists()


def test_no_text_without_the_readers_consent(staff, console_sms):
    no_texts = make_request(status=Status.CLAIMED, claimed_by=staff, sms_opt_in=False)
    book(no_texts, staff)
    assert not SmsMessage.objects.exists()


def test_no_text_when_texts_are_switched_off(staff, original):
    book(original, staff)
    assert not SmsMessage.objects.exists()


# --- audit ---------------------------------------------------------------------------------


def test_one_audit_entry_on_each_request_naming_the_other_and_nothing_personal(staff, original):
    follow_up = book(original, staff)

    [booked] = log_entries(original, AuditAction.FOLLOW_UP_BOOKED)
    [created] = log_entries(follow_up, AuditAction.FOLLOW_UP_CREATED)
    assert booked.user == staff and created.user == staff
    assert booked.data["follow_up"] == follow_up.reference
    assert created.data == {"follow_up_of": original.reference}
    assert str(booked.message) == f"Booked a follow-up call: {follow_up.reference}"
    assert str(created.message) == f"Booked by staff as a follow-up of {original.reference}"
    words = " ".join(str(entry.data) for entry in ModelLogEntry.objects.all())
    assert "Morwenna" not in words and "exercises" not in words and original.phone not in words


# --- retention -----------------------------------------------------------------------------


def test_the_purge_erases_both_and_keeps_the_link(staff, original):
    follow_up = book(original, staff)
    later = NOW + timedelta(days=100)
    CallbackRequest.objects.filter(pk__in=[original.pk, follow_up.pk]).update(
        status=Status.COMPLETED, closed_at=NOW + timedelta(days=2)
    )

    assert purge_callbacks(older_than_days=90, now=later) == 2

    follow_up.refresh_from_db()
    original.refresh_from_db()
    assert (follow_up.name, follow_up.phone, follow_up.note, follow_up.interpreter_language) == ("", "", "", "")
    assert original.name == "" and original.phone == ""
    assert follow_up.follow_up_of == original, "a bare id: no personal data, and the history stays readable"


def test_a_request_with_a_follow_up_cannot_be_deleted_out_from_under_it(staff, original):
    book(original, staff)
    with pytest.raises(ProtectedError):
        original.delete()


# --- the request's page --------------------------------------------------------------------


@pytest.fixture
def signed_in(client, staff, time_machine):
    time_machine.move_to(NOW, tick=False)
    client.force_login(staff)
    return client


def detail_url(callback_request) -> str:
    return reverse("callback_queue:detail", args=[callback_request.pk])


def follow_up_url(callback_request) -> str:
    return reverse("callback_queue:follow_up", args=[callback_request.pk])


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def test_the_page_offers_free_times_by_day_and_books_the_chosen_one(signed_in, original):
    page = page_text(signed_in.get(detail_url(original)))
    assert "Book a follow-up" in page
    assert '<optgroup label="Tuesday 24 November">' in page
    assert f'value="{slot_value(TUESDAY_10)}"' in page

    response = signed_in.post(follow_up_url(original), {"slot": slot_value(TUESDAY_10), "note": STAFF_NOTE})

    assert response.status_code == 302 and response["Location"] == detail_url(original)
    follow_up = original.follow_ups.get()
    response = signed_in.get(detail_url(original))
    assert f"Follow-up booked for Tue 24 Nov 2026, 10:00 ( {follow_up.reference} , queued)" in text_of(response)
    assert f'href="{detail_url(follow_up)}"' in page_text(response)
    follow_up_page = signed_in.get(detail_url(follow_up))
    assert f"Follow-up of {original.reference} , booked by staff." in text_of(follow_up_page)
    assert f'href="{detail_url(original)}"' in page_text(follow_up_page)
    assert f"Staff note for this follow-up {STAFF_NOTE}" in text_of(follow_up_page)


def test_a_form_error_shows_the_page_again_with_what_was_typed(signed_in, original):
    response = signed_in.post(follow_up_url(original), {"slot": "", "note": STAFF_NOTE})

    assert response.status_code == 200
    page = page_text(response)
    assert "Choose a day and time for the follow-up call." in page
    assert STAFF_NOTE in page
    assert not original.follow_ups.exists()


@pytest.mark.parametrize("slot", ["tuesday", "2026-11-24T10:00", "2026-13-24T10:00Z"])
def test_a_made_up_slot_is_a_form_error_not_a_500(signed_in, original, slot):
    response = signed_in.post(follow_up_url(original), {"slot": slot, "note": STAFF_NOTE})
    assert response.status_code == 200
    assert "Choose one of the times in the list." in page_text(response)


def test_a_refusal_from_the_service_shows_beside_the_form_with_the_note_kept(signed_in, original):
    queue_settings(slot_capacity=1)
    CallbackSlot.objects.create(start=TUESDAY_10, end=TUESDAY_1030, capacity=1, booked=1)

    response = signed_in.post(follow_up_url(original), {"slot": slot_value(TUESDAY_10), "note": STAFF_NOTE})

    assert response.status_code == 200
    page = page_text(response)
    assert "That time has no free place left" in page
    assert STAFF_NOTE in page
    assert not original.follow_ups.exists()


def test_a_colleague_who_does_not_hold_the_request_is_told_why(client, original, time_machine):
    time_machine.move_to(NOW, tick=False)
    client.force_login(staff_user())

    assert "Book a follow-up" not in page_text(client.get(detail_url(original)))
    response = client.post(follow_up_url(original), {"slot": slot_value(TUESDAY_10)})

    assert response.status_code == 200
    assert "has claimed this callback request" in page_text(response)
    assert not original.follow_ups.exists()


def test_someone_off_the_help_line_staff_never_reaches_the_form(client, original):
    client.force_login(editor())
    response = client.post(follow_up_url(original), {"slot": slot_value(TUESDAY_10)})
    assert response.status_code in (302, 403)
    assert not original.follow_ups.exists()
