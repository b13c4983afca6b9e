"""`make bench`: the production server on a fresh PostgreSQL database, driven scenario by scenario.

1. creates the database `bench_<pid>` on the local PostgreSQL (BENCH_POSTGRES_URL, default
   postgres://postgres@127.0.0.1:5432), migrates it and seeds it (`manage.py seed_bench`);
2. starts the server as `make serve` does (`python -m config.serve`, production settings, the variables they
   need set here), on a free loopback port;
3. for each scenario runs the load generator (scripts.bench.load, its own process): a warm-up, then the
   measured run, while it reads the CPU time of the server's processes and of the database's PostgreSQL
   backends from /proc;
4. prints one row per scenario (and writes them to `--json FILE`), stops the server and drops the database.

CPU per request is the figure to compare between runs: it stays put on a shared machine where requests/s moves.
"""

import argparse
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import psycopg

from config.serve import DEFAULT_THREADS, default_workers

BASE_DIR = Path(__file__).resolve().parent.parent.parent
SCENARIOS = {
    "create": "create (2 variant lines, 1 custom, shipping, 10 % discount)",
    "retrieve": "retrieve one draft order",
    "list": "list 50 of N",
    "list_q": "list 50 with q (email or display id)",
    "add_line": "add a line item",
    "mark_paid": "Mark Paid",
    "auth": "GET /admin/auth: the floor every request pays",
}
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
SAMPLE_SECONDS = 0.25
READY_TIMEOUT = 60


# --- CPU time from /proc ------------------------------------------------------------------------------------


