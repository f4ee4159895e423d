"""Re-queue text messages whose task was lost, such as when a worker was killed mid-task.

Meant for a cron job every few minutes beside the worker (or enqueue
`callbacks.texts.delivery.sweep_sms`); running it often is harmless.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from callbacks.texts.delivery import sweep_lost_texts


class Command(BaseCommand):
    help = "Queue a new send task for every text message still waiting well after it was due."

    def handle(self, *args, **options):
        count = sweep_lost_texts(now=timezone.now())
        noun = "message" if count == 1 else "messages"
        self.stdout.write(f"Re-queued {count} text {noun}.")
