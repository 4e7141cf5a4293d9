"""Load from a second process: gunicorn serving the real application on loopback, locust driving it.

The in-process figures time one request at a time through Django's test client; a page under load
is another question — several worker processes, a client in another process opening connections,
requests queueing while others run. Here:

- `Server` starts gunicorn (`loim.config.wsgi`, the production entry point) with several workers on
  127.0.0.1 and a free port, in its own process group, with the settings `bench.settings` (the real
  settings, DEBUG off, plus the bench's empty view); `stop()` ends the whole group and is always
  called (a `with` block), whatever failed.
- `swarm()` runs locust headless in a subprocess (`bench/locustfile.py`) against one or more paths
  of that server, bounded in time (`-t`, `--stop-timeout`, and a hard timeout on the subprocess) and
  in count (`LOAD_MAX_REQUESTS`: the run stops itself after that many requests), and reads the
  numbers from locust's CSV files (`parse_stats`, `parse_failures`; the locustfile writes them from
  the final numbers when locust quits, see there).

Only loopback addresses are ever a target: `Server` binds 127.0.0.1 and `swarm()` and the locustfile
refuse any other host. Issue 18's scenario (coordinators and portal visitors together,
`bench/scenario.py`, `bench/scenario_locustfile.py`, `bench/figures/l_load.py`) is another locustfile
and other user classes on the same two pieces.
"""

from __future__ import annotations

import contextlib
import csv
import ipaddress
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
LOCUSTFILE = Path(__file__).resolve().parent / "locustfile.py"
SCENARIO_LOCUSTFILE = Path(__file__).resolve().parent / "scenario_locustfile.py"
LOOPBACK = "127.0.0.1"


class LoadError(RuntimeError):
    """The server did not start, or locust did not finish: the figure cannot be measured."""


def is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


def stop_group(process: subprocess.Popen, grace: float = 10.0) -> None:
    """End a process started with `start_new_session=True` and everything it started (its process
    group, even when the leader is already gone): SIGTERM, then SIGKILL after `grace` seconds."""
    group = process.pid
    with contextlib.suppress(ProcessLookupError):
        os.killpg(group, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=grace)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)  # anyone left in the group?
        except ProcessLookupError:
            return
        time.sleep(0.1)
    try:
        os.killpg(group, signal.SIGKILL)
    except ProcessLookupError:
        return
    process.wait(timeout=grace)


class Server:
    """gunicorn serving Lõim on 127.0.0.1 (a `with` block starts it, waits until it answers, and
    stops its process group on the way out)."""

    def __init__(
        self,
        *,
        env: dict[str, str],
        log: Path,
        workers: int = 4,
        worker_class: str = "sync",
        threads: int = 1,
        ready_path: str = "/bench-empty/",
        timeout: float = 90.0,
    ):
        self.env = env
        self.log = log
        self.workers = workers
        self.worker_class = worker_class
        self.threads = threads
        self.ready_path = ready_path
        self.timeout = timeout
        self.port = 0
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    def command(self) -> list[str]:
        return [
            str(BIN / "gunicorn"),
            "--bind",
            f"{LOOPBACK}:{self.port}",
            "--workers",
            str(self.workers),
            "--worker-class",
            self.worker_class,
            "--threads",
            str(self.threads),
            "--preload",  # the application is imported once, then the workers fork
            "--pythonpath",
            str(ROOT),
            "--chdir",
            str(ROOT),
            "--timeout",
            "30",
            "--graceful-timeout",
            "5",
            "--log-level",
            "warning",
            "--error-logfile",
            "-",
            "loim.config.wsgi:application",
        ]

    def __enter__(self) -> Server:
        self.port = free_port()
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
                self.command(),
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def _wait_ready(self) -> None:
        assert self.process is not None
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise LoadError(f"gunicorn exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.url + self.ready_path, timeout=5) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.25)
        raise LoadError(f"gunicorn did not answer {self.ready_path} within {self.timeout:.0f} s:\n{self.log_tail()}")

    def get(self, path: str) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=30) as response:  # noqa: S310 - loopback
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()

    def warm(self, path: str, requests: int = 64, concurrency: int = 16) -> None:
        """Ask for `path` from `concurrency` connections at once, so that every worker (not only the
        first idle one, as with requests one after another) has answered it before a measurement."""
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(concurrency) as pool:
            statuses = set(pool.map(lambda _: self.get(path)[0], range(requests)))
        if statuses != {200}:
            raise LoadError(f"{path} answered {sorted(statuses)} while warming up:\n{self.log_tail()}")

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        if self.process is not None:
            stop_group(self.process)


@dataclass
class Stats:
    """One row of locust's `*_stats.csv` (times in milliseconds)."""

    name: str
    requests: int
    failures: int
    rps: float
    avg_ms: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float

    def as_json(self) -> dict:
        return asdict(self)


def _number(value: str) -> float:
    """Locust writes "N/A" for a percentile of no requests."""
    try:
        return float(value)
    except ValueError:
        return 0.0


