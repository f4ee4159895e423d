"""Scale-out proof: two app servers and two task workers on one PostgreSQL and one Redis, booking together.

    .venv/bin/python bench/cluster.py [--clients 16] [--bookings 300] [--seconds 30]

On this machine, everything on 127.0.0.1:

1. a fresh PostgreSQL database with the demo content, the help line open round the clock
   with three places per slot; production settings, REDIS_URL set (a key prefix of this
   run's own), texts on the console backend (SMS_BACKEND=console: written to the outbox,
   sent to nobody);
2. two gunicorns on two ports (2 workers each) and two `manage.py db_worker --backend
   background` processes;
3. readers book concurrently across both servers: each GETs the form from one server and
   POSTs it to the other (the CSRF cookie and token are good on both: same secret key), ask
   for a text, and race for the earliest slots;
4. then: the same phone number posted to A and B in turn, to show that the per-phone rate
   limit is one count in Redis, not one per server; an article fetched from A then from B,
   to show B serving what A put in the shared page cache; and the workers are waited for;
5. a report, checked against the database: no slot booked beyond its places, every
   confirmed booking saved once, every confirmation text sent exactly once by exactly one
   of the two workers, both workers having done some, no 5xx. Exit status 1 if not.

The mobile numbers used (07911 1xxxxx) are shaped like real ones because the text option
needs a UK mobile; with the console backend nothing is ever sent to them.
"""

import sys
from pathlib import Path

# Replace bench/ on the path by the project (see bench/support.py): bench/queue.py would shadow `queue`.
sys.path[0] = str(Path(__file__).resolve().parent.parent)

import argparse  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import secrets  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402

import psycopg  # noqa: E402
import redis  # noqa: E402
import requests  # noqa: E402

from bench.support import (  # noqa: E402
    REDIS_URL,
    create_database,
    drop_database,
    free_port,
    manage,
    production_environment,
    start_gunicorn,
    start_process,
    step,
    stop,
    wait_until_healthy,
)

CALLBACK_PATH = "/request-a-callback/"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SLOT_OPTION = re.compile(r'type="radio" name="slot" value="(\d{4}-\d\d-\d\dT\d\d:\d\dZ)"')
PHONE_LIMIT = 3
OPEN_ROUND_THE_CLOCK = """
from datetime import time
from callbacks.blocks import WEEKDAY_KEYS
from callbacks.demo import opening_hours_value
from callbacks.models import HelpLineSettings
settings = HelpLineSettings.load()
settings.opening_hours = opening_hours_value([(day, time(0), time(23, 59)) for day in WEEKDAY_KEYS])
settings.closures = []
settings.slot_capacity = 3
settings.save()
"""
FIND_ARTICLE = "from blog.models import ArticlePage; print(ArticlePage.objects.live().first().url)"


