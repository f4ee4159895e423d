"""Keep personal data out of the logs: request paths are logged without their secrets.

What a request log could leak here: query strings (a search for one's own
symptoms), the signed links a reader gets after booking (the confirmation,
manage and cancel links are that reader's only key to their booking, see
callbacks/booking/links.py), client addresses, and Referer and User-Agent headers.

- `RedactPathsFilter` (on the console handler, config/settings/base.py) cleans
  paths in Django's own request warnings ("Not Found: /path").
- `AccessLogger` is gunicorn's logger (gunicorn.conf.py): its access lines
  carry the redacted path, and the client address, Referer, User-Agent,
  query string and request headers are blanked, whatever access_log_format
  an operator chooses.
"""

import logging
import re

from gunicorn.glogging import Logger as GunicornLogger

REDACTED = "[redacted]"
# The segment after these is a signed token (callbacks/booking/links.py).
SECRET_AFTER = frozenset({"confirmation", "cancel", "manage"})
# Any other long segment with capitals in it looks like a signed value; slugs are lower case.
SIGNED_LOOKING = re.compile(r"^(?=.*[A-Z])[A-Za-z0-9_\-:.]{20,}$")


def redact_path(path: str, *, replacement: str = REDACTED) -> str:
    """`path` without its query string and with signed segments replaced by `replacement`."""
    path = path.split("?", 1)[0]
    segments = path.split("/")
    cleaned = []
    for index, segment in enumerate(segments):
        after_secret = index > 0 and segments[index - 1] in SECRET_AFTER
        cleaned.append(replacement if segment and (after_secret or SIGNED_LOOKING.match(segment)) else segment)
    return "/".join(cleaned)


class RedactPathsFilter(logging.Filter):
    """Redact any argument of a log record that is a URL path (starts with "/")."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                redact_path(arg) if isinstance(arg, str) and arg.startswith("/") else arg for arg in record.args
            )
        return True


class AccessLogger(GunicornLogger):
    """gunicorn's logger, with access-log atoms that carry nothing personal."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        path = redact_path(environ.get("PATH_INFO", ""))
        method = environ.get("REQUEST_METHOD", "-")
        atoms.update(
            {
                "h": "-",
                "u": "-",
                "U": path,
                "q": "",
                "r": f"{method} {path} {environ.get('SERVER_PROTOCOL', '-')}",
                "f": "-",
                "a": "-",
            }
        )
        # Request headers and the WSGI environ hold cookies, addresses and the raw URL.
        return {name: value for name, value in atoms.items() if not name.endswith(("}i", "}e"))}
