"""Articles: the index (blog), the article page, its authors, tags and clinical review."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Count, Exists, OuterRef, Prefetch
from django.db.models.functions import Coalesce, Length, Substr, TruncDate
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageViewRestriction
from wagtail.search import index

from home.blocks import BaseStreamBlock, SourcesBlock, heading_anchor

from ..feeds import LatestArticlesFeed
from ..reading_time import count_words, reading_time_minutes, stream_text
from ..review import default_next_review
from .authors import Author
from .readers import ArticleComment, CommentStatus

ARTICLES_PER_PAGE = 12
RELATED_ARTICLES = 3


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey("blog.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items")


class ArticlePageAuthor(Orderable):
    """One author of an article, in the order the editor lists them."""

    page = ParentalKey("blog.ArticlePage", on_delete=models.CASCADE, related_name="article_authors")
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="+")

    panels = [FieldPanel("author")]


def public_articles():
    """Live articles outside any private section.

    Like `PageQuerySet.public()`, which first fetches every view restriction in
    a query of its own; here the check is a subquery of the same query.
    """
    restricted_from_above = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    return ArticlePage.objects.live().exclude(Exists(restricted_from_above))


def newest_first(queryset):
    """Articles by the date readers see on them (the editor's, else first publication), newest first."""
    return queryset.annotate(sort_date=Coalesce("published_date", TruncDate("first_published_at"))).order_by(
        "-sort_date", "-pk"
    )


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
        return newest_first(public_articles().descendant_of(self))

    def paginate(self, request, articles):
        return Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))

    @path("")
    def index_view(self, request):
        page_obj = self.paginate(request, articles_with_card_data(self.articles()))
        return self.render(request, context_overrides={"articles": page_obj, "tag": None})

    @path("tags/<slug:tag_slug>/", name="tag")
    def tag_view(self, request, tag_slug):
        articles = self.articles().filter(tags__slug=tag_slug)
        page_obj = self.paginate(request, articles_with_card_data(articles))
        if not page_obj.paginator.count:
            raise Http404("No articles carry this tag.")
        # The tag itself comes with the articles' prefetched tags rather than a query of its own.
        tag = next(tag for tag in page_obj[0].tags.all() if tag.slug == tag_slug)
        return self.render(request, context_overrides={"articles": page_obj, "tag": tag})

    @path("feed/", name="feed")
    def feed_view(self, request):
        return LatestArticlesFeed(self)(request)

    def route(self, request, path_components):
        """Find an article with one query (its own table joined), where Wagtail's default takes two.

        The index's own routes (feed, tags) keep precedence, as RoutablePageMixin gives them.
        """
        if len(path_components) == 1:
            try:
                self.resolve_subpage(f"/{path_components[0]}/")
            except Http404:
                article = (
                    ArticlePage.objects.child_of(self)
                    .filter(slug=path_components[0])
                    .select_related("medical_reviewer")
                    .first()
                )
                if article is not None:
                    article._cached_parent_obj = self
                    return article.route(request, [])
        return super().route(request, path_components)

    def tag_url(self, tag) -> str:
        return self.url + self.reverse_subpage("tag", kwargs={"tag_slug": tag.slug})


class ArticlePage(RoutablePageMixin, Page):
    """An article: intro, authors, tags, a body of blocks and its sources, with its clinical review.

    Readers reply and say whether the page helped through two sub-routes that
    take POSTs only (comment/ and feedback/); they hand over to blog/views.py,
    imported when a route is served so the models load without the view layer.
    """

    intro = models.TextField(
        help_text="Shown in listings and used as the page description unless the SEO description is set.",
    )
    published_date = models.DateField(
        null=True,
        blank=True,
        help_text="Leave blank to use the date the article was first published.",
    )
    body = StreamField(BaseStreamBlock())
    sources = StreamField(
        SourcesBlock(),
        blank=True,
        help_text="The guidelines, papers and pages the article draws on, numbered in this order at its end.",
    )
    tags = ClusterTaggableManager(through=ArticlePageTag, blank=True)
    medical_reviewer = models.ForeignKey(
        Author,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"is_clinical": True},
        help_text="The clinician who checked the article. Only authors marked as clinical reviewers are listed.",
    )
    last_reviewed = models.DateField(null=True, blank=True, help_text="The date of the last clinical review.")
    next_review_due = models.DateField(
        null=True,
        blank=True,
        help_text="Leave blank for twelve months after the last review.",
    )

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
        FieldPanel("sources"),
        MultiFieldPanel(
            [
                # A plain list rather than the snippet chooser: the chooser would offer every author.
                FieldPanel("medical_reviewer", widget=forms.Select),
                FieldPanel("last_reviewed"),
                FieldPanel("next_review_due"),
            ],
            heading="Clinical review",
        ),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]

    parent_page_types = ["blog.ArticleIndexPage"]
    subpage_types = []

    @path("comment/", name="comment")
    def comment_route(self, request):
        from .. import views

        return views.comment_post(request, self)

    @path("feedback/", name="feedback")
    def feedback_route(self, request):
        from .. import views

        return views.feedback_post(request, self)

    def clean(self):
        """Fill in the next review date (twelve months on) and check the review record hangs together.

        Run by the admin form and by every save, so the default is set where
        an editor sees it, before publishing, rather than behind their back.
        """
        super().clean()
        if self.last_reviewed and not self.next_review_due:
            self.next_review_due = default_next_review(self.last_reviewed)
        errors = {}
        if self.last_reviewed and self.last_reviewed > timezone.localdate():
            errors["last_reviewed"] = "The last review cannot be in the future."
        if self.last_reviewed and self.next_review_due and self.next_review_due <= self.last_reviewed:
            errors["next_review_due"] = "The next review must fall after the last one."
        if self.last_reviewed and self.medical_reviewer_id is None:
            errors["medical_reviewer"] = "Choose the clinician who did the review."
        if self.medical_reviewer_id is not None and not self.last_reviewed:
            errors["last_reviewed"] = "Give the date of the review."
        if errors:
            raise ValidationError(errors)

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
        return count_words(stream_text(self.body))

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
            public_articles()
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
        # A new article being previewed has no comments (and no id to look them up by).
        context["reader_comments"] = (
            list(
                ArticleComment.objects.filter(article=self, status=CommentStatus.APPROVED).order_by("created_at", "pk")
            )
            if self.pk
            else []
        )
        return context