def main() -> int:
    options = parse_arguments()
    run_id = f"{os.getpid()}_{secrets.token_hex(3)}"
    database = f"bench_cluster_{run_id}"
    key_prefix = f"bench-cluster-{run_id}"
    workdir = Path(tempfile.mkdtemp(prefix="bench-cluster-"))
    processes = []
    database_url = create_database(database)
    try:
        env = production_environment(
            workdir,
            database_url,
            REDIS_URL=REDIS_URL,
            CACHE_KEY_PREFIX=key_prefix,
            SMS_BACKEND="console",
            CALLBACK_RATE_LIMIT_PER_IP="100000000/3600",
            CALLBACK_RATE_LIMIT_PER_PHONE=f"{PHONE_LIMIT}/3600",
        )
        step("migrating a fresh database, loading the demo content, opening the help line round the clock")
        manage(env, "migrate", "--noinput")
        manage(env, "load_demo_content")
        manage(env, "shell", "-c", OPEN_ROUND_THE_CLOCK)
        manage(env, "collectstatic", "--noinput")
        article = manage(env, "shell", "-c", FIND_ARTICLE).strip().splitlines()[-1]

        ports = [free_port(), free_port()]
        step(f"starting gunicorn A on 127.0.0.1:{ports[0]}, gunicorn B on :{ports[1]}, and two task workers")
        for port in ports:
            processes.append(start_gunicorn(env, port, workers=2))
        for name in ("worker-a", "worker-b"):
            processes.append(
                start_process(
                    env,
                    "manage.py",
                    "db_worker",
                    "--backend",
                    "background",
                    "--no-reload",
                    "--worker-id",
                    name,
                    "--interval",
                    "0.2",
                    log=workdir / f"{name}.log",
                )
            )
        servers = [f"http://127.0.0.1:{port}" for port in ports]
        for url, process in zip(servers, processes, strict=False):
            wait_until_healthy(url, process)

        booked_before = database_counts(database_url)["requests"]
        outcomes, statuses, elapsed = book_across(servers, options)
        limit_answers = phone_limit_across(servers)
        cache_answers = [fetch_cache_state(url + article) for url in servers]
        step("waiting for the workers to send every text that is due")
        drained = wait_for_tasks(database_url, seconds=90)
        return report(
            database_url=database_url,
            booked_before=booked_before,
            outcomes=outcomes,
            statuses=statuses,
            elapsed=elapsed,
            limit_answers=limit_answers,
            cache_answers=cache_answers,
            drained=drained,
            options=options,
        )
    finally:
        for process in processes:
            stop(process)
        drop_database(database)
        forget_cache_keys(key_prefix)
        shutil.rmtree(workdir, ignore_errors=True)


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=16, help="concurrent readers (default 16)")
    parser.add_argument("--bookings", type=int, default=300, help="stop after this many bookings (default 300)")
    parser.add_argument("--seconds", type=float, default=30.0, help="stop after this long (default 30)")
    return parser.parse_args()


def mobile_numbers() -> list[str]:
    return [f"07911 1{n:05d}" for n in range(100_000)]


