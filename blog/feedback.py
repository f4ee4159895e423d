"""'Was this page helpful?': recording answers, and counting them per article for the editors' reports."""

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from .models import ArticlePage, PageFeedback


def feedback_record(*, article: ArticlePage, helpful: bool, comment: str = "") -> PageFeedback:
    """Keep one answer. Nothing about who gave it is stored."""
    return PageFeedback.objects.create(article=article, helpful=helpful, comment=comment)


def _count(**filters) -> Coalesce:
    counted = (
        PageFeedback.objects.filter(article=OuterRef("pk"), **filters)
        .order_by()
        .values("article")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def with_feedback_counts(articles: QuerySet) -> QuerySet:
    """`articles` with `helpful_yes`, `helpful_no` and `feedback_comments` counted, as subqueries of one query.

    Subqueries rather than joins, so the counts stay right whatever else the
    queryset joins or annotates.
    """
    return articles.annotate(
        helpful_yes=_count(helpful=True),
        helpful_no=_count(helpful=False),
        feedback_comments=_count(comment__gt=""),
    )
