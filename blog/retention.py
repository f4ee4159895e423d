"""How long readers' words are kept: comments and the text of feedback answers.

- A comment (name, email, text) is deleted COMMENT_RETENTION_DAYS after it was
  sent, whatever its status; a rejected comment at the next run, whatever its
  age (it was never shown, and nobody needs it once a moderator has decided).
- A feedback answer keeps its yes/no (the reports count them) but loses its
  text FEEDBACK_COMMENT_RETENTION_DAYS after it was sent.
- The audit-log entries of a deleted comment keep their action, time and
  moderator, and get the comment's present label (ArticleComment.__str__,
  no personal data), so entries written before labels were made neutral do
  not keep a name either.

`purge_comments_and_feedback` (the clock runs it daily) calls this; running
it twice in a row is harmless.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from wagtail.models import ModelLogEntry

from .models import ArticleComment, CommentStatus, PageFeedback


@dataclass(frozen=True)
class ReaderDataPurged:
    comments_deleted: int
    feedback_texts_blanked: int


@transaction.atomic
def reader_data_purge(*, now: datetime, comment_days: int, feedback_days: int) -> ReaderDataPurged:
    """Delete comments and blank feedback texts past their retention (see the module docstring)."""
    expired = ArticleComment.objects.filter(
        Q(status=CommentStatus.REJECTED) | Q(created_at__lt=now - timedelta(days=comment_days))
    ).select_related("article")
    comments = list(expired)
    content_type = ContentType.objects.get_for_model(ArticleComment)
    for comment in comments:
        ModelLogEntry.objects.filter(content_type=content_type, object_id=str(comment.pk)).update(label=str(comment))
    ArticleComment.objects.filter(pk__in=[comment.pk for comment in comments]).delete()

    blanked = (
        PageFeedback.objects.filter(created_at__lt=now - timedelta(days=feedback_days))
        .exclude(comment="")
        .update(comment="")
    )
    return ReaderDataPurged(comments_deleted=len(comments), feedback_texts_blanked=blanked)
