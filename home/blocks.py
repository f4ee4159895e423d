"""The StreamField blocks every page body is made of.

One `BaseStreamBlock` serves the home page, standard pages and articles, so an
editor meets the same set of blocks everywhere and the templates render them
the same way everywhere.
"""

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3", "h4"]
INLINE_RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class HeadingBlock(blocks.StructBlock):
    """A section heading. Its anchor lets the article's contents list link to it."""

    text = blocks.CharBlock(max_length=160)
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section (h2)"), ("h3", "Subsection (h3)")],
        default="h2",
        help_text="Only sections (h2) appear in the article's contents list.",
    )
    anchor = blocks.CharBlock(
        required=False,
        max_length=80,
        help_text="The #link to this heading. Leave blank to make one from the text.",
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        preview_value = {"text": "What causes sciatica?", "level": "h2"}
        description = "A section heading, listed in the article's contents."

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["anchor"] = heading_anchor(value)
        return context


def heading_anchor(value) -> str:
    """The id a heading renders with: the editor's anchor, else the slugified text."""
    return slugify(value.get("anchor") or value.get("text") or "") or "section"


class KeyTakeawaysBlock(blocks.StructBlock):
    """A short boxed list of the points a reader should leave with."""

    title = blocks.CharBlock(default="Key takeaways", max_length=80)
    points = blocks.ListBlock(blocks.CharBlock(max_length=300), min_num=1)

    class Meta:
        icon = "list-ul"
        template = "blocks/key_takeaways_block.html"
        preview_value = {
            "title": "Key takeaways",
            "points": ["Most back pain improves within weeks.", "Keep moving gently."],
        }
        description = "A boxed list of the article's main points."


class FAQItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=300)
    answer = blocks.RichTextBlock(features=INLINE_RICH_TEXT_FEATURES)


class FAQBlock(blocks.StructBlock):
    """Questions and answers, shown as a disclosure list: each answer opens under its question."""

    title = blocks.CharBlock(default="Frequently asked questions", max_length=120)
    items = blocks.ListBlock(FAQItemBlock(), min_num=1)

    class Meta:
        icon = "help"
        template = "blocks/faq_block.html"
        preview_value = {
            "title": "Frequently asked questions",
            "items": [{"question": "Should I rest in bed?", "answer": "<p>Short rests help; long ones don't.</p>"}],
        }
        description = "Questions and answers that open one at a time."


class CalloutBlock(blocks.StructBlock):
    """A highlighted box. "Urgent" is for red-flag symptoms that need care today."""

    kind = blocks.ChoiceBlock(
        choices=[
            ("info", "Information"),
            ("seek-help", "When to seek help"),
            ("urgent", "Urgent"),
        ],
        default="info",
    )
    title = blocks.CharBlock(max_length=120)
    text = blocks.RichTextBlock(features=INLINE_RICH_TEXT_FEATURES)

    class Meta:
        icon = "warning"
        template = "blocks/callout_block.html"
        preview_value = {
            "kind": "seek-help",
            "title": "When to see a GP",
            "text": "<p>If the pain is getting worse after six weeks, book an appointment.</p>",
        }
        description = "A highlighted box: information, when to seek help, or urgent."


class QuoteBlock(blocks.StructBlock):
    """A quotation from a patient or a clinician, with who said it."""

    text = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, max_length=160)

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"
        preview_value = {"text": "Walking every day made the biggest difference.", "attribution": "A caller"}
        description = "A quotation with its attribution."


class ImageBlock(blocks.StructBlock):
    """An image with the alt text a screen-reader user hears and an optional caption."""

    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=250,
        help_text="Describe what the image shows for people who cannot see it.",
    )
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"
        description = "An image with alt text and a caption."


class CallbackCTABlock(blocks.StructBlock):
    """An invitation to book a call back from the help line.

    It takes a page chooser rather than importing the callbacks app, so that
    `home` depends on nothing else in the project.
    """

    heading = blocks.CharBlock(default="Talk it through with our help line", max_length=120)
    text = blocks.TextBlock(required=False)
    button_label = blocks.CharBlock(default="Request a callback", max_length=60)
    page = blocks.PageChooserBlock(help_text="The page where readers request a callback.")

    class Meta:
        icon = "mobile-alt"
        template = "blocks/callback_cta_block.html"
        description = "A box that invites readers to request a callback."


class SourceBlock(blocks.StructBlock):
    """One reference an article draws on: what it is, who published it, when, and where to read it."""

    title = blocks.CharBlock(max_length=300, help_text="The title of the guideline, paper or page.")
    publisher = blocks.CharBlock(
        max_length=200,
        label="Publisher or journal",
        help_text="For example “NICE”, “NHS” or “The BMJ”.",
    )
    year = blocks.IntegerBlock(min_value=1900, max_value=2100)
    url = blocks.URLBlock(required=False, label="URL", help_text="Where readers can find it, if it is online.")

    class Meta:
        icon = "doc-full"
        template = "blocks/source_block.html"
        preview_value = {
            "title": "Low back pain and sciatica in over 16s: assessment and management (NG59)",
            "publisher": "NICE",
            "year": 2020,
            "url": "https://www.nice.org.uk/guidance/ng59",
        }
        description = "A reference: title, publisher or journal, year and an optional link."


class SourcesBlock(blocks.StreamBlock):
    """An article's references, in the order readers see them numbered.

    Sources are an article field of their own rather than a body block: they
    are shown once, as one numbered list at the end, which a block placed
    anywhere in a body (perhaps twice) could not promise.
    """

    source = SourceBlock()

    class Meta:
        icon = "list-ol"


class BaseStreamBlock(blocks.StreamBlock):
    """The body blocks of every page on the site."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES,
        icon="pilcrow",
        template="blocks/paragraph_block.html",
        description="Text with lists, links and bold.",
    )
    key_takeaways = KeyTakeawaysBlock()
    faq = FAQBlock()
    callout = CalloutBlock()
    quote = QuoteBlock()
    image = ImageBlock()
    embed = EmbedBlock(
        icon="media",
        template="blocks/embed_block.html",
        help_text="A link to a video or post, for example a YouTube URL.",
        description="An embedded video or post.",
    )
    callback_cta = CallbackCTABlock()

    def clean(self, value):
        """Refuse two headings with the same anchor: the contents list could reach only one."""
        value = super().clean(value)
        seen: dict[str, int] = {}
        errors = {}
        for index, child in enumerate(value):
            if child.block_type != "heading":
                continue
            anchor = heading_anchor(child.value)
            if anchor in seen:
                errors[index] = blocks.StructBlockValidationError(
                    block_errors={
                        "anchor": ValidationError(
                            f"Another heading already uses the anchor “{anchor}”. Give this one its own anchor."
                        )
                    }
                )
            seen.setdefault(anchor, index)
        if errors:
            raise blocks.StreamBlockValidationError(block_errors=errors)
        return value
