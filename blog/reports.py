"""Editors' reports under Reports: content due for clinical review, and readers' feedback.

Wagtail's ReportView gives each one filters (django-filter), pagination and
CSV/XLSX export (its `list_export`); CSV cells that a spreadsheet would run as
formulas are neutralised (home/spreadsheet_safety.py). Everyone who can add, edit or publish
pages may open them, like Wagtail's own page reports.
"""

import datetime

import django_filters
from django.db.models import F, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.functional import cached_property
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies.pages import PagePermissionPolicy

from home.spreadsheet_safety import SpreadsheetSafeExportMixin

from .feedback import with_feedback_counts
from .models import ArticlePage, Author, PageFeedback
from .review import articles_needing_review, due_soon_filter, overdue_filter, review_status

PAGE_EDITING = ["add", "change", "publish"]
OVERDUE = "overdue"
DUE_SOON = "due_soon"


def _date(value: datetime.date | None) -> str:
    return formats.date_format(value, "j M Y") if value else "—"


class PageEditorsOnlyMixin:
    """Reports about pages are for people who can work on pages."""

    any_permission_required = PAGE_EDITING

    @cached_property
    def permission_policy(self):
        return PagePermissionPolicy()


class ReviewDueFilterSet(WagtailFilterSet):
    review = django_filters.ChoiceFilter(
        label="Review",
        choices=[(OVERDUE, "Overdue or never reviewed"), (DUE_SOON, "Due within 30 days")],
        method="filter_review",
        empty_label="Overdue or due soon",
    )
    medical_reviewer = django_filters.ModelChoiceFilter(
        label="Medical reviewer",
        queryset=lambda request: Author.objects.filter(is_clinical=True),
        empty_label="Any reviewer",
    )

    class Meta:
        model = ArticlePage
        fields = ["review", "medical_reviewer", "live"]

    def filter_review(self, queryset, name, value):
        today = timezone.localdate()
        if value == OVERDUE:
            return queryset.filter(overdue_filter(today))
        if value == DUE_SOON:
            return queryset.filter(due_soon_filter(today))
        return queryset


class ReviewDueReportView(PageEditorsOnlyMixin, SpreadsheetSafeExportMixin, ReportView):
    """Articles past their review date, never reviewed, or due for review within 30 days; most urgent first."""

    page_title = "Content due for review"
    header_icon = "calendar-alt"
    model = ArticlePage
    filterset_class = ReviewDueFilterSet
    index_url_name = "blog_reports:review_due"
    index_results_url_name = "blog_reports:review_due_results"
    verbose_name_plural = "articles due for review"
    columns = [
        TitleColumn("title", label="Article", url_name="wagtailadmin_pages:edit"),
        Column("review_state", label="Review"),
        Column("next_review_due", label="Next review due", accessor=lambda page: _date(page.next_review_due)),
        Column("last_reviewed", label="Last reviewed", accessor=lambda page: _date(page.last_reviewed)),
        Column("reviewer_name", label="Medical reviewer"),
        Column("helpful_yes", label="Helpful: yes"),
        Column("helpful_no", label="Helpful: no"),
        Column("status_string", label="Status"),
    ]
    list_export = [
        "title",
        "review_state",
        "next_review_due",
        "last_reviewed",
        "reviewer_name",
        "helpful_yes",
        "helpful_no",
        "status_string",
        "full_url",
    ]
    export_headings = {
        "title": "Article",
        "review_state": "Review",
        "next_review_due": "Next review due",
        "last_reviewed": "Last reviewed",
        "reviewer_name": "Medical reviewer",
        "helpful_yes": "Helpful: yes",
        "helpful_no": "Helpful: no",
        "status_string": "Status",
        "full_url": "Address",
    }

    def get_filename(self):
        return f"content-due-for-review-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        today = timezone.localdate()
        self.queryset = with_feedback_counts(
            articles_needing_review(ArticlePage.objects.select_related("medical_reviewer"), today)
        )
        return super().get_queryset()

    def decorate_paginated_queryset(self, object_list):
        today = timezone.localdate()
        for page in object_list:
            page.review_state = review_status(page.next_review_due, today)
            page.reviewer_name = page.medical_reviewer.name if page.medical_reviewer_id else ""
        return object_list


