"""Faults under load: PostgreSQL stopped, Redis killed, the text worker killed; what readers and staff would see.

    .venv/bin/python bench/faults.py [--outage-seconds 20] [--texts 50]

Everything runs on this machine, on servers the script starts and removes:
a private PostgreSQL cluster (initdb/pg_ctl, as the `postgres` user when run
as root) and a private redis-server, each on a free loopback port; gunicorn
with production settings (bench/support.py) and `manage.py run_worker` with
the console SMS backend. Two readers book callbacks and two read pages, all
against 127.0.0.1, while the script

1. stops PostgreSQL (`pg_ctl -m immediate`) for --outage-seconds, then starts it;
2. kills Redis (SIGKILL) for --outage-seconds, then starts it again;
3. freezes the worker, books --texts callbacks (so their texts wait in the
   queue), lets it run for a moment and kills it (SIGKILL) mid-batch, then
   starts a new worker.

For each fault it prints: what the requests were answered, bookings saved
against bookings confirmed to readers (a redirect to the confirmation page),
half-written rows (an open request with no slot counter, a slot counter that
disagrees with its open requests, a booking with no confirmation text), texts
sent, waiting, held by a killed worker's claim (sent again by the sweep once
the claim lapses: a text being handed over at the instant of the kill may
have gone, so it is not sent at once), lost and duplicated (a text is counted
as sent once for each time the console backend wrote it to the worker's log), seconds to recover
(from the end of the fault until /healthz answers 200 and a booking goes
through; for the worker, until every text queued while it was down has left
the queue), what /healthz said during and after, and how many warnings,
errors and tracebacks the web servers logged. Bookings ask for texts, from
mobile numbers shaped like real ones (07911 1xxxxx, as bench/cluster.py);
with the console backend nothing is sent to them. Exit status 1 if an
invariant fails. Not run by `make test`.
"""

import sys
from pathlib import Path

# Replace bench/ on the path by the project (see bench/support.py): bench/queue.py would shadow `queue`.
sys.path[0] = str(Path(__file__).resolve().parent.parent)

import argparse  # noqa: E402
import contextlib  # noqa: E402
import glob  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402

import psycopg  # noqa: E402
import requests  # noqa: E402

from bench.booking import WIDEN_HOURS  # noqa: E402
from bench.cluster import book_once, mobile_numbers  # noqa: E402
from bench.support import (  # noqa: E402
    free_port,
    manage,
    production_environment,
    start_gunicorn,
    start_process,
    step,
    stop,
    wait_until_healthy,
)

READ_PATHS = ("/", "/articles/")
REFERENCE = re.compile(r"CB-[A-Z0-9]{4}-[A-Z0-9]{4}")
# How long the worker gets, once the load stops, to send what is still queued.
SETTLE_SECONDS = 60
RECOVERY_LIMIT_SECONDS = 90
CONSOLE_SEND = "Text message (console backend, not sent)"
# Confirmations only: reminders wait, as they should, until shortly before the slot.
CONFIRMATIONS_WAITING_SQL = """
    SELECT count(*) FROM callbacks_smsmessage m JOIN callbacks_callbackrequest r ON r.id = m.request_id
    WHERE r.phone = ANY(%s) AND m.kind = 'confirmation' AND m.status = 'queued'"""
# Of those, the ones a killed worker had claimed: they go again once the claim lapses (SEND_LEASE, 5 minutes).
CONFIRMATIONS_CLAIMED_SQL = CONFIRMATIONS_WAITING_SQL + " AND m.sending_since IS NOT NULL"
HALF_WRITTEN_SQL = {
    "open request, no slot counter": """
        SELECT count(*) FROM callbacks_callbackrequest r
        WHERE r.status IN ('queued', 'claimed')
          AND NOT EXISTS (SELECT 1 FROM callbacks_callbackslot s WHERE s.start = r.slot_start)""",
    "slot counter != open requests": """
        SELECT count(*) FROM callbacks_callbackslot s
        WHERE s.booked <> (SELECT count(*) FROM callbacks_callbackrequest r
                           WHERE r.slot_start = s.start AND r.status IN ('queued', 'claimed'))""",
}
# Only the bench's own bookings, which all ask for texts (the demo content's requests were made without).
WITHOUT_CONFIRMATION_SQL = """
    SELECT count(*) FROM callbacks_callbackrequest r
    WHERE r.phone = ANY(%s)
      AND NOT EXISTS (SELECT 1 FROM callbacks_smsmessage m WHERE m.request_id = r.id AND m.kind = 'confirmation')"""


