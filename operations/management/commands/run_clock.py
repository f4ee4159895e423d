"""The clock process: `python manage.py run_clock` (Procfile `clock`). See operations/clock.py."""

import logging

from django.core.management.base import BaseCommand

from operations.clock import build_scheduler, clock_jobs

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Run the scheduled jobs (publishing, text sweep, purges) until stopped."

    def handle(self, **options):
        jobs = clock_jobs()
        scheduler = build_scheduler(jobs=jobs)
        logger.info("Clock started: %s.", ", ".join(job.command for job in jobs))
        try:
            scheduler.start()
        except KeyboardInterrupt:
            scheduler.shutdown(wait=False)
