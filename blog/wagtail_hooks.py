"""The blog in the Wagtail admin: authors, the review and feedback reports, comment moderation, the dashboard panel."""

from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_panels import ReviewDuePanel
from .comment_admin import CommentModerationViewSet
from .comments import APPROVE_ACTION, REJECT_ACTION
from .models import ArticleIndexPage, Author
from .models.clinical_review import SIGN_OFF_ACTION
from .publish_guard import (
    PublishWithoutSignOffView,
    hide_publish_button_on_articles,
    refuse_bulk_publishing_articles,
    refuse_creating_published_article,
    refuse_publishing_article,
    refuse_publishing_copied_articles,
)
from .reports import FeedbackCommentsReportView, FeedbackReportView, ReviewDueReportView
from .sign_off import OVERRIDE_ACTION, workflow_attach_clinical_review


class AuthorViewSet(SnippetViewSet):
    """Authors and reviewers, under Snippets > Authors."""

    model = Author
    icon = "user"
    menu_label = "Authors"
    list_display = ["name", "role", "is_clinical", "user"]
    list_filter = ["is_clinical"]
    search_fields = ["name", "role"]


register_snippet(AuthorViewSet)


def _works_on_pages(user) -> bool:
    return PagePermissionPolicy().user_has_any_permission(user, ["add", "change", "publish"])


class PageEditorsMenuItem(MenuItem):
    def is_shown(self, request):
        return _works_on_pages(request.user)


report_urls = [
    path("review-due/", ReviewDueReportView.as_view(), name="review_due"),
    path("review-due/results/", ReviewDueReportView.as_view(results_only=True), name="review_due_results"),
    path("feedback/", FeedbackReportView.as_view(), name="feedback"),
    path("feedback/results/", FeedbackReportView.as_view(results_only=True), name="feedback_results"),
    path("feedback-comments/", FeedbackCommentsReportView.as_view(), name="feedback_comments"),
    path(
        "feedback-comments/results/",
        FeedbackCommentsReportView.as_view(results_only=True),
        name="feedback_comments_results",
    ),
]


sign_off_urls = [path("<int:page_id>/override/", PublishWithoutSignOffView.as_view(), name="override")]


@hooks.register("register_admin_urls")
def register_blog_report_urls():
    return [
        path("blog-reports/", include((report_urls, "blog_reports"), namespace="blog_reports")),
        path("clinical-sign-off/", include((sign_off_urls, "blog_sign_off"), namespace="blog_sign_off")),
    ]


hooks.register("construct_page_action_menu", hide_publish_button_on_articles)
hooks.register("before_create_page", refuse_creating_published_article)
hooks.register("before_publish_page", refuse_publishing_article)
hooks.register("before_bulk_action", refuse_bulk_publishing_articles)
hooks.register("before_copy_page", refuse_publishing_copied_articles)


@hooks.register("after_create_page")
def attach_clinical_review_to_new_index(request, page):
    if isinstance(page.specific_deferred, ArticleIndexPage):
        workflow_attach_clinical_review(index=page)


@hooks.register("register_reports_menu_item")
def register_review_due_report():
    return PageEditorsMenuItem(
        "Content due for review",
        reverse("blog_reports:review_due"),
        name="content-due-for-review",
        icon_name="calendar-alt",
        order=150,
    )


@hooks.register("register_reports_menu_item")
def register_feedback_report():
    return PageEditorsMenuItem(
        "Page feedback", reverse("blog_reports:feedback"), name="page-feedback", icon_name="help", order=160
    )


@hooks.register("register_reports_menu_item")
def register_feedback_comments_report():
    return PageEditorsMenuItem(
        "Feedback comments",
        reverse("blog_reports:feedback_comments"),
        name="feedback-comments",
        icon_name="comment",
        order=170,
    )


@hooks.register("register_admin_viewset")
def register_comment_moderation():
    return CommentModerationViewSet()


@hooks.register("construct_homepage_panels")
def add_review_due_panel(request, panels):
    if _works_on_pages(request.user):
        panels.append(ReviewDuePanel())


@hooks.register("register_permissions")
def register_comment_permissions():
    """Lets Settings > Groups give a group the right to moderate readers' comments."""
    return Permission.objects.filter(content_type__app_label="blog", codename="change_articlecomment")


@hooks.register("register_log_actions")
def register_comment_actions(actions):
    actions.register_action(APPROVE_ACTION, "Approve reader comment", "Approved the comment")
    actions.register_action(REJECT_ACTION, "Reject reader comment", "Rejected the comment")
    actions.register_action(SIGN_OFF_ACTION, "Clinical sign-off", "Signed off by a clinical reviewer")
    actions.register_action(OVERRIDE_ACTION, "Publish without sign-off", "Published without clinical sign-off")
