"""Django's request log without a line per reader answered the outage page.

Django logs every 5xx response at ERROR ("Service Unavailable: /path"). During
a database outage every request is answered 503 on purpose, and
config/outage.py already says so once per outage per process (and once when
it is over), so those lines only bury the one that matters. Any other 5xx is
kept.
"""

import logging
from http import HTTPStatus


class SkipOutageAnswers(logging.Filter):
    """On the django.request logger: drop the records of responses answered 503."""

    def filter(self, record: logging.LogRecord) -> bool:
        return getattr(record, "status_code", None) != HTTPStatus.SERVICE_UNAVAILABLE
