"""The task worker (text messages), kept running through database outages.

django-tasks-db's `db_worker` lets an OperationalError out of its loop and
exits for good when PostgreSQL goes away, so texts would wait until someone
restarted it. This command drives the same worker (its `Worker` class, in
batch mode: it runs everything that is ready and returns), and around each
batch it records the worker's heartbeat and, after a database error, waits
with a growing pause (1 s doubling up to MAX_BACKOFF_SECONDS) and tries again.
One warning per outage, one line when the database is back. Once it reaches
the database it sends `operations.signals.worker_started` (texts re-queue
what a worker that died may have taken with it).

Ctrl+C or SIGTERM stops it as `db_worker` does: a running task is finished first.
"""

import logging
from contextlib import suppress
from time import sleep

from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections, connections
from django.utils.crypto import get_random_string
from django_tasks_db.compat import DEFAULT_TASK_QUEUE_NAME
from django_tasks_db.management.commands.db_worker import Worker, valid_backend_name, valid_interval

from home.outage import is_database_outage
from home.outage_log import OutageLog
from operations.heartbeat import WORKER, record_heartbeat
from operations.signals import worker_started

logger = logging.getLogger(__name__)

MAX_BACKOFF_SECONDS = 30.0


class Command(BaseCommand):
    help = "Run the database task worker, restarting its loop after a database outage."

    def add_arguments(self, parser):
        parser.add_argument("--backend", default="background", type=valid_backend_name, dest="backend_name")
        parser.add_argument("--queue-name", default=DEFAULT_TASK_QUEUE_NAME)
        parser.add_argument(
            "--interval", default=1.0, type=valid_interval, help="Seconds between looks at an empty queue."
        )

    def handle(self, *, backend_name, queue_name, interval, **options):
        worker = Worker(
            queue_names=queue_name.split(","),
            interval=interval,
            batch=True,
            backend_name=backend_name,
            startup_delay=False,
            max_tasks=None,
            worker_id=get_random_string(32),
            excluded_queue_names=[],
        )
        worker.configure_signals()
        outage = OutageLog(logger=logger, what="database")
        backoff = 1.0
        announced = False
        logger.info("Task worker started (backend %s, queues %s).", backend_name, queue_name)
        while worker.running:
            try:
                record_heartbeat(process=WORKER, force=outage.down)
                if not announced:
                    worker_started.send(sender=self.__class__)
                    announced = True
                worker.run()
            except Exception as error:
                if not is_database_outage(error):
                    raise
                outage.failed(error)
                # Drop the broken connection so the next try opens a new one.
                with suppress(DatabaseError):
                    connections.close_all()
                sleep(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)
                continue
            outage.succeeded()
            backoff = 1.0
            close_old_connections()
            if worker.running:
                sleep(interval)
