"""The editors' dashboard panel: how many articles need a clinical review, and comments waiting."""

from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component

from .comment_admin import can_moderate
from .comments import pending_comment_count
from .models import ArticlePage
from .review import DUE_SOON_DAYS, review_counts


class ReviewDuePanel(Component):
    """Counts of overdue articles and those due within 30 days, linking to the report filtered to each."""

    name = "content_due_for_review"
    template_name = "blog/admin/review_due_panel.html"
    order = 120

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        counts = review_counts(ArticlePage.objects.all(), timezone.localdate())
        report_url = reverse("blog_reports:review_due")
        context = {
            "counts": counts,
            "due_soon_days": DUE_SOON_DAYS,
            "overdue_url": f"{report_url}?review=overdue",
            "due_soon_url": f"{report_url}?review=due_soon",
            "pending_comments": None,
        }
        if can_moderate(request.user):
            context["pending_comments"] = pending_comment_count()
            context["comments_url"] = reverse("reader_comments:index") + "?status=pending"
        return context
