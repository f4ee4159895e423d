"""Moderating readers' comments in the Wagtail admin: a list, newest first, with approve and reject.

Under "Reader comments" in the admin menu, for staff with the "Can change reader
comment" permission (superusers, or a group given it in Settings > Groups).
The list can be narrowed to one state; approve and reject are POSTs (with
the CSRF token) that go through blog/comments.py and come back to the list.
"""

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import BaseListingView
from wagtail.admin.viewsets.base import ViewSet
from wagtail.utils.urlpatterns import decorate_urlpatterns

from .comments import InvalidModeration, comment_approve, comment_reject, comments_for_moderation
from .models import ArticleComment, CommentStatus

MODERATE_PERMISSION = "blog.change_articlecomment"


def can_moderate(user) -> bool:
    return user.is_active and user.has_perm(MODERATE_PERMISSION)


def moderators_only(view):
    def checked(request, *args, **kwargs):
        if not can_moderate(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return checked


class CommentFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(choices=CommentStatus.choices, empty_label="Any state")

    class Meta:
        model = ArticleComment
        fields = ["status"]


class ModerationActionsColumn(Column):
    """Approve / Reject buttons, each a small POST form back to this list."""

    cell_template_name = "blog/admin/comment_actions_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        context["csrf_token"] = get_token(request)
        context["next_url"] = request.get_full_path().replace("/results/", "/") if request else ""
        return context


class CommentModerationView(BaseListingView):
    page_title = "Reader comments"
    header_icon = "comment"
    paginate_by = 25
    filterset_class = CommentFilterSet
    index_url_name = "reader_comments:index"
    index_results_url_name = "reader_comments:index_results"
    verbose_name_plural = "comments"
    columns = [
        DateColumn("created_at", label="Received"),
        Column("article", label="Article", accessor="article.title"),
        Column("name", label="Name"),
        Column("email", label="Email (never published)"),
        Column("body", label="Comment"),
        Column("status", label="State", accessor=lambda comment: comment.get_status_display()),
        ModerationActionsColumn("actions", label="Moderate"),
    ]

    def get_base_queryset(self):
        return comments_for_moderation()


class ModerationActionView(View):
    """POST only: apply one decision to one comment, then return to the list (or where `next` says)."""

    http_method_names = ["post"]
    decide = staticmethod(lambda *, comment, user: comment)
    done_message = ""

    def post(self, request, pk):
        comment = get_object_or_404(ArticleComment, pk=pk)
        try:
            self.decide(comment=comment, user=request.user)
        except InvalidModeration as error:
            messages.warning(request, str(error))
        else:
            messages.success(request, self.done_message.format(name=comment.name, title=comment.article.title))
        next_url = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
            next_url = reverse("reader_comments:index")
        return redirect(next_url)


class ApproveView(ModerationActionView):
    decide = staticmethod(comment_approve)
    done_message = "Approved the comment by {name}: it now shows under “{title}”."


class RejectView(ModerationActionView):
    decide = staticmethod(comment_reject)
    done_message = "Rejected the comment by {name}: it will not show under “{title}”."


class CommentsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_moderate(request.user)


class CommentModerationViewSet(ViewSet):
    name = "reader_comments"
    url_prefix = "reader-comments"
    icon = "comment"
    menu_label = "Reader comments"
    menu_name = "reader-comments"
    menu_order = 250
    add_to_admin_menu = True

    @cached_property
    def menu_item_class(self):
        return CommentsMenuItem

    @cached_property
    def menu_url(self):
        return reverse("reader_comments:index")

    def get_urlpatterns(self):
        """Every pattern is wrapped in the moderator check, so no view can be added unguarded."""
        patterns = [
            path("", CommentModerationView.as_view(), name="index"),
            path("results/", CommentModerationView.as_view(results_only=True), name="index_results"),
            path("<int:pk>/approve/", ApproveView.as_view(), name="approve"),
            path("<int:pk>/reject/", RejectView.as_view(), name="reject"),
        ]
        return decorate_urlpatterns(patterns, moderators_only)
