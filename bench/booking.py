"""Callback booking under load: N concurrent readers book through the real web form on PostgreSQL.

    .venv/bin/python bench/booking.py [--clients 32] [--seconds 20] [--bookings 3000]

What it does, all on this machine (requests go to 127.0.0.1 only):

1. creates a fresh PostgreSQL database (postgres://postgres@127.0.0.1:5432), migrates it and
   loads the demo content, then opens the help line round the clock with more places per slot;
2. collects static files into a temporary folder and starts gunicorn (config.wsgi, production
   settings, a generated secret key, rate limits raised so they don't throttle the bench) on a
   free port;
3. runs N client threads; each GETs the form (cookie + CSRF token), then POSTs a booking with a
   phone number no other booking uses, for "First available" or one of the earliest slots, so
   that many clients race for the same places; until --seconds pass or --bookings are made;
4. prints bookings per second, latency percentiles, what the server answered, rows saved, and
   the two invariants: no slot booked beyond its capacity, no 5xx; then stops gunicorn and drops
   the database.

Phone numbers come from Ofcom's ranges reserved for drama (020 7946 0xxx and the like), which
the site's phone parser accepts as UK landlines and which ring nobody. (07700 900xxx, the
fictional mobile range, is refused by the parser as not a valid number.)

Not run by `make test`. Exit status 1 if an invariant fails.
"""

import argparse
import os
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

# Python puts this script's folder first on the path, and bench/ also holds queue.py (the staff
# queue's bench), which would stand in for the standard library's queue inside psycopg and requests.
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != Path(__file__).resolve().parent]

import psycopg  # noqa: E402
import requests  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
SERVER_URL = "postgres://postgres@127.0.0.1:5432"
CALLBACK_PATH = "/request-a-callback/"

# Ofcom's drama ranges that the phone parser takes as valid UK numbers: 14 x 1000 numbers.
FICTIONAL_PREFIXES = (
    "020 7946 0",
    "0113 496 0",
    "0114 496 0",
    "0116 496 0",
    "0117 496 0",
    "0118 496 0",
    "0121 496 0",
    "0131 496 0",
    "0141 496 0",
    "0151 496 0",
    "0161 496 0",
    "028 9649 6",
    "029 2018 0",
    "0191 498 0",
)

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SLOT_OPTION = re.compile(r'type="radio" name="slot" value="(\d{4}-\d\d-\d\dT\d\d:\d\dZ)"')

# Run inside `manage.py shell`: open round the clock with more places per slot.
WIDEN_HOURS = """
from datetime import time
from callbacks.blocks import WEEKDAY_KEYS
from callbacks.demo import opening_hours_value
from callbacks.models import HelpLineSettings
settings = HelpLineSettings.load()
settings.opening_hours = opening_hours_value([(day, time(0), time(23, 59)) for day in WEEKDAY_KEYS])
settings.closures = []
settings.slot_capacity = {capacity}
settings.save()
"""

CHECK_PHONES = """
import sys
from callbacks.booking.phone import parse_uk_phone
numbers = sys.stdin.read().split(",")
assert len({{parse_uk_phone(n) for n in numbers}}) == len(numbers)
"""


def fictional_numbers() -> list[str]:
    return [f"{prefix}{n:03d}" for prefix in FICTIONAL_PREFIXES for n in range(1000)]


@dataclass
class Results:
    lock: threading.Lock = field(default_factory=threading.Lock)
    get_seconds: list[float] = field(default_factory=list)
    post_seconds: list[float] = field(default_factory=list)
    outcomes: Counter = field(default_factory=Counter)
    statuses: Counter = field(default_factory=Counter)

    def record(self, *, get: float, post: float, status: int, outcome: str) -> None:
        with self.lock:
            self.get_seconds.append(get)
            self.post_seconds.append(post)
            self.statuses[status] += 1
            self.outcomes[outcome] += 1


def main() -> int:
    options = parse_arguments()
    database = f"bench_booking_{os.getpid()}_{secrets.token_hex(3)}"
    workdir = Path(tempfile.mkdtemp(prefix="bench-booking-"))
    env = bench_environment(options, database, workdir)
    gunicorn = None
    create_database(database)
    try:
        prepare_site(env, options)
        port = free_port()
        gunicorn = start_gunicorn(env, port, options)
        base_url = f"http://127.0.0.1:{port}"
        wait_until_serving(base_url, gunicorn)
        # Whatever the demo content booked already is not the bench's doing.
        rows_before = database_checks(database)["rows"]
        results, elapsed = run_clients(base_url, options)
        return report(results, elapsed, database, options, rows_before=rows_before)
    finally:
        stop(gunicorn)
        drop_database(database)
        shutil.rmtree(workdir, ignore_errors=True)


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=32, help="concurrent HTTP clients (default 32)")
    parser.add_argument("--seconds", type=float, default=20.0, help="stop after this long (default 20)")
    parser.add_argument("--bookings", type=int, default=3000, help="stop after this many bookings (default 3000)")
    parser.add_argument("--capacity", type=int, default=6, help="places per slot (default 6)")
    workers = max(2, os.cpu_count() or 1)
    parser.add_argument("--workers", type=int, default=workers, help=f"gunicorn processes (default {workers})")
    parser.add_argument("--threads", type=int, default=2, help="threads per gunicorn process (default 2)")
    return parser.parse_args()


