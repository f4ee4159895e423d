"""Warnings for staff when the background processes that send texts and run scheduled jobs are not seen.

Read from the heartbeats the worker and the clock write (`operations.heartbeat`).
The words are for help-line staff, not for developers: what they will notice
and who to tell.
"""

from dataclasses import dataclass
from datetime import timedelta

from operations.heartbeat import CLOCK, WORKER, is_stale

# A process that wrote no heartbeat for this long (it writes one every 30 seconds) is taken to be down.
NOT_SEEN_FOR = timedelta(minutes=5)


@dataclass(frozen=True)
class ProcessWarning:
    process: str
    message: str


WARNINGS = (
    ProcessWarning(
        WORKER,
        "Text messages are not being sent: tell your administrator. "
        "Readers who book now get no confirmation or reminder text until this is fixed.",
    ),
    ProcessWarning(
        CLOCK,
        "Scheduled jobs are not running: tell your administrator. "
        "Reminder texts, pages scheduled to go live and the clearing of old requests are waiting.",
    ),
)


def background_process_warnings() -> list[ProcessWarning]:
    """A warning for each background process not seen for NOT_SEEN_FOR (or never), worker first."""
    return [warning for warning in WARNINGS if is_stale(process=warning.process, older_than=NOT_SEEN_FOR)]
