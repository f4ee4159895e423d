"""Leave a reply: held for moderation, shown once approved, with a honeypot, a rate limit and CSRF."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from blog.models import ArticleComment, CommentStatus
from blog.views import COMMENT_HELD, TOO_MANY_COMMENTS
from callbacks.models import CallbackPage
from tests.blog.factories import ArticleCommentFactory, ArticlePageFactory
from tests.home.factories import HELPLINE_TEL


@pytest.fixture
def article(article_index):
    return ArticlePageFactory(parent=article_index, title="Sleeping with sciatica", slug="sleeping-with-sciatica")


def reply(**overrides) -> dict:
    data = {
        "reply-name": "Jo",
        "reply-email": "jo@example.com",
        "reply-body": "A pillow between my knees made all the difference.",
        "reply-website": "",
    }
    data.update(overrides)
    return data


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def shown_comments(client, article) -> list[str]:
    soup = soup_of(client.get(article.url))
    return [" ".join(item.get_text().split()) for item in soup.select(".comment-list .comment")]


def test_a_reply_is_held_for_moderation_and_the_reader_is_told(article, client):
    response = client.post(f"{article.url}comment/", reply(), follow=True)

    assert response.redirect_chain == [(f"{article.url}#comments", 302)]
    comment = ArticleComment.objects.get()
    assert (comment.article_id, comment.name, comment.email, comment.status) == (
        article.pk,
        "Jo",
        "jo@example.com",
        CommentStatus.PENDING,
    )
    message = soup_of(response).select_one("#comments .site-message")
    assert message is not None and COMMENT_HELD in message.get_text()
    assert shown_comments(client, article) == []


def test_only_approved_comments_appear_oldest_first_and_never_the_email(article, client):
    ArticleCommentFactory(article=article, name="Pending Pat", status=CommentStatus.PENDING)
    ArticleCommentFactory(article=article, name="Rejected Rob", status=CommentStatus.REJECTED)
    ArticleCommentFactory(article=article, name="Approved Amy", body="First!", status=CommentStatus.APPROVED)
    ArticleCommentFactory(article=article, name="Approved Ben", body="Second.", status=CommentStatus.APPROVED)
    ArticleCommentFactory(
        article=ArticlePageFactory(parent=article.get_parent()), name="Elsewhere Eve", status=CommentStatus.APPROVED
    )

    response = client.get(article.url)

    shown = [" ".join(item.get_text().split()) for item in soup_of(response).select(".comment-list .comment")]
    assert len(shown) == 2
    assert shown[0].startswith("Approved Amy") and shown[0].endswith("First!")
    assert shown[1].startswith("Approved Ben")
    html = response.content.decode()
    assert "Pending Pat" not in html and "Rejected Rob" not in html and "Elsewhere Eve" not in html
    assert "@example.com" not in html
    assert "Comments (2)" in soup_of(response).find(id="comments-heading").get_text()


def test_the_honeypot_gets_the_same_thanks_and_keeps_nothing(article, client):
    response = client.post(f"{article.url}comment/", reply(**{"reply-website": "http://spam.example"}), follow=True)

    assert response.redirect_chain == [(f"{article.url}#comments", 302)]
    assert COMMENT_HELD in response.content.decode()
    assert not ArticleComment.objects.exists()


def test_mistakes_are_listed_above_the_form_and_linked_to_their_fields(article, client):
    response = client.post(
        f"{article.url}comment/",
        reply(**{"reply-name": "", "reply-email": "not-an-address", "reply-body": "x" * 2001}),
    )

    assert response.status_code == 200
    soup = soup_of(response)
    summary = soup.select_one("#leave-a-reply .error-summary")
    assert summary.has_attr("autofocus")
    links = [(a["href"], a.get_text()) for a in summary.find_all("a")]
    assert links == [
        ("#id_reply-name", "Enter your name"),
        ("#id_reply-email", "Enter an email address in the correct format, like name@example.com"),
        ("#id_reply-body", "Your comment must be 2,000 characters or fewer"),
    ]
    email = soup.find(id="id_reply-email")
    assert email["aria-invalid"] == "true"
    assert email["value"] == "not-an-address"
    assert set(email["aria-describedby"].split()) == {"id_reply-email_hint", "id_reply-email_error"}
    assert soup.find(id="id_reply-email_error") is not None
    assert not ArticleComment.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"reply-name": "\x00", "reply-email": "a@b.co", "reply-body": "hi"},
        {"reply-name": ["a", "b"], "reply-email": "a@b.co\x00", "reply-body": "\u202e\ufeff"},
        {"reply-body": "y" * 100_000},
    ],
)
def test_junk_is_answered_with_the_form_again_never_an_error(article, client, data):
    response = client.post(f"{article.url}comment/", data)

    assert response.status_code == 200
    assert not ArticleComment.objects.exists()


def test_badly_encoded_bytes_are_answered_with_the_form_again(article, client):
    response = client.post(
        f"{article.url}comment/",
        b"reply-name=%FF%FE&reply-email=%ED%A0%80&reply-body=%C0",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert not ArticleComment.objects.exists()


def test_a_get_of_the_reply_address_goes_back_to_the_article(article, client):
    response = client.get(f"{article.url}comment/")

    assert response.status_code == 302
    assert response["Location"] == f"{article.url}#leave-a-reply"


def test_each_address_may_post_only_a_few_replies_an_hour(article, client, settings):
    settings.COMMENT_RATE_LIMIT_PER_IP = "3/3600"
    for n in range(3):
        assert client.post(f"{article.url}comment/", reply(**{"reply-body": f"Reply {n}"})).status_code == 302

    refused = client.post(f"{article.url}comment/", reply(**{"reply-body": "One too many"}))
    other_reader = client.post(
        f"{article.url}comment/", reply(**{"reply-body": "From elsewhere"}), REMOTE_ADDR="192.0.2.7"
    )

    assert refused.status_code == 429
    assert TOO_MANY_COMMENTS in soup_of(refused).select_one(".error-summary").get_text()
    assert other_reader.status_code == 302
    assert sorted(ArticleComment.objects.values_list("body", flat=True)) == [
        "From elsewhere",
        "Reply 0",
        "Reply 1",
        "Reply 2",
    ]


def test_a_reply_without_the_csrf_token_is_refused(article):
    client = Client(enforce_csrf_checks=True)

    response = client.post(f"{article.url}comment/", reply())

    assert response.status_code == 403
    assert not ArticleComment.objects.exists()


def test_the_form_comes_with_a_csrf_token_and_posts_to_the_reply_address(article, client):
    form = soup_of(client.get(article.url)).select_one("#leave-a-reply form")

    assert form["method"] == "post"
    assert form["action"] == f"{article.url}comment/"
    assert form.find("input", attrs={"name": "csrfmiddlewaretoken"}) is not None
    trap = form.select_one(".form-trap")
    assert trap["aria-hidden"] == "true"
    assert trap.find("input")["tabindex"] == "-1"


def test_the_note_says_no_personal_advice_and_points_to_the_callback_page(article, home_page, client):
    callback_page = CallbackPage(title="Request a callback", slug="request-a-callback")
    home_page.add_child(instance=callback_page)

    note = soup_of(client.get(article.url)).select_one("#leave-a-reply .comment-note")

    assert "can’t give personal medical advice" in note.get_text()
    assert note.find("a", string="request a callback from our help line")["href"] == "/request-a-callback/"
    assert note.find("a", href=HELPLINE_TEL) is not None


def test_without_a_callback_page_the_note_gives_the_help_line_number(article, client):
    note = soup_of(client.get(article.url)).select_one("#leave-a-reply .comment-note")

    assert note.find("a", string="request a callback from our help line") is None
    assert note.find("a", href=HELPLINE_TEL) is not None
