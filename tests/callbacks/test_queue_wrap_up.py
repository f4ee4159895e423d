"""Wrap-up codes: the editable list, completing with codes, the weekly table and its CSV/XLSX export."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from callbacks.models import AttemptOutcome, Status, WrapUpCode
from callbacks.queue import selectors as queue_selectors
from callbacks.queue import services
from callbacks.queue.wrap_up_statistics import wrap_up_by_week
from home.spreadsheet_safety import neutralise_spreadsheet_cell as neutralise_formula

from .queue_support import NOW, add_attempt, editor, ensure_wrap_up_codes, make_request, snapshot, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def wrap_up_codes():
    ensure_wrap_up_codes()


DEFAULTS = [
    "Self-care advice",
    "GP",
    "NHS 111",
    "Physiotherapy",
    "NHS Talking Therapies",
    "999 / A&E",
    "Safeguarding referral",
]


@pytest.fixture
def staff():
    return staff_user()


def code(name: str) -> WrapUpCode:
    return WrapUpCode.objects.get(name=name)


def completed_with(user, *names, closed_at=NOW):
    callback_request = make_request(status=Status.CLAIMED, claimed_by=user)
    add_attempt(callback_request, outcome=AttemptOutcome.REACHED, made_by=user, made_at=closed_at)
    services.complete_callback(
        callback_request=callback_request, user=user, wrap_up_codes=[code(n) for n in names], now=closed_at
    )
    return callback_request


def test_the_default_codes_are_there_in_order():
    assert list(WrapUpCode.objects.values_list("name", flat=True)) == DEFAULTS


def test_editors_can_change_the_list_as_a_snippet(client):
    user = editor()
    ensure_wrap_up_codes()  # now that the "Editors" group exists, as it does when the migration runs
    client.force_login(user)
    url = reverse("wagtailsnippets_callbacks_wrapupcode:add")
    response = client.post(url, {"name": "Pain clinic", "description": "", "sort_order": "75", "in_use": "on"})
    assert response.status_code == 302
    assert WrapUpCode.objects.filter(name="Pain clinic", in_use=True).exists()


@pytest.mark.parametrize(
    ("names", "message"),
    [((), "at least one wrap-up code"), (("retired",), "no longer in use")],
)
def test_completing_needs_codes_still_in_use(names, message, staff):
    WrapUpCode.objects.create(name="retired", in_use=False)
    mine = make_request(status=Status.CLAIMED, claimed_by=staff)
    add_attempt(mine, outcome=AttemptOutcome.REACHED, made_by=staff)
    before = snapshot(mine)
    with pytest.raises(ValidationError, match=message):
        services.complete_callback(callback_request=mine, user=staff, wrap_up_codes=[code(n) for n in names], now=NOW)
    assert snapshot(mine) == before
    assert not mine.wrap_up_codes.exists()


def test_the_completion_form_offers_the_codes_in_use(client, staff, time_machine):
    time_machine.move_to(NOW, tick=False)
    client.force_login(staff)
    WrapUpCode.objects.filter(name="GP").update(in_use=False)
    mine = make_request(status=Status.CLAIMED, claimed_by=staff)
    add_attempt(mine, outcome=AttemptOutcome.REACHED, made_by=staff)
    page = client.get(reverse("callback_queue:detail", args=[mine.pk])).content.decode()
    assert "NHS Talking Therapies" in page
    assert ">GP<" not in page


def test_the_weekly_table_counts_each_code_in_the_week_it_was_completed(staff):
    # NOW is Monday 23 November: this week starts today, the week before on the 16th.
    completed_with(staff, "GP", "Self-care advice")
    completed_with(staff, "GP", closed_at=NOW - timedelta(days=3))
    completed_with(staff, "NHS 111", closed_at=NOW - timedelta(weeks=20))  # before the period
    table = wrap_up_by_week(now=NOW, rules=queue_selectors.queue_rules(), weeks=2)

    assert [f"{monday:%d %b}" for monday in table.weeks] == ["16 Nov", "23 Nov"]
    rows = dict(table.rows)
    assert rows["GP"] == [1, 1]
    assert rows["Self-care advice"] == [0, 1]
    assert rows["NHS 111"] == [0, 0]
    assert table.totals == [1, 2]


def test_a_retired_code_used_in_the_period_keeps_its_row(staff):
    completed_with(staff, "Physiotherapy")
    WrapUpCode.objects.filter(name="Physiotherapy").update(in_use=False)
    rows = dict(wrap_up_by_week(now=NOW, rules=queue_selectors.queue_rules(), weeks=1).rows)
    assert rows["Physiotherapy"] == [1]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM", "'@SUM"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("GP", "GP"),
        (3, 3),
    ],
)
def test_formula_like_text_is_neutralised(value, expected):
    assert neutralise_formula(value) == expected


def test_the_exports_hold_the_table_and_no_formulas(client, staff, time_machine):
    time_machine.move_to(NOW, tick=False)
    client.force_login(staff)
    WrapUpCode.objects.create(name="=cmd|' /C calc'!A0", sort_order=1)
    completed_with(staff, "=cmd|' /C calc'!A0", "GP")

    response = client.get(reverse("callback_queue:wrap_up_export", args=["csv"]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Wrap-up code" and rows[0][-1] == "w/c 2026-11-23"
    assert rows[1] == ["'=cmd|' /C calc'!A0", *["0"] * 11, "1"]

    response = client.get(reverse("callback_queue:wrap_up_export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert cells[1][0] == "'=cmd|' /C calc'!A0"
    assert cells[2][0] == "Self-care advice"
    assert [row[0] for row in cells if row[0] == "GP"] == ["GP"]
    assert cells[-1][-1] == 2

    assert client.get(reverse("callback_queue:wrap_up_export", args=["pdf"])).status_code == 404


def test_the_statistics_page_shows_the_table(client, staff, time_machine):
    time_machine.move_to(NOW, tick=False)
    client.force_login(staff)
    completed_with(staff, "Safeguarding referral")
    page = client.get(reverse("callback_queue:statistics")).content.decode()
    assert "Wrap-up codes by week" in page
    assert '<th scope="row">Safeguarding referral</th>' in page
    assert reverse("callback_queue:wrap_up_export", args=["xlsx"]) in page
