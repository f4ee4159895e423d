"""The worker survives a real PostgreSQL outage: a private cluster is stopped with `-m immediate` and started
again, and a task queued after its return runs within 60 s with no one restarting the worker."""

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PG_BINS = sorted(glob.glob("/usr/lib/postgresql/*/bin"))

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not PG_BINS, reason="needs PostgreSQL's server binaries (initdb, pg_ctl)"),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def as_postgres(command: list[str]) -> list[str]:
    """initdb and postgres refuse to run as root."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class PrivateCluster:
    def __init__(self):
        self.bin = Path(PG_BINS[-1])
        self.folder = Path(tempfile.mkdtemp(prefix="worker-outage-"))
        self.data = self.folder / "data"
        self.port = free_port()
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/helpline"

    def run(self, *command: str) -> None:
        command_line = as_postgres([str(self.bin / command[0]), *command[1:]])
        subprocess.run(command_line, check=True, capture_output=True)  # noqa: S603 - PostgreSQL's own tools

    def init(self) -> None:
        self.run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")
        self.start()
        self.run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "helpline")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"), "-w", "start")

    def stop_immediately(self) -> None:
        self.run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def remove(self) -> None:
        subprocess.run(  # noqa: S603 - PostgreSQL's own tools
            as_postgres([str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture
def cluster():
    private = PrivateCluster()
    try:
        private.init()
        yield private
    finally:
        private.remove()


def manage(cluster, *args: str, **kwargs):
    env = {**os.environ, "DATABASE_URL": cluster.url, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    return subprocess.run(  # noqa: S603 - this project's own code, run by this Python
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True, **kwargs
    )


def task_statuses(cluster) -> list[str]:
    import psycopg

    with psycopg.connect(cluster.url.replace("postgres://", "postgresql://"), connect_timeout=2) as connection:
        return [row[0] for row in connection.execute("SELECT status FROM django_tasks_database_dbtaskresult")]


def wait_for(condition, *, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return True
        except Exception:  # noqa: S110 - the database may still be coming back
            pass
        time.sleep(0.5)
    return False


def test_queued_work_runs_after_postgres_comes_back_without_restarting_the_worker(cluster, tmp_path):
    manage(cluster, "migrate", "--noinput")
    log = (tmp_path / "worker.log").open("w")
    env = {**os.environ, "DATABASE_URL": cluster.url, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "run_worker", "--interval", "0.5"], cwd=ROOT, env=env, stdout=log, stderr=log
    )
    try:
        manage(cluster, "shell", "-c", "from tests.operations.probe_tasks import worker_probe; worker_probe.enqueue()")
        assert wait_for(lambda: task_statuses(cluster) == ["SUCCESSFUL"], seconds=60), "the worker runs at all"

        cluster.stop_immediately()
        time.sleep(5)
        assert worker.poll() is None, "the worker is still running during the outage"
        cluster.start()
        manage(cluster, "shell", "-c", "from tests.operations.probe_tasks import worker_probe; worker_probe.enqueue()")

        assert wait_for(lambda: task_statuses(cluster) == ["SUCCESSFUL", "SUCCESSFUL"], seconds=60)
        assert worker.poll() is None
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        log.close()
    output = (tmp_path / "worker.log").read_text()
    assert output.count("database is unreachable") == 1, output
    assert output.count("database is reachable again") == 1, output
    assert "Traceback" not in output, output
