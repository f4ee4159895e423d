"""Outages for tests: a database that refuses every query, and a Redis nothing answers for."""

from contextlib import contextmanager
from unittest import mock

from django.db import OperationalError, connections

# A Redis that refuses at once: nothing listens on port 1.
REDIS_DOWN = {
    "default": {
        "BACKEND": "config.cache.FailSoftRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
}


@contextmanager
def database_down():
    """Every new query fails the way psycopg does when PostgreSQL has gone away."""

    def refuse(*args, **kwargs):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    database = connections["default"]
    with mock.patch.object(database, "cursor", refuse), mock.patch.object(database, "chunked_cursor", refuse):
        yield
