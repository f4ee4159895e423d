"""The queue list: what it shows, its filters and search, the row marks, and a query count that does not grow."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from callbacks.models import AttemptOutcome, Status

from .queue_support import NOW, add_attempt, make_request, staff_user

pytestmark = pytest.mark.django_db

INDEX = reverse("callback_queue:index")


@pytest.fixture
def staff(client, time_machine):
    time_machine.move_to(NOW, tick=False)
    user = staff_user()
    client.force_login(user)
    return user


def references(response) -> list[str]:
    """The references in the table, top to bottom."""
    page = response.content.decode()
    if "<tbody>" not in page:
        return []
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r"CB-[A-Z0-9]{4}-[A-Z0-9]{4}", body)


def test_open_requests_by_slot_start_with_every_column(client, staff):
    colleague = staff_user(first_name="Jo", last_name="Bloggs")
    late = make_request(starts=timedelta(hours=2), name="Late Reader")
    early = make_request(starts=timedelta(hours=-1), name="Early Reader", status=Status.CLAIMED, claimed_by=colleague)
    add_attempt(early, outcome=AttemptOutcome.NO_ANSWER, made_by=colleague)
    add_attempt(early, outcome=AttemptOutcome.VOICEMAIL_LEFT, made_by=colleague)
    closed = make_request(status=Status.COMPLETED)

    response = client.get(INDEX)

    assert response.status_code == 200
    assert references(response) == [early.reference, late.reference]
    assert closed.reference not in response.content.decode()
    row = response.content.decode().split(early.reference, 1)[1].split("</tr>", 1)[0]
    assert "Early Reader" in row
    assert f'href="tel:{early.phone}"' in row
    assert "10:00 – 10:30" in row  # the slot, in London time
    assert "Sciatica" in row
    assert ">2<" in row.replace(" ", "").replace("\n", "")  # attempts
    assert "Claimed" in row and "Jo Bloggs" in row


def test_overdue_and_due_now_rows_say_so_in_words_and_carry_a_class(client, staff):
    overdue = make_request(starts=timedelta(hours=-2))
    due = make_request(starts=timedelta(minutes=-5))
    upcoming = make_request(starts=timedelta(hours=1))

    page = client.get(INDEX).content.decode()

    def row(callback_request):
        start = page.rfind("<tr", 0, page.index(callback_request.reference))
        return page[start : page.index("</tr>", start)]

    assert "callback-queue__row--overdue" in row(overdue) and "Overdue" in row(overdue)
    assert "callback-queue__row--due" in row(due) and "Due now" in row(due)
    assert "callback-queue__row" not in row(upcoming)
    assert "Overdue" not in row(upcoming) and "Due now" not in row(upcoming)


def test_a_follow_up_is_marked_in_words_and_its_original_is_not(client, staff):
    original = make_request(phone="+447900000001")
    follow_up = make_request(phone="+447900000001", follow_up_of=original, starts=timedelta(days=1))

    page = client.get(INDEX).content.decode()

    def row(callback_request):
        start = page.rfind("<tr", 0, page.index(callback_request.reference))
        return page[start : page.index("</tr>", start)]

    assert "Follow-up" in row(follow_up)
    assert "Follow-up" not in row(original)


def test_a_lapsed_claim_is_shown_as_such(client, staff):
    lapsed = make_request(status=Status.CLAIMED, claimed_by=staff_user(), claimed_at=NOW - timedelta(hours=1))
    page = client.get(INDEX).content.decode()
    assert "Claim lapsed" in page.split(lapsed.reference, 1)[1].split("</tr>", 1)[0]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=all", {"queued", "claimed", "mine", "lapsed", "completed", "later", "tomorrow"}),
        ("status=completed", {"completed"}),
        ("status=claimed", {"claimed", "mine", "lapsed"}),
        ("timing=overdue", {"claimed", "lapsed"}),
        ("timing=due", {"queued", "claimed", "mine", "lapsed"}),
        ("claim=mine", {"mine"}),
        ("claim=unclaimed", {"queued", "lapsed", "later", "tomorrow"}),
        ("day=2026-11-24", {"tomorrow"}),
        ("day=2026-11-23&claim=unclaimed&timing=due", {"queued", "lapsed"}),
        ("day=not-a-day", {"queued", "claimed", "mine", "lapsed", "later", "tomorrow"}),
    ],
)
def test_filters(query, expected, client, staff):
    colleague = staff_user()
    made = {
        "queued": make_request(starts=timedelta(minutes=-5)),
        "claimed": make_request(starts=timedelta(hours=-2), status=Status.CLAIMED, claimed_by=colleague),
        "mine": make_request(starts=timedelta(minutes=-20), status=Status.CLAIMED, claimed_by=staff),
        "lapsed": make_request(
            starts=timedelta(hours=-3), status=Status.CLAIMED, claimed_by=colleague, claimed_at=NOW - timedelta(hours=1)
        ),
        "completed": make_request(starts=timedelta(hours=-4), status=Status.COMPLETED),
        "later": make_request(starts=timedelta(hours=3)),
        "tomorrow": make_request(starts=timedelta(days=1)),
    }
    shown = set(references(client.get(f"{INDEX}?{query}")))
    assert shown == {made[key].reference for key in expected}


@pytest.mark.parametrize(
    ("query", "matches"),
    [
        ("Ada Lovelace", True),
        ("lovelace", True),
        ("07911 123456", True),
        ("+44 7911 123456", True),
        ("123456", True),
        ("07000 000000", False),
        ("Babbage", False),
    ],
)
def test_search_by_name_or_phone(query, matches, client, staff):
    wanted = make_request(name="Ada Lovelace", phone="+447911123456")
    make_request(name="Someone Else")
    shown = references(client.get(INDEX, {"q": query}))
    assert (shown == [wanted.reference]) if matches else wanted.reference not in shown


def test_search_by_reference_however_it_is_typed(client, staff):
    # Fixed references: random ones could share a four-character run with the other row.
    wanted = make_request(reference="CB-7KQ4-MX2P")
    make_request(reference="CB-9HTW-3RDX")
    compact = wanted.reference.replace("-", "").lower()
    for typed in (wanted.reference, compact, f" {compact[2:6]} {compact[6:]} ", wanted.reference[3:7]):
        assert references(client.get(INDEX, {"q": typed})) == [wanted.reference], typed


def test_the_list_is_paginated(client, staff):
    for minutes in range(30):
        make_request(starts=timedelta(minutes=-minutes))
    first = client.get(INDEX)
    second = client.get(INDEX, {"p": 2})
    assert len(references(first)) == 25
    assert len(references(second)) == 5
    assert "Page 1 of 2" in first.content.decode()


def fill_queue(count: int, holders: list) -> None:
    for n in range(count):
        holder = holders[n % len(holders)] if n % 3 else None
        request = make_request(
            starts=timedelta(minutes=-n),
            status=Status.CLAIMED if holder else Status.QUEUED,
            claimed_by=holder,
        )
        for _ in range(n % 3):
            add_attempt(request, outcome=AttemptOutcome.NO_ANSWER, made_by=holder)


def list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(INDEX)
    assert response.status_code == 200
    return len(queries)


def test_the_list_runs_the_same_number_of_queries_for_5_and_50_requests(client, staff):
    holders = [staff_user() for _ in range(4)]
    fill_queue(5, holders)
    client.get(INDEX)  # warm per-process caches (content types, site root paths)
    with_five = list_queries(client)
    fill_queue(45, holders)
    with_fifty = list_queries(client)
    assert with_five == with_fifty
    assert with_fifty <= 20


def test_the_results_fragment_serves_the_filters_in_place(client, staff):
    make_request()
    response = client.get(reverse("callback_queue:index_results"), {"claim": "unclaimed"})
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert len(references(response)) == 1
