"""A real Varnish (Debian's varnishd) in front of a server, with deploy/varnish/default.vcl.

Used by tests/home/test_varnish.py (in front of pytest-django's live server) and by bench/pages.py.

varnishd drops its privileges to its own user, so the VCL and the work folder
live in a temporary folder that other users may read. It listens on a free
loopback port and is stopped when the test session is done with it.
"""

import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

VCL = Path(__file__).resolve().parent.parent / "deploy" / "varnish" / "default.vcl"
BACKEND_LINE = '.port = "8000";'


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, *, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"varnishd did not listen on port {port}")


def varnishd_path() -> str | None:
    """Debian's varnishd (in /usr/sbin, often outside a user's PATH), or None if it is not installed."""
    executable = shutil.which("varnishd") or "/usr/sbin/varnishd"
    return executable if Path(executable).exists() else None


def start_varnish(backend_url: str):
    """(varnishd process, its base URL, its folder) with the project's VCL in front of `backend_url`."""
    executable = varnishd_path()
    if executable is None:
        raise FileNotFoundError("varnishd is not installed (apt-get install -y varnish)")
    backend = urlsplit(backend_url)
    folder = Path(tempfile.mkdtemp(prefix="varnish-test-"))
    folder.chmod(0o755)
    vcl = folder / "default.vcl"
    text = VCL.read_text().replace(BACKEND_LINE, f'.port = "{backend.port}";')
    assert text != VCL.read_text(), "the VCL's backend port line was not found"
    vcl.write_text(text)
    vcl.chmod(0o644)
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 - a fixed command line built here
        [
            executable,
            "-F",
            "-n",
            str(folder / "work"),
            "-a",
            f"127.0.0.1:{port}",
            "-T",
            "none",
            "-f",
            str(vcl),
            "-s",
            "malloc,32m",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_for_port(port)
    except RuntimeError:
        process.kill()
        error = process.communicate()[1].decode(errors="replace")
        shutil.rmtree(folder, ignore_errors=True)
        raise RuntimeError(f"varnishd did not start: {error}") from None
    return process, f"http://127.0.0.1:{port}", folder


def stop_varnish(process, folder: Path) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    shutil.rmtree(folder, ignore_errors=True)
