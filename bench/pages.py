"""Pages against the bare stack, side by side: requests per second, p50 and p99, and each as a ratio of the bare view.

    .venv/bin/python bench/pages.py [--rounds 4] [--burst 3] [--connections 8]     (or: make bench)

All on this machine, requests to 127.0.0.1 only:

1. a fresh PostgreSQL database, migrated, with the demo content; static files collected
   into a temporary folder;
2. three gunicorns from gunicorn.conf.py with production settings (DEBUG off, a generated
   secret key, REDIS_URL set, the HTTPS redirect off because nothing here speaks TLS),
   2 workers each: one as deployed; one with the page cache off (PAGE_CACHE_SECONDS=0), for
   the "article, uncached" row, which still uses the fragment caches (Wagtail's {% wagtailpagecache %})
   as any request the page cache cannot answer does; and, for information, one with those
   off too (FRAGMENT_CACHE_SECONDS=0): every query and every template, every time.
   BENCH_VIEWS adds /bench/ok/, the bare view: a Django view that returns "ok" through the
   whole middleware stack, the stack's own limit;
   Debian's varnishd with deploy/varnish/default.vcl in front of the first one;
3. after a warm-up, rounds of short bursts, one target at a time in rotating order, so
   every target sees the same machine: the bare view, the home page, the articles index,
   an article (through Varnish, page cache hit, page cache off, no caches) and a static
   file (WhiteNoise);
4. the queries of one request per target, counted afterwards in-process (Django's test
   client and CaptureQueriesContext, in each server's settings, against the same database
   and Redis);
5. a table of requests per second, p50 and p99 latency, throughput as a ratio of the bare
   view's and queries, with the goals and whether each is met: through Varnish >= 10,
   page-cache hit >= 0.85, page cache off >= 0.04 with <= 10 queries, no caches <= 12
   queries.

The client (bench/load.py) is one Python thread on the same machine; the report says how
much CPU it used, since it competes with the servers for the same cores. Access logs are
off, as a benchmark would otherwise measure the log. Not run by `make test`.
"""

import sys
from pathlib import Path

# Replace bench/ on the path by the project (see bench/support.py): bench/queue.py would shadow `queue`.
sys.path[0] = str(Path(__file__).resolve().parent.parent)

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import secrets  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402
import urllib.request  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402

import redis  # noqa: E402

from bench import load  # noqa: E402
from bench.support import (  # noqa: E402
    REDIS_URL,
    create_database,
    drop_database,
    free_port,
    manage,
    production_environment,
    start_gunicorn,
    step,
    stop,
    wait_until_healthy,
)
from tests.varnish_support import start_varnish, stop_varnish  # noqa: E402

GOALS = {"article, Varnish": 10, "article, cached": 0.85, "article, uncached": 0.04}
# Most queries one request may make, per target: issue 10's goals.
QUERY_GOALS = {"article, uncached": 10, "article, no caches": 12}
# Run with `manage.py shell` in a server's environment (same database, same Redis and key prefix, so its
# caches are as warm as the run left them): the queries of one request per path, through Django's test
# client and CaptureQueriesContext, so nothing in the project's code counts queries for the benchmark.
COUNT_QUERIES = """
import json, os
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client(HTTP_HOST="127.0.0.1")
counts = {}
for path in json.loads(os.environ["BENCH_PATHS"]):
    with CaptureQueriesContext(connection) as queries:
        status = client.get(path).status_code
    counts[path] = len(queries) if status == 200 else None
print(json.dumps(counts))
"""
FIND_ARTICLE = """
from blog.models import ArticlePage
article = max(ArticlePage.objects.live(), key=lambda page: len(page.body.raw_data))
print(article.url)
"""
STYLESHEET = re.compile(r'href="(/static/css/site\.[0-9a-f]+\.css)"')


