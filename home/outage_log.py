"""One warning when a process loses a service it needs, one line when it has it back.

A worker or clock that retries every few seconds during an outage, or a rate
limit asked on every post, would otherwise write a traceback per try. The
error's text is logged, not its traceback: a connection error names the host
and port, never personal data.

It lives in home, which depends on no other app, so that home, operations and
config share it.
"""

import logging
import threading


class OutageLog:
    """Tracks whether `what` (e.g. "database") is down for this process, and logs only the changes.

    `meanwhile` says what the process does until it is back (the default suits
    a loop that retries).
    """

    def __init__(self, *, logger: logging.Logger, what: str, meanwhile: str = "retrying until it is back"):
        self.logger = logger
        self.what = what
        self.meanwhile = meanwhile
        self.down = False
        # App servers run threads: two failing at once still make one warning.
        self._lock = threading.Lock()

    def failed(self, error: BaseException) -> None:
        if self.down:
            return
        with self._lock:
            if self.down:
                return
            self.down = True
        self.logger.warning("The %s is unreachable; %s: %s", self.what, self.meanwhile, error)

    def succeeded(self) -> None:
        if not self.down:
            return
        with self._lock:
            if not self.down:
                return
            self.down = False
        self.logger.warning("The %s is reachable again.", self.what)
