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
from wagtail.images.models import Image

from .care_blocks import CareCardBlock, DoDontBlock
from .link_text import DescriptiveLinksRichTextBlock
from .rich_text import INLINE_RICH_TEXT_FEATURES, RICH_TEXT_FEATURES


class HeadingBlock(blocks.StructBlock):
    """A section heading. Its anchor lets the article's contents list link to it."""

    text = blocks.CharBlock(max_length=160, help_text="The heading as readers see it. Keep it short.")
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
        label = "Section heading"
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

    title = blocks.CharBlock(default="Key takeaways", max_length=80, help_text="The box's heading.")
    points = blocks.ListBlock(
        blocks.CharBlock(max_length=300, label="Point", help_text="One point, in a sentence."),
        min_num=1,
        help_text="The points, most important first. Each shows its own words when collapsed.",
    )

    class Meta:
        icon = "list-ul"
        label = "Key takeaways"
        template = "blocks/key_takeaways_block.html"
        preview_value = {
            "title": "Key takeaways",
            "points": ["Most back pain improves within weeks.", "Keep moving gently."],
        }
        description = "A boxed list of the article's main points."


class FAQItemBlock(blocks.StructBlock):
    """One question and its answer; shown collapsed in the editor as its question."""

    question = blocks.CharBlock(max_length=300, help_text="As a reader would ask it.")
    answer = DescriptiveLinksRichTextBlock(features=INLINE_RICH_TEXT_FEATURES, help_text="A short, plain answer.")

    class Meta:
        label = "Question"
        label_format = "{question}"


class FAQBlock(blocks.StructBlock):
    """Questions and answers, shown as a disclosure list: each answer opens under its question."""

    title = blocks.CharBlock(default="Frequently asked questions", max_length=120, help_text="The list's heading.")
    items = blocks.ListBlock(FAQItemBlock(), min_num=1, label="Questions", help_text="One item per question.")

    class Meta:
        icon = "help"
        label = "Questions and answers"
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
        help_text="For how urgently to get help, a care card says it in the usual wording.",
    )
    title = blocks.CharBlock(max_length=120, help_text="A short heading for the box.")
    text = DescriptiveLinksRichTextBlock(features=INLINE_RICH_TEXT_FEATURES, help_text="What the box says.")

    class Meta:
        icon = "warning"
        label = "Highlighted box"
        template = "blocks/callout_block.html"
        preview_value = {
            "kind": "seek-help",
            "title": "When to see a GP",
            "text": "<p>If the pain is getting worse after six weeks, book an appointment.</p>",
        }
        description = "A highlighted box: information, when to seek help, or urgent."


class QuoteBlock(blocks.StructBlock):
    """A quotation from a patient or a clinician, with who said it."""

    text = blocks.TextBlock(help_text="The words quoted, without quotation marks.")
    attribution = blocks.CharBlock(
        required=False, max_length=160, help_text="Who said it, for example “A caller” or “Dr Priya Shah, GP”."
    )

    class Meta:
        icon = "openquote"
        label = "Quote"
        template = "blocks/quote_block.html"
        preview_value = {"text": "Walking every day made the biggest difference.", "attribution": "A caller"}
        description = "A quotation with its attribution."


class ImageBlock(blocks.StructBlock):
    """An image with the alt text a screen-reader user hears and an optional caption."""

    image = ImageChooserBlock(help_text="Choose or upload an image; it is resized for each screen.")
    alt_text = blocks.CharBlock(
        max_length=250,
        help_text="Describe what the image shows for people who cannot see it.",
    )
    caption = blocks.CharBlock(required=False, max_length=250, help_text="Shown under the image. Optional.")

    class Meta:
        icon = "image"
        label = "Image"
        template = "blocks/image_block.html"
        description = "An image with alt text and a caption."

    def get_preview_value(self):
        """The newest image in the library, so the chooser shows a real one (none in an empty library)."""
        return self.normalize({"image": Image.objects.order_by("-pk").first(), "alt_text": "", "caption": "Caption"})


class CallbackCTABlock(blocks.StructBlock):
    """An invitation to book a call back from the help line.

    It takes a page chooser rather than importing the callbacks app, so that
    `home` depends on nothing else in the project.
    """

    heading = blocks.CharBlock(
        default="Talk it through with our help line", max_length=120, help_text="The box's heading."
    )
    text = blocks.TextBlock(required=False, help_text="A sentence or two under the heading. Optional.")
    button_label = blocks.CharBlock(default="Request a callback", max_length=60, help_text="The words on the button.")
    page = blocks.PageChooserBlock(help_text="The page where readers request a callback.")

    class Meta:
        icon = "mobile-alt"
        label = "Callback invitation"
        template = "blocks/callback_cta_block.html"
        description = "A box that invites readers to request a callback."
        # Without a page the box gives the help-line number instead (templates/blocks/callback_cta_block.html).
        preview_value = {
            "heading": "Talk it through with our help line",
            "text": "Our advisers can call you back at a time that suits you.",
            "button_label": "Request a callback",
            "page": None,
        }


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
    paragraph = DescriptiveLinksRichTextBlock(
        features=RICH_TEXT_FEATURES,
        icon="pilcrow",
        label="Text",
        template="blocks/paragraph_block.html",
        help_text="Paragraphs, lists and links. Use a section heading block, not bold text, for headings.",
        description="Text with lists, links and bold.",
        preview_value="<p>Most back pain gets better on its own within a few weeks. <b>Keep moving</b>.</p>",
    )
    key_takeaways = KeyTakeawaysBlock()
    faq = FAQBlock()
    callout = CalloutBlock()
    care_card = CareCardBlock()
    do_dont = DoDontBlock()
    quote = QuoteBlock()
    image = ImageBlock()
    embed = EmbedBlock(
        icon="media",
        label="Video or post",
        template="blocks/embed_block.html",
        preview_template="blocks/previews/embed_block.html",
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
