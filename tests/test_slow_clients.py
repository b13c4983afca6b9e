"""Slow clients cannot starve the production server (`python -m config.serve`, as `make serve` runs it).

Fifty connections that send their headers one byte a second must not keep a normal request from being
answered within a second: the server reads requests without holding the threads that run the application.
This is a test of availability, not of speed: the normal request takes milliseconds; a server that gives
each connection a worker thread answers it only after the slow clients finish or time out (tens of seconds).
"""

import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
SLOW_CLIENTS = 50
DRIP_SECONDS = 1.0
ROUNDS_BEFORE_REQUEST = 3  # the slow clients have been accepted and are mid-headers when the request comes
ANSWER_WITHIN = 1.0  # seconds; issue 16's bound
STARTUP_TIMEOUT = 60
REQUEST = b"GET /admin/auth HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-Proto: https\r\nConnection: close\r\n\r\n"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def production_server(tmp_path):
    """The address of the production server, one worker process, started on a free loopback port."""
    port = free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY="slow-clients-test-secret-key",
        JWT_SECRET="slow-clients-test-jwt-secret",
        CELERY_BROKER_URL="memory://",  # nothing is delivered: no webhook is registered
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",  # the request below reads no table
        HOST="127.0.0.1",
        PORT=str(port),
        WEB_CONCURRENCY="1",
        PYTHONUNBUFFERED="1",
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "config.serve"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    output: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: output.put(process.stdout.read()), daemon=True).start()
    try:
        wait_until_listening(("127.0.0.1", port), process, output)
        yield ("127.0.0.1", port)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # the workers too
            process.wait(timeout=10)


def wait_until_listening(address, process: subprocess.Popen, output: queue.Queue) -> None:
    """Granian's worker binds its own (SO_REUSEPORT) socket once it has loaded the application, and says
    nothing when it has: so connecting is retried, until the server answers, exits or the deadline passes."""
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while True:
        try:
            socket.create_connection(address, timeout=STARTUP_TIMEOUT).close()
            return
        except ConnectionRefusedError:
            if process.poll() is not None:
                pytest.fail("the server exited before it listened:\n" + output.get(timeout=10))
            if time.monotonic() > deadline:
                pytest.fail(f"the server did not listen within {STARTUP_TIMEOUT} s")
            time.sleep(0.05)


def normal_request(address, timeout: float) -> bytes:
    """The server's whole answer to one complete request, or socket.timeout past `timeout` seconds."""
    with socket.create_connection(address, timeout=timeout) as connection:
        connection.sendall(REQUEST)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
        return answer


class SlowClients:
    """Connections that send REQUEST one byte every DRIP_SECONDS, from one thread, until stopped."""

    def __init__(self, address, count: int):
        self.connections = [socket.create_connection(address, timeout=10) for _ in range(count)]
        self.sent = 0
        self.stopped = threading.Event()
        self.rounds_done = threading.Semaphore(0)
        self.thread = threading.Thread(target=self.drip, daemon=True)

    def drip(self):
        while not self.stopped.is_set() and self.sent < len(REQUEST) - 1:  # never the last byte
            for connection in self.connections:
                connection.send(REQUEST[self.sent : self.sent + 1])
            self.sent += 1
            self.rounds_done.release()
            self.stopped.wait(DRIP_SECONDS)  # the pace of a slow client, not a wait for something

    def still_open(self) -> int:
        """How many connections the server has neither answered nor closed."""
        open_count = 0
        for connection in self.connections:
            connection.setblocking(False)
            try:
                connection.recv(1)
            except BlockingIOError:
                open_count += 1
        return open_count

    def __enter__(self):
        self.thread.start()
        for _ in range(ROUNDS_BEFORE_REQUEST):
            assert self.rounds_done.acquire(timeout=30), "the slow clients stopped sending"
        return self

    def __exit__(self, *exc):
        self.stopped.set()
        self.thread.join(timeout=10)
        for connection in self.connections:
            connection.close()


def test_slow_clients_do_not_delay_a_normal_request(production_server):
    # given a warm server (the first request loads the application)
    assert normal_request(production_server, timeout=STARTUP_TIMEOUT).startswith(b"HTTP/1.1 401")
    with SlowClients(production_server, SLOW_CLIENTS) as slow:
        # when a normal request comes while 50 clients are sending their headers a byte a second
        started = time.monotonic()
        try:
            answer = normal_request(production_server, timeout=ANSWER_WITHIN)
        except TimeoutError:
            pytest.fail(f"no answer within {ANSWER_WITHIN} s while {SLOW_CLIENTS} slow clients were connected")
        elapsed = time.monotonic() - started
        still_open = slow.still_open()
    # then it is answered in full, within the bound, and the slow clients were kept waiting, not dropped
    assert answer.startswith(b"HTTP/1.1 401")
    assert answer.endswith(b'{"type":"unauthorized","message":"Unauthorized"}')
    assert elapsed < ANSWER_WITHIN
    assert still_open == SLOW_CLIENTS
