"""What editors see of each body block in the chooser: a plain label, a description, a preview; help on every field."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockAdapter

from home.blocks import BaseStreamBlock, FAQItemBlock
from tests.home.factories import ImageFactory, UserFactory

LABELS = {
    "heading": "Section heading",
    "paragraph": "Text",
    "key_takeaways": "Key takeaways",
    "faq": "Questions and answers",
    "callout": "Highlighted box",
    "care_card": "Care card",
    "do_dont": "Do and don't lists",
    "quote": "Quote",
    "image": "Image",
    "embed": "Video or post",
    "callback_cta": "Callback invitation",
}

# Words each block's preview shows (from its preview value).
PREVIEW_TEXT = {
    "heading": "What causes sciatica?",
    "paragraph": "Keep moving",
    "key_takeaways": "Keep moving gently.",
    "faq": "Should I rest in bed?",
    "callout": "When to see a GP",
    "care_card": "Ask for an urgent GP appointment or call 111 if:",
    "do_dont": "stay in bed for long periods",
    "quote": "Walking every day made the biggest difference.",
    "image": "Caption",
    "embed": "A video or post from the link you paste appears here.",
    "callback_cta": "Talk it through with our help line",
}


def body_blocks():
    return BaseStreamBlock().child_blocks


def test_every_block_has_a_plain_label_and_a_description():
    assert {name: str(block.label) for name, block in body_blocks().items()} == LABELS
    for name, block in body_blocks().items():
        assert block.get_description(), name


def help_text(block) -> str:
    field = getattr(block, "field", None)
    return getattr(block.meta, "help_text", None) or getattr(field, "help_text", "")


def test_every_field_an_editor_fills_has_help_text():
    def missing(block, path):
        if isinstance(block, blocks.StructBlock):
            for name, child in block.child_blocks.items():
                yield from missing(child, f"{path}.{name}")
        elif isinstance(block, blocks.ListBlock):
            if not help_text(block):
                yield path
            yield from missing(block.child_block, f"{path}[]")
        elif not help_text(block):
            yield path

    without_help = [path for name, block in body_blocks().items() for path in missing(block, name)]
    assert without_help == []


def test_faq_items_show_their_question_when_collapsed():
    meta = StructBlockAdapter().js_args(FAQItemBlock())[2]
    assert meta["labelFormat"] == "{question}"


@pytest.fixture
def editor_client(client, db, media_root):
    client.force_login(UserFactory(is_superuser=True))
    return client


@pytest.mark.parametrize("name", list(LABELS))
def test_every_block_previews_in_the_chooser(editor_client, name):
    if name == "image":
        ImageFactory(title="Walking by the sea")
    block = body_blocks()[name]
    assert block.is_previewable

    response = editor_client.get(reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix})

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert PREVIEW_TEXT[name] in " ".join(soup.main.get_text().split())
    assert soup.find("link", href=lambda href: href and href.endswith("css/site.css"))
    if name == "image":
        assert soup.main.find("img")
