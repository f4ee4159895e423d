"""Consent wording kept as versions: numbered on first use, made when editors save new wording, recorded per request."""

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db.models import Max, ProtectedError
from django.urls import reverse

from callbacks.booking.consent import consent_version_for
from callbacks.models import CallbackRequest, ConsentVersion

from .booking_page import form_data, make_callback_page
from .conftest import MONDAY_MORNING
from .queue_support import NOW, make_request, staff_user
from .test_settings import edit_url, settings_form

pytestmark = pytest.mark.django_db

WEEKDAY_HOURS = [("mon", "09:00", "17:00")]


@pytest.fixture
def admin_client(client):
    client.force_login(get_user_model().objects.create_superuser("boss", "boss@example.com", "pw"))
    return client


def latest_number() -> int:
    """The migrations leave version 1 (the shipped wording) in every database, the test one included."""
    return ConsentVersion.objects.aggregate(latest=Max("number"))["latest"] or 0


def test_the_first_use_of_a_wording_numbers_it_and_later_uses_find_it():
    before = latest_number()
    first = consent_version_for(text="I agree.", now=MONDAY_MORNING)
    second = consent_version_for(text="I agree to be called.", now=MONDAY_MORNING)

    assert (first.number, second.number) == (before + 1, before + 2)
    assert consent_version_for(text="  I agree.\n", now=MONDAY_MORNING) == first
    assert latest_number() == before + 2


def test_a_booking_records_the_version_with_the_words_on_the_form(client):
    with time_machine.travel(MONDAY_MORNING, tick=False):
        page = make_callback_page(consent_text="I agree to version two.")
        older = consent_version_for(text="Older words.", now=MONDAY_MORNING)
        shown = client.get(page.url).content.decode()
        client.post(page.url, form_data())

    booking = CallbackRequest.objects.get()
    assert booking.consent_version.text == "I agree to version two."
    assert booking.consent_version.text in shown
    assert booking.consent_version.number == older.number + 1


def test_saving_new_wording_in_the_settings_makes_a_version_and_unchanged_wording_does_not(
    admin_client, django_capture_on_commit_callbacks
):
    before = latest_number()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(edit_url(), settings_form(WEEKDAY_HOURS, consent_text="New words, v1."))
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(edit_url(), settings_form(WEEKDAY_HOURS, consent_text="New words, v1."))
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(edit_url(), settings_form(WEEKDAY_HOURS, consent_text="New words, v2."))

    made = ConsentVersion.objects.filter(number__gt=before).order_by("number").values_list("number", "text")
    assert list(made) == [(before + 1, "New words, v1."), (before + 2, "New words, v2.")]


def test_editors_no_longer_type_a_version_label(admin_client):
    form = admin_client.get(edit_url()).content.decode()

    assert 'name="consent_text"' in form
    assert 'name="consent_label"' not in form and 'name="consent_version"' not in form


def test_a_version_a_request_points_at_cannot_be_deleted():
    callback_request = make_request()

    with pytest.raises(ProtectedError):
        callback_request.consent_version.delete()
    assert ConsentVersion.objects.filter(pk=callback_request.consent_version_id).exists()


def test_the_request_page_shows_the_exact_words_the_reader_agreed_to(client, time_machine):
    words = "I agree that you may keep my details.\nOnly the team can see them."
    callback_request = make_request(consent_version=consent_version_for(text=words, now=MONDAY_MORNING))
    time_machine.move_to(NOW, tick=False)
    client.force_login(staff_user())

    page = client.get(reverse("callback_queue:detail", args=[callback_request.pk])).content.decode()

    assert f"Version {callback_request.consent_version.number}, given" in page
    assert "I agree that you may keep my details.<br>Only the team can see them." in page
