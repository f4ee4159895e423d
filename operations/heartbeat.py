"""Heartbeats of the worker and the clock: written by them, read by the staff dashboard.

`record_heartbeat` is called from the process's own loop, so a heartbeat means
the loop is turning, not only that the process exists. Writes are throttled in
the process (one row update per HEARTBEAT_INTERVAL at most), since the worker
loop turns every second.
"""

import time
from datetime import datetime, timedelta

from django.utils import timezone

from .models import ProcessHeartbeat

WORKER = "worker"
CLOCK = "clock"
HEARTBEAT_INTERVAL = timedelta(seconds=30)

# process name -> monotonic time of this process's last write
_last_written: dict[str, float] = {}


def record_heartbeat(*, process: str, force: bool = False) -> None:
    """Note that `process` is alive now (unless it did so less than HEARTBEAT_INTERVAL ago)."""
    now = time.monotonic()
    written = _last_written.get(process)
    if not force and written is not None and now - written < HEARTBEAT_INTERVAL.total_seconds():
        return
    ProcessHeartbeat.objects.update_or_create(process=process, defaults={"last_seen": timezone.now()})
    _last_written[process] = now


def last_seen(*, process: str) -> datetime | None:
    """When `process` last recorded a heartbeat, or None if it never has."""
    return ProcessHeartbeat.objects.filter(process=process).values_list("last_seen", flat=True).first()


def is_stale(*, process: str, older_than: timedelta) -> bool:
    """Whether `process` has not been seen for longer than `older_than` (or never)."""
    seen = last_seen(process=process)
    return seen is None or timezone.now() - seen > older_than