def as_postgres(command: list[str]) -> list[str]:
    """initdb and postgres refuse to run as root."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class PrivatePostgres:
    def __init__(self, folder: Path):
        self.bin = Path(sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1])
        self.folder = folder
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/helpline"

    def _run(self, tool: str, *args: str) -> None:
        subprocess.run(as_postgres([str(self.bin / tool), *args]), check=True, capture_output=True)

    def create(self) -> None:
        self.folder.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
        self._run("initdb", "-D", str(self.folder / "data"), "-A", "trust", "-U", "postgres", "--no-sync")
        self.start()
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "helpline")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            "pg_ctl", "-D", str(self.folder / "data"), "-o", options, "-l", str(self.folder / "log"), "-w", "start"
        )

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop")

    def remove(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    def scalar(self, query: str, params=()) -> int:
        with psycopg.connect(self.url.replace("postgres://", "postgresql://"), connect_timeout=5) as connection:
            return connection.execute(query, params).fetchone()[0]


class PrivateRedis:
    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        command = [shutil.which("redis-server"), "--bind", "127.0.0.1", "--port", str(self.port), "--save", ""]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, start_new_session=True)
        time.sleep(0.5)

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()


@dataclass
class Phase:
    """What happened from the start of one fault until the site had recovered from it."""

    name: str
    reads: Counter = field(default_factory=Counter)
    booking_statuses: Counter = field(default_factory=Counter)
    booking_outcomes: Counter = field(default_factory=Counter)
    phones: list[str] = field(default_factory=list)
    health_during: Counter = field(default_factory=Counter)
    health_after: str = ""
    recovered_after: float | None = None
    texts: dict = field(default_factory=dict)
    half_written: dict = field(default_factory=dict)
    saved: int = 0
    # Where the phase starts and ends in the web servers' log, and what it wrote there.
    log_span: tuple[int, int] = (0, 0)
    web_log: Counter = field(default_factory=Counter)


class Load:
    """Readers booking and reading pages, and a monitor polling /healthz, until told to stop."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.numbers = iter(random.Random(12).sample(mobile_numbers(), 20_000))
        self.lock = threading.Lock()
        self.phase: Phase | None = None
        self.fault_on = False
        self.running = True
        self.threads = [threading.Thread(target=self.book, args=(n,)) for n in range(2)]
        self.threads += [threading.Thread(target=self.read) for _ in range(2)]
        self.threads.append(threading.Thread(target=self.monitor))

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def finish(self) -> None:
        self.running = False
        for thread in self.threads:
            thread.join()

    def next_phone(self) -> str:
        with self.lock:
            phone = next(self.numbers)
            self.phase.phones.append(phone)
            return phone

    def book_one(self, *, phone: str | None = None, chooser: random.Random | None = None) -> bool:
        """One reader books (with texts) through the form; counted in the current phase. True if booked."""
        # Counted in the phase it started in, even if it is answered after the next phase began.
        phase = self.phase
        phone = phone or self.next_phone()
        status, outcome = book_once(
            requests.Session(), self.base_url, self.base_url, phone, chooser or random.Random(phone)
        )
        with self.lock:
            phase.booking_statuses[status or "not posted"] += 1
            phase.booking_outcomes[outcome] += 1
        return outcome == "booked"

    def book(self, seed: int) -> None:
        chooser = random.Random(seed)
        while self.running:
            self.book_one(chooser=chooser)
            time.sleep(0.2)

    def read(self) -> None:
        session = requests.Session()
        while self.running:
            for path in READ_PATHS:
                try:
                    status = session.get(self.base_url + path, timeout=10, allow_redirects=False).status_code
                except requests.RequestException:
                    status = "no answer"
                with self.lock:
                    self.phase.reads[status] += 1
            time.sleep(0.1)

    def monitor(self) -> None:
        while self.running:
            said = health(self.base_url)
            with self.lock:
                if self.fault_on:
                    self.phase.health_during[said] += 1
            time.sleep(0.5)


def health(base_url: str) -> str:
    try:
        answer = requests.get(base_url + "/healthz", timeout=5)
    except requests.RequestException:
        return "no answer"
    return f"{answer.status_code} {answer.text.strip().splitlines()[0] if answer.text.strip() else ''}".strip()


def wait_for(condition, *, seconds: float) -> float | None:
    """Seconds until `condition()` held, or None if it did not within `seconds`."""
    began = time.monotonic()
    while time.monotonic() - began < seconds:
        try:
            if condition():
                return time.monotonic() - began
        except (psycopg.Error, requests.RequestException):
            pass
        time.sleep(0.5)
    return None


def database_phone(phone: str) -> str:
    """07911 123456 -> +447911123456, as the booking form stores it."""
    return "+44" + phone.replace(" ", "")[1:]


