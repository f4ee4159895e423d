"""Delete readers' comments and blank feedback texts past their retention (blog/retention.py)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from blog.retention import reader_data_purge


class Command(BaseCommand):
    help = (
        "Delete reader comments older than COMMENT_RETENTION_DAYS and every rejected comment; blank the text "
        "of feedback answers older than FEEDBACK_COMMENT_RETENTION_DAYS."
    )

    def add_arguments(self, parser):
        parser.add_argument("--comment-days", type=int, default=None, help="Default: COMMENT_RETENTION_DAYS.")
        parser.add_argument("--feedback-days", type=int, default=None, help="Default: FEEDBACK_COMMENT_RETENTION_DAYS.")

    def handle(self, *args, comment_days=None, feedback_days=None, **options):
        comment_days = settings.COMMENT_RETENTION_DAYS if comment_days is None else comment_days
        feedback_days = settings.FEEDBACK_COMMENT_RETENTION_DAYS if feedback_days is None else feedback_days
        if comment_days < 0 or feedback_days < 0:
            raise CommandError("Retention days cannot be negative.")
        purged = reader_data_purge(now=timezone.now(), comment_days=comment_days, feedback_days=feedback_days)
        self.stdout.write(
            f"Deleted {purged.comments_deleted} reader comment(s) (rejected, or older than {comment_days} days); "
            f"blanked the text of {purged.feedback_texts_blanked} feedback answer(s) older than {feedback_days} days."
        )
