"""A small HTTP/1.1 load generator: N keep-alive connections driven by one selector loop.

Pure Python, single thread, no HTTP library: each connection sends a prepared
GET, reads the answer (Content-Length framing, as gunicorn answers), records
the latency and sends the next. Per request that costs the client a few tens
of microseconds of CPU, well under what the cheapest Django response costs
the server, and `Burst.client_cpu_seconds` says how much it really was, so a
report can show what the client took from the machine.
"""

import re
import selectors
import socket
import time
from dataclasses import dataclass, field

CONTENT_LENGTH = re.compile(rb"\r\ncontent-length:\s*(\d+)", re.IGNORECASE)
STATUS = re.compile(rb"^HTTP/1\.[01] (\d{3})")


@dataclass
class Burst:
    """What one run against one URL measured."""

    seconds: float
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    marker_hits: int = 0
    reconnects: int = 0
    client_cpu_seconds: float = 0.0


class _Connection:
    def __init__(self, host: str, port: int, request: bytes):
        self.address = (host, port)
        self.request = request
        self.buffer = bytearray()
        self.sent_at = 0.0
        self.served = 0
        self.sock = self._connect()

    def _connect(self) -> socket.socket:
        sock = socket.create_connection(self.address)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.setblocking(False)
        return sock

    def reconnect(self) -> None:
        """Open a new connection: to recycle this one, or because the server closed it (a worker restarting)."""
        self.sock.close()
        self.sock = self._connect()

    def send(self) -> None:
        self.buffer.clear()
        self.sent_at = time.perf_counter()
        # A GET of a few hundred bytes fits in an empty socket buffer at once.
        self.sock.sendall(self.request)

    def complete_response(self) -> tuple[int, bytes] | None:
        """(status, head) once the whole response is in the buffer, else None."""
        head_end = self.buffer.find(b"\r\n\r\n")
        if head_end < 0:
            return None
        head = bytes(self.buffer[:head_end])
        length = CONTENT_LENGTH.search(head)
        body_length = int(length.group(1)) if length else 0
        if len(self.buffer) < head_end + 4 + body_length:
            return None
        status = STATUS.match(head)
        return (int(status.group(1)) if status else 0), head


def run(
    host: str,
    port: int,
    path: str,
    *,
    connections: int,
    seconds: float,
    marker: bytes = b"",
    requests_per_connection: int = 10,
) -> Burst:
    """GET `path` over `connections` keep-alive connections for `seconds`; count heads containing `marker`.

    Each connection is replaced by a new one after `requests_per_connection`
    answers, as load balancers recycle theirs. That matters for the balance:
    a gunicorn worker takes every connection it can accept, so connections
    opened all at once and kept for ever mostly land on one worker, and the
    measurement would depend on how that one draw fell. New connections go to
    whichever worker is free to accept them, which keeps both busy.
    """
    request = f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept-Encoding: identity\r\n\r\n".encode()
    selector = selectors.DefaultSelector()
    pool = [_Connection(host, port, request) for _ in range(connections)]
    burst = Burst(seconds=seconds)
    cpu_started = time.process_time()
    started = time.perf_counter()
    deadline = started + seconds
    for connection in pool:
        selector.register(connection.sock, selectors.EVENT_READ, connection)
        connection.send()
    open_connections = len(pool)
    try:
        while open_connections:
            for key, _events in selector.select(timeout=1.0):
                connection = key.data
                chunk = connection.sock.recv(262144)
                if not chunk:
                    # Closed before answering: ask again on a new connection.
                    selector.unregister(connection.sock)
                    connection.reconnect()
                    selector.register(connection.sock, selectors.EVENT_READ, connection)
                    burst.reconnects += 1
                    connection.send()
                    continue
                connection.buffer += chunk
                answer = connection.complete_response()
                if answer is None:
                    continue
                now = time.perf_counter()
                status, head = answer
                burst.latencies.append(now - connection.sent_at)
                burst.statuses[status] = burst.statuses.get(status, 0) + 1
                if marker and marker in head.lower():
                    burst.marker_hits += 1
                if now < deadline:
                    connection.served += 1
                    if connection.served % requests_per_connection == 0:
                        selector.unregister(connection.sock)
                        connection.reconnect()
                        selector.register(connection.sock, selectors.EVENT_READ, connection)
                    connection.send()
                else:
                    selector.unregister(connection.sock)
                    open_connections -= 1
    finally:
        for connection in pool:
            connection.sock.close()
        selector.close()
    burst.seconds = time.perf_counter() - started
    burst.client_cpu_seconds = time.process_time() - cpu_started
    return burst
