"""What the benchmarks that run real servers share: throwaway databases, gunicorn, waiting, stopping.

Scripts here are run as files (`.venv/bin/python bench/pages.py`), which puts
bench/ first on sys.path, where queue.py (the staff queue's bench) would stand
in for the standard library's `queue`. Each script therefore starts with

    sys.path[0] = str(Path(__file__).resolve().parent.parent)

replacing bench/ with the project folder, and imports this module as
`bench.support`.

Everything runs on this machine: PostgreSQL and Redis on 127.0.0.1, servers
bound to 127.0.0.1 on free ports.
"""

import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")


def step(message: str) -> None:
    print(f"... {message}", flush=True)


def create_database(name: str) -> str:
    """A new, empty PostgreSQL database; returns its URL."""
    with psycopg.connect(f"{POSTGRES_URL}/postgres", autocommit=True) as server:
        server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return f"{POSTGRES_URL}/{name}"


def drop_database(name: str) -> None:
    with psycopg.connect(f"{POSTGRES_URL}/postgres", autocommit=True) as server:
        server.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def production_environment(workdir: Path, database_url: str, **extra: str) -> dict:
    """Environment for manage.py and gunicorn: production settings, on localhost, over plain HTTP.

    Static files are collected into `workdir`, not the project's folder; the
    secret key is generated; the HTTPS redirect is off because nothing here
    speaks TLS (everything else about production settings is kept).
    """
    (workdir / "bench_settings.py").write_text(
        f"from config.settings.production import *  # noqa: F403\nSTATIC_ROOT = {str(workdir / 'static')!r}\n"
    )
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_"))}
    env.pop("REDIS_URL", None)
    env.update(
        {
            "PYTHONPATH": os.pathsep.join([str(ROOT), str(workdir)]),
            "DJANGO_SETTINGS_MODULE": "bench_settings",
            "DATABASE_URL": database_url,
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_LOG_LEVEL": "WARNING",
            "GUNICORN_ACCESS_LOG": "",
            # Recycling workers every few thousand requests would measure gunicorn booting them.
            "GUNICORN_MAX_REQUESTS": "0",
            "GUNICORN_LOG_LEVEL": "warning",
        }
    )
    env.update(extra)
    return env


def manage(env: dict, *args: str, stdin: str | None = None, quiet: bool = True) -> str:
    completed = subprocess.run(
        [str(PYTHON), "manage.py", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        text=True,
        check=True,
        stdout=subprocess.PIPE if quiet else None,
    )
    return completed.stdout or ""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(
    env: dict, port: int, *, workers: int = 2, threads: int | None = None, log: Path | None = None
) -> subprocess.Popen:
    """gunicorn with the project's gunicorn.conf.py, on 127.0.0.1:`port`, in a process group of its own.

    Its output goes to `log` if given, else to this script's terminal.
    """
    command = [str(GUNICORN), "--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
    if threads is not None:
        command += ["--threads", str(threads)]
    output = open(log, "w") if log else None  # noqa: SIM115 - closed with the process
    return subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True, stdout=output, stderr=output)


def start_process(env: dict, *args: str, log: Path | None = None) -> subprocess.Popen:
    """Another project process (`manage.py ...`), in a process group of its own."""
    output = open(log, "w") if log else subprocess.DEVNULL  # noqa: SIM115 - closed with the process
    return subprocess.Popen(
        [str(PYTHON), *args], cwd=ROOT, env=env, start_new_session=True, stdout=output, stderr=output
    )


def wait_until_healthy(base_url: str, process: subprocess.Popen, *, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server for {base_url} exited before serving")
        try:
            with urllib.request.urlopen(base_url + "/healthz", timeout=5) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    raise SystemExit(f"{base_url}/healthz did not answer 200 within {seconds:g} seconds")


def stop(process: subprocess.Popen | None) -> None:
    """Stop a process this bench started (its own process group), and wait for it."""
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
