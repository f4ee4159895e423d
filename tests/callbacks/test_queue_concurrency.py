"""Eight staff pressing "Take next" at once on PostgreSQL: every request is claimed exactly once.

Each thread has its own connection and transactions, starts at a barrier so
the claims really overlap, and keeps taking until the queue is empty. SKIP
LOCKED lets the threads pass over each other's locked rows instead of waiting
(or, worse, taking the same one).
"""

import threading
from collections import Counter

import pytest
from django.db import connection

from callbacks.models import CallbackRequest, Status
from callbacks.queue import services

from .queue_support import NOW, make_request, staff_user

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 8
REQUESTS = 30


def test_eight_staff_taking_next_claim_each_request_exactly_once():
    requests = [make_request() for _ in range(REQUESTS)]
    staff = [staff_user() for _ in range(THREADS)]
    barrier = threading.Barrier(THREADS)
    taken: list[list[int]] = [[] for _ in range(THREADS)]
    errors: list[BaseException] = []

    def work(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            while (claimed := services.claim_next(user=staff[index], now=NOW)) is not None:
                taken[index].append(claimed.pk)
        except BaseException as error:  # every failure is reported by the test below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not any(thread.is_alive() for thread in threads), "a claiming thread hung"
    assert errors == []
    claims = Counter(pk for pks in taken for pk in pks)
    assert sorted(claims) == sorted(r.pk for r in requests)
    assert set(claims.values()) == {1}
    holders = dict(CallbackRequest.objects.values_list("pk", "claimed_by"))
    for index, pks in enumerate(taken):
        assert all(holders[pk] == staff[index].pk for pk in pks)
    assert not CallbackRequest.objects.exclude(status=Status.CLAIMED).exists()
    # Not a formality: more than one thread did get work.
    assert sum(1 for pks in taken if pks) > 1
