"""The production server, as `make serve` and `make bench` start it: `python -m config.serve`.

Granian serves the WSGI application: its Rust HTTP layer reads each request whole (headers and body) before
one of a worker's blocking threads runs Django, so slow clients hold a socket, never a thread (gunicorn's sync
and gthread workers give each connection a thread while its headers trickle in). It also costs less CPU per
request (README, Performance).

HOST (default 0.0.0.0), PORT (8000), WEB_CONCURRENCY (worker processes, two per core) and WEB_THREADS (threads
per worker running Django, 2) come from the environment. More processes with fewer threads each: a process's
threads take turns on its one interpreter lock, and with 4 threads a worker spent a third more CPU per request on
a list page than with 2 (README, Performance).
"""

import os
import sys

DEFAULT_THREADS = 2


def default_workers() -> int:
    return 2 * (os.cpu_count() or 1)


def command() -> list[str]:
    return [
        sys.executable,
        "-m",
        "granian",
        "--interface=wsgi",
        f"--host={os.environ.get('HOST', '0.0.0.0')}",
        f"--port={os.environ.get('PORT', '8000')}",
        f"--workers={os.environ.get('WEB_CONCURRENCY', default_workers())}",
        f"--blocking-threads={os.environ.get('WEB_THREADS', DEFAULT_THREADS)}",
        "--no-ws",  # WSGI has no websockets; without it granian logs that it ignores them
        "--respawn-failed-workers",  # a worker that dies is replaced, as gunicorn's arbiter does
        "config.wsgi:application",
    ]


if __name__ == "__main__":
    arguments = command()
    os.execv(arguments[0], arguments)
