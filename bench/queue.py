"""The staff queue at scale: the list view and "Take next" with 100 and with 100,000 requests in the table.

    .venv/bin/python bench/queue.py [--rows 100000] [--repeat 30] [--explain]

Creates a throwaway PostgreSQL database (postgres://postgres@127.0.0.1:5432,
or BENCH_POSTGRES_URL), migrates it, fills it with bulk_create, measures
through Django's test Client logged in as a member of the help-line staff,
prints a table, and drops the database again. Not part of `make test`.

The mix is the same at both sizes: four in five requests are closed history
(with one or two call attempts each), the rest are open: queued or claimed,
overdue, due now or still to come; one in five queued requests is urgent and
one in five is waiting for a retry after an unanswered call. Closed requests
share their phone number with an open one (eight earlier requests per caller),
so the request page has a caller history to show and log. That is far more open requests than a help
line would ever hold at 100,000 rows, which is the point: the list must stay
paginated and indexed, with the same number of queries whatever the size.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
# This file is named queue.py: with its folder first on sys.path it would stand in
# for the standard library's `queue` module in everything imported below.
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != Path(__file__).resolve().parent]
SERVER_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
DB_NAME = f"queue_bench_{os.getpid()}"
SMALL = 100
SLOT = timedelta(minutes=30)
PLACES_PER_SLOT = 4
BATCH = 5_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="the large size (default 100,000)")
    parser.add_argument("--repeat", type=int, default=30, help="timed requests per measurement (default 30)")
    parser.add_argument("--explain", action="store_true", help="print PostgreSQL's plan for the list query")
    args = parser.parse_args()
    import psycopg
    from psycopg import sql

    with psycopg.connect(f"{SERVER_URL}/postgres", autocommit=True) as server:
        server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DB_NAME)))
    try:
        os.environ["DATABASE_URL"] = f"{SERVER_URL}/{DB_NAME}"
        os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
        sys.path.insert(0, str(PROJECT))
        import django

        django.setup()
        run(args)
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(f"{SERVER_URL}/postgres", autocommit=True) as server:
            server.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(DB_NAME)))


def run(args) -> None:
    from django.core.management import call_command
    from django.db import connection

    print(f"Database {DB_NAME}: migrating…", flush=True)
    call_command("migrate", verbosity=0)
    client, staff = logged_in_staff()
    now = datetime.now(UTC)
    filler = Filler(now=now, staff=staff)

    results = []
    for size in (SMALL, args.rows):
        started = time.perf_counter()
        filler.fill_to(size)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"Filled to {size:,} requests in {time.perf_counter() - started:.1f}s", flush=True)
        results += measure(client, size=size, repeat=args.repeat)
        if args.explain:
            explain_list_query(now)
    print_table(results)


def logged_in_staff():
    from django.test import Client

    from callbacks.queue.access import ensure_staff_group
    from tests.home.factories import UserFactory

    staff = UserFactory(username="bench-staff", first_name="Bench", last_name="Staff")
    staff.groups.add(ensure_staff_group())
    client = Client()
    client.force_login(staff)
    return client, staff


class Filler:
    """Adds requests (and their slots and attempts) in bulk until the table holds the asked-for number."""

    def __init__(self, *, now: datetime, staff):
        self.now = now.replace(second=0, microsecond=0, minute=0)
        self.staff = staff
        self.made = 0
        self.random = random.Random(4)  # test data: a fixed seed, the same figures each run
        from callbacks.booking.consent import consent_version_for

        self.consent_version = consent_version_for(text="I agree (benchmark data).", now=self.now)

    def fill_to(self, size: int) -> None:
        from callbacks.models import CallAttempt, CallbackRequest, CallbackSlot

        while self.made < size:
            count = min(BATCH, size - self.made)
            specs = [self.spec(self.made + n) for n in range(count)]
            starts = sorted({spec["slot_start"] for spec in specs})
            CallbackSlot.objects.bulk_create(
                [CallbackSlot(start=s, end=s + SLOT, capacity=PLACES_PER_SLOT, booked=0) for s in starts],
                ignore_conflicts=True,
            )
            slot_ids = dict(CallbackSlot.objects.filter(start__in=starts).values_list("start", "pk"))
            requests = CallbackRequest.objects.bulk_create(
                [self.request(spec, slot_ids[spec["slot_start"]]) for spec in specs], batch_size=1_000
            )
            attempts = [
                CallAttempt(request=r, made_by=self.staff, made_at=r.slot_start + timedelta(minutes=m), outcome=o)
                for r, spec in zip(requests, specs, strict=True)
                for m, o in spec["attempts"]
            ]
            CallAttempt.objects.bulk_create(attempts, batch_size=2_000)
            self.made += count

    def spec(self, n: int) -> dict:
        """Request number n: closed history (4 in 5), or open around now."""
        from callbacks.models import AttemptOutcome, Status

        kind = n % 10
        if kind < 8:
            start = self.now - SLOT * (n // PLACES_PER_SLOT + 48)
            status = [Status.COMPLETED, Status.COMPLETED, Status.UNREACHABLE, Status.CANCELLED][n % 4]
            outcomes = {
                Status.COMPLETED: [(5, AttemptOutcome.REACHED)],
                Status.UNREACHABLE: [(5, AttemptOutcome.NO_ANSWER), (40, AttemptOutcome.NO_ANSWER)],
                Status.CANCELLED: [],
            }[status]
            return {"n": n, "slot_start": start, "status": status, "attempts": outcomes}
        if kind == 8:  # queued and due: overdue, or in the slot running now
            start = self.now - SLOT * self.random.randint(0, 96)
            return {"n": n, "slot_start": start, "status": Status.QUEUED, "attempts": []}
        if n % 20 == 9:  # claimed earlier today, half of them called once
            start = self.now - SLOT * self.random.randint(1, 16)
            return {
                "n": n,
                "slot_start": start,
                "status": Status.CLAIMED,
                "attempts": [(3, AttemptOutcome.NO_ANSWER)] * (n % 40 == 9),
            }
        start = self.now + SLOT * self.random.randint(1, 14 * 48)  # booked for the next two weeks
        return {"n": n, "slot_start": start, "status": Status.QUEUED, "attempts": []}

    def request(self, spec: dict, slot_id: int):
        from callbacks.models import CLOSED_STATUSES, CallbackRequest, Status, Topic, UrgencyReason

        n, start = spec["n"], spec["slot_start"]
        closed = spec["status"] in CLOSED_STATUSES
        queued = spec["status"] == Status.QUEUED
        # Closed history shares the number of the open request in its ten (n % 10 == 8 is always open).
        caller = n - n % 10 + 8 if closed else n
        urgent = queued and n % 50 == 8
        return CallbackRequest(
            name=f"Bench Reader {n}",
            phone=f"+4479{caller:08d}",
            urgency=UrgencyReason.RED_FLAG if urgent else "",
            priority_due_at=start - timedelta(hours=1) if urgent else None,
            not_before=self.now + timedelta(minutes=30) if queued and n % 50 == 18 else None,
            slot_id=slot_id,
            slot_start=start,
            slot_end=start + SLOT,
            topic=list(Topic.values)[n % len(Topic.values)],
            note="",
            voicemail_ok=bool(n % 2),
            may_identify_org=bool(n % 3),
            consent_version=self.consent_version,
            consented_at=start - timedelta(days=1),
            created_at=start - timedelta(days=1),
            status=spec["status"],
            claimed_by=self.staff if spec["status"] == Status.CLAIMED else None,
            claimed_at=start + timedelta(minutes=2) if spec["status"] == Status.CLAIMED else None,
            closed_at=start + timedelta(hours=1) if closed else None,
        )


def measure(client, *, size: int, repeat: int) -> list[tuple]:
    from django.urls import reverse

    index = reverse("callback_queue:index")

    def detail_of_a_caller() -> str:
        from callbacks.models import CallbackRequest, Status

        caller = CallbackRequest.objects.filter(status=Status.QUEUED, phone__endswith="8").order_by("pk").first()
        return reverse("callback_queue:detail", args=[caller.pk])

    def release(response) -> None:
        """Put the request just taken back (untimed), so every "take next" finds the same queue."""
        assert response["Location"] != index, "the queue ran dry: nothing due to take"
        client.post(f"{response['Location']}release/")

    caller_url = detail_of_a_caller()  # outside the timed call: its query is not the page's
    cases = [
        ("list, page 1", lambda: client.get(index), 200, None),
        ("list, page 2", lambda: client.get(index, {"p": 2}), 200, None),
        (
            "list, unclaimed + overdue",
            lambda: client.get(index, {"claim": "unclaimed", "timing": "overdue"}),
            200,
            None,
        ),
        ("list, search by name", lambda: client.get(index, {"q": "Reader 8"}), 200, None),
        ("take next", lambda: client.post(reverse("callback_queue:take_next")), 302, release),
        ("request page + history", lambda: client.get(caller_url), 200, None),
    ]
    rows = []
    for label, call, status, after in cases:
        for _ in range(3):  # warm caches and connections
            response = call()
            if after:
                after(response)
        timings, queries = [], set()
        for _ in range(repeat):
            elapsed, count, response = timed(call)
            assert response.status_code == status, (label, response.status_code)
            if after:
                after(response)
            timings.append(elapsed)
            queries.add(count)
        rows.append((size, label, statistics.median(timings), max(timings), sorted(queries)))
    return rows


def timed(call):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = call()
        elapsed = (time.perf_counter() - started) * 1000
    return elapsed, len(captured), response


def explain_list_query(now: datetime) -> None:
    from callbacks.queue import selectors as queue_selectors

    listing = queue_selectors.queue_listing(now=now, claim_lapse=queue_selectors.queue_rules().claim_lapse)
    queryset = listing.filter(queue_selectors.open_q())[:25]
    print(queryset.explain(analyze=True))


def print_table(rows: list[tuple]) -> None:
    print()
    print(f"{'rows':>9}  {'request':<28} {'median ms':>10} {'max ms':>9}  queries")
    for size, label, median, worst, queries in rows:
        shown = ", ".join(str(q) for q in queries)
        print(f"{size:>9,}  {label:<28} {median:>10.1f} {worst:>9.1f}  {shown}")


if __name__ == "__main__":
    main()
