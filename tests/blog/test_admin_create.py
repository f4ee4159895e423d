"""An editor writes an article with every kind of body block through the Wagtail admin."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from blog.models import ArticlePage
from home.blocks import BaseStreamBlock
from tests.blog.factories import AuthorFactory
from tests.home.factories import ImageFactory, StandardPageFactory, editor_user

VIDEO_URL = "https://video.example.com/watch?v=five-gentle-stretches"


@pytest.fixture
def editor(client, db):
    user = editor_user()
    client.force_login(user)
    return user


def add_article_url(index) -> str:
    return reverse("wagtailadmin_pages:add", args=("blog", "articlepage", index.pk))


def article_form_data(body, **fields) -> dict:
    author = AuthorFactory(name="Sciaticalm Medical Team")
    data = {
        "title": "Back pain and sleep",
        "slug": "back-pain-and-sleep",
        "intro": "How to rest well when your back hurts.",
        "published_date": "2025-10-13",
        "article_authors": inline_formset([{"author": str(author.pk)}], min=1),
        "tags": "back-pain, sleep",
        "comments": inline_formset([]),
        "body": streamfield(body),
        "sources": streamfield([]),
        **fields,
    }
    return nested_form_data(data)


def every_block(image_pk: int, callback_page_pk: int) -> list:
    return [
        ("heading", {"text": "Why sleep matters", "level": "h2", "anchor": ""}),
        ("paragraph", rich_text("<p>Good sleep helps the body <b>repair</b>.</p>")),
        (
            "key_takeaways",
            {"title": "Key takeaways", "points": list_items(["Keep a routine", "Try a pillow between the knees"])},
        ),
        (
            "faq",
            {
                "title": "Questions",
                "items": list_items(
                    [
                        {"question": "Which mattress?", "answer": rich_text("<p>Medium-firm suits most.</p>")},
                        {"question": "Should I nap?", "answer": rich_text("<p>Short naps are fine.</p>")},
                    ]
                ),
            },
        ),
        ("callout", {"kind": "seek-help", "title": "See a GP", "text": rich_text("<p>If pain wakes you.</p>")}),
        ("care_card", {"level": "urgent", "heading": "", "text": rich_text("<ul><li>your legs feel numb</li></ul>")}),
        ("do_dont", {"dos": list_items(["Keep a routine"]), "donts": list_items(["Nap for hours"])}),
        ("quote", {"text": "A routine changed everything.", "attribution": "A caller"}),
        ("image", {"image": str(image_pk), "alt_text": "A person asleep on their side", "caption": "Side sleeping"}),
        ("embed", VIDEO_URL),
        (
            "callback_cta",
            {
                "heading": "Still sleeping badly?",
                "text": "We can talk it through.",
                "button_label": "Call me",
                "page": str(callback_page_pk),
            },
        ),
    ]


def list_items(values: list) -> dict:
    """ListBlock form data: like a stream, but without block types."""
    data = streamfield([("unused", value) for value in values])
    for key in list(data):
        if key != "count":
            del data[key]["type"]
    return data


def test_an_editor_creates_an_article_with_every_block_type(
    article_index, editor, client, fake_embed_finder, media_root
):
    photo = ImageFactory()
    callback_page = StandardPageFactory(parent=article_index.get_parent(), title="Request a callback")
    data = article_form_data(every_block(photo.pk, callback_page.pk))

    response = client.post(add_article_url(article_index), data)

    assert response.status_code == 302, response.context["form"].errors if response.context else response
    article = ArticlePage.objects.get(slug="back-pain-and-sleep")
    assert article.get_parent().specific == article_index
    assert not article.live, "an editor saves a draft; publishing is for moderators"
    assert article.owner == editor
    assert [block.block_type for block in article.body] == list(BaseStreamBlock.base_blocks)
    blocks = {block.block_type: block.value for block in article.body}
    assert blocks["heading"]["text"] == "Why sleep matters"
    assert "<b>repair</b>" in blocks["paragraph"].source
    assert list(blocks["key_takeaways"]["points"]) == ["Keep a routine", "Try a pillow between the knees"]
    assert [item["question"] for item in blocks["faq"]["items"]] == ["Which mattress?", "Should I nap?"]
    assert blocks["callout"]["kind"] == "seek-help"
    assert blocks["quote"]["attribution"] == "A caller"
    assert blocks["image"]["image"] == photo
    assert blocks["embed"].url == VIDEO_URL
    assert blocks["callback_cta"]["page"].specific == callback_page
    assert [author.name for author in article.authors] == ["Sciaticalm Medical Team"]
    assert sorted(tag.name for tag in article.tags.all()) == ["back-pain", "sleep"]
    assert article.get_latest_revision().user == editor

    # Once published, every block renders on the article.
    article.get_latest_revision().publish()
    response = client.get(article.url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find(id="why-sleep-matters").name == "h2"
    assert [summary.get_text(strip=True) for summary in soup.select("details summary")] == [
        "Which mattress?",
        "Should I nap?",
    ]
    assert soup.find("img", alt="A person asleep on their side")
    assert soup.find("iframe", src=VIDEO_URL)
    assert soup.find("a", href=callback_page.url, string=lambda text: text and "Call me" in text)
    text = " ".join(soup.get_text().split())
    for words in (
        "repair",
        "Try a pillow between the knees",
        "See a GP",
        "Urgent advice: Ask for an urgent GP appointment or call 111 if:",
        "Do not: Nap for hours",
        "A routine changed everything.",
        "A caller",
    ):
        assert words in text


def test_two_headings_with_the_same_anchor_are_refused_in_the_editor(article_index, editor, client):
    data = article_form_data(
        [
            ("heading", {"text": "Causes", "level": "h2", "anchor": ""}),
            ("heading", {"text": "More causes", "level": "h2", "anchor": "causes"}),
        ]
    )

    response = client.post(add_article_url(article_index), data)

    assert response.status_code == 200
    assert not ArticlePage.objects.filter(slug="back-pain-and-sleep").exists()
    assert "The page could not be created due to validation errors." in [
        str(message).strip() for message in response.context["messages"]
    ]
    body_error = response.context["form"].errors.as_data()["body"][0]
    assert list(body_error.block_errors) == [1]
    anchor_errors = body_error.block_errors[1].block_errors["anchor"].messages
    assert anchor_errors == ["Another heading already uses the anchor “causes”. Give this one its own anchor."]
    # The editor shows the message beside the second heading's anchor field.
    assert "Another heading already uses the anchor" in response.content.decode()


def test_a_reader_cannot_reach_the_editor(article_index, client, db):
    response = client.get(add_article_url(article_index))

    assert response.status_code == 302
    assert reverse("wagtailadmin_login") in response["Location"]
    assert Page.objects.type(ArticlePage).count() == 0
