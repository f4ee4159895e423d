"""The clock: scheduled jobs, each a management command called by name, run by APScheduler.

Each job runs alone (max_instances=1) and a run missed while the previous one
was still going, or while the clock was stopped, is run once, not once per
miss (coalesce). A job that fails is logged and the clock goes on; a database
outage is logged once for the clock, not once per job and minute.
"""

import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from django.conf import settings
from django.core.management import call_command
from django.db import close_old_connections

from home.outage import is_database_outage
from home.outage_log import OutageLog

from .heartbeat import CLOCK, HEARTBEAT_INTERVAL, record_heartbeat

logger = logging.getLogger(__name__)

# A job may start this late (e.g. after a pause of the host) and still run.
MISFIRE_GRACE_SECONDS = 300
ONE_AT_A_TIME = {"max_instances": 1, "coalesce": True, "misfire_grace_time": MISFIRE_GRACE_SECONDS}


@dataclass(frozen=True)
class ClockJob:
    command: str
    trigger: object
    # Command-line arguments, as an operator would type them.
    arguments: tuple[str, ...] = ()


def clock_jobs() -> list[ClockJob]:
    """What the clock runs and when (times in the help line's time zone, TIME_ZONE)."""
    return [
        ClockJob("publish_scheduled", IntervalTrigger(minutes=1)),
        ClockJob("sms_sweep", IntervalTrigger(minutes=5)),
        ClockJob("flush_search_hits", IntervalTrigger(minutes=5)),
        ClockJob("purge_callbacks", CronTrigger(hour=3, minute=10)),
        ClockJob("purge_comments_and_feedback", CronTrigger(hour=3, minute=20)),
        ClockJob("prune_db_task_results", CronTrigger(hour=3, minute=30), ("--backend", "background")),
        ClockJob("send_review_notices", CronTrigger(hour=7, minute=0)),
    ]


class JobRunner:
    """Runs one command for the scheduler, keeping failures inside the job."""

    def __init__(self, *, outage: OutageLog):
        self.outage = outage

    def run(self, command: str, arguments: tuple[str, ...]) -> None:
        close_old_connections()
        try:
            call_command(command, *arguments, verbosity=0)
        except Exception as error:
            if is_database_outage(error):
                self.outage.failed(error)
            else:
                logger.exception("Clock job %s failed; it runs again at its next time.", command)
            return
        finally:
            close_old_connections()
        self.outage.succeeded()

    def heartbeat(self) -> None:
        close_old_connections()
        try:
            record_heartbeat(process=CLOCK, force=True)
        except Exception as error:
            if not is_database_outage(error):
                raise
            self.outage.failed(error)
            return
        finally:
            close_old_connections()
        self.outage.succeeded()


def build_scheduler(*, jobs: list[ClockJob]) -> BlockingScheduler:
    scheduler = BlockingScheduler(timezone=settings.TIME_ZONE)
    runner = JobRunner(outage=OutageLog(logger=logger, what="database"))
    for job in jobs:
        scheduler.add_job(
            runner.run,
            job.trigger,
            args=[job.command, job.arguments],
            id=job.command,
            name=job.command,
            **ONE_AT_A_TIME,
        )
    scheduler.add_job(
        runner.heartbeat,
        IntervalTrigger(seconds=HEARTBEAT_INTERVAL.total_seconds()),
        id="heartbeat",
        name="heartbeat",
        next_run_time=datetime.now(UTC),
        **ONE_AT_A_TIME,
    )
    return scheduler
