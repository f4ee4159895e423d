"""/healthz for load balancers and monitors, and the bare view the page benchmark measures against.

/healthz answers 200 "ok" only when this app server can reach both the
database and the cache, and 503 naming what it could not reach otherwise, so
a load balancer takes out of rotation an app server that could only show
error pages. It is exempt from the HTTPS redirect (SECURE_REDIRECT_EXEMPT),
because health checks usually come over plain HTTP from inside the network,
and it is never cached.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)

HEALTH_KEY = "healthz:probe"


def _database_reachable() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.warning("Health check: database unreachable.", exc_info=True)
        return False


def _cache_reachable() -> bool:
    """A write and a read back: the Redis cache turns failures into misses rather than errors."""
    probe = uuid.uuid4().hex
    try:
        cache.set(HEALTH_KEY, probe, timeout=30)
        return cache.get(HEALTH_KEY) == probe
    except Exception:
        logger.warning("Health check: cache unreachable.", exc_info=True)
        return False


@never_cache
def healthz(request):
    problems = [name for name, ok in (("database", _database_reachable()), ("cache", _cache_reachable())) if not ok]
    if problems:
        return HttpResponse(" and ".join(problems) + " unreachable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


def bench_ok(request):
    """The smallest response the project can give through its whole middleware stack (BENCH_VIEWS only).

    bench/pages.py measures every page against this: it is the stack's own
    limit on this machine, with no database or cache call of its own.
    """
    return HttpResponse("ok", content_type="text/plain")
