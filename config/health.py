"""Health checks for load balancers and monitors, and the bare view the page benchmark measures against.

- `/healthz/live` (liveness): the process answers HTTP. It touches neither the
  database nor the cache, so a process manager restarts only a process that
  has hung, never one whose database is away.
- `/healthz` (readiness): 200 when this app server can serve pages, which
  needs the database; 503 "database unreachable" when it cannot. Redis is
  optional for serving (pages are then served uncached and the rate limits fail
  open), so a Redis outage answers 200 with "degraded: cache unreachable"
  in the body: a load balancer keeps the server in rotation and a monitor
  that reads the body can still raise the alarm.

Both are exempt from the HTTPS redirect (SECURE_REDIRECT_EXEMPT), because
health checks usually come over plain HTTP from inside the network, and both
are never cached. A check that fails logs one warning per outage per process,
not one per probe (probes come every few seconds).
"""

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache

from home.outage_log import OutageLog

logger = logging.getLogger(__name__)

HEALTH_KEY = "healthz:probe"

database_outage = OutageLog(logger=logger, what="database (health check)")
cache_outage = OutageLog(logger=logger, what="cache (health check)")


def _database_reachable() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            reachable = cursor.fetchone() == (1,)
    except Exception as error:
        database_outage.failed(error)
        return False
    database_outage.succeeded()
    return reachable


def _cache_reachable() -> bool:
    """A write and a read back: the Redis cache turns failures into misses rather than errors."""
    probe = uuid.uuid4().hex
    try:
        cache.set(HEALTH_KEY, probe, timeout=30)
        reachable = cache.get(HEALTH_KEY) == probe
    except Exception as error:
        cache_outage.failed(error)
        return False
    if reachable:
        cache_outage.succeeded()
    else:
        cache_outage.failed(RuntimeError("a value written could not be read back"))
    return reachable


def _plain(text: str, *, status: int = 200) -> HttpResponse:
    return HttpResponse(text, status=status, content_type="text/plain")


@never_cache
def live(request):
    return _plain("ok")


@never_cache
def ready(request):
    if not _database_reachable():
        return _plain("database unreachable", status=503)
    if not _cache_reachable():
        return _plain("degraded: cache unreachable")
    return _plain("ok")


def bench_ok(request):
    """The smallest response the project can give through its whole middleware stack (BENCH_VIEWS only).

    bench/pages.py measures every page against this: it is the stack's own
    limit on this machine, with no database or cache call of its own.
    """
    return _plain("ok")
