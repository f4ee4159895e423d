"""Daily: remind, notify and escalate as articles' clinical reviews come due (blog/review_lifecycle.py)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from blog.review_lifecycle import review_notices_send


class Command(BaseCommand):
    help = (
        "Email review reminders (30 days ahead), due notices and escalations to content leads (14 days late), "
        "each once per article and due date. Safe to run more than once a day."
    )

    def handle(self, *args, **options):
        sent = review_notices_send(today=timezone.localdate())
        self.stdout.write(
            f"Sent {sent.reminders} reminder(s), {sent.due} due notice(s) and {sent.escalations} escalation(s)."
        )
