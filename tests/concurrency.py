"""Running calls at the same moment on their own database connections (PostgreSQL tests marked `postgres`)."""

import threading
from collections.abc import Callable

from django.db import connection

from config.errors import MedusaError


def at_once(calls: list[Callable[[], object]], *, timeout: float = 60) -> list:
    """Start every call together (a barrier) on its own thread and connection; each outcome, in the calls' order, is
    the call's result, or the refusal `{"type", "message"}` of a MedusaError it raised."""
    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def run(index: int, call: Callable[[], object]) -> None:
        try:
            barrier.wait()
            outcomes[index] = call()
        except MedusaError as error:
            outcomes[index] = {"type": error.type.value, "message": error.message}
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return outcomes
