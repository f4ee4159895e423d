"""Caller history on the request page: earlier requests from the same number still kept, and who saw them."""

from datetime import timedelta

import pytest
from django.urls import reverse

from callbacks.audit import AuditAction
from callbacks.models import AttemptOutcome, Status, Topic, WrapUpCode

from .queue_support import NOW, add_attempt, ensure_wrap_up_codes, log_entries, make_request, queue_settings, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def wrap_up_codes():
    ensure_wrap_up_codes()


PHONE = "+447911555000"


@pytest.fixture
def staff(client, time_machine):
    time_machine.move_to(NOW, tick=False)
    user = staff_user()
    client.force_login(user)
    return user


def detail(client, callback_request) -> str:
    return client.get(reverse("callback_queue:detail", args=[callback_request.pk])).content.decode()


def test_earlier_requests_from_the_number_are_shown_and_each_view_is_logged(client, staff):
    queue_settings(purge_after_days=90)
    earlier = make_request(starts=-timedelta(days=20), status=Status.COMPLETED, phone=PHONE, topic=Topic.EXERCISE)
    earlier.closed_at = NOW - timedelta(days=20)
    earlier.save()
    earlier.wrap_up_codes.set([WrapUpCode.objects.get(name="Physiotherapy")])
    add_attempt(earlier, outcome=AttemptOutcome.REACHED, made_at=NOW - timedelta(days=20))
    current = make_request(phone=PHONE)
    someone_else = make_request(starts=-timedelta(days=3), status=Status.COMPLETED)

    page = detail(client, current)

    assert earlier.reference in page
    assert "Exercise and activity" in page and "Physiotherapy" in page and "Reached" in page
    assert someone_else.reference not in page
    [seen] = log_entries(earlier, AuditAction.VIEW)
    assert (seen.user_id, seen.data) == (staff.pk, {"seen_from": current.reference})
    assert log_entries(someone_else) == []


def test_purged_and_expired_requests_are_never_shown(client, staff):
    queue_settings(purge_after_days=30)
    erased = make_request(starts=-timedelta(days=10), status=Status.COMPLETED, phone=PHONE)
    erased.anonymised_at = NOW - timedelta(days=1)
    erased.save()
    expired = make_request(starts=-timedelta(days=40), status=Status.CANCELLED, phone=PHONE)
    expired.closed_at = NOW - timedelta(days=31)
    expired.save()
    current = make_request(phone=PHONE)

    page = detail(client, current)

    assert erased.reference not in page and expired.reference not in page
    assert "No earlier requests from this number are kept." in page
    assert log_entries(erased) == [] and log_entries(expired) == []


def test_the_history_costs_a_fixed_number_of_queries(client, staff, django_assert_max_num_queries):
    current = make_request(phone=PHONE)
    for days in (5, 10):
        old = make_request(starts=-timedelta(days=days), status=Status.COMPLETED, phone=PHONE)
        old.wrap_up_codes.set(WrapUpCode.objects.all()[:2])
    detail(client, current)  # warm the settings and content types
    with django_assert_max_num_queries(60) as few:
        detail(client, current)
    for days in (15, 20, 25):
        make_request(starts=-timedelta(days=days), status=Status.COMPLETED, phone=PHONE)
    with django_assert_max_num_queries(60) as more:
        detail(client, current)
    # Only the audit entries (one per earlier request shown) grow with the history.
    assert len(without_audit(more)) == len(without_audit(few))
    assert len(more.captured_queries) > len(few.captured_queries)


# What writing one audit entry costs: the insert, and the checks that its content type and user exist.
AUDIT_QUERIES = ("modellogentry", 'FROM "django_content_type" WHERE', 'FROM "auth_user" WHERE')


def without_audit(captured) -> list[str]:
    return [
        query["sql"] for query in captured.captured_queries if not any(part in query["sql"] for part in AUDIT_QUERIES)
    ]