@dataclass
class Target:
    name: str
    port: int
    path: str
    marker: bytes = b""
    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0
    requests: int = 0
    marked: int = 0
    other_statuses: dict[int, int] = field(default_factory=dict)
    client_cpu: float = 0.0
    # Queries for one request once warm, counted in-process after the run (None: not a Django request).
    queries: int | None = None

    def add(self, burst: load.Burst) -> None:
        self.latencies += burst.latencies
        self.seconds += burst.seconds
        self.requests += len(burst.latencies)
        self.marked += burst.marker_hits
        self.client_cpu += burst.client_cpu_seconds
        for status, count in burst.statuses.items():
            if status != 200:
                self.other_statuses[status] = self.other_statuses.get(status, 0) + count

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def main() -> int:
    options = parse_arguments()
    run_id = f"{os.getpid()}_{secrets.token_hex(3)}"
    database = f"bench_pages_{run_id}"
    key_prefix = f"bench-pages-{run_id}"
    workdir = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    servers = []
    varnish = None
    database_url = create_database(database)
    try:
        env = production_environment(
            workdir, database_url, REDIS_URL=REDIS_URL, CACHE_KEY_PREFIX=key_prefix, BENCH_VIEWS="1"
        )
        step("migrating a fresh database, loading the demo content, collecting static files")
        manage(env, "migrate", "--noinput")
        manage(env, "load_demo_content")
        manage(env, "collectstatic", "--noinput")
        article = manage(env, "shell", "-c", FIND_ARTICLE).strip().splitlines()[-1]

        cached_port, uncached_port, cold_port = free_port(), free_port(), free_port()
        step(
            f"starting gunicorn x3 on 127.0.0.1:{cached_port} (as deployed), :{uncached_port} (page cache off) "
            f"and :{cold_port} (page and fragment caches off)"
        )
        servers.append(start_gunicorn(env, cached_port, workers=options.workers))
        servers.append(start_gunicorn(env | {"PAGE_CACHE_SECONDS": "0"}, uncached_port, workers=options.workers))
        # A key prefix of its own: with the others' it would read the fragments they keep (it stores none).
        no_caches = {"PAGE_CACHE_SECONDS": "0", "FRAGMENT_CACHE_SECONDS": "0", "CACHE_KEY_PREFIX": f"{key_prefix}-cold"}
        servers.append(start_gunicorn(env | no_caches, cold_port, workers=options.workers))
        for port, server in zip((cached_port, uncached_port, cold_port), servers, strict=True):
            wait_until_healthy(f"http://127.0.0.1:{port}", server)

        step("starting varnishd in front of the deployed one")
        varnish = start_varnish(f"http://127.0.0.1:{cached_port}")
        varnish_port = int(varnish[1].rsplit(":", 1)[1])
        with urllib.request.urlopen(f"http://127.0.0.1:{cached_port}/") as home:
            stylesheet = STYLESHEET.search(home.read().decode()).group(1)
        targets = [
            Target("bare view", cached_port, "/bench/ok/"),
            Target("home page", cached_port, "/", marker=b"x-page-cache: hit"),
            Target("articles index", cached_port, "/articles/", marker=b"x-page-cache: hit"),
            Target("article, Varnish", varnish_port, article, marker=b"x-varnish-cache: hit"),
            Target("article, cached", cached_port, article, marker=b"x-page-cache: hit"),
            Target("article, uncached", uncached_port, article, marker=b"x-page-cache: hit"),
            Target("article, no caches", cold_port, article, marker=b"x-page-cache: hit"),
            Target("static file", cached_port, stylesheet),
        ]
        measure(targets, options)
        step("counting the queries of one request per target, in-process with the test client")
        environments = {cached_port: env, uncached_port: env | {"PAGE_CACHE_SECONDS": "0"}, cold_port: env | no_caches}
        count_queries([t for t in targets if t.port in environments and t.path != stylesheet], environments)
        return report(targets, options, article)
    finally:
        if varnish is not None:
            stop_varnish(varnish[0], varnish[2])
        for server in servers:
            stop(server)
        drop_database(database)
        forget_cache_keys(key_prefix)
        forget_cache_keys(f"{key_prefix}-cold")
        shutil.rmtree(workdir, ignore_errors=True)


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=4, help="measured rounds over every target (default 4)")
    parser.add_argument("--burst", type=float, default=3.0, help="seconds per target per round (default 3)")
    parser.add_argument("--warmup", type=float, default=1.5, help="unmeasured seconds per target first (default 1.5)")
    parser.add_argument("--connections", type=int, default=32, help="concurrent keep-alive connections (default 32)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn processes per server (default 2)")
    return parser.parse_args()


