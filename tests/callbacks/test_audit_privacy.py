"""The audit log never holds a reader's name, number or email: through booking, staff work, texts and retention.

Every Wagtail log entry written on the way (callback requests' and pages')
is read back as words: its label, its data and the message the admin shows.
"""

import json
import re
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import ModelLogEntry, PageLogEntry

from callbacks.audit import AuditAction
from callbacks.models import CallbackRequest, Status, WrapUpCode

from .booking_page import form_data, make_callback_page
from .conftest import FIRST_SLOT, MONDAY_MORNING
from .queue_support import ensure_wrap_up_codes, staff_user
from .sms_support import run_due_tasks

pytestmark = pytest.mark.django_db

READERS = [
    {"name": "Morwenna Trevithick", "phone": "07911 123456", "e164": "+447911123456"},
    {"name": "Bartholomew Quist", "phone": "07400 123456", "e164": "+447400123456"},
    {"name": "Ysolde Penhaligon", "phone": "020 7946 0018", "e164": "+442079460018"},
]
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


def audit_words() -> str:
    """Every audit entry's label, data and shown message, as one text."""
    parts = []
    for model in (ModelLogEntry, PageLogEntry):
        for entry in model.objects.all():
            parts.extend([entry.label, json.dumps(entry.data, ensure_ascii=False), str(entry.message)])
    return "\n".join(parts)


def personal_data_in(words: str) -> list[str]:
    digits = re.sub(r"\D", "", words)
    found = []
    for reader in READERS:
        found.extend(part for part in reader["name"].split() if part.lower() in words.lower())
        national = re.sub(r"\D", "", reader["phone"])
        # National digits without the 0 are in the E.164 form too, however spaced.
        found.extend(number for number in (national, national[1:]) if number in digits)
    return found + EMAIL.findall(words)


def act(client, name: str, callback_request: CallbackRequest, data: dict | None = None):
    response = client.post(reverse(f"callback_queue:{name}", args=[callback_request.pk]), data or {})
    assert response.status_code == 302, name
    return response


def test_no_audit_entry_carries_a_readers_details(client, console_sms, settings):
    ensure_wrap_up_codes()
    settings.CALLBACK_EXPIRE_OPEN_AFTER_DAYS = 7
    with time_machine.travel(MONDAY_MORNING, tick=False):
        page = make_callback_page()
        for reader in READERS:
            response = client.post(
                page.url,
                form_data(
                    name=reader["name"],
                    phone=reader["phone"],
                    note=f"{reader['name']} here, ring {reader['phone']} or mail me at someone@example.org",
                    text_me="on" if reader["phone"].startswith("07") else None,
                ),
            )
            assert response.status_code == 302
        run_due_tasks()
    texted, cancelled, forgotten = (CallbackRequest.objects.get(phone=reader["e164"]) for reader in READERS)

    staff = staff_user(first_name="Robin", last_name="Adviser", email="robin@helpline.example.org")
    colleague = staff_user(first_name="Jo", last_name="Bloggs", email="jo@helpline.example.org")
    client.force_login(staff)
    with time_machine.travel(FIRST_SLOT + timedelta(minutes=5), tick=False):
        client.get(reverse("callback_queue:detail", args=[texted.pk]))
        act(client, "claim", texted)
        act(client, "record_attempt", texted, {"outcome": "no_answer", "note": "Morwenna's partner said try later"})
        # The unanswered call put the request back to wait for its retry; staff take it on purpose.
        act(client, "claim", texted)
        act(client, "send_missed_call", texted)
        run_due_tasks()
        act(client, "reassign", texted, {"to_user": colleague.pk})
        act(client, "claim", cancelled)
        act(client, "cancel", cancelled, {"reason": "Bartholomew Quist rang on 07400 123456 to cancel"})
    client.force_login(colleague)
    with time_machine.travel(FIRST_SLOT + timedelta(minutes=20), tick=False):
        act(client, "record_attempt", texted, {"outcome": "reached", "note": "Spoke to Morwenna"})
        act(client, "complete", texted, {"wrap_up_codes": list(WrapUpCode.objects.values_list("pk", flat=True)[:2])})

    with time_machine.travel(FIRST_SLOT + timedelta(days=8), tick=False):
        call_command("purge_callbacks", stdout=open("/dev/null", "w"))  # noqa: SIM115
    with time_machine.travel(FIRST_SLOT + timedelta(days=100), tick=False):
        call_command("purge_callbacks", stdout=open("/dev/null", "w"))  # noqa: SIM115

    forgotten.refresh_from_db()
    assert (forgotten.status, forgotten.name) == (Status.EXPIRED, "")
    logged_actions = set(ModelLogEntry.objects.values_list("action", flat=True))
    assert {
        AuditAction.VIEW,
        AuditAction.CLAIM,
        AuditAction.ATTEMPT,
        AuditAction.SMS_MISSED_CALL,
        AuditAction.REASSIGN,
        AuditAction.CANCEL,
        AuditAction.COMPLETE,
        AuditAction.EXPIRE,
        AuditAction.ANONYMISE,
    } <= logged_actions
    words = audit_words()
    assert "Reassigned from Robin Adviser to Jo Bloggs" in words, "staff names are kept: they are the trail"
    assert personal_data_in(words) == []


def test_the_check_itself_finds_a_name_a_number_and_an_email():
    assert personal_data_in("Trevithick rang from 7911 123456, mail x@example.org") == [
        "Trevithick",
        "7911123456",
        "x@example.org",
    ]
