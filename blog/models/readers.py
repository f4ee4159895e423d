"""What readers send back about an article: replies held for moderation, and "Was this page helpful?" answers.

Both are plain rows beside the page, not part of it: they are not saved in
page revisions, and nothing here changes the page. Status changes go through
blog/comments.py, answers are recorded by blog/feedback.py.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

COMMENT_NAME_MAX_LENGTH = 80
COMMENT_BODY_MAX_LENGTH = 2000
FEEDBACK_COMMENT_MAX_LENGTH = 500


class CommentStatus(models.TextChoices):
    PENDING = "pending", "Awaiting moderation"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


class ArticleComment(models.Model):
    """A reader's reply to an article ("Leave a reply").

    Every reply starts as pending and is shown only once a moderator approves
    it. The email address is for the moderators alone (to ask the writer about
    a reply) and is never shown on the site.
    """

    article = models.ForeignKey("blog.ArticlePage", on_delete=models.CASCADE, related_name="reader_comments")
    name = models.CharField(max_length=COMMENT_NAME_MAX_LENGTH)
    email = models.EmailField()
    body = models.TextField("comment", max_length=COMMENT_BODY_MAX_LENGTH)
    status = models.CharField(max_length=10, choices=CommentStatus.choices, default=CommentStatus.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["article", "status", "created_at"], name="blog_comment_article_status"),
            models.Index(fields=["status", "created_at"], name="blog_comment_status_created"),
        ]
        verbose_name = "reader comment"

    def __str__(self):
        # No name or email: this is the label of the comment's audit-log entries.
        return f"Reader comment {self.pk} on “{self.article.title}”"


class PageFeedback(models.Model):
    """One answer to "Was this page helpful?".

    Yes or no and an optional comment, and nothing about who answered: no
    name, address, IP or account, so editors read opinions, not personal data.
    """

    article = models.ForeignKey("blog.ArticlePage", on_delete=models.CASCADE, related_name="reader_feedback")
    helpful = models.BooleanField()
    comment = models.TextField(max_length=FEEDBACK_COMMENT_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["article", "helpful"], name="blog_feedback_article_helpful")]
        verbose_name = "page feedback"
        verbose_name_plural = "page feedback"

    def __str__(self):
        return f"{'Helpful' if self.helpful else 'Not helpful'}: “{self.article.title}”"
