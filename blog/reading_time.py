"""How long an article takes to read, from the words in its body.

Pure functions over block values, so they can be tested without a database.
"""

import math
import re

from django.utils.html import strip_tags
from wagtail.blocks import StreamValue, StructValue
from wagtail.blocks.list_block import ListValue
from wagtail.rich_text import RichText

WORDS_PER_MINUTE = 200
_WORD = re.compile(r"\S+")


def reading_time_minutes(word_count: int) -> int:
    """Minutes at 200 words a minute, rounded up, never less than one."""
    return max(1, math.ceil(word_count / WORDS_PER_MINUTE))


def block_text(value) -> str:
    """All the reader-visible text in a block value, nested blocks included.

    Images, pages and embeds contribute nothing: only strings and rich text count.
    """
    if isinstance(value, RichText):
        return strip_tags(value.source)
    if isinstance(value, str):
        return value
    if isinstance(value, StreamValue):
        return " ".join(block_text(child.value) for child in value)
    if isinstance(value, StructValue | dict):
        return " ".join(block_text(item) for item in value.values())
    if isinstance(value, ListValue | list | tuple):
        return " ".join(block_text(item) for item in value)
    return ""


def count_words(text: str) -> int:
    return len(_WORD.findall(text))
