"""Readers' comments: every write (submit, approve, reject) and the reads the moderation list needs.

A comment is created pending and changes state only here, inside a
transaction that locks its row, so two moderators acting at once cannot both
"win". Every decision is written to Wagtail's audit log with who made it.
"""

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from wagtail.log_actions import log

from .models import ArticleComment, ArticlePage, CommentStatus

APPROVE_ACTION = "blog.comment.approve"
REJECT_ACTION = "blog.comment.reject"


class InvalidModeration(Exception):
    """The comment is already in the state the moderator asked for."""


def comment_submit(*, article: ArticlePage, name: str, email: str, body: str) -> ArticleComment:
    """Hold a reader's comment for moderation."""
    return ArticleComment.objects.create(article=article, name=name, email=email, body=body)


def comment_approve(*, comment: ArticleComment, user) -> ArticleComment:
    """Publish a comment under its article (a rejected one too, if it was rejected by mistake)."""
    return _moderate(comment=comment, user=user, status=CommentStatus.APPROVED, action=APPROVE_ACTION)


def comment_reject(*, comment: ArticleComment, user) -> ArticleComment:
    """Keep a comment off the site (an approved one is taken down)."""
    return _moderate(comment=comment, user=user, status=CommentStatus.REJECTED, action=REJECT_ACTION)


def _moderate(*, comment: ArticleComment, user, status: str, action: str) -> ArticleComment:
    with transaction.atomic():
        locked = ArticleComment.objects.select_for_update().select_related("article").get(pk=comment.pk)
        if locked.status == status:
            raise InvalidModeration(f"This comment is already {locked.get_status_display().lower()}.")
        previous = locked.status
        locked.status = status
        locked.moderated_at = timezone.now()
        locked.moderated_by = user
        locked.save(update_fields=["status", "moderated_at", "moderated_by"])
        log(instance=locked, action=action, user=user, data={"previous_status": previous})
    return locked


def comments_for_moderation() -> QuerySet:
    """Every comment, newest first, with its article for the list's links."""
    return ArticleComment.objects.select_related("article").order_by("-created_at", "-pk")


def pending_comment_count() -> int:
    return ArticleComment.objects.filter(status=CommentStatus.PENDING).count()
