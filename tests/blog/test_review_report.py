"""'Content due for review' and the dashboard's counts, on a frozen clock (20 November 2026)."""

import csv
import datetime
import io

import openpyxl
import pytest
import time_machine
from bs4 import BeautifulSoup

from tests.blog.factories import ArticlePageFactory, ClinicalReviewerFactory, PageFeedbackFactory
from tests.home.factories import editor_user

REPORT = "/admin/blog-reports/review-due/"
NOW = datetime.datetime(2026, 11, 20, 12, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def editor(client, db):
    user = editor_user()
    client.force_login(user)
    return user


def reviewed(article_index, title, *, last, due, reviewer):
    return ArticlePageFactory(
        parent=article_index, title=title, medical_reviewer=reviewer, last_reviewed=last, next_review_due=due
    )


@pytest.fixture
def articles(article_index):
    priya = ClinicalReviewerFactory(name="Priya Physio")
    sam = ClinicalReviewerFactory(name="Sam Nurse")
    made = {
        "never": ArticlePageFactory(parent=article_index, title="Never reviewed article"),
        "overdue": reviewed(
            article_index,
            "Overdue article",
            last=datetime.date(2025, 10, 1),
            due=datetime.date(2026, 10, 1),
            reviewer=priya,
        ),
        "today": reviewed(article_index, "Due today article", last=datetime.date(2025, 11, 20), due=None, reviewer=sam),
        "in_30": reviewed(
            article_index,
            "Due in 30 days article",
            last=datetime.date(2025, 12, 20),
            due=datetime.date(2026, 12, 20),
            reviewer=priya,
        ),
        "in_31": reviewed(
            article_index,
            "Due in 31 days article",
            last=datetime.date(2025, 12, 21),
            due=datetime.date(2026, 12, 21),
            reviewer=priya,
        ),
        "current": reviewed(article_index, "Current article", last=datetime.date(2026, 6, 1), due=None, reviewer=sam),
    }
    for helpful in (True, True, False):
        PageFeedbackFactory(article=made["overdue"], helpful=helpful)
    PageFeedbackFactory(article=made["current"], helpful=False)
    return made


def rows(response) -> list[list[str]]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [[" ".join(cell.get_text().split()) for cell in row.find_all("td")] for row in soup.select("tbody tr")]


def test_the_report_lists_articles_overdue_or_due_within_30_days_most_urgent_first(articles, client, editor):
    listed = rows(client.get(REPORT))

    assert [row[:7] for row in listed] == [
        ["Never reviewed article", "Never reviewed", "—", "—", "", "0", "0"],
        ["Overdue article", "Overdue by 50 days", "1 Oct 2026", "1 Oct 2025", "Priya Physio", "2", "1"],
        ["Due today article", "Due today", "20 Nov 2026", "20 Nov 2025", "Sam Nurse", "0", "0"],
        ["Due in 30 days article", "Due in 30 days", "20 Dec 2026", "20 Dec 2025", "Priya Physio", "0", "0"],
    ]
    soup = BeautifulSoup(client.get(REPORT).content, "html.parser")
    link = soup.find("a", string=lambda text: text and text.strip() == "Overdue article")
    assert link["href"] == f"/admin/pages/{articles['overdue'].pk}/edit/"


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ({"review": "overdue"}, ["Never reviewed article", "Overdue article"]),
        ({"review": "due_soon"}, ["Due today article", "Due in 30 days article"]),
    ],
)
def test_the_report_filters_by_how_urgent(articles, client, editor, query, titles):
    assert [row[0] for row in rows(client.get(REPORT, query))] == titles


def test_the_report_filters_by_reviewer(articles, client, editor):
    sam = articles["today"].medical_reviewer

    assert [row[0] for row in rows(client.get(REPORT, {"medical_reviewer": sam.pk}))] == ["Due today article"]


def test_the_report_exports_as_csv(articles, client, editor):
    response = client.get(REPORT, {"export": "csv"})

    assert response["Content-Disposition"] == 'attachment; filename="content-due-for-review-2026-11-20.csv"'
    table = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert table[0] == [
        "Article",
        "Review",
        "Next review due",
        "Last reviewed",
        "Medical reviewer",
        "Helpful: yes",
        "Helpful: no",
        "Status",
        "Address",
    ]
    assert table[2][:7] == [
        "Overdue article",
        "Overdue by 50 days",
        "2026-10-01",
        "2025-10-01",
        "Priya Physio",
        "2",
        "1",
    ]
    assert len(table) == 5


def test_the_report_exports_as_xlsx(articles, client, editor):
    response = client.get(REPORT, {"export": "xlsx"})

    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Article"
    assert [row[0] for row in values[1:]] == [
        "Never reviewed article",
        "Overdue article",
        "Due today article",
        "Due in 30 days article",
    ]
    assert values[2][5:7] == [2, 1]


def test_the_dashboard_counts_overdue_and_due_soon_articles(articles, client, editor):
    soup = BeautifulSoup(client.get("/admin/").content, "html.parser")

    overdue = soup.find(attrs={"data-review-count": "overdue"})
    due_soon = soup.find(attrs={"data-review-count": "due-soon"})
    assert " ".join(overdue.get_text().split()) == "2 articles overdue for review or never reviewed"
    assert " ".join(due_soon.get_text().split()) == "2 articles due for review within 30 days"
    assert overdue["href"] == f"{REPORT}?review=overdue"
    assert soup.find(attrs={"data-pending-comments": True}) is None, "editors who cannot moderate see no comment count"


def test_the_counts_move_with_the_clock(articles, client, editor):
    with time_machine.travel(datetime.datetime(2026, 12, 21, 12, tzinfo=datetime.UTC), tick=False):
        client.force_login(editor)  # the session from 20 November has expired by now
        soup = BeautifulSoup(client.get("/admin/").content, "html.parser")

    overdue = soup.find(attrs={"data-review-count": "overdue"}).find("strong").get_text()
    due_soon = soup.find(attrs={"data-review-count": "due-soon"}).find("strong").get_text()
    assert (overdue, due_soon) == ("4", "1")