def bench_environment(options, database: str, workdir: Path) -> dict:
    # Production settings, with static files collected into the temporary folder rather than the project's.
    (workdir / "bench_settings.py").write_text(
        f"from config.settings.production import *  # noqa: F403\nSTATIC_ROOT = {str(workdir / 'static')!r}\n"
    )
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_"))}
    env.update(
        {
            "PYTHONPATH": os.pathsep.join([str(ROOT), str(workdir)]),
            "DJANGO_SETTINGS_MODULE": "bench_settings",
            "DATABASE_URL": f"{SERVER_URL}/{database}",
            "DATABASE_CONN_MAX_AGE": "60",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_LOG_LEVEL": "WARNING",
            "CALLBACK_RATE_LIMIT_PER_IP": "100000000/3600",
            "CALLBACK_RATE_LIMIT_PER_PHONE": "1000/3600",
        }
    )
    env.pop("REDIS_URL", None)
    return env


def create_database(name: str) -> None:
    with psycopg.connect(f"{SERVER_URL}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(name: str) -> None:
    with psycopg.connect(f"{SERVER_URL}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(env: dict, *args: str, stdin: str | None = None) -> None:
    subprocess.run(
        [str(PYTHON), "manage.py", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        text=True,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def prepare_site(env: dict, options) -> None:
    step("migrating a fresh database and loading the demo content")
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo_content")
    manage(env, "shell", "-c", WIDEN_HOURS.format(capacity=options.capacity))
    manage(env, "shell", "-c", CHECK_PHONES.format(), stdin=",".join(fictional_numbers()))
    manage(env, "collectstatic", "--noinput")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(env: dict, port: int, options) -> subprocess.Popen:
    step(f"starting gunicorn on 127.0.0.1:{port} ({options.workers} workers x {options.threads} threads)")
    return subprocess.Popen(
        [
            str(GUNICORN),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(options.workers),
            "--threads",
            str(options.threads),
            "--worker-class",
            "gthread",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )


def wait_until_serving(base_url: str, gunicorn: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if gunicorn.poll() is not None:
            raise SystemExit("gunicorn exited before serving")
        try:
            if requests.get(base_url + CALLBACK_PATH, timeout=10).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise SystemExit("gunicorn did not serve the callback page within 60 seconds")


def run_clients(base_url: str, options) -> tuple[Results, float]:
    step(f"{options.clients} clients booking for up to {options.seconds:g} s or {options.bookings} bookings")
    numbers = fictional_numbers()
    random.shuffle(numbers)
    next_number = iter(numbers)
    number_lock = threading.Lock()
    results = Results()
    deadline = time.monotonic() + options.seconds
    booked = Counter()

    def take_number() -> str | None:
        with number_lock:
            return next(next_number, None)

    def client(seed: int) -> None:
        chooser = random.Random(seed)
        session = requests.Session()
        while time.monotonic() < deadline and booked["n"] < options.bookings:
            phone = take_number()
            if phone is None:
                return
            book_once(session, base_url, phone, chooser, results, booked)

    threads = [threading.Thread(target=client, args=(seed,)) for seed in range(options.clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.monotonic() - started


def book_once(session, base_url: str, phone: str, chooser: random.Random, results: Results, booked: Counter):
    """One reader: load the form, then book "First available" or one of the earliest free slots."""
    url = base_url + CALLBACK_PATH
    began = time.perf_counter()
    try:
        form = session.get(url, timeout=30)
    except requests.RequestException:
        results.record(get=time.perf_counter() - began, post=0.0, status=0, outcome="connection error")
        return
    got = time.perf_counter() - began
    token = CSRF_INPUT.search(form.text)
    if form.status_code != 200 or token is None:
        results.record(get=got, post=0.0, status=form.status_code, outcome="form not served")
        return
    slots = SLOT_OPTION.findall(form.text)[:6]
    slot = "first" if not slots or chooser.random() < 0.3 else chooser.choice(slots)
    data = {
        "csrfmiddlewaretoken": token.group(1),
        "red_flags": "no",
        "name": "Bench Reader",
        "phone": phone,
        "slot": slot,
        "topic": "sciatica",
        "note": "",
        "voicemail_ok": "no",
        "may_identify_org": "no",
        "consent": "on",
        "website": "",
    }
    # Production cookies are Secure, which requests keeps off plain http: hand the CSRF cookie back by name.
    cookies = {"csrftoken": form.cookies.get("csrftoken") or session.cookies.get("csrftoken", "")}
    began = time.perf_counter()
    try:
        answer = session.post(url, data=data, cookies=cookies, allow_redirects=False, timeout=30)
    except requests.RequestException:
        results.record(get=got, post=time.perf_counter() - began, status=0, outcome="connection error")
        return
    posted = time.perf_counter() - began
    results.record(get=got, post=posted, status=answer.status_code, outcome=outcome_of(answer))
    if answer.status_code == 302:
        with results.lock:
            booked["n"] += 1


def outcome_of(answer) -> str:
    # Every reader here has a number of their own; a repeat booking would be a 302 too (it must look booked).
    if answer.status_code == 302:
        return "booked"
    if answer.status_code >= 500:
        return "server error"
    if answer.status_code != 200:
        return f"HTTP {answer.status_code}"
    if "has just been booked up" in answer.text:
        return "slot just filled (form back)"
    if "no callback times free" in answer.text:
        return "no slots left"
    return "form back with other errors"


def database_checks(database: str) -> dict:
    with psycopg.connect(f"{SERVER_URL}/{database}") as connection:
        (rows,) = connection.execute("SELECT count(*) FROM callbacks_callbackrequest").fetchone()
        (slots, places) = connection.execute(
            "SELECT count(*), coalesce(sum(booked), 0) FROM callbacks_callbackslot"
        ).fetchone()
        (overbooked,) = connection.execute(
            "SELECT count(*) FROM callbacks_callbackslot WHERE booked > capacity"
        ).fetchone()
        (mismatched,) = connection.execute(
            """
            SELECT count(*) FROM callbacks_callbackslot AS slot
            WHERE slot.booked <> (
                SELECT count(*) FROM callbacks_callbackrequest AS request
                WHERE request.slot_id = slot.id AND request.status IN ('queued', 'claimed')
            )
            """
        ).fetchone()
        (rows_over_capacity,) = connection.execute(
            """
            SELECT count(*) FROM callbacks_callbackslot AS slot
            WHERE slot.capacity < (
                SELECT count(*) FROM callbacks_callbackrequest AS request
                WHERE request.slot_id = slot.id AND request.status IN ('queued', 'claimed')
            )
            """
        ).fetchone()
    return {
        "rows": rows,
        "slots": slots,
        "places": places,
        "overbooked": overbooked + rows_over_capacity,
        "mismatched": mismatched,
    }


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(results: Results, elapsed: float, database: str, options, *, rows_before: int) -> int:
    checks = database_checks(database)
    saved = checks["rows"] - rows_before
    booked = results.outcomes["booked"]
    server_errors = sum(count for status, count in results.statuses.items() if status >= 500)
    posts = [seconds for seconds in results.post_seconds if seconds]

    def p50_p99(values: list[float]) -> str:
        return f"{percentile(values, 0.5) * 1000:.0f} ms / {percentile(values, 0.99) * 1000:.0f} ms"

    print()
    print(
        f"Callback booking bench: {options.clients} clients, {elapsed:.1f} s, PostgreSQL, "
        f"gunicorn {options.workers}x{options.threads} (gthread), {options.capacity} places per slot"
    )
    print(f"  attempts (GET form + POST)    {sum(results.outcomes.values())}")
    print(f"  bookings per second           {booked / elapsed:.1f}")
    print(f"  POST latency p50 / p99        {p50_p99(posts)}")
    print(f"  GET latency p50 / p99         {p50_p99(results.get_seconds)}")
    if posts:
        print(f"  POST latency mean             {statistics.fmean(posts) * 1000:.0f} ms")
    print("  outcomes:")
    for outcome, count in results.outcomes.most_common():
        print(f"    {outcome:<30}{count}")
    print(f"  HTTP statuses                 {dict(sorted(results.statuses.items()))}")
    print(f"  bookings confirmed (302)      {booked}")
    print(f"  requests saved (rows)         {saved}")
    print(f"  slots used / places taken     {checks['slots']} / {checks['places']}")
    print(f"  slots overbooked              {checks['overbooked']}   (must be 0)")
    print(f"  slot counts != their rows     {checks['mismatched']}   (must be 0)")
    print(f"  5xx responses                 {server_errors}   (must be 0)")
    failed = checks["overbooked"] or checks["mismatched"] or server_errors or saved != booked
    print("  result                        " + ("FAIL" if failed else "ok"))
    return 1 if failed else 0


def stop(process: subprocess.Popen | None) -> None:
    """Stop the gunicorn this script started (its own process group), and wait for it."""
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def step(message: str) -> None:
    print(f"... {message}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
