"""run_worker: the task worker's loop is started again after a database error, with one warning per outage."""

import logging
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django_tasks_db.management.commands.db_worker import Worker

from operations.heartbeat import WORKER, last_seen
from operations.heartbeat import record_heartbeat as real_heartbeat
from operations.signals import worker_started

COMMAND = "operations.management.commands.run_worker"


def refused():
    return OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')


def batches(*outcomes):
    """A stand-in for Worker.run: each call raises or returns the next outcome; the last stops the worker."""
    remaining = list(outcomes)

    def run(worker):
        outcome = remaining.pop(0)
        if not remaining:
            worker.running = False
        if isinstance(outcome, BaseException):
            raise outcome

    return run


@pytest.fixture
def no_sleep():
    with mock.patch(f"{COMMAND}.sleep") as sleep:
        yield sleep


@pytest.fixture
def no_signals():
    with mock.patch.object(Worker, "configure_signals"):
        yield


def test_the_loop_runs_again_after_an_outage_with_growing_pauses_and_one_warning(
    transactional_db, no_sleep, no_signals, caplog
):
    outcomes = batches(None, refused(), refused(), refused(), None, None)
    caplog.set_level(logging.INFO, logger=COMMAND)

    with mock.patch.object(Worker, "run", autospec=True, side_effect=outcomes):
        call_command("run_worker", "--interval", "1")

    pauses = [call.args[0] for call in no_sleep.call_args_list]
    assert pauses == [1.0, 1.0, 2.0, 4.0, 1.0], "interval, backoff 1-2-4, then the interval again"
    warnings = [record.getMessage() for record in caplog.records if record.levelno == logging.WARNING]
    assert len(warnings) == 2
    assert "unreachable" in warnings[0] and "Connection refused" in warnings[0]
    assert "reachable again" in warnings[1]
    assert last_seen(process=WORKER) is not None


def test_the_pause_between_tries_stops_growing_at_thirty_seconds(transactional_db, no_sleep, no_signals):
    outcomes = batches(*[refused() for _ in range(8)], None)

    with mock.patch.object(Worker, "run", autospec=True, side_effect=outcomes):
        call_command("run_worker")

    assert [call.args[0] for call in no_sleep.call_args_list] == [1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0, 30.0]


def test_an_error_that_is_not_the_database_is_not_hidden(transactional_db, no_sleep, no_signals):
    with (
        mock.patch.object(Worker, "run", autospec=True, side_effect=batches(ValueError("bug"), None)),
        pytest.raises(ValueError, match="bug"),
    ):
        call_command("run_worker")


def test_the_worker_announces_its_start_once_it_reaches_the_database_and_only_once(
    transactional_db, no_sleep, no_signals
):
    announced = []

    def receiver(sender, **kwargs):
        announced.append(sender)

    worker_started.connect(receiver)
    try:
        # The database is down at start: the heartbeat fails twice before the first batch.
        heartbeats = iter([refused(), refused()])

        def heartbeat(**kwargs):
            error = next(heartbeats, None)
            if error is not None:
                raise error
            return real_heartbeat(**kwargs)

        with (
            mock.patch(f"{COMMAND}.record_heartbeat", side_effect=heartbeat),
            mock.patch.object(Worker, "run", autospec=True, side_effect=batches(None, refused(), None, None)),
        ):
            call_command("run_worker")
    finally:
        worker_started.disconnect(receiver)

    assert len(announced) == 1