def settle(phase: Phase, database: PrivatePostgres, worker_logs: list[Path], web_log: Path) -> None:
    """Count what the phase left in the database and the logs."""
    with web_log.open("rb") as log:
        log.seek(phase.log_span[0])
        written = log.read(phase.log_span[1] - phase.log_span[0]).decode(errors="replace")
    phase.web_log = Counter(
        {
            "warnings": len(re.findall(r"^\S+ \S+ WARNING ", written, re.MULTILINE)),
            "errors": len(re.findall(r"^\S+ \S+ ERROR ", written, re.MULTILINE)),
            "tracebacks": written.count("Traceback (most recent call last)"),
        }
    )
    phones = [database_phone(phone) for phone in phase.phones]
    phase.saved = database.scalar("SELECT count(*) FROM callbacks_callbackrequest WHERE phone = ANY(%s)", (phones,))
    phase.half_written = {name: database.scalar(query) for name, query in HALF_WRITTEN_SQL.items()}
    phase.half_written["booking without its confirmation text"] = database.scalar(WITHOUT_CONFIRMATION_SQL, (phones,))
    with psycopg.connect(database.url.replace("postgres://", "postgresql://")) as connection:
        rows = connection.execute("SELECT reference FROM callbacks_callbackrequest WHERE phone = ANY(%s)", (phones,))
        references = {reference for (reference,) in rows.fetchall()}
    sent = Counter()
    for log in worker_logs:
        # Each text the console backend "sends" is one log entry: "... - confirmation to +44…456:" and its body.
        for entry in log.read_text(errors="replace").split(CONSOLE_SEND)[1:]:
            reference = REFERENCE.search(entry)
            if entry.startswith(" - confirmation ") and reference and reference.group() in references:
                sent[reference.group()] += 1
    waiting = database.scalar(CONFIRMATIONS_WAITING_SQL, (phones,))
    claimed = database.scalar(CONFIRMATIONS_CLAIMED_SQL, (phones,))
    phase.texts = {
        "sent": len(sent),
        "waiting": waiting - claimed,
        "held by a killed worker's claim": claimed,
        "lost": len(references) - len(sent) - waiting,
        "duplicated": sum(count - 1 for count in sent.values()),
    }


def run_phase(load: Load, name: str, *, inject, restore, recovered, outage: float, web_log: Path) -> Phase:
    phase = Phase(name)
    began_at = web_log.stat().st_size
    load.phase = phase
    time.sleep(3)  # a few seconds of normal traffic first
    step(f"{name}: fault for {outage:g} s")
    with load.lock:
        load.fault_on = True
    inject()
    time.sleep(outage)
    restore()
    with load.lock:
        load.fault_on = False
    phase.recovered_after = wait_for(recovered, seconds=RECOVERY_LIMIT_SECONDS)
    time.sleep(2)  # traffic after recovery, still counted in this phase
    phase.health_after = health(load.base_url)
    phase.log_span = (began_at, web_log.stat().st_size)
    return phase


