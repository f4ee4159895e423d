"""The clock: what it runs and when, one at a time, and a failing job never stops it."""

import logging
from datetime import timedelta

import pytest
from apscheduler.triggers.interval import IntervalTrigger
from django.core.management import get_commands
from django.db import OperationalError

from home.outage_log import OutageLog
from operations.clock import JobRunner, build_scheduler, clock_jobs
from operations.heartbeat import CLOCK, last_seen

logger = logging.getLogger("operations.clock")


@pytest.fixture
def runner():
    return JobRunner(outage=OutageLog(logger=logger, what="database"))


def errors_and_warnings(caplog):
    return [record for record in caplog.records if record.levelno >= logging.WARNING]


def test_every_job_is_a_command_this_project_has():
    commands = get_commands()
    for job in clock_jobs():
        assert job.command in commands, job.command


def test_publishing_runs_every_minute_the_text_sweep_and_search_counts_every_five():
    intervals = {job.command: job.trigger.interval for job in clock_jobs() if isinstance(job.trigger, IntervalTrigger)}
    assert intervals == {
        "publish_scheduled": timedelta(minutes=1),
        "sms_sweep": timedelta(minutes=5),
        "flush_search_hits": timedelta(minutes=5),
    }


def test_the_purges_run_daily():
    daily = {job.command for job in clock_jobs() if not isinstance(job.trigger, IntervalTrigger)}
    assert daily == {"purge_callbacks", "purge_comments_and_feedback", "prune_db_task_results", "send_review_notices"}
    for job in clock_jobs():
        if job.command in daily:
            fields = {field.name: str(field) for field in job.trigger.fields}
            assert fields["day"] == "*" and fields["hour"].isdigit(), job.command


def test_each_job_runs_one_at_a_time_and_missed_runs_are_run_once():
    scheduler = build_scheduler(jobs=clock_jobs())
    jobs = scheduler.get_jobs()
    assert {job.id for job in jobs} == {job.command for job in clock_jobs()} | {"heartbeat"}
    for job in jobs:
        assert job.max_instances == 1 and job.coalesce is True, job.id


def test_every_job_runs_cleanly_on_an_empty_site(transactional_db, runner, caplog):
    for job in clock_jobs():
        runner.run(job.command, job.arguments)

    assert errors_and_warnings(caplog) == []


def test_a_failing_job_is_logged_and_does_not_raise(transactional_db, runner, caplog):
    runner.run("prune_db_task_results", ("--backend", "default"))  # not a database backend: the command fails

    [record] = errors_and_warnings(caplog)
    assert record.levelno == logging.ERROR
    assert "prune_db_task_results failed" in record.getMessage()


def test_a_database_outage_is_one_warning_for_the_clock_then_one_when_it_is_back(
    transactional_db, runner, caplog, monkeypatch
):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("operations.clock.call_command", refuse)
    for _minute in range(3):
        runner.run("publish_scheduled", ())
        runner.run("sms_sweep", ())
    monkeypatch.undo()
    runner.run("publish_scheduled", ())

    messages = [record.getMessage() for record in errors_and_warnings(caplog)]
    assert len(messages) == 2
    assert "unreachable" in messages[0] and "reachable again" in messages[1]


def test_the_heartbeat_job_records_when_the_clock_was_last_seen(transactional_db, runner):
    assert last_seen(process=CLOCK) is None

    runner.heartbeat()

    assert last_seen(process=CLOCK) is not None
