"""The home page, plain content pages and the settings every page reads."""

from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from .blocks import BaseStreamBlock
from .rich_text import INLINE_RICH_TEXT_FEATURES


class FooterLinkBlock(blocks.StructBlock):
    """A footer link to a page of the site or to another site."""

    label = blocks.CharBlock(max_length=60)
    page = blocks.PageChooserBlock(required=False)
    url = blocks.URLBlock(required=False, help_text="Used when no page is chosen.")

    class Meta:
        icon = "link"

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise blocks.StructBlockValidationError(
                block_errors={"url": blocks.BlockValidationError("Choose a page or give a URL.")}
            )
        return value


class ServiceStatusLevel(models.TextChoices):
    NONE = "", "No notice"
    INFORMATION = "information", "Information"
    WARNING = "warning", "Warning"
    LINE_CLOSED = "line_closed", "Line closed"


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """What the footer, every article and the top of every page show, edited in Settings > Site settings.

    The help line's number and hours live in the callbacks app's help-line
    settings, next to the opening hours that bookings are made from. The
    service-status notice lives here because every page already reads these
    settings: showing it costs no query. Saving empties the page cache and
    purges the CDN like any setting (home/cache_invalidation.py).
    """

    disclaimer = RichTextField(
        features=INLINE_RICH_TEXT_FEATURES,
        blank=True,
        help_text="The medical disclaimer shown at the end of every article.",
    )
    urgent_help_notice = RichTextField(
        features=INLINE_RICH_TEXT_FEATURES,
        blank=True,
        help_text="Shown in the footer: where to go in an emergency, since the help line is not one.",
    )
    footer_links = StreamField([("link", FooterLinkBlock())], blank=True)
    service_status_level = models.CharField(
        "notice",
        max_length=16,
        choices=ServiceStatusLevel.choices,
        blank=True,
        default=ServiceStatusLevel.NONE,
        help_text="“No notice” hides it everywhere.",
    )
    service_status_message = models.CharField(
        "notice text",
        max_length=300,
        blank=True,
        help_text="For example: The help line is closed on Friday afternoon; we are very busy today.",
    )
    service_status_updated_at = models.DateTimeField(
        "updated at", null=True, blank=True, help_text="Shown with the notice, so readers know it is current."
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("service_status_level"),
                FieldPanel("service_status_message"),
                FieldPanel("service_status_updated_at"),
            ],
            heading="Service status (shown at the top of every page)",
        ),
        FieldPanel("disclaimer"),
        FieldPanel("urgent_help_notice"),
        FieldPanel("footer_links"),
    ]

    class Meta:
        verbose_name = "site settings"

    def __str__(self):
        return "Site settings"

    def clean(self):
        super().clean()
        if self.service_status_level and not self.service_status_message.strip():
            raise ValidationError({"service_status_message": "Write the notice, or choose “No notice” to hide it."})

    @property
    def service_status_shown(self) -> bool:
        return bool(self.service_status_level and self.service_status_message.strip())


class HomePage(Page):
    """The front page: a welcome, featured and latest articles, and a way to ask for a call."""

    intro = models.TextField(blank=True, help_text="One or two sentences under the page title.")
    body = StreamField(BaseStreamBlock(), blank=True)
    callback_heading = models.CharField(max_length=120, default="Talk to our help line")
    callback_text = models.TextField(
        blank=True,
        default="Tell us when suits you and one of our team will call you back.",
    )
    callback_button_label = models.CharField(max_length=60, default="Request a callback")
    callback_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Where the “request a callback” button leads.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        InlinePanel("featured_articles", heading="Featured articles", label="Article", max_num=6),
        MultiFieldPanel(
            [
                FieldPanel("callback_heading"),
                FieldPanel("callback_text"),
                FieldPanel("callback_button_label"),
                PageChooserPanel("callback_page"),
            ],
            heading="Callback invitation",
        ),
        FieldPanel("body"),
    ]

    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["blog.ArticleIndexPage", "home.StandardPage", "callbacks.CallbackPage"]
    max_count = 1

    def featured_article_ids(self) -> list[int]:
        return [link.page_id for link in self.featured_articles.all() if link.page_id]


class HomePageFeaturedArticle(Orderable):
    """An article the editor puts on the home page, in the order they choose."""

    home_page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_articles")
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")

    panels = [PageChooserPanel("page", page_type="blog.ArticlePage")]


class StandardPage(Page):
    """A plain content page: About, Privacy policy, the help-line FAQ."""

    intro = models.TextField(blank=True, help_text="Shown under the title and used as the page's description.")
    body = StreamField(BaseStreamBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]

    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]
