"""How long an article takes to read, from the words in its body.

Pure functions over a body's stored (JSON) form, walked with the block
definitions, so they can be tested without a database and counting words never
loads the images or pages that chooser blocks point to (which would cost a query
per article in a listing).
"""

import math
import re

from django.utils.html import strip_tags
from wagtail.blocks import CharBlock, ListBlock, RichTextBlock, StreamBlock, StructBlock, TextBlock

WORDS_PER_MINUTE = 200
_WORD = re.compile(r"\S+")
# Tags that end a word: without a space there, "<p>rest.</p><p>Walk</p>" would read as one word.
_BLOCK_TAG = re.compile(r"</?(?:p|li|ul|ol|h[1-6]|blockquote|div|br)\b[^>]*>", re.IGNORECASE)


def reading_time_minutes(word_count: int) -> int:
    """Minutes at 200 words a minute, rounded up, never less than one."""
    return max(1, math.ceil(word_count / WORDS_PER_MINUTE))


def html_text(html: str) -> str:
    return strip_tags(_BLOCK_TAG.sub(" ", html))


def block_text(block, raw) -> str:
    """The reader-visible text in one block's stored value, nested blocks included.

    Only text, plain or rich, counts: choices (a heading's level, a callout's
    kind), chosen images and pages, and embed URLs are not read by anyone.
    """
    if raw is None:
        return ""
    if isinstance(block, RichTextBlock):
        return html_text(raw) if isinstance(raw, str) else ""
    if isinstance(block, CharBlock | TextBlock):
        return raw if isinstance(raw, str) else ""
    if isinstance(block, StreamBlock):
        return " ".join(
            block_text(block.child_blocks[item["type"]], item.get("value"))
            for item in raw
            if item.get("type") in block.child_blocks
        )
    if isinstance(block, StructBlock):
        return " ".join(block_text(child, raw.get(name)) for name, child in block.child_blocks.items())
    if isinstance(block, ListBlock):
        return " ".join(block_text(block.child_block, _list_item_value(item)) for item in raw)
    return ""


def _list_item_value(item):
    """A list item is stored either bare or as {"type": "item", "value": ..., "id": ...}."""
    if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
        return item["value"]
    return item


def stream_text(stream_value) -> str:
    """All the reader-visible text in a StreamField value."""
    return block_text(stream_value.stream_block, list(stream_value.raw_data))


def count_words(text: str) -> int:
    return len(_WORD.findall(text))
