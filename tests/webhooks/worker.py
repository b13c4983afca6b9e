"""A real Celery worker (with its beat) in a subprocess, on the machine's Redis, reading the test database."""

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parents[2]

# fast retries and sweeps, so that what takes a day in production takes seconds here
FAST = {
    "WEBHOOKS_RETRY_BASE_SECONDS": "0.2",
    "WEBHOOKS_RETRY_MAX_SECONDS": "1",
    "WEBHOOKS_TIMEOUT_SECONDS": "1",
    "WEBHOOKS_SWEEP_SECONDS": "1",
    "WEBHOOKS_MAX_ATTEMPTS": "6",
    "WEBHOOKS_ALLOW_PRIVATE_URLS": "true",
}


def database_url(settings_dict: dict) -> str:
    """The URL of the database this test runs on (pytest-django's test_<name>), for the worker to read too."""
    credentials = quote(settings_dict["USER"] or "")
    if settings_dict.get("PASSWORD"):
        credentials += ":" + quote(settings_dict["PASSWORD"])
    host = f"{settings_dict['HOST'] or '127.0.0.1'}:{settings_dict['PORT'] or 5432}"
    return f"postgres://{credentials}@{host}/{settings_dict['NAME']}"


class Worker:
    def __init__(self, *, broker_url: str, queue: str, database: str, directory: Path):
        self.log = directory / "worker.log"
        self.schedule = directory / "beat-schedule"
        self.env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "WEBHOOKS_"))}
        self.env.update(
            DJANGO_SETTINGS_MODULE="config.settings.test",
            DATABASE_URL=database,
            CELERY_BROKER_URL=broker_url,
            CELERY_QUEUE=queue,
            PYTHONUNBUFFERED="1",
            **FAST,
        )
        self.process: subprocess.Popen | None = None

    def start(self) -> "Worker":
        command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--beat", "--schedule", str(self.schedule)]
        command += ["--concurrency", "2", "--loglevel", "INFO", "--without-gossip", "--without-mingle"]
        with self.log.open("a") as log:
            # its own process group: a kill reaches the pool's children too, as when a machine dies
            self.process = subprocess.Popen(
                command, cwd=BASE_DIR, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        return self

    def kill(self) -> None:
        """SIGKILL, nothing cleaned up: the attempt in flight is never recorded as finished."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()

    def output(self) -> str:
        return self.log.read_text() if self.log.exists() else ""


def eventually(predicate, *, timeout: float, what: str, worker: Worker | None = None):
    """Polls `predicate` until it is true or `timeout` seconds pass (then fails, with the worker's log)."""
    deadline = time.monotonic() + timeout
    pause = threading.Event()
    while time.monotonic() < deadline:
        if value := predicate():
            return value
        pause.wait(0.1)
    log = worker.output()[-4000:] if worker is not None else ""
    raise AssertionError(f"not within {timeout} s: {what}\n{log}")
