"""Staff moderate readers' comments in the admin: newest first, approve or reject, each decision logged."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission
from django.urls import reverse
from wagtail.models import ModelLogEntry

from blog.comments import APPROVE_ACTION, REJECT_ACTION
from blog.models import CommentStatus
from tests.blog.factories import ArticleCommentFactory, ArticlePageFactory
from tests.home.factories import UserFactory, editor_user, editors_group

INDEX = "/admin/reader-comments/"


@pytest.fixture
def article(article_index):
    return ArticlePageFactory(parent=article_index, title="Sleeping with sciatica")


@pytest.fixture
def moderator(client, db):
    user = editor_user()
    user.user_permissions.add(Permission.objects.get(content_type__app_label="blog", codename="change_articlecomment"))
    client.force_login(user)
    return user


def rows(response) -> list[list[str]]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [[" ".join(cell.get_text().split()) for cell in row.find_all("td")] for row in soup.select("tbody tr")]


def comments(article, *specs):
    made = []
    for days_ago, name, status in specs:
        made.append(
            ArticleCommentFactory(
                article=article,
                name=name,
                status=status,
                created_at=datetime.datetime(2026, 11, 20, 9, tzinfo=datetime.UTC) - datetime.timedelta(days=days_ago),
            )
        )
    return made


def test_the_list_shows_every_comment_newest_first_with_its_email(article, client, moderator):
    comments(
        article,
        (3, "Old Olive", CommentStatus.APPROVED),
        (1, "New Nora", CommentStatus.PENDING),
        (2, "Middle Max", CommentStatus.REJECTED),
    )

    listed = rows(client.get(INDEX))

    assert [row[2] for row in listed] == ["New Nora", "Middle Max", "Old Olive"]
    assert listed[0][1] == "Sleeping with sciatica"
    assert listed[0][3] == "new.nora@example.com"
    assert [row[5] for row in listed] == ["Awaiting moderation", "Rejected", "Approved"]


def test_the_list_can_show_only_comments_awaiting_moderation(article, client, moderator):
    comments(article, (1, "New Nora", CommentStatus.PENDING), (2, "Old Olive", CommentStatus.APPROVED))

    listed = rows(client.get(INDEX, {"status": "pending"}))

    assert [row[2] for row in listed] == ["New Nora"]


def test_approving_a_comment_publishes_it_under_its_article(
    article, client, moderator, django_capture_on_commit_callbacks
):
    (comment,) = comments(article, (1, "New Nora", CommentStatus.PENDING))
    assert "New Nora" not in client.get(article.url).content.decode()

    # The article's cached comment list is renewed once the approval commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reader_comments:approve", args=[comment.pk]), {"next": f"{INDEX}?status=pending"}, follow=True
        )

    assert response.redirect_chain == [(f"{INDEX}?status=pending", 302)]
    assert "Approved the comment by New Nora" in response.content.decode()
    comment.refresh_from_db()
    assert comment.status == CommentStatus.APPROVED
    assert comment.moderated_by == moderator
    assert comment.moderated_at is not None
    assert "New Nora" in client.get(article.url).content.decode()
    entry = ModelLogEntry.objects.get(action=APPROVE_ACTION)
    assert (entry.object_id, entry.user_id) == (str(comment.pk), moderator.pk)


def test_rejecting_an_approved_comment_takes_it_down(article, client, moderator, django_capture_on_commit_callbacks):
    (comment,) = comments(article, (1, "Loud Lou", CommentStatus.APPROVED))
    assert "Loud Lou" in client.get(article.url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reader_comments:reject", args=[comment.pk]), follow=True)

    comment.refresh_from_db()
    assert comment.status == CommentStatus.REJECTED
    assert "Loud Lou" not in client.get(article.url).content.decode()
    assert ModelLogEntry.objects.filter(action=REJECT_ACTION).count() == 1


def test_approving_twice_says_so_and_changes_nothing(article, client, moderator):
    (comment,) = comments(article, (1, "New Nora", CommentStatus.APPROVED))

    response = client.post(reverse("reader_comments:approve", args=[comment.pk]), follow=True)

    assert "already approved" in response.content.decode()
    assert not ModelLogEntry.objects.filter(action=APPROVE_ACTION).exists()


def test_a_foreign_next_address_is_ignored(article, client, moderator):
    (comment,) = comments(article, (1, "New Nora", CommentStatus.PENDING))

    response = client.post(reverse("reader_comments:approve", args=[comment.pk]), {"next": "https://evil.example/"})

    assert response["Location"] == INDEX


def test_moderation_needs_a_post(article, client, moderator):
    (comment,) = comments(article, (1, "New Nora", CommentStatus.PENDING))

    assert client.get(reverse("reader_comments:approve", args=[comment.pk])).status_code == 405
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PENDING


def test_editors_without_the_permission_cannot_moderate(article, client):
    client.force_login(editor_user())
    (comment,) = comments(article, (1, "New Nora", CommentStatus.PENDING))

    # Wagtail's admin answers a refused permission by sending the user back to the dashboard.
    assert client.get(INDEX)["Location"] == "/admin/"
    assert client.post(reverse("reader_comments:approve", args=[comment.pk]))["Location"] == "/admin/"
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PENDING
    assert INDEX not in client.get("/admin/").content.decode(), "no Comments menu item, no panel link"


def test_moderators_see_the_comments_menu_and_the_count_waiting_on_the_dashboard(article, client, moderator):
    comments(
        article, (1, "A", CommentStatus.PENDING), (2, "B", CommentStatus.PENDING), (3, "C", CommentStatus.APPROVED)
    )

    html = client.get("/admin/").content.decode()

    assert f'"url": "{INDEX}"' in html or f'"url":"{INDEX}"' in html, "the Comments menu item"
    dashboard = BeautifulSoup(html, "html.parser")
    waiting = dashboard.find(attrs={"data-pending-comments": True})
    assert " ".join(waiting.get_text().split()) == "2 reader comments awaiting moderation"


def test_anonymous_visitors_are_sent_to_log_in(article, client):
    response = client.get(INDEX)

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_moderation_right_can_be_given_to_a_group_in_the_admin(client, db):
    client.force_login(UserFactory(is_superuser=True))

    response = client.get(f"/admin/groups/edit/{editors_group().pk}/")

    assert response.status_code == 200
    assert "reader comment" in response.content.decode().lower()
