"""Erase the personal details of callback requests closed long enough ago.

Meant for a daily cron job or task; running it twice in a row is harmless.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from callbacks.booking.services import purge_callbacks
from callbacks.help_line import current_help_line


class Command(BaseCommand):
    help = (
        "Blank the name, phone number and notes of callback requests closed more than --days days ago "
        "(default: the help-line settings' purge_after_days)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="Keep requests closed within this many days.")

    def handle(self, *args, days=None, **options):
        if days is None:
            days = current_help_line().purge_after_days
        if days < 0:
            raise CommandError("--days cannot be negative.")
        now = timezone.now()
        count = purge_callbacks(older_than_days=days, now=now)
        cutoff = now - timedelta(days=days)
        noun = "request" if count == 1 else "requests"
        self.stdout.write(
            f"Anonymised {count} callback {noun} closed more than {days} days ago (before {cutoff:%Y-%m-%d %H:%M} UTC)."
        )
