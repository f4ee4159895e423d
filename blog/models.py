"""Articles: the index (blog), the article page, authors and tags."""

from django.core.paginator import Paginator
from django.db import models
from django.db.models import Count, Prefetch
from django.db.models.functions import Coalesce, TruncDate
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from home.blocks import BaseStreamBlock, heading_anchor

from .feeds import LatestArticlesFeed
from .reading_time import block_text, count_words, reading_time_minutes

ARTICLES_PER_PAGE = 12
RELATED_ARTICLES = 3


class Author(index.Indexed, models.Model):
    """Someone who writes or reviews articles: a person or a team."""

    name = models.CharField(max_length=120)
    role = models.CharField(max_length=120, blank=True, help_text="For example “Physiotherapist”.")
    bio = models.TextField("short bio", blank=True, max_length=600)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("bio"), FieldPanel("photo")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey("blog.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items")


class ArticlePageAuthor(Orderable):
    """One author of an article, in the order the editor lists them."""

    page = ParentalKey("blog.ArticlePage", on_delete=models.CASCADE, related_name="article_authors")
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="+")

    panels = [FieldPanel("author")]


def articles_with_card_data(queryset):
    """Everything an article card shows, fetched in a fixed number of queries."""
    return queryset.prefetch_related(
        Prefetch("article_authors", queryset=ArticlePageAuthor.objects.select_related("author")),
        "tags",
    )


class ArticleIndexPage(RoutablePageMixin, Page):
    """The blog: live articles newest first, a page per tag, and an RSS feed."""

    intro = models.TextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["blog.ArticlePage"]
    max_count = 1

    def articles(self):
        """Live articles under this index, newest first."""
        return (
            ArticlePage.objects.live()
            .public()
            .descendant_of(self)
            .annotate(sort_date=Coalesce("published_date", TruncDate("first_published_at")))
            .order_by("-sort_date", "-pk")
        )

    def paginate(self, request, articles):
        return Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))

    @path("")
    def index_view(self, request):
        page_obj = self.paginate(request, articles_with_card_data(self.articles()))
        return self.render(request, context_overrides={"articles": page_obj, "tag": None})

    @path("tags/<slug:tag_slug>/", name="tag")
    def tag_view(self, request, tag_slug):
        tag = get_object_or_404(Tag, slug=tag_slug)
        articles = self.articles().filter(tags=tag)
        page_obj = self.paginate(request, articles_with_card_data(articles))
        if not page_obj.paginator.count:
            raise Http404("No articles carry this tag.")
        return self.render(request, context_overrides={"articles": page_obj, "tag": tag})

    @path("feed/", name="feed")
    def feed_view(self, request):
        return LatestArticlesFeed(self)(request)

    def tag_url(self, tag) -> str:
        return self.url + self.reverse_subpage("tag", kwargs={"tag_slug": tag.slug})


class ArticlePage(Page):
    """An article: intro, authors, tags and a body of blocks, with its reading time."""

    intro = models.TextField(
        help_text="Shown in listings and used as the page description unless the SEO description is set.",
    )
    published_date = models.DateField(
        null=True,
        blank=True,
        help_text="Leave blank to use the date the article was first published.",
    )
    body = StreamField(BaseStreamBlock())
    tags = ClusterTaggableManager(through=ArticlePageTag, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("published_date"),
                InlinePanel("article_authors", label="Author", min_num=1),
                FieldPanel("tags"),
            ],
            heading="About this article",
        ),
        FieldPanel("body"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]

    parent_page_types = ["blog.ArticleIndexPage"]
    subpage_types = []

    @property
    def display_date(self):
        """The date readers see: the editor's, else the first publication."""
        if self.published_date:
            return self.published_date
        if self.first_published_at:
            return self.first_published_at.date()
        return None

    @cached_property
    def word_count(self) -> int:
        return count_words(block_text(self.body))

    @property
    def reading_time_minutes(self) -> int:
        return reading_time_minutes(self.word_count)

    @property
    def meta_description(self) -> str:
        return self.search_description or self.intro

    @cached_property
    def authors(self) -> list[Author]:
        return [link.author for link in self.article_authors.all()]

    def contents(self) -> list[dict]:
        """The section headings (h2) in body order, for the contents list."""
        return [
            {"text": block.value["text"], "anchor": heading_anchor(block.value)}
            for block in self.body
            if block.block_type == "heading" and block.value["level"] == "h2"
        ]

    def related_articles(self, tags, limit: int = RELATED_ARTICLES):
        """Other live articles that share any of `tags`, those sharing most first."""
        tag_ids = [tag.pk for tag in tags]
        if not tag_ids:
            return []
        related = (
            ArticlePage.objects.live()
            .public()
            .exclude(pk=self.pk)
            .filter(tags__in=tag_ids)
            .annotate(shared_tags=Count("pk"))
            .order_by("-shared_tags", "-first_published_at")
        )
        return list(related[:limit])

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Authors and tags in one query each, whatever their number.
        tags = list(self.tags.all())
        context["authors"] = [link.author for link in self.article_authors.select_related("author__photo")]
        context["tags"] = tags
        context["contents"] = self.contents()
        context["related_articles"] = self.related_articles(tags)
        return context
