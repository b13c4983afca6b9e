"""The production server, as `make serve` and `make bench` start it: `python -m config.serve`.

HOST (default 0.0.0.0), PORT (8000) and WEB_CONCURRENCY (worker processes, 3) come from the environment.
"""

import os
import sys


def command() -> list[str]:
    bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"
    workers = os.environ.get("WEB_CONCURRENCY", "3")
    return [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", bind, "--workers", workers]


if __name__ == "__main__":
    arguments = command()
    os.execv(arguments[0], arguments)
