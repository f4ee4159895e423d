"""The live queue: the rows the page's script fetches, the numbers for the menu and the panel, and the "New" marks.

The script itself runs in tests/e2e/test_live_queue.py; here are the
answers it gets: the same filters and page as the list, staff only, never
cached, no personal data in the log, and a query count that does not grow.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from callbacks.models import AttemptOutcome, Status

from .queue_support import NOW, add_attempt, editor, make_request, staff_user
from .test_log_secrets import project_log  # noqa: F401 (a fixture)
from .test_queue_list import references

pytestmark = pytest.mark.django_db

INDEX = reverse("callback_queue:index")
LIVE = reverse("callback_queue:index_live")
COUNTS = reverse("callback_queue:live_counts")
AS_SCRIPT = {"HX-Request": "true"}


@pytest.fixture
def staff(client, time_machine):
    time_machine.move_to(NOW, tick=False)
    user = staff_user()
    client.force_login(user)
    return user


def live(client, query=None):
    return client.get(LIVE, query or {}, headers=AS_SCRIPT)


def test_the_rows_keep_the_filters_the_search_and_the_page(client, staff):
    mine = make_request(status=Status.CLAIMED, claimed_by=staff, name="Ada Lovelace")
    make_request(status=Status.CLAIMED, claimed_by=staff_user())
    assert references(live(client, {"claim": "mine"})) == [mine.reference]
    assert references(live(client, {"q": "lovelace"})) == [mine.reference]
    for minutes in range(30):
        make_request(starts=timedelta(minutes=-minutes))

    second = live(client, {"p": 2, "status": "all"})

    assert len(references(second)) == 32 - 25
    page = second.content.decode()
    assert "<html" not in page and "Take next" not in page  # the rows and their page links alone
    assert "Page 2 of 2" in page
    assert f'href="{INDEX}?p=1&amp;status=all"' in page  # page links keep the filters and lead to the list


def test_the_rows_are_never_cached_and_vary_on_the_script_header(client, staff):
    make_request()
    response = live(client)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "max-age=0" in response["Cache-Control"]
    assert "HX-Request" in response["Vary"]
    assert "no-store" in client.get(COUNTS)["Cache-Control"]


def test_a_plain_visit_to_the_rows_is_sent_to_the_full_list_with_its_filters(client, staff):
    response = client.get(LIVE, {"claim": "mine", "p": "2"})
    assert response.status_code == 302
    assert response["Location"] == f"{INDEX}?claim=mine&p=2"


@pytest.mark.parametrize("url", [LIVE, COUNTS])
def test_only_staff_get_an_answer_even_when_asking_as_the_script(url, client):
    make_request(name="Ada Lovelace")
    anonymous = client.get(url, headers=AS_SCRIPT)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("wagtailadmin_login"))
    client.force_login(editor())
    refused = client.get(url, headers=AS_SCRIPT)
    assert refused.status_code == 403
    assert b"Lovelace" not in refused.content and b"(1 due)" not in refused.content


def test_bad_input_gets_the_open_list_and_the_log_holds_no_personal_data(client, staff, project_log):  # noqa: F811
    reader = make_request(name="Ada Lovelace", phone="+447911123456", note="Numb toes since Friday.")

    response = live(client, {"day": "not-a-day", "p": "999", "q": "Ada Lovelace"})
    live(client, {"q": "07911 123456"})
    client.get(LIVE, {"q": "Lovelace"})  # the redirect of a plain visit
    client.get(COUNTS)

    assert response.status_code == 200
    assert references(response) == [reader.reference]  # the last page there is, not an error
    log = project_log.getvalue()
    assert not [secret for secret in ("Lovelace", "7911", "Numb toes") if secret in log]


def fill_queue(count: int, holders: list) -> None:
    for n in range(count):
        holder = holders[n % len(holders)] if n % 3 else None
        request = make_request(
            starts=timedelta(minutes=-n),
            status=Status.CLAIMED if holder else Status.QUEUED,
            claimed_by=holder,
            created_at=NOW - timedelta(minutes=n),
        )
        for _ in range(n % 3):
            add_attempt(request, outcome=AttemptOutcome.NO_ANSWER, made_by=holder)


def queries(client, url, **kwargs) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **kwargs)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", [LIVE, COUNTS])
def test_the_same_number_of_queries_for_3_and_30_requests(url, client, staff, django_assert_max_num_queries):
    holders = [staff_user() for _ in range(4)]
    client.get(INDEX)  # a look (the "New" marks read it) and warm per-process caches
    fill_queue(3, holders)
    with_three = queries(client, url, headers=AS_SCRIPT)
    fill_queue(27, holders)
    with django_assert_max_num_queries(with_three):
        response = client.get(url, headers=AS_SCRIPT)
    assert response.status_code == 200
    assert with_three <= (9 if url == LIVE else 7)


def test_rows_made_after_the_last_look_are_marked_new_until_the_next_look(client, staff, time_machine):
    older = make_request(created_at=NOW - timedelta(hours=1))
    assert "New" not in row(client.get(INDEX), older)  # the first look: nothing is new yet

    time_machine.move_to(NOW + timedelta(minutes=5), tick=False)
    arrived = make_request(created_at=NOW + timedelta(minutes=5))
    refreshed = live(client)
    assert "New" in row(refreshed, arrived) and "New" not in row(refreshed, older)
    # Filtering (Wagtail's results fragment) keeps the page's marks.
    assert "New" in row(client.get(reverse("callback_queue:index_results"), {"claim": "unclaimed"}), arrived)

    time_machine.move_to(NOW + timedelta(minutes=10), tick=False)
    page = client.get(INDEX)  # opening the list again (or "Refresh" without JavaScript) shows what came in since
    assert "New" in row(page, arrived)
    assert "Updated 11:10 – 1 new" in page.content.decode().replace("\n", " ")  # London time

    assert "New" not in row(client.get(INDEX), arrived)  # and the look after that clears it


def row(response, callback_request) -> str:
    page = response.content.decode()
    start = page.rfind("<tr", 0, page.index(callback_request.reference))
    return page[start : page.index("</tr>", start)]


def test_the_numbers_for_the_menu_and_the_panel(client, staff):
    make_request(starts=timedelta(minutes=-5))
    make_request(starts=timedelta(hours=-2), status=Status.CLAIMED, claimed_by=staff)
    make_request(starts=timedelta(hours=3))

    data = client.get(COUNTS).json()

    assert data == {
        "menu_label": "Callbacks (2 due)",
        "counts": {"due_today": 3, "overdue": 1, "unclaimed": 2, "mine": 1},
    }
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'data-callback-count="overdue">1<' in dashboard
    assert f'data-counts-url="{COUNTS}"' in dashboard


def test_the_pages_have_a_refresh_link_and_a_polite_status_line(client, staff):
    page = client.get(INDEX, {"claim": "mine"}).content.decode()
    assert f'href="{INDEX}?claim=mine" data-callback-live-refresh>Refresh</a>' in page
    assert 'role="status" aria-live="polite" data-callback-live-status>Updated 11:00</p>' in page
    assert "callbacks/admin/queue_live.js" in page
