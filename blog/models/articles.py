"""Articles: the index (blog), the article page, its authors, tags and clinical review."""

from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.db.models.functions import Length, Substr
from django.http import Http404
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageViewRestriction
from wagtail.search import index

from home.blocks import BaseStreamBlock, SourcesBlock, heading_anchor
from home.page_cache import remember_for_content
from home.view_restrictions import CachedViewRestrictionsMixin

from ..feeds import LatestArticlesFeed
from ..pagination import CountedPaginator
from ..reading_time import count_words, reading_time_minutes, stream_text
from ..review import default_next_review
from .authors import Author
from .readers import ArticleComment, CommentStatus

ARTICLES_PER_PAGE = 12
RELATED_ARTICLES = 3
# Related articles are chosen among this many articles sharing the most tags (a few may be drafts).
RELATED_CANDIDATES = 20


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
    return ArticlePage.objects.live().exclude(Exists(_restricted_from_above("path")))


def _restricted_from_above(path_field: str):
    """View restrictions on the page at the outer query's `path_field` or on any page above it."""
    return PageViewRestriction.objects.filter(page__path=Substr(OuterRef(path_field), 1, Length("page__path")))


def newest_first(queryset):
    """Articles by the date readers see on them (the editor's, else first publication), newest first.

    That date is kept in its own indexed column (`listing_date`), so a page of
    the list reads a dozen rows down the index however many articles there
    are, instead of working the date out for every article and sorting them all.
    """
    return queryset.order_by("-listing_date", "-pk")


def articles_with_card_data(queryset):
    """Everything an article card shows, fetched in a fixed number of queries."""
    return queryset.prefetch_related(
        Prefetch("article_authors", queryset=ArticlePageAuthor.objects.select_related("author")),
        "tags",
    )


class ArticleIndexPage(CachedViewRestrictionsMixin, RoutablePageMixin, Page):
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

    def paginate(self, request, articles, *, count, count_name: str):
        """A page of `articles`; the total comes from `count()`, kept under the content version."""
        total = remember_for_content(request, f"article-count:{self.pk}:{count_name}", count)
        return CountedPaginator(articles, ARTICLES_PER_PAGE, count=total).get_page(request.GET.get("page"))

    def count_articles(self) -> int:
        """How many articles `articles()` lists, counted on the page tree alone.

        The same rows as `articles()` (every live, public article below this
        index), without joining the articles' own table: counting thousands of
        articles that way costs a fraction of the join.
        """
        return (
            Page.objects.live()
            .descendant_of(self)
            .type(ArticlePage)
            .exclude(Exists(_restricted_from_above("path")))
            .count()
        )

    @path("")
    def index_view(self, request):
        page_obj = self.paginate(
            request, articles_with_card_data(self.articles()), count=self.count_articles, count_name="all"
        )
        return self.render(request, context_overrides={"articles": page_obj, "tag": None})

    @path("tags/<slug:tag_slug>/", name="tag")
    def tag_view(self, request, tag_slug):
        articles = self.articles().filter(tags__slug=tag_slug)
        page_obj = self.paginate(
            request, articles_with_card_data(articles), count=articles.count, count_name=f"tag:{tag_slug}"
        )
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
                # Only publishing or moving pages changes which article a slug names (home/page_cache.py).
                article = remember_for_content(
                    request,
                    f"article-at:{self.pk}:{path_components[0]}",
                    lambda: (
                        ArticlePage.objects.child_of(self)
                        .filter(slug=path_components[0])
                        .select_related("medical_reviewer")
                        .first()
                    ),
                )
                if article is not None:
                    article._cached_parent_obj = self
                    return article.route(request, [])
        return super().route(request, path_components)

    def tag_url(self, tag) -> str:
        return self.url + self.reverse_subpage("tag", kwargs={"tag_slug": tag.slug})


