"""Retention of readers' words: comments deleted after COMMENT_RETENTION_DAYS (rejected ones at once),
feedback texts blanked after FEEDBACK_COMMENT_RETENTION_DAYS, and no name or email in the audit log."""

import datetime
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import ModelLogEntry, PageLogEntry

from blog.comments import comment_approve, comment_reject
from blog.models import ArticleComment, CommentStatus, PageFeedback
from tests.blog.factories import ArticleCommentFactory, ArticlePageFactory, PageFeedbackFactory
from tests.home.factories import editor_user


@pytest.fixture
def article(article_index):
    return ArticlePageFactory(parent=article_index, title="Sleeping with sciatica")


def days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def purge(**options):
    call_command("purge_comments_and_feedback", **options)


def test_comments_older_than_the_retention_are_deleted_whatever_their_status(article, settings):
    settings.COMMENT_RETENTION_DAYS = 30
    old_shown = ArticleCommentFactory(article=article, status=CommentStatus.APPROVED, created_at=days_ago(31))
    old_pending = ArticleCommentFactory(article=article, created_at=days_ago(31))
    recent_shown = ArticleCommentFactory(article=article, status=CommentStatus.APPROVED, created_at=days_ago(29))
    recent_pending = ArticleCommentFactory(article=article, created_at=days_ago(1))

    purge()

    kept = set(ArticleComment.objects.values_list("pk", flat=True))
    assert kept == {recent_shown.pk, recent_pending.pk}
    assert not kept & {old_shown.pk, old_pending.pk}


def test_a_rejected_comment_goes_at_the_next_run_however_recent(article):
    rejected = ArticleCommentFactory(article=article, status=CommentStatus.REJECTED, created_at=days_ago(0))

    purge()

    assert not ArticleComment.objects.filter(pk=rejected.pk).exists()


def test_feedback_keeps_its_answer_but_loses_its_text_after_the_retention(article, settings):
    settings.FEEDBACK_COMMENT_RETENTION_DAYS = 90
    old = PageFeedbackFactory(article=article, helpful=False, comment="My name is Jo, call me", created_at=days_ago(91))
    recent = PageFeedbackFactory(article=article, helpful=True, comment="Clear", created_at=days_ago(89))

    purge()

    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.helpful, old.comment) == (False, "")
    assert (recent.helpful, recent.comment) == (True, "Clear")
    assert PageFeedback.objects.count() == 2


def test_the_command_takes_days_from_its_options_and_refuses_negative_ones(article, capsys):
    ArticleCommentFactory(article=article, created_at=days_ago(3))

    purge(comment_days=2)

    assert not ArticleComment.objects.exists()
    assert "Deleted 1 reader comment" in capsys.readouterr().out
    with pytest.raises(Exception, match="cannot be negative"):
        purge(comment_days=-1)


def test_a_comment_reads_without_its_writer_in_admin_lists_and_logs(article):
    comment = ArticleCommentFactory(article=article, name="Jo Bloggs", email="jo.bloggs@example.com")

    assert "Jo" not in str(comment) and "jo.bloggs" not in str(comment)
    assert "Sleeping with sciatica" in str(comment)


def test_no_log_entry_names_the_commenter_after_moderation_and_purge(article, client):
    """Every word of every audit-log entry, after a reader's comment, its moderation and its purge."""
    client.post(
        f"{article.url}comment/",
        {
            "reply-name": "Jo Bloggs",
            "reply-email": "jo.bloggs@example.com",
            "reply-body": "Ring me on 07700 900123",
            "reply-website": "",
        },
    )
    comment = ArticleComment.objects.get()
    moderator = editor_user()
    comment_approve(comment=comment, user=moderator)
    comment_reject(comment=comment, user=moderator)
    # An entry written before comment labels were made neutral.
    ModelLogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(ArticleComment),
        object_id=str(comment.pk),
        label="Jo Bloggs on “Sleeping with sciatica”",
        action="blog.comment.approve",
        timestamp=timezone.now(),
    )

    purge()

    entries = [*ModelLogEntry.objects.all(), *PageLogEntry.objects.all()]
    assert len(entries) >= 3
    words = " ".join(f"{entry.label} {entry.message} {entry.data}" for entry in entries).lower()
    for personal in ("jo", "bloggs", "jo.bloggs@example.com", "07700"):
        assert not re.search(rf"\b{re.escape(personal)}\b", words), personal
