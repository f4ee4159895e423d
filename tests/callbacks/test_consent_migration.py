"""The migration to consent versions: version 1 is the wording in force, every request is linked, labels are kept."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("callbacks", "0011_callback_communication_needs_and_repeat_bookings")]
AFTER = [("callbacks", "0013_consent_version_required")]
START = datetime(2026, 11, 23, 10, tzinfo=UTC)


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_version_one_is_the_wording_in_force_and_every_request_points_at_it():
    old = migrate(BEFORE)
    try:
        site = old.get_model("wagtailcore", "Site").objects.get(is_default_site=True)
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
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
