"""The migration to consent versions: version 1 is the wording in force, every request is linked, labels are kept."""

from datetime import UTC, datetime, timedelta

import pytest

from tests.migration_support import default_site, migrate, migrate_to_the_latest

BEFORE = [("callbacks", "0011_callback_communication_needs_and_repeat_bookings")]
AFTER = [("callbacks", "0013_consent_version_required")]
START = datetime(2026, 11, 23, 10, tzinfo=UTC)


@pytest.mark.django_db(transaction=True)
def test_version_one_is_the_wording_in_force_and_every_request_points_at_it():
    old = migrate(BEFORE)
    try:
        site = default_site(old)
        old.get_model("callbacks", "HelpLineSettings").objects.create(
            site=site, consent_text="  The words in force. ", consent_version="2026-11"
        )
        slot = old.get_model("callbacks", "CallbackSlot").objects.create(
            start=START, end=START + timedelta(minutes=30), capacity=4, booked=1
        )
        old.get_model("callbacks", "CallbackRequest").objects.create(
            reference="CB-AAAA-BBBB",
            name="Reader",
            phone="+447911123456",
            slot=slot,
            slot_start=slot.start,
            slot_end=slot.end,
            topic="sciatica",
            consent_version="2026-11",
            consented_at=START,
        )

        new = migrate(AFTER)

        versions = list(new.get_model("callbacks", "ConsentVersion").objects.values_list("number", "text"))
        assert versions == [(1, "The words in force.")]
        request = new.get_model("callbacks", "CallbackRequest").objects.get()
        assert (request.consent_version.number, request.consent_label) == (1, "2026-11")
        assert new.get_model("callbacks", "HelpLineSettings").objects.get().consent_label == "2026-11"
    finally:
        migrate_to_the_latest()
