"""One warning when a process loses the database, one line when it has it back.

A worker or clock that retries every few seconds during an outage would
otherwise write a traceback per retry. The error's text is logged, not its
traceback: a connection error names the host and port, never personal data.
"""

import logging


class OutageLog:
    """Tracks whether `what` (e.g. "database") is down for this process, and logs only the changes."""

    def __init__(self, *, logger: logging.Logger, what: str):
        self.logger = logger
        self.what = what
        self.down = False

    def failed(self, error: BaseException) -> None:
        if self.down:
            return
        self.down = True
        self.logger.warning("The %s is unreachable; retrying until it is back: %s", self.what, error)

    def succeeded(self) -> None:
        if not self.down:
            return
        self.down = False
        self.logger.warning("The %s is reachable again.", self.what)
