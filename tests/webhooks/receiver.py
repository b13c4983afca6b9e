"""A real HTTP receiver on loopback for the webhook tests: it records every request and answers from a script."""

import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass(frozen=True)
class Received:
    headers: dict[str, str]
    body: bytes


class Receiver:
    """`answers` are the statuses of the next requests in turn (then 200); `hold_next()` makes the next request
    wait, without answering, until `release()` (a receiver hanging while a worker is killed)."""

    def __init__(self):
        self.requests: list[Received] = []
        self.answers: list[int] = []
        self._arrived = threading.Condition()
        self._hold: threading.Event | None = None
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                with receiver._arrived:
                    receiver.requests.append(Received({k.lower(): v for k, v in self.headers.items()}, body))
                    status = receiver.answers.pop(0) if receiver.answers else 200
                    hold, receiver._hold = receiver._hold, None
                    receiver._arrived.notify_all()
                if hold is not None:
                    hold.wait(timeout=60)
                self.send_response(status)
                self.end_headers()
                self.wfile.write(b"ok" if status < 300 else b"receiver failed on purpose")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self._released = threading.Event()
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks?source=tests"

    def hold_next(self) -> None:
        self._hold = self._released

    def release(self) -> None:
        self._released.set()

    def wait_for(self, count: int, *, timeout: float) -> list[Received]:
        """The requests once there are `count` of them; fails after `timeout` seconds."""
        with self._arrived:
            arrived = self._arrived.wait_for(lambda: len(self.requests) >= count, timeout=timeout)
        assert arrived, f"the receiver got {len(self.requests)} of {count} requests within {timeout} s"
        return list(self.requests)

    def close(self) -> None:
        self.release()
        self.server.shutdown()
        self.server.server_close()
