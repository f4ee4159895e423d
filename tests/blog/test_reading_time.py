"""Reading time: 200 words a minute, rounded up, at least one minute, counted from what readers read."""

import pytest
from wagtail.blocks import StreamValue

from blog.reading_time import count_words, reading_time_minutes, stream_text
from home.blocks import BaseStreamBlock
from tests.blog.factories import ArticlePageFactory
from tests.home.factories import (
    callback_cta,
    callout,
    embed,
    faq,
    heading,
    image,
    key_takeaways,
    paragraph,
    quote,
    words,
)


@pytest.mark.parametrize(
    ("word_count", "minutes"),
    [(0, 1), (1, 1), (199, 1), (200, 1), (201, 2), (790, 4)],
)
def test_reading_time_rounds_up_at_200_words_a_minute(word_count, minutes):
    assert reading_time_minutes(word_count) == minutes


def body_word_count(raw_body: list[dict]) -> int:
    return count_words(stream_text(BaseStreamBlock().to_python(raw_body)))


def test_words_in_nested_blocks_all_count():
    body = [
        key_takeaways(["Keep moving gently", "Heat can ease spasm"], title="In short"),  # 2 + 4 + 3
        faq([("Should I rest?", "Short rests only.")], title="Questions"),  # 1 + 3 + 3
        quote("Walking helped me most.", attribution="A caller"),  # 4 + 2
        callout("See your GP", "If it lasts six weeks.", kind="seek-help"),  # 3 + 5
    ]
    assert body_word_count(body) == 9 + 7 + 6 + 8


def test_paragraphs_and_list_items_are_separate_words():
    body = [paragraph("<p>Rest briefly.</p><p>Then walk.</p><ul><li>Swim</li><li>Stretch</li></ul>")]
    assert body_word_count(body) == 6


def test_settings_that_readers_never_read_do_not_count():
    """A heading's level, a callout's kind, chosen images and pages, and embed URLs are not words."""
    body = [
        heading("Causes", level="h3"),
        callout("Urgent", "Call 999.", kind="urgent"),
        image(1, alt_text="A woman stretching", caption=""),
        embed("https://video.example.com/watch?v=stretches"),
        callback_cta(1, heading_text="Talk to us", text="", button="Call me"),
    ]
    assert body_word_count(body) == 1 + 3 + 3 + 3 + 2


def test_counting_words_needs_no_database():
    """Chooser blocks are not loaded: this test has no database access and would fail if they were."""
    assert body_word_count([image(99, alt_text="Spine model"), callback_cta(42, heading_text="Ring us")]) > 0


def body_of(word_count: int) -> list[dict]:
    """A body of exactly `word_count` words, most of them inside nested blocks."""
    if word_count < 10:
        return [paragraph(words(word_count))] if word_count else []
    rest = word_count - 4  # the four one-word headings and titles below
    quarter = rest // 4
    return [
        heading("Overview"),
        key_takeaways([words(quarter), words(quarter)], title="Takeaways"),
        faq([("Why?", f"{words(quarter - 1)}</p><p>{words(1)}")], title="Questions"),
        paragraph(words(rest - 3 * quarter)),
    ]


@pytest.mark.parametrize(
    ("word_count", "minutes"),
    [(0, 1), (1, 1), (199, 1), (200, 1), (201, 2), (790, 4)],
)
def test_article_page_shows_its_reading_time(article_index, client, word_count, minutes):
    article = ArticlePageFactory(parent=article_index, body=body_of(word_count))
    assert article.word_count == word_count

    response = client.get(article.url)

    assert response.status_code == 200
    assert f"{minutes} min read" in " ".join(response.content.decode().split())


def test_an_unsaved_body_counts_the_same_as_a_stored_one():
    """Previews and the editor's form hold block values rather than stored JSON."""
    block = BaseStreamBlock()
    stored = block.to_python([heading("Rest"), faq([("Why walk?", "It helps.")], title="Questions")])
    unsaved = StreamValue(block, [(child.block_type, child.value) for child in stored])

    assert count_words(stream_text(unsaved)) == count_words(stream_text(stored)) == 1 + 1 + 2 + 2
