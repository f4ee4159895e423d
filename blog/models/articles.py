"""Articles: the index (blog), the article page, its authors, tags and clinical review."""

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
from home.page_cache import mark_listing_page_number

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
# Held by superusers alone unless granted: blog/publish_guard.py asks them for a reason.
PUBLISH_WITHOUT_SIGN_OFF = "publish_without_sign_off"


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

    def paginate(self, request, articles, *, count: int):
        """The page of `articles` that `?page=` asks for (the last for a number past the end).

        Tells the page cache whether the number asked for is one of the pages,
        so that only those are kept (home/page_cache.py).
        """
        paginator = CountedPaginator(articles, ARTICLES_PER_PAGE, count=count)
        asked = request.GET.get("page")
        # One spelling per page ("2", never "02"): other spellings would be new keys for the same content.
        canonical = asked is not None and asked.isdigit() and str(int(asked)) == asked
        mark_listing_page_number(request, in_range=asked is None or (canonical and int(asked) in paginator.page_range))
        return paginator.get_page(asked)

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
        page_obj = self.paginate(request, articles_with_card_data(self.articles()), count=self.count_articles())
        return self.render(request, context_overrides={"articles": page_obj, "tag": None})

    @path("tags/<slug:tag_slug>/", name="tag")
    def tag_view(self, request, tag_slug):
        articles = self.articles().filter(tags__slug=tag_slug)
        page_obj = self.paginate(request, articles_with_card_data(articles), count=articles.count())
        if not page_obj.paginator.count:
            raise Http404("No articles carry this tag.")
        # The tag itself comes with the articles' prefetched tags rather than a query of its own.
        tag = next(tag for tag in page_obj[0].tags.all() if tag.slug == tag_slug)
        return self.render(request, context_overrides={"articles": page_obj, "tag": tag})

    @path("feed/", name="feed")
    def feed_view(self, request):
        return LatestArticlesFeed(self)(request)

    def get_cached_paths(self):
        """Every address this index answers that a CDN may hold: for `wagtail.contrib.frontend_cache`.

        The list, each of its pages, the feed, and each tag page with its pages,
        so that publishing an article purges every listing it may appear on.
        """
        yield "/"
        yield from self._page_number_paths("", self.count_articles())
        yield self.reverse_subpage("feed")
        tag_counts = (
            ArticlePageTag.objects.filter(content_object__path__startswith=self.path)
            .values_list("tag__slug")
            .annotate(articles=Count("pk"))
        )
        for slug, articles in tag_counts:
            tag_path = self.reverse_subpage("tag", kwargs={"tag_slug": slug})
            yield tag_path
            yield from self._page_number_paths(tag_path, articles)

    @staticmethod
    def _page_number_paths(prefix: str, articles: int):
        pages = -(-articles // ARTICLES_PER_PAGE)
        for number in range(2, pages + 1):
            yield f"{prefix}?page={number}"

    def tag_url(self, tag) -> str:
        return self.url + self.reverse_subpage("tag", kwargs={"tag_slug": tag.slug})


class ArticlePage(RoutablePageMixin, Page):
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
        help_text="The clinician who signed the article off.",
    )
    last_reviewed = models.DateField(null=True, blank=True, help_text="The date of the last clinical sign-off.")
    next_review_due = models.DateField(
        null=True,
        blank=True,
        help_text="Twelve months (CLINICAL_REVIEW_INTERVAL_MONTHS) after the last sign-off.",
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
            # Read-only for everyone: the "Clinical sign-off" workflow task fills them in (models/clinical_review.py).
            [
                FieldPanel("medical_reviewer", read_only=True),
                FieldPanel("last_reviewed", read_only=True),
                FieldPanel("next_review_due", read_only=True),
            ],
            heading="Clinical review",
            help_text="Set when a clinical reviewer signs the article off in the Clinical review workflow.",
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
        permissions = [(PUBLISH_WITHOUT_SIGN_OFF, "Can publish an article without clinical sign-off, giving a reason")]

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

        Related articles are fetched only if the template renders them: they sit
        in a fragment usually cached with `{% wagtailpagecache %}`
        (templates/blog/article_page.html).
        """
        context = self._reader_context()
        context["related_articles"] = SimpleLazyObject(lambda: self.related_articles(context["tags"]))
        return context

    def _reader_context(self) -> dict:
        # Authors and tags in one query each, whatever their number. Everything here is shown only
        # inside fragments cached with Wagtail's tags, so each is fetched (or, for the contents, worked
        # out from the body, which loads the pages its blocks link to) only when a fragment is rendered.
        return {
            "authors": SimpleLazyObject(
                lambda: [link.author for link in self.article_authors.select_related("author__photo")]
            ),
            "tags": SimpleLazyObject(lambda: list(self.tags.all())),
            "contents": SimpleLazyObject(self.contents),
            "reader_comments": SimpleLazyObject(self.approved_comments),
        }

    def approved_comments(self) -> list[ArticleComment]:
        """The comments readers see, oldest first.

        A new article being previewed has no comments (and no id to look them up by). Only what the
        page shows is loaded, so a commenter's email address never reaches the cache.
        """
        if not self.pk:
            return []
        return list(
            ArticleComment.objects.filter(article=self, status=CommentStatus.APPROVED)
            .only("pk", "article_id", "name", "body", "created_at")
            .order_by("created_at", "pk")
        )