def cpu_seconds(pid: int) -> tuple[str, float] | None:
    """The process's start time (to tell a reused pid apart) and its CPU time so far, all threads together."""
    try:
        with open(f"/proc/{pid}/stat") as file:
            fields = file.read().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return None
    # after the command: state is field 3 of stat(5); utime, stime are 14, 15; starttime is 22
    return fields[19], (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def children(pid: int) -> list[int]:
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as file:
                found += [int(child) for child in file.read().split()]
    except (FileNotFoundError, ProcessLookupError):
        pass
    return found


def descendants(pid: int) -> list[int]:
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        pending += children(current)
    return found


def command_line(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as file:
            return file.read().replace(b"\0", b" ").decode(errors="replace")
    except (FileNotFoundError, ProcessLookupError):
        return ""


class CpuMeter:
    """Total CPU seconds of a changing set of processes, sampled in the background.

    A process that exits keeps the CPU time it had at its last sample, so short-lived workers or backends
    lose at most one sampling interval.
    """

    def __init__(self, processes):
        self.processes = processes  # () -> pids
        self.last: dict[tuple[int, str], float] = {}
        self.lock = threading.Lock()
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def sample(self) -> float:
        with self.lock:
            for pid in self.processes():
                if (seen := cpu_seconds(pid)) is not None:
                    self.last[(pid, seen[0])] = seen[1]
            return sum(self.last.values())

    def _run(self):
        while not self.stopped.wait(SAMPLE_SECONDS):
            self.sample()

    def __enter__(self):
        self.sample()
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopped.set()
        self.thread.join()


def postgres_backends(postmaster: int, database: str):
    """The postmaster's children serving `database` (their title is `postgres: [cluster: ]user database …`)."""
    marker = f" {database} "
    return lambda: [pid for pid in children(postmaster) if marker in command_line(pid)]


# --- the database, the server, the load generator -----------------------------------------------------------


@contextmanager
def fresh_database(admin_url: str):
    name = f"bench_{os.getpid()}"
    try:
        admin = psycopg.connect(f"{admin_url}/postgres", autocommit=True)
    except psycopg.OperationalError as error:
        raise SystemExit(f"make bench needs the PostgreSQL at {admin_url} (BENCH_POSTGRES_URL): {error}") from error
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        # the backend's parent: the backends serving the database are its children
        postmaster = int(Path(f"/proc/{admin.info.backend_pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    try:
        yield name, postmaster
    finally:
        with psycopg.connect(f"{admin_url}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run_step(arguments: list[str], env: dict) -> str:
    done = subprocess.run(arguments, cwd=BASE_DIR, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(arguments)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


@contextmanager
def server(command: list[str], env: dict, url: str, log: Path):
    with log.open("w") as output:
        process = subprocess.Popen(
            command, cwd=BASE_DIR, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        deadline = time.monotonic() + READY_TIMEOUT
        while True:
            if process.poll() is not None:
                raise SystemExit(f"the server exited with {process.returncode} before it answered; see {log}")
            try:
                request = urllib.request.Request(f"{url}/admin/auth", headers={"X-Forwarded-Proto": "https"})
                urllib.request.urlopen(request, timeout=5)
            except urllib.error.HTTPError as error:
                if error.code == 401:  # it answers; not logged in
                    break
                raise SystemExit(f"the server answered /admin/auth with {error.code}") from error
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit(f"the server did not answer within {READY_TIMEOUT} s; see {log}") from None
                time.sleep(0.2)  # not up yet
        yield process
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def drive(url: str, seed_file: Path, scenario: str, *, requests: int, duration: float, clients: int, first: int):
    output = run_step(
        [
            sys.executable,
            "-m",
            "scripts.bench.load",
            f"--url={url}",
            f"--seed={seed_file}",
            f"--scenario={scenario}",
            f"--requests={requests}",
            f"--duration={duration}",
            f"--clients={clients}",
            f"--first={first}",
        ],
        os.environ.copy(),
    )
    return json.loads(output)


# --- the run ------------------------------------------------------------------------------------------------


def measure(args, url: str, seed_file: Path, server_cpu: CpuMeter, database_cpu: CpuMeter) -> list[dict]:
    results = []
    for scenario in args.scenarios:
        options = {"clients": args.clients, "duration": args.duration}
        drive(url, seed_file, scenario, requests=args.warmup, first=0, **options)
        server_before, database_before = server_cpu.sample(), database_cpu.sample()
        result = drive(url, seed_file, scenario, requests=args.requests, first=args.warmup, **options)
        server_used, database_used = server_cpu.sample() - server_before, database_cpu.sample() - database_before
        done = max(result["requests"], 1)
        result["server_cpu_ms_per_request"] = round(server_used * 1000 / done, 1)
        result["database_cpu_ms_per_request"] = round(database_used * 1000 / done, 1)
        results.append(result)
        print(row(result), flush=True)
        for sample in result["error_samples"]:
            print(f"    error: {sample}", flush=True)
    return results


COLUMNS = [
    ("scenario", "scenario", "<12"),
    ("requests", "requests", ">8"),
    ("errors", "errors", ">6"),
    ("req/s", "requests_per_second", ">7"),
    ("p50 ms", "p50_ms", ">7"),
    ("p95 ms", "p95_ms", ">7"),
    ("p99 ms", "p99_ms", ">7"),
    ("queries", "queries_per_request", ">7"),
    ("server CPU ms", "server_cpu_ms_per_request", ">13"),
    ("PG CPU ms", "database_cpu_ms_per_request", ">9"),
]


def header() -> str:
    return "  ".join(f"{title:{align}}" for title, _, align in COLUMNS)


def row(result: dict) -> str:
    return "  ".join(f"{result[key] if result[key] is not None else '-':{align}}" for _, key, align in COLUMNS)


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark the production server (see scripts/bench).")
    parser.add_argument("--json", type=Path, help="also write the results and the setup to this file")
    parser.add_argument("--drafts", type=int, default=10_000, help="draft orders seeded (default 10000)")
    parser.add_argument("--requests", type=int, default=2000, help="measured requests per scenario at most")
    parser.add_argument("--duration", type=float, default=20, help="measured seconds per scenario at most")
    parser.add_argument("--warmup", type=int, default=100, help="requests per scenario before measuring")
    parser.add_argument("--clients", type=int, default=8, help="concurrent connections")
    parser.add_argument(
        "--workers", type=int, help="WEB_CONCURRENCY for the server (default: the server's own, two per core)"
    )
    parser.add_argument("--threads", type=int, help="WEB_THREADS for the server (default: the server's own, 2)")
    parser.add_argument(
        "--scenarios", nargs="+", choices=list(SCENARIOS), default=list(SCENARIOS), help="default: all, in order"
    )
    parser.add_argument(
        "--env", action="append", default=[], metavar="NAME=VALUE", help="an extra variable for the server"
    )
    parser.add_argument(
        "--server-command", help="a shell command to run instead of `python -m config.serve` ($HOST, $PORT are set)"
    )
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the server and drop the database on the way out
    admin_url = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
    port = free_port()
    url = f"http://127.0.0.1:{port}"

    with fresh_database(admin_url) as (database, postmaster):
        env = {
            **{key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_"))},
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(32),
            "JWT_SECRET": secrets.token_urlsafe(32),
            "CELERY_BROKER_URL": "memory://",  # no webhook endpoint is registered: nothing is delivered
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": f"{admin_url}/{database}",
            "DJANGO_QUERY_COUNT_HEADER": "true",
            "HOST": "127.0.0.1",
            "PORT": str(port),
            **({"WEB_CONCURRENCY": str(args.workers)} if args.workers else {}),
            **({"WEB_THREADS": str(args.threads)} if args.threads else {}),
            **dict(variable.split("=", 1) for variable in args.env),
        }
        print(f"database {database}: migrating and seeding {args.drafts} draft orders", flush=True)
        run_step([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env)
        run_step([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], env)
        seed_file, log = Path(f"/tmp/{database}.json"), Path(f"/tmp/{database}-server.log")
        started = time.monotonic()
        seeding = [sys.executable, "manage.py", "seed_bench", f"--drafts={args.drafts}", f"--out={seed_file}"]
        print(run_step(seeding, env).strip().splitlines()[-1])
        seed_seconds = time.monotonic() - started
        command = ["sh", "-c", args.server_command] if args.server_command else [sys.executable, "-m", "config.serve"]
        try:
            with server(command, env, url, log) as process:
                print(f"server: {' '.join(command)} (pid {process.pid}, log {log}), {args.clients} clients")
                print(header())
                server_cpu = CpuMeter(lambda: descendants(process.pid))
                database_cpu = CpuMeter(postgres_backends(postmaster, database))
                with server_cpu, database_cpu:
                    results = measure(args, url, seed_file, server_cpu, database_cpu)
        finally:
            seed_file.unlink(missing_ok=True)
    if args.json:
        setup = {
            "machine": {"nproc": os.cpu_count(), "cpu": cpu_model()},
            "server_command": command,
            "workers": args.workers or default_workers(),
            "threads": args.threads or DEFAULT_THREADS,
            "clients": args.clients,
            "drafts": args.drafts,
            "seed_seconds": round(seed_seconds, 1),
            "env": args.env,
        }
        args.json.write_text(json.dumps({"setup": setup, "scenarios": results}, indent=2) + "\n")


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return "unknown"


if __name__ == "__main__":
    main()