def parse_stats(path: Path) -> dict[str, Stats]:
    """The rows of a locust `*_stats.csv` by name ("Aggregated" is the total over all names)."""
    rows: dict[str, Stats] = {}
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            rows[row["Name"]] = Stats(
                name=row["Name"],
                requests=int(row["Request Count"]),
                failures=int(row["Failure Count"]),
                rps=_number(row["Requests/s"]),
                avg_ms=_number(row["Average Response Time"]),
                p50_ms=_number(row["50%"]),
                p95_ms=_number(row["95%"]),
                p99_ms=_number(row["99%"]),
                max_ms=_number(row["Max Response Time"]),
            )
    if "Aggregated" not in rows:
        raise LoadError(f"{path.name} has no Aggregated row: locust did not finish its run")
    return rows


def parse_failures(prefix: Path) -> list[str]:
    """What went wrong, from locust's `*_failures.csv` and `*_exceptions.csv` (one line each)."""
    found = []
    failures = Path(f"{prefix}_failures.csv")
    if failures.exists():
        with failures.open(newline="", encoding="utf-8") as handle:
            found += [
                f"{row['Occurrences']}× {row['Method']} {row['Name']}: {row['Error']}" for row in csv.DictReader(handle)
            ]
    exceptions = Path(f"{prefix}_exceptions.csv")
    if exceptions.exists():
        with exceptions.open(newline="", encoding="utf-8") as handle:
            found += [f"{row['Count']}× exception: {row['Message']}" for row in csv.DictReader(handle)]
    return found


@dataclass
class Swarm:
    """The result of one locust run: its rows, what failed, and how it was bounded."""

    stats: dict[str, Stats]
    failures: list[str]
    users: int
    seconds: float
    max_requests: int

    @property
    def total(self) -> Stats:
        return self.stats["Aggregated"]

    @property
    def errors(self) -> int:
        """Failed requests plus exceptions raised in the users' own code (each line starts "N×")."""
        return self.total.failures + sum(int(line.split("×", 1)[0]) for line in self.failures if "× exception:" in line)


def swarm(
    *,
    host: str,
    paths: list[str],
    csv_prefix: Path,
    users: int = 16,
    seconds: float = 10,
    max_requests: int = 100_000,
    unique_query: bool = False,
    locustfile: Path = LOCUSTFILE,
    env: dict[str, str] | None = None,
    spawn_rate: float | None = None,
) -> Swarm:
    """Run locust headless against `paths` of `host` (loopback only) for at most `seconds` and at
    most `max_requests` requests, with `users` users each asking again as soon as answered.

    `unique_query` adds `?n=<counter>` to every request, so a page cached under its full address is
    a cache miss every time (its name in the stats stays the bare path).

    Another `locustfile` (issue 18's scenario, `SCENARIO_LOCUSTFILE`) takes its configuration from
    `env` (added to the environment) and may ignore `paths`; `users` is then the sum of its classes'
    `fixed_count`. `spawn_rate` is users started per second (default: all at once)."""
    if not is_loopback(host):
        raise LoadError(f"load is only ever sent to a loopback address, not {host}")
    csv_prefix.parent.mkdir(parents=True, exist_ok=True)
    for old in csv_prefix.parent.glob(csv_prefix.name + "_*.csv"):
        old.unlink()
    env = {
        **os.environ,
        "LOAD_PATHS": ",".join(paths),
        "LOAD_UNIQUE_QUERY": "1" if unique_query else "0",
        "LOAD_MAX_REQUESTS": str(max_requests),
        "LOAD_SUMMARY": str(csv_prefix),
        "PYTHONPATH": str(ROOT),
        **(env or {}),
    }
    command = [
        str(BIN / "locust"),
        "--locustfile",
        str(locustfile),
        "--headless",
        "--host",
        host,
        "--users",
        str(users),
        "--spawn-rate",
        f"{spawn_rate or users:g}",  # by default all at once: the run measures a steady load, not a ramp
        "--run-time",
        f"{seconds:g}s",
        "--stop-timeout",
        "2",
        "--only-summary",
        "--loglevel",
        "WARNING",
        "--exit-code-on-error",
        "0",  # errors are counted from the CSV and reported by the figure
    ]
    log = Path(f"{csv_prefix}.log")
    with log.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603 - our own locust, fixed arguments
            command,
            env=env,
            cwd=str(ROOT),
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            process.wait(timeout=seconds + 60)
        except subprocess.TimeoutExpired:
            raise LoadError(f"locust did not stop within {seconds + 60:.0f} s") from None
        finally:
            stop_group(process, grace=5)
    if process.returncode != 0:
        tail = "\n".join(log.read_text(errors="replace").splitlines()[-30:])
        raise LoadError(f"locust exited with {process.returncode}:\n{tail}")
    stats_file = Path(f"{csv_prefix}_stats.csv")
    if not stats_file.exists():
        raise LoadError(f"locust wrote no {stats_file.name}:\n{log.read_text(errors='replace')[-2000:]}")
    return Swarm(
        stats=parse_stats(stats_file),
        failures=parse_failures(csv_prefix),
        users=users,
        seconds=seconds,
        max_requests=max_requests,
    )
