"""Health-content patterns as blocks: care cards (how urgently to get help) and do / don't lists.

The three care-card levels follow the meaning they have across NHS health
content, so a reader who knows them elsewhere reads them the same way here:

- non-urgent: the reader should speak to a GP (or another health professional);
- urgent: the reader needs help today, from an urgent GP appointment or 111;
- immediate: the reader should call 999 or go to A&E now.

Markup and styles are the site's own (templates/blocks/care_card_block.html, static/css/site.css).
"""

from django.core.exceptions import ValidationError
from wagtail import blocks

from .link_text import DescriptiveLinksRichTextBlock
from .rich_text import INLINE_RICH_TEXT_FEATURES

CARE_LEVELS = {
    "non-urgent": {
        "label": "Non-urgent: speak to a GP",
        "announce": "Non-urgent advice",
        "heading": "Speak to a GP if:",
    },
    "urgent": {
        "label": "Urgent: ask for an urgent GP appointment or call 111",
        "announce": "Urgent advice",
        "heading": "Ask for an urgent GP appointment or call 111 if:",
    },
    "immediate": {
        "label": "Immediate: call 999 or go to A&E",
        "announce": "Immediate action required",
        "heading": "Call 999 or go to A&E now if:",
    },
}


class CareCardBlock(blocks.StructBlock):
    """Tells readers how urgently to get help, and from whom, for the symptoms it lists."""

    level = blocks.ChoiceBlock(
        choices=[(key, level["label"]) for key, level in CARE_LEVELS.items()],
        default="non-urgent",
        help_text="How urgently the reader needs help. Use “Immediate” only for emergencies.",
    )
    heading = blocks.CharBlock(
        required=False,
        max_length=160,
        help_text="Leave blank for the usual wording of the level, for example “Speak to a GP if:”.",
    )
    text = DescriptiveLinksRichTextBlock(
        features=INLINE_RICH_TEXT_FEATURES,
        help_text="The symptoms or situations, usually as a bulleted list.",
    )

    class Meta:
        icon = "warning"
        label = "Care card"
        template = "blocks/care_card_block.html"
        label_format = "{level}: {heading}"
        description = "When and where to get help: speak to a GP, call 111, or call 999 / go to A&E."
        preview_value = {
            "level": "urgent",
            "heading": "",
            "text": "<ul><li>you have back pain and a high temperature</li><li>the pain is getting worse</li></ul>",
        }

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        level = CARE_LEVELS.get(value["level"], CARE_LEVELS["non-urgent"])
        context["announce"] = level["announce"]
        context["heading"] = value["heading"] or level["heading"]
        return context


class DoDontBlock(blocks.StructBlock):
    """Two short lists: things to do and things not to do."""

    dos = blocks.ListBlock(
        blocks.CharBlock(max_length=300, label="Do", help_text="One thing to do, starting with a verb."),
        label="Do",
        min_num=0,
        help_text="Things the reader should do.",
    )
    donts = blocks.ListBlock(
        blocks.CharBlock(max_length=300, label="Don't", help_text="One thing not to do, starting with a verb."),
        label="Don't",
        min_num=0,
        help_text="Things the reader should not do.",
    )

    class Meta:
        icon = "tasks"
        label = "Do and don't lists"
        template = "blocks/do_dont_block.html"
        description = "Two short lists: what to do, and what not to do."
        preview_value = {
            "dos": ["keep moving gently", "use heat packs for short periods"],
            "donts": ["stay in bed for long periods"],
        }

    def clean(self, value):
        value = super().clean(value)
        if not value["dos"] and not value["donts"]:
            raise blocks.StructBlockValidationError(
                block_errors={"dos": ValidationError("Add at least one thing to do or not to do.")}
            )
        return value