def main() -> int:
    options = parse_arguments()
    workdir = Path(tempfile.mkdtemp(prefix="bench-faults-"))
    os.chmod(workdir, 0o755)  # noqa: S103 - the postgres user enters it to reach its own folder
    database, cache = PrivatePostgres(workdir / "postgres"), PrivateRedis()
    gunicorn = worker = load = None
    worker_logs: list[Path] = []
    try:
        step(f"private PostgreSQL on 127.0.0.1:{database.port}, Redis on 127.0.0.1:{cache.port}")
        database.create()
        cache.start()
        env = production_environment(
            workdir,
            database.url,
            REDIS_URL=cache.url,
            SMS_BACKEND="console",
            CALLBACK_RATE_LIMIT_PER_IP="100000000/3600",
            CALLBACK_RATE_LIMIT_PER_PHONE="1000/3600",
        )
        step("migrating, loading the demo content, collecting static files")
        manage(env, "migrate", "--noinput")
        manage(env, "load_demo_content")
        manage(env, "shell", "-c", WIDEN_HOURS.format(capacity=200))
        manage(env, "collectstatic", "--noinput")
        port = free_port()
        web_log = workdir / "web.log"
        gunicorn = start_gunicorn(env, port, workers=2, threads=4, log=web_log)
        base_url = f"http://127.0.0.1:{port}"
        wait_until_healthy(base_url, gunicorn)

        # INFO: the console SMS backend writes each text it "sends" to the worker's log.
        worker_env = env | {"DJANGO_LOG_LEVEL": "INFO"}

        def start_worker() -> subprocess.Popen:
            worker_logs.append(workdir / f"worker-{len(worker_logs) + 1}.log")
            return start_process(worker_env, "manage.py", "run_worker", "--interval", "0.5", log=worker_logs[-1])

        worker = start_worker()
        load = Load(base_url)
        load.phase = Phase("warm-up")
        load.start()
        phases = []

        def booking_works() -> bool:
            return health(base_url).startswith("200") and load.book_one()

        phases.append(
            run_phase(
                load,
                "PostgreSQL stopped",
                inject=database.stop,
                restore=database.start,
                recovered=booking_works,
                outage=options.outage_seconds,
                web_log=web_log,
            )
        )
        phases.append(
            run_phase(
                load,
                "Redis killed",
                inject=cache.kill,
                restore=cache.start,
                recovered=lambda: health(base_url) == "200 ok" and booking_works(),
                outage=options.outage_seconds,
                web_log=web_log,
            )
        )

        frozen: list[str] = []

        def freeze_fill_and_kill() -> None:
            nonlocal worker
            os.killpg(worker.pid, signal.SIGSTOP)
            while len(frozen) < options.texts:
                phone = load.next_phone()
                if load.book_one(phone=phone):
                    frozen.append(database_phone(phone))
            os.killpg(worker.pid, signal.SIGCONT)
            time.sleep(0.5)  # mid-batch
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()

        def restart_worker() -> None:
            nonlocal worker
            worker = start_worker()

        def texts_all_out() -> bool:
            """Every confirmation of the bookings made while the worker was frozen has left the queue."""
            return not database.scalar(CONFIRMATIONS_WAITING_SQL, (frozen,))

        phases.append(
            run_phase(
                load,
                "worker killed",
                inject=freeze_fill_and_kill,
                restore=restart_worker,
                recovered=texts_all_out,
                outage=1,
                web_log=web_log,
            )
        )
        load.finish()
        load = None
        # Let the worker send what the last seconds of traffic queued before counting.
        every_phone = [database_phone(phone) for phase in phases for phone in phase.phones]
        wait_for(lambda: not database.scalar(CONFIRMATIONS_WAITING_SQL, (every_phone,)), seconds=SETTLE_SECONDS)
        for phase in phases:
            settle(phase, database, worker_logs, web_log)
        return report(phases, options)
    finally:
        if load is not None:
            load.finish()
        stop(worker)
        stop(gunicorn)
        if cache.process is not None and cache.process.poll() is None:
            cache.kill()
        database.remove()
        shutil.rmtree(workdir, ignore_errors=True)


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--outage-seconds", type=float, default=20.0, help="how long each outage lasts (default 20)")
    parser.add_argument("--texts", type=int, default=50, help="texts queued when the worker is killed (default 50)")
    return parser.parse_args()


def report(phases: list[Phase], options) -> int:
    failed = False
    print()
    print("| | " + " | ".join(phase.name for phase in phases) + " |")
    print("|---" * (len(phases) + 1) + "|")

    def row(label: str, cells) -> None:
        print(f"| {label} | " + " | ".join(str(cell) for cell in cells) + " |")

    def statuses(counter: Counter) -> str:
        return ", ".join(f"{status}: {count}" for status, count in sorted(counter.items(), key=str)) or "-"

    row("page reads answered", [statuses(phase.reads) for phase in phases])
    row("booking POSTs answered", [statuses(phase.booking_statuses) for phase in phases])
    row("booking outcomes", [statuses(phase.booking_outcomes) for phase in phases])
    row("bookings saved / confirmed", [f"{phase.saved} / {phase.booking_outcomes['booked']}" for phase in phases])
    for name in phases[0].half_written:
        row(f"half-written: {name}", [phase.half_written[name] for phase in phases])
    for name in ("sent", "waiting", "held by a killed worker's claim", "lost", "duplicated"):
        row(f"texts {name}", [phase.texts[name] for phase in phases])
    row(
        "seconds to recover",
        [f"{phase.recovered_after:.1f}" if phase.recovered_after is not None else "not in 90 s" for phase in phases],
    )
    row("/healthz during", [statuses(phase.health_during) for phase in phases])
    row("/healthz after", [phase.health_after for phase in phases])
    row(
        "web log: warnings / errors / tracebacks",
        [" / ".join(str(phase.web_log[kind]) for kind in ("warnings", "errors", "tracebacks")) for phase in phases],
    )
    for phase in phases:
        broken = [
            phase.saved != phase.booking_outcomes["booked"],
            any(phase.half_written.values()),
            phase.texts["lost"] or phase.texts["duplicated"] or phase.texts["waiting"],
            phase.recovered_after is None,
        ]
        if any(broken):
            failed = True
            print(f"INVARIANT FAILED in {phase.name!r}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