def measure(targets: list[Target], options) -> None:
    step(f"warming up: {options.warmup:g} s per target")
    for target in targets:
        load.run("127.0.0.1", target.port, target.path, connections=options.connections, seconds=options.warmup)
    total = options.rounds * len(targets) * options.burst
    step(f"measuring: {options.rounds} rounds x {len(targets)} targets x {options.burst:g} s (~{total:.0f} s)")
    for round_number in range(options.rounds):
        # Rotate the order each round, so no target always follows the same one.
        shift = round_number % len(targets)
        for target in targets[shift:] + targets[:shift]:
            burst = load.run(
                "127.0.0.1",
                target.port,
                target.path,
                connections=options.connections,
                seconds=options.burst,
                marker=target.marker,
            )
            target.add(burst)


def count_queries(targets: list[Target], environments: dict[int, dict]) -> None:
    """Each target's queries for one request, in its server's settings.

    The counting process warms what a long-running server keeps warm (Wagtail's content types, the
    site's root paths) with one unmeasured request first; with the fragment caches off (the cold
    server's settings) each request still renders everything, so that count is the cold one.
    """
    for port, env in environments.items():
        paths = [t.path for t in targets if t.port == port]
        warm_then_count = json.dumps([path for path in paths for _ in range(2)])
        output = manage(env | {"BENCH_PATHS": warm_then_count}, "shell", "-c", COUNT_QUERIES)
        counts = json.loads(output.strip().splitlines()[-1])
        for target in targets:
            if target.port == port:
                target.queries = counts[target.path]


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(targets: list[Target], options, article: str) -> int:
    bare = targets[0].per_second
    print()
    threads = os.environ.get("GUNICORN_THREADS", "4")
    print(
        f"Pages vs the bare view: {os.cpu_count()} CPUs shared by everything; gunicorn {options.workers} workers "
        f"x {threads} threads (gthread) per server; {options.connections} keep-alive connections, each renewed "
        f"after 10 requests; production settings, Redis; {options.rounds} rounds x {options.burst:g} s per "
        "target, interleaved"
    )
    print(f"article: {article}")
    print()
    print(
        f"  {'target':<20}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'x bare':>9}{'queries':>9}   from cache   client CPU"
    )
    for target in targets:
        cached = f"{target.marked / target.requests:>10.0%}" if target.marker and target.requests else f"{'-':>10}"
        queries = "-" if target.queries is None else str(target.queries)
        print(
            f"  {target.name:<20}{target.per_second:>9.0f}{percentile(target.latencies, 0.5) * 1000:>9.2f}"
            f"{percentile(target.latencies, 0.99) * 1000:>9.2f}{target.per_second / bare:>9.3f}{queries:>9}   "
            f"{cached}   {target.client_cpu / target.seconds:>9.0%}"
        )
    print()
    print("  'Varnish': through deploy/varnish/default.vcl in front of the deployed server.")
    print("  'uncached': page cache off, fragment caches on (as for any request the page cache cannot answer);")
    print("  'no caches': both off, every query and template each time (a goal on queries only).")
    print("  'queries': one request once warm, counted in-process in that server's settings ('-': none reach")
    print("  Django's database for it: Varnish answers a hit itself, WhiteNoise serves the static file).")
    print("  'client CPU': the share of one CPU the load generator itself used during that target's bursts.")
    print("  Throughput ratios are from one run on a machine other jobs were loading too: compare rows, not runs.")
    failed = False
    for name, goal in GOALS.items():
        target = next(t for t in targets if t.name == name)
        ratio = target.per_second / bare
        met = ratio >= goal
        failed |= not met
        print(f"  goal: {name} >= {goal:g} x bare view: {ratio:.3f} -> {'met' if met else 'NOT met'}")
    for name, most in QUERY_GOALS.items():
        target = next(t for t in targets if t.name == name)
        met = target.queries is not None and target.queries <= most
        failed |= not met
        print(f"  goal: {name} <= {most} queries: {target.queries} -> {'met' if met else 'NOT met'}")
    errors = {t.name: t.other_statuses for t in targets if t.other_statuses}
    if errors:
        failed = True
        print(f"  responses other than 200: {errors}")
    return 1 if failed else 0


def forget_cache_keys(prefix: str) -> None:
    """Drop what this run left in Redis (its keys all start with its own prefix)."""
    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    if keys:
        client.delete(*keys)


if __name__ == "__main__":
    sys.exit(main())