class ArticlePage(CachedViewRestrictionsMixin, RoutablePageMixin, Page):
    """An article: intro, authors, tags, a body of blocks and its sources, with its clinical review.

    Readers reply and say whether the page helped through two sub-routes that
    take POSTs only (comment/ and feedback/); they hand over to blog/views.py,
    which BlogConfig.ready() gives the app config, so models import no views.
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
    # `display_date` as a column, for ordering listings by an index (set in clean(); see newest_first).
    listing_date = models.DateField(null=True, editable=False)

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

    class Meta:
        indexes = [models.Index(fields=["listing_date", "page_ptr"], name="blog_article_listing")]

    @path("comment/", name="comment")
    def comment_route(self, request):
        return apps.get_app_config("blog").article_views.comment_post(request, self)

    @path("feedback/", name="feedback")
    def feedback_route(self, request):
        return apps.get_app_config("blog").article_views.feedback_post(request, self)

    def clean(self):
        """Fill in the next review date (twelve months on) and check the review record hangs together.

        Run by the admin form and by every save, so the default is set where
        an editor sees it, before publishing, rather than behind their back.
        """
        super().clean()
        self.listing_date = self.display_date
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
        """Other live articles that share any of `tags`, those sharing most first (then the newest), in one query.

        The choosing is done on the narrow tag rows alone: a subquery counts
        the shared tags per article and keeps the best RELATED_CANDIDATES,
        then only those are joined to the pages, checked for being live and
        public, and read in full. Grouping whole article rows, bodies and all,
        for every article sharing a tag grew with the number of articles.
        """
        tag_ids = [tag.pk for tag in tags]
        if not tag_ids:
            return []
        candidates = (
            ArticlePageTag.objects.filter(tag_id__in=tag_ids)
            .exclude(content_object_id=self.pk)
            .values("content_object_id")
            .annotate(shared=Count("pk"))
            .order_by("-shared", "-content_object_id")
            .values("content_object_id")[:RELATED_CANDIDATES]
        )
        related = (
            public_articles()
            .filter(pk__in=candidates)
            .annotate(shared_tags=Count("tagged_items", filter=Q(tagged_items__tag_id__in=tag_ids)))
            .order_by("-shared_tags", "-first_published_at", "-pk")
        )
        return list(related[:limit])

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.reader_context(request))
        return context

    def reader_context(self, request) -> dict:
        """What the article shows besides its own fields: authors, tags, contents, related articles, comments.

        All of it changes only when something is published or a comment is
        moderated, so a published article keeps it under the content version
        (home/page_cache.py) and renders outside the page cache without asking
        the database again. A preview always reads it afresh.
        """
        if self.pk is None or getattr(request, "is_preview", False):
            context = self._reader_context()
            context["related_articles"] = self.related_articles(context["tags"])
            return context
        context = remember_for_content(request, f"article-reader-context:{self.pk}", self._reader_context)
        # Related articles are whole pages, costly to fetch even from the cache, and shown only inside a
        # fragment that is usually cached itself (templates/blog/article_page.html): fetched if it is not.
        context["related_articles"] = SimpleLazyObject(
            lambda: remember_for_content(
                request, f"article-related:{self.pk}", lambda: self.related_articles(context["tags"])
            )
        )
        return context

    def _reader_context(self) -> dict:
        # Authors and tags in one query each, whatever their number.
        return {
            "authors": [link.author for link in self.article_authors.select_related("author__photo")],
            "tags": list(self.tags.all()),
            "contents": self.contents(),
            # A new article being previewed has no comments (and no id to look them up by). Only what the
            # page shows is loaded, so a commenter's email address never reaches the cache.
            "reader_comments": (
                list(
                    ArticleComment.objects.filter(article=self, status=CommentStatus.APPROVED)
                    .only("pk", "article_id", "name", "body", "created_at")
                    .order_by("created_at", "pk")
                )
                if self.pk
                else []
            ),
        }