class FeedbackFilterSet(WagtailFilterSet):
    class Meta:
        model = ArticlePage
        fields = ["live"]


class FeedbackReportView(PageEditorsOnlyMixin, SpreadsheetSafeExportMixin, ReportView):
    """ "Was this page helpful?" answers counted per article, the most answered first."""

    page_title = "Page feedback"
    header_icon = "help"
    model = ArticlePage
    filterset_class = FeedbackFilterSet
    index_url_name = "blog_reports:feedback"
    index_results_url_name = "blog_reports:feedback_results"
    verbose_name_plural = "articles"
    columns = [
        TitleColumn("title", label="Article", url_name="wagtailadmin_pages:edit"),
        Column("helpful_yes", label="Yes"),
        Column("helpful_no", label="No"),
        Column("helpful_share", label="Found it helpful"),
        Column("feedback_comments", label="With a comment"),
        Column("status_string", label="Status"),
    ]
    list_export = ["title", "helpful_yes", "helpful_no", "helpful_share", "feedback_comments", "status_string"]
    export_headings = {
        "title": "Article",
        "helpful_yes": "Yes",
        "helpful_no": "No",
        "helpful_share": "Found it helpful",
        "feedback_comments": "With a comment",
        "status_string": "Status",
    }

    def get_filename(self):
        return f"page-feedback-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        self.queryset = (
            with_feedback_counts(ArticlePage.objects.all())
            .annotate(answers=F("helpful_yes") + F("helpful_no"))
            .order_by("-answers", "title", "pk")
        )
        return super().get_queryset()

    def decorate_paginated_queryset(self, object_list):
        for page in object_list:
            answers = page.helpful_yes + page.helpful_no
            page.helpful_share = f"{round(100 * page.helpful_yes / answers)}%" if answers else "—"
        return object_list


class FeedbackCommentsFilterSet(WagtailFilterSet):
    helpful = django_filters.BooleanFilter(label="Helpful")
    article = django_filters.ModelChoiceFilter(
        label="Article",
        queryset=lambda request: ArticlePage.objects.order_by("title"),
        empty_label="Any article",
    )
    created_at = django_filters.DateFromToRangeFilter(label="Sent", widget=DateRangePickerWidget)

    class Meta:
        model = PageFeedback
        fields = ["helpful", "article", "created_at"]


class FeedbackCommentsReportView(PageEditorsOnlyMixin, SpreadsheetSafeExportMixin, ReportView):
    """What readers wrote in "How could we make this page better?", newest first."""

    page_title = "Feedback comments"
    header_icon = "comment"
    model = PageFeedback
    filterset_class = FeedbackCommentsFilterSet
    index_url_name = "blog_reports:feedback_comments"
    index_results_url_name = "blog_reports:feedback_comments_results"
    verbose_name_plural = "feedback comments"
    columns = [
        DateColumn("created_at", label="Sent"),
        TitleColumn(
            "article_title",
            label="Article",
            accessor="article.title",
            get_url=lambda feedback: reverse("wagtailadmin_pages:edit", args=[feedback.article_id]),
        ),
        Column("helpful", label="Helpful", accessor=lambda feedback: "Yes" if feedback.helpful else "No"),
        Column("comment", label="Comment"),
    ]
    list_export = ["created_at", "article.title", "helpful", "comment"]
    export_headings = {"created_at": "Sent", "article.title": "Article", "helpful": "Helpful", "comment": "Comment"}

    def get_filename(self):
        return f"feedback-comments-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        self.queryset = (
            PageFeedback.objects.filter(~Q(comment="")).select_related("article").order_by("-created_at", "-pk")
        )
        return super().get_queryset()
