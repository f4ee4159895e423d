"""When a staff member last looked at the queue list, for its "New" marks (kept in their session).

Opening the full list is a look. Rows created since the look before it are
marked "New" on that page, and they stay marked on the page's refreshes and
filter changes, together with whatever arrives while the page stays open;
opening the list again clears them. Without JavaScript a "Refresh" is a
look too, so the marks still show what came in since the last one.
"""

from datetime import datetime

SEEN_AT = "callback_queue_seen_at"
NEW_SINCE = "callback_queue_new_since"


def _read(session, key: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(session.get(key, ""))
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo else None


def note_look(request, now: datetime) -> datetime:
    """Record a look at the full list; return the moment after which rows count as new."""
    since = _read(request.session, SEEN_AT) or now
    request.session[SEEN_AT] = now.isoformat()
    request.session[NEW_SINCE] = since.isoformat()
    return since


def new_since(request) -> datetime | None:
    """For refreshes and filter changes of a page already open: the same moment as that page (no write)."""
    return _read(request.session, NEW_SINCE)
