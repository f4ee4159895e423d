"""The callbacks' retention job: erase old closed requests, and close open requests long past their slot.

Meant to run daily (from the clock or cron); running it twice in a row is harmless.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from callbacks.booking.services import expire_open_callbacks, purge_callbacks
from callbacks.help_line import current_help_line


class Command(BaseCommand):
    help = (
        "Blank the name, phone number and notes of callback requests closed more than --days days ago "
        "(default: the help-line settings' purge_after_days), then close as expired the open "
        "requests whose slot ended more than --expire-after-days days ago (default: "
        "CALLBACK_EXPIRE_OPEN_AFTER_DAYS, 7); those are erased in their turn by a later run."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="Keep requests closed within this many days.")
        parser.add_argument(
            "--expire-after-days",
            type=int,
            default=None,
            help="Close open requests whose slot ended more than this many days ago.",
        )

    def handle(self, *args, days=None, expire_after_days=None, **options):
        if days is None:
            days = current_help_line().purge_after_days
        if expire_after_days is None:
            expire_after_days = settings.CALLBACK_EXPIRE_OPEN_AFTER_DAYS
        if days < 0 or expire_after_days < 0:
            raise CommandError("--days and --expire-after-days cannot be negative.")
        now = timezone.now()
        count = purge_callbacks(older_than_days=days, now=now)
        cutoff = now - timedelta(days=days)
        noun = "request" if count == 1 else "requests"
        self.stdout.write(
            f"Anonymised {count} callback {noun} closed more than {days} days ago (before {cutoff:%Y-%m-%d %H:%M} UTC)."
        )
        expired = expire_open_callbacks(slot_ended_days_ago=expire_after_days, now=now)
        noun = "request" if expired == 1 else "requests"
        self.stdout.write(
            f"Closed {expired} open callback {noun} as expired: their slot ended more than {expire_after_days} days "
            f"ago. Their details are erased {days} days from now."
        )
