"""Links must say where they go: rich text with a link reading "click here" (and the like) is refused."""

import re

from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from wagtail import blocks

VAGUE_LINK_TEXTS = {"click here", "here", "click", "read more", "more", "this link", "link", "this page"}
LINK = re.compile(r"<a\b[^>]*>(.*?)</a>", re.IGNORECASE | re.DOTALL)


def vague_links(html: str) -> list[str]:
    """The texts of links in `html` that do not say where they go."""
    texts = (" ".join(strip_tags(match).split()) for match in LINK.findall(html))
    return [text for text in texts if text.lower().strip(" .:!") in VAGUE_LINK_TEXTS]


class DescriptiveLinksRichTextBlock(blocks.RichTextBlock):
    """Rich text whose links must describe their destination (screen-reader users hear them out of context)."""

    def clean(self, value):
        value = super().clean(value)
        vague = vague_links(value.source)
        if vague:
            raise ValidationError(
                f"Link text “{vague[0]}” does not say where the link goes. "
                "Use words that describe the page, for example “NHS advice on sciatica”."
            )
        return value
