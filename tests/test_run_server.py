"""`make run`'s server answers: migrate a fresh SQLite file, start runserver on a free port, call it, stop it."""

import json
import os
import queue
import re
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
STARTED = re.compile(r"Starting development server at (http://127\.0\.0\.1:(\d+)/)")
STARTUP_TIMEOUT = 60


@pytest.fixture
def server_env(tmp_path):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DATABASE_URL=f"sqlite:///{tmp_path / 'run.sqlite3'}",
        PYTHONUNBUFFERED="1",
        DJANGO_RUNSERVER_HIDE_WARNING="true",
    )
    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert migrate.returncode == 0, migrate.stderr
    return env


@pytest.fixture
def server(server_env):
    """The base URL of a running `manage.py runserver` (port 0: the OS picks a free one, runserver prints it)."""
    process = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", "127.0.0.1:0"],
        cwd=BASE_DIR,
        env=server_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: queue.Queue = queue.Queue()

    def pump():
        for line in process.stdout:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    output = []
    try:
        while True:
            try:
                line = lines.get(timeout=STARTUP_TIMEOUT)  # blocks on the server's output, no polling
            except queue.Empty:
                pytest.fail("runserver printed nothing for a minute:\n" + "".join(output))
            if line is None:
                pytest.fail("runserver exited before it was ready:\n" + "".join(output))
            output.append(line)
            if match := STARTED.search(line):
                break
        yield match.group(1)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


def test_make_runs_server_answers_the_api_the_staff_site_and_static_files(server):
    # when
    api = fetch(server + "admin/auth")
    staff = fetch(server + "staff/login/")
    css = fetch(server + "static/admin/css/base.css")
    docs = fetch(server + "api/docs/")
    # then
    assert api[0] == 401
    assert api[1] == "application/json"
    assert json.loads(api[2]) == {"type": "unauthorized", "message": "Unauthorized"}
    assert staff[0] == 200
    assert staff[1].startswith("text/html")
    assert b"Draft orders" in staff[2]
    assert css[0] == 200
    assert css[1].startswith("text/css")
    assert len(css[2]) > 1000
    assert docs[0] == 200