def book_across(servers: list[str], options) -> tuple[Counter, Counter, float]:
    step(f"{options.clients} readers booking across both servers for up to {options.seconds:g} s")
    numbers = iter(random.Random(11).sample(mobile_numbers(), 20_000))
    lock = threading.Lock()
    outcomes, statuses = Counter(), Counter()
    deadline = time.monotonic() + options.seconds

    def client(seed: int) -> None:
        chooser = random.Random(seed)
        session = requests.Session()
        turn = seed
        while time.monotonic() < deadline:
            with lock:
                if outcomes["booked"] >= options.bookings:
                    return
                phone = next(numbers)
            form_server, post_server = servers[turn % 2], servers[(turn + 1) % 2]
            turn += 1
            status, outcome = book_once(session, form_server, post_server, phone, chooser)
            with lock:
                statuses[status] += 1
                outcomes[outcome] += 1

    threads = [threading.Thread(target=client, args=(seed,)) for seed in range(options.clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes, statuses, time.monotonic() - started


def booking_form(session, server: str) -> tuple[dict, list[str]] | None:
    """The form's CSRF token and cookie, and the first offered slots, from `server`."""
    form = session.get(server + CALLBACK_PATH, timeout=30)
    token = CSRF_INPUT.search(form.text)
    if form.status_code != 200 or token is None:
        return None
    # Production cookies are Secure, which requests keeps off plain http: hand the CSRF cookie back by name.
    cookie = form.cookies.get("csrftoken") or session.cookies.get("csrftoken", "")
    return {"token": token.group(1), "cookie": cookie}, SLOT_OPTION.findall(form.text)[:4]


def post_booking(session, server: str, credentials: dict, phone: str, slot: str):
    data = {
        "csrfmiddlewaretoken": credentials["token"],
        "red_flags": "no",
        "name": "Cluster Reader",
        "phone": phone,
        "text_me": "on",
        "slot": slot,
        "topic": "sciatica",
        "note": "",
        "voicemail_ok": "no",
        "may_identify_org": "no",
        "consent": "on",
        "website": "",
    }
    return session.post(
        server + CALLBACK_PATH,
        data=data,
        cookies={"csrftoken": credentials["cookie"]},
        headers={"Referer": server + CALLBACK_PATH},
        allow_redirects=False,
        timeout=30,
    )


def book_once(session, form_server: str, post_server: str, phone: str, chooser: random.Random) -> tuple[int, str]:
    try:
        found = booking_form(session, form_server)
        if found is None:
            return 0, "form not served"
        credentials, slots = found
        slot = "first" if not slots or chooser.random() < 0.3 else chooser.choice(slots)
        answer = post_booking(session, post_server, credentials, phone, slot)
    except requests.RequestException:
        return 0, "connection error"
    if answer.status_code == 302:
        return 302, "booked"
    if answer.status_code >= 500:
        return answer.status_code, "server error"
    if "has just been booked up" in answer.text:
        return answer.status_code, "slot just filled (form back)"
    return answer.status_code, f"HTTP {answer.status_code}, form back"


def phone_limit_across(servers: list[str]) -> list[tuple[str, int]]:
    """One phone number posted to A, B, A, B...: the limit counts all of them together."""
    step(f"one phone number posted {PHONE_LIMIT + 3} times, alternating servers (limit {PHONE_LIMIT} per hour)")
    session = requests.Session()
    answers = []
    for attempt in range(PHONE_LIMIT + 3):
        server = servers[attempt % 2]
        found = booking_form(session, server)
        if found is None:
            answers.append(("AB"[attempt % 2], 0))
            continue
        answer = post_booking(session, server, found[0], "07911 199999", "first")
        answers.append(("AB"[attempt % 2], answer.status_code))
    return answers


def fetch_cache_state(url: str) -> str:
    # One public host name for both, as behind a load balancer (the ports would otherwise make two sites).
    return requests.get(url, headers={"Host": "127.0.0.1"}, timeout=30).headers.get("X-Page-Cache", "-")


# A task is due once its run_after has passed; tasks to run at once carry django-tasks-db's far-future
# "no date" instead (reminders, due before their slot, are not waited for).
WAITING_TASKS = (
    "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status IN ('READY', 'RUNNING') "
    "AND (run_after <= now() OR run_after > now() + interval '1000 years')"
)
DUE_TEXT_TASKS = (
    "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE task_path = 'callbacks.texts.delivery.send_sms' "
    "AND (run_after <= now() OR run_after > now() + interval '1000 years')"
)


def wait_for_tasks(database_url: str, *, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with psycopg.connect(database_url) as connection:
            (waiting,) = connection.execute(WAITING_TASKS).fetchone()
        if not waiting:
            return True
        time.sleep(0.5)
    return False


def database_counts(database_url: str) -> dict:
    with psycopg.connect(database_url) as connection:

        def one(query: str):
            return connection.execute(query).fetchone()[0]

        return {
            "requests": one("SELECT count(*) FROM callbacks_callbackrequest"),
            "opted_in": one("SELECT count(*) FROM callbacks_callbackrequest WHERE sms_opt_in"),
            "overbooked": one("SELECT count(*) FROM callbacks_callbackslot WHERE booked > capacity"),
            "mismatched": one(
                """SELECT count(*) FROM callbacks_callbackslot AS slot WHERE slot.booked <> (
                    SELECT count(*) FROM callbacks_callbackrequest AS request
                    WHERE request.slot_id = slot.id AND request.status IN ('queued', 'claimed'))"""
            ),
            "confirmations": one("SELECT count(*) FROM callbacks_smsmessage WHERE kind = 'confirmation'"),
            "confirmations_sent": one(
                "SELECT count(*) FROM callbacks_smsmessage WHERE kind = 'confirmation' AND status = 'sent' "
                "AND backend = 'console'"
            ),
            "tasks_due": one(DUE_TEXT_TASKS),
            "tasks_successful": one(
                "SELECT count(*) FROM django_tasks_database_dbtaskresult "
                "WHERE task_path = 'callbacks.texts.delivery.send_sms' AND status = 'SUCCESSFUL'"
            ),
            "tasks_run_twice": one(
                "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE jsonb_array_length(worker_ids) > 1"
            ),
            "tasks_enqueued_twice": one(
                """SELECT count(*) FROM (SELECT args_kwargs FROM django_tasks_database_dbtaskresult
                   WHERE task_path = 'callbacks.texts.delivery.send_sms'
                   GROUP BY args_kwargs HAVING count(*) > 1) AS twice"""
            ),
            "by_worker": dict(
                connection.execute(
                    "SELECT worker_ids->>0, count(*) FROM django_tasks_database_dbtaskresult "
                    "WHERE status = 'SUCCESSFUL' GROUP BY 1 ORDER BY 1"
                ).fetchall()
            ),
        }


def report(*, database_url, booked_before, outcomes, statuses, elapsed, limit_answers, cache_answers, drained, options):
    counts = database_counts(database_url)
    # The phone-limit round books once too (its first attempt).
    booked = outcomes["booked"] + sum(1 for _server, status in limit_answers if status == 302)
    saved = counts["requests"] - booked_before
    server_errors = sum(count for status, count in statuses.items() if status >= 500)
    refused_after = [status for _server, status in limit_answers[PHONE_LIMIT:]]
    allowed_first = [status for _server, status in limit_answers[:PHONE_LIMIT]]
    checks = {
        "no slot booked beyond its places": counts["overbooked"] == 0,
        "every slot's count matches its bookings": counts["mismatched"] == 0,
        "every confirmed booking saved once": saved == booked,
        "every confirmation text sent once": counts["confirmations_sent"]
        == counts["opted_in"]
        == counts["confirmations"],
        "every due text task done, none run twice": drained
        and counts["tasks_successful"] >= counts["tasks_due"]
        and counts["tasks_run_twice"] == 0
        and counts["tasks_enqueued_twice"] == 0,
        "both workers took tasks": len([w for w, n in counts["by_worker"].items() if w and n]) == 2,
        f"phone limit shared: {PHONE_LIMIT} allowed, then 429 from both": all(s != 429 for s in allowed_first)
        and all(s == 429 for s in refused_after),
        "page cached by A served by B": cache_answers[1] == "hit",
        "no 5xx": server_errors == 0,
    }
    print()
    print(
        f"Two app servers (gunicorn x2 workers each) + two db_workers, one PostgreSQL, one Redis: "
        f"{options.clients} readers, {elapsed:.1f} s"
    )
    print(f"  bookings confirmed (302)       {outcomes['booked']}   ({outcomes['booked'] / elapsed:.1f} per second)")
    print(f"  outcomes                       {dict(outcomes.most_common())}")
    print(f"  HTTP statuses                  {dict(sorted(statuses.items()))}")
    print(f"  rows saved                     {saved}")
    print(f"  texts: confirmations sent      {counts['confirmations_sent']} of {counts['opted_in']} asked for")
    print(f"  text tasks due / successful    {counts['tasks_due']} / {counts['tasks_successful']}")
    print(f"  tasks done per worker          {counts['by_worker']}")
    print(f"  same phone, A/B alternating    {' '.join(f'{s}:{c}' for s, c in limit_answers)}")
    print(f"  article: X-Page-Cache A, B     {cache_answers[0]}, {cache_answers[1]}")
    failed = False
    for label, ok in checks.items():
        failed |= not ok
        print(f"  {'ok  ' if ok else 'FAIL'} {label}")
    return 1 if failed else 0


def forget_cache_keys(prefix: str) -> None:
    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    if keys:
        client.delete(*keys)


if __name__ == "__main__":
    sys.exit(main())
