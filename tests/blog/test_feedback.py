"""'Was this page helpful?': counted per article without personal data, and reported to editors."""

import csv
import io

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission

from blog.models import PageFeedback
from blog.views import FEEDBACK_THANKS, TOO_MUCH_FEEDBACK
from tests.blog.factories import ArticlePageFactory, PageFeedbackFactory
from tests.home.factories import UserFactory, editor_user

REPORT = "/admin/blog-reports/feedback/"
COMMENTS_REPORT = "/admin/blog-reports/feedback-comments/"


@pytest.fixture
def article(article_index):
    return ArticlePageFactory(parent=article_index, title="Sleeping with sciatica", slug="sleeping")


def answer(helpful="yes", comment="", **extra) -> dict:
    return {"feedback-helpful": helpful, "feedback-comment": comment, "feedback-website": "", **extra}


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def test_every_article_asks_whether_it_helped(article, client):
    section = soup_of(client.get(article.url)).find("section", id="feedback")

    assert section.find("h2").get_text() == "Was this page helpful?"
    form = section.find("form")
    assert form["action"] == f"{article.url}feedback/"
    assert [radio["value"] for radio in form.find_all("input", type="radio")] == ["yes", "no"]
    assert form.find("textarea")["maxlength"] == "500"


def test_an_answer_is_counted_with_nothing_about_who_gave_it(article, client):
    response = client.post(f"{article.url}feedback/", answer("no", "More on sleeping positions, please."), follow=True)

    assert response.redirect_chain == [(f"{article.url}#feedback", 302)]
    assert FEEDBACK_THANKS in soup_of(response).select_one("#feedback .site-message").get_text()
    feedback = PageFeedback.objects.get()
    assert (feedback.article_id, feedback.helpful, feedback.comment) == (
        article.pk,
        False,
        "More on sleeping positions, please.",
    )
    stored = {field.name for field in PageFeedback._meta.get_fields()}
    assert stored == {"id", "article", "helpful", "comment", "created_at"}


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (answer(helpful=""), "Choose yes or no"),
        (answer(helpful="maybe"), "Choose yes or no"),
        (answer(comment="x" * 501), "Your comment must be 500 characters or fewer"),
        (answer(comment="Email me at jo@example.com"), "Please take out the email address or phone number"),
        (answer(comment="Ring 07911 123 456 please"), "Please take out the email address or phone number"),
    ],
)
def test_a_bad_answer_is_shown_again_with_the_mistake(article, client, data, error):
    response = client.post(f"{article.url}feedback/", data)

    assert response.status_code == 200
    summary = soup_of(response).select_one("#feedback .error-summary")
    assert error in summary.get_text()
    assert not PageFeedback.objects.exists()


def test_the_honeypot_is_thanked_and_not_counted(article, client):
    response = client.post(f"{article.url}feedback/", answer(**{"feedback-website": "x"}), follow=True)

    assert FEEDBACK_THANKS in response.content.decode()
    assert not PageFeedback.objects.exists()


def test_each_address_may_answer_only_so_often(article, client, settings):
    settings.FEEDBACK_RATE_LIMIT_PER_IP = "2/3600"
    client.post(f"{article.url}feedback/", answer())
    client.post(f"{article.url}feedback/", answer())

    response = client.post(f"{article.url}feedback/", answer())

    assert response.status_code == 429
    assert TOO_MUCH_FEEDBACK in response.content.decode()
    assert PageFeedback.objects.count() == 2


@pytest.fixture
def editor(client, db):
    user = editor_user()
    client.force_login(user)
    return user


def report_rows(response) -> list[list[str]]:
    soup = soup_of(response)
    return [[" ".join(cell.get_text().split()) for cell in row.find_all("td")] for row in soup.select("tbody tr")]


def test_editors_see_the_counts_per_article(article_index, client, editor):
    sleeping = ArticlePageFactory(parent=article_index, title="Sleeping")
    driving = ArticlePageFactory(parent=article_index, title="Driving")
    ArticlePageFactory(parent=article_index, title="Unanswered")
    for helpful in (True, True, True, False):
        PageFeedbackFactory(article=sleeping, helpful=helpful)
    PageFeedbackFactory(article=sleeping, helpful=False, comment="Too short")
    PageFeedbackFactory(article=driving, helpful=True)

    rows = report_rows(client.get(REPORT))

    assert [row[:5] for row in rows] == [
        ["Sleeping", "3", "2", "60%", "1"],
        ["Driving", "1", "0", "100%", "0"],
        ["Unanswered", "0", "0", "—", "0"],
    ]


def test_the_counts_export_as_csv(article, client, editor):
    PageFeedbackFactory(article=article, helpful=True)
    PageFeedbackFactory(article=article, helpful=False)

    response = client.get(REPORT, {"export": "csv"})

    table = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert table[0] == ["Article", "Yes", "No", "Found it helpful", "With a comment", "Status"]
    assert table[1][:5] == ["Sleeping with sciatica", "1", "1", "50%", "0"]


def test_editors_read_the_comments_newest_first(article, client, editor):
    PageFeedbackFactory(article=article, helpful=False, comment="Older")
    PageFeedbackFactory(article=article, helpful=True, comment="")
    PageFeedbackFactory(article=article, helpful=True, comment="Newer")

    rows = report_rows(client.get(COMMENTS_REPORT))

    assert [(row[1], row[2], row[3]) for row in rows] == [
        ("Sleeping with sciatica", "Yes", "Newer"),
        ("Sleeping with sciatica", "No", "Older"),
    ]
    helpful_only = report_rows(client.get(COMMENTS_REPORT, {"helpful": "false"}))
    assert [row[3] for row in helpful_only] == ["Older"]


def test_people_who_cannot_edit_pages_cannot_see_the_reports(client, db):
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    client.force_login(user)

    assert client.get(REPORT)["Location"] == "/admin/"
    assert client.get(COMMENTS_REPORT)["Location"] == "/admin/"
