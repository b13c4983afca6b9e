"""The load generator: drives one scenario against a running server and prints its figures as JSON.

`python -m scripts.bench.load --url http://127.0.0.1:PORT --seed seed.json --scenario retrieve --requests 2000
--duration 20 --clients 8 [--first N]`. `scripts.bench` runs it as its own process, so its CPU is not the
server's. It needs only the standard library, and it only ever connects to the loopback address it is given.
Each client keeps one HTTP/1.1 connection open; the run stops after `--requests` requests or `--duration`
seconds, whichever comes first, or when a scenario runs out of draft orders to change.
"""

import argparse
import http.client
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from ipaddress import ip_address
from urllib.parse import urlsplit

Request = tuple[str, str, dict | None]  # method, path, JSON body

# Shares of the seeded draft orders: the ones changed by a scenario are used once each, so every request of
# `add_line` or `mark_paid` meets an open draft in the same state.
RETRIEVE_SHARE, ADD_LINE_SHARE = 0.5, 0.25
ERROR_SAMPLES = 5


def pools(draft_ids: list[str]) -> dict[str, list[str]]:
    retrieve_end = int(len(draft_ids) * RETRIEVE_SHARE)
    add_end = retrieve_end + int(len(draft_ids) * ADD_LINE_SHARE)
    return {
        "retrieve": draft_ids[:retrieve_end],
        "add_line": draft_ids[retrieve_end:add_end],
        "mark_paid": draft_ids[add_end:],
    }


def scenarios(seed: dict) -> dict[str, Callable[[int], Request | None]]:
    """Each scenario's n-th request, or None when it has no draft order left for it."""
    pool = pools(seed["draft_ids"])

    def nth(ids: list[str], n: int) -> str | None:
        return ids[n] if n < len(ids) else None

    def create(n: int) -> Request:
        return "POST", "/admin/draft-orders", {**seed["create_body"], "email": f"created{n}@bench.example.com"}

    def retrieve(n: int) -> Request:
        return "GET", f"/admin/draft-orders/{pool['retrieve'][n % len(pool['retrieve'])]}", None

    def add_line(n: int) -> Request | None:
        draft_id = nth(pool["add_line"], n)
        body = {"variant_id": seed["added_variant_id"], "quantity": 1}
        return draft_id and ("POST", f"/admin/draft-orders/{draft_id}/line-items", body)

    def mark_paid(n: int) -> Request | None:
        draft_id = nth(pool["mark_paid"], n)
        return draft_id and ("POST", f"/admin/draft-orders/{draft_id}/pay", None)

    return {
        "create": create,
        "retrieve": retrieve,
        "list": lambda n: ("GET", "/admin/draft-orders?limit=50", None),
        # ten seeded emails match each `q` (customer01230@… to customer01239@…)
        "list_q": lambda n: ("GET", f"/admin/draft-orders?q={seed['q_prefix']}{n % 1000:04d}&limit=50", None),
        "add_line": add_line,
        "mark_paid": mark_paid,
        # the floor every request pays: the framework, the token's user (one query), a small body
        "auth": lambda n: ("GET", "/admin/auth", None),
    }


@dataclass
class Outcome:
    latency: float
    status: int  # 0: no answer (connection error)
    queries: int | None
    detail: str = ""


class Run:
    def __init__(self, request_for: Callable[[int], Request | None], *, first: int, requests: int, deadline: float):
        self.request_for = request_for
        self.next_number = first
        self.last_number = first + requests
        self.deadline = deadline
        self.lock = threading.Lock()
        self.outcomes: list[Outcome] = []

    def take(self) -> Request | None:
        with self.lock:
            if self.next_number >= self.last_number or time.monotonic() >= self.deadline:
                return None
            number, self.next_number = self.next_number, self.next_number + 1
        return self.request_for(number)

    def client(self, host: str, port: int, headers: dict) -> None:
        connection = http.client.HTTPConnection(host, port, timeout=60)
        while (request := self.take()) is not None:
            method, path, body = request
            payload = json.dumps(body).encode() if body is not None else None
            started = time.perf_counter()
            try:
                connection.request(method, path, body=payload, headers=headers)
                response = connection.getresponse()
                content = response.read()
            except (OSError, http.client.HTTPException) as error:
                connection.close()  # the next request reconnects
                self.record(Outcome(time.perf_counter() - started, 0, None, repr(error)))
                continue
            queries = response.getheader("X-Query-Count")
            detail = "" if response.status < 400 else f"{method} {path}: {content[:200].decode(errors='replace')}"
            self.record(Outcome(time.perf_counter() - started, response.status, queries and int(queries), detail))
        connection.close()

    def record(self, outcome: Outcome) -> None:
        with self.lock:
            self.outcomes.append(outcome)


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    if not sorted_values:
        return 0.0
    return sorted_values[min(len(sorted_values) - 1, max(0, round(fraction * len(sorted_values)) - 1))]


def drive(*, url: str, seed: dict, scenario: str, requests: int, duration: float, clients: int, first: int = 0) -> dict:
    parts = urlsplit(url)
    if not ip_address(parts.hostname).is_loopback:
        raise SystemExit(f"the load generator only targets loopback addresses, not {parts.hostname}")
    headers = {
        "x-medusa-access-token": seed["token"],
        "Content-Type": "application/json",
        "X-Forwarded-Proto": "https",  # as the TLS-terminating proxy production expects sends it
    }
    started = time.monotonic()
    run = Run(scenarios(seed)[scenario], first=first, requests=requests, deadline=started + duration)
    threads = [threading.Thread(target=run.client, args=(parts.hostname, parts.port, headers)) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies = sorted(outcome.latency * 1000 for outcome in run.outcomes)
    errors = [outcome for outcome in run.outcomes if not 200 <= outcome.status < 300]
    counted = [outcome.queries for outcome in run.outcomes if outcome.queries is not None]
    return {
        "scenario": scenario,
        "requests": len(run.outcomes),
        "errors": len(errors),
        "error_samples": [f"{error.status} {error.detail}" for error in errors[:ERROR_SAMPLES]],
        "seconds": round(elapsed, 3),
        "requests_per_second": round(len(run.outcomes) / elapsed, 1) if elapsed else 0.0,
        "p50_ms": round(percentile(latencies, 0.50), 1),
        "p95_ms": round(percentile(latencies, 0.95), 1),
        "p99_ms": round(percentile(latencies, 0.99), 1),
        "queries_per_request": round(sum(counted) / len(counted), 1) if counted else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--seed", required=True, help="the JSON file manage.py seed_bench wrote")
    parser.add_argument("--scenario", required=True)
    parser.add_argument("--requests", type=int, required=True)
    parser.add_argument("--duration", type=float, required=True, help="seconds")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--first", type=int, default=0, help="number of the first request (draft orders used)")
    args = parser.parse_args()
    with open(args.seed) as file:
        seed = json.load(file)
    result = drive(
        url=args.url,
        seed=seed,
        scenario=args.scenario,
        requests=args.requests,
        duration=args.duration,
        clients=args.clients,
        first=args.first,
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
