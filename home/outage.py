"""Whether an error means the database could not be reached (shared by the 503 page, the worker and the clock)."""

from django.db import InterfaceError, OperationalError


def is_database_outage(error: BaseException | None) -> bool:
    """Whether `error` (or what it was raised from) means the database could not be reached or used."""
    for _depth in range(5):
        if error is None:
            return False
        if isinstance(error, OperationalError | InterfaceError):
            return True
        error = error.__cause__ or error.__context__
    return False
