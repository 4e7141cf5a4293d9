"""The load of `bench.load.swarm()`: visitors asking for the same pages again as soon as answered.

Configured by the environment (set by `swarm()`): LOAD_PATHS (comma-separated paths, taken in turn),
LOAD_UNIQUE_QUERY=1 (a `?n=<counter>` on every request, so a page cached under its address is a miss
each time; reported under the bare path), LOAD_MAX_REQUESTS (the run stops itself after that many
requests, whatever the time), LOAD_SUMMARY (the prefix of the CSV files written at the end). Runs
only against a loopback host.

The CSV files are locust's own (`locust.stats.StatsCSV`: `PREFIX_stats.csv`, `_failures.csv`,
`_exceptions.csv`), but written here once from the final numbers when locust quits: `--csv`'s writer
rewrites its files once a second and not at the end, so a run's last second — or all of a two-second
run on a busy machine — could be missing from them.
"""

import csv
import itertools
import os

from locust import FastHttpUser, constant, events, task
from locust.exception import StopUser
from locust.stats import PERCENTILES_TO_REPORT, StatsCSV

from bench.load import is_loopback

PATHS = [path for path in os.environ.get("LOAD_PATHS", "/bench-empty/").split(",") if path]
UNIQUE = os.environ.get("LOAD_UNIQUE_QUERY") == "1"
MAX_REQUESTS = int(os.environ.get("LOAD_MAX_REQUESTS", "100000"))
SUMMARY = os.environ.get("LOAD_SUMMARY", "")
_sent = itertools.count()
_environment = []


@events.init.add_listener
def keep_environment(environment, **kwargs):
    _environment.append(environment)


@events.quit.add_listener
def write_summary(**kwargs):
    if not SUMMARY or not _environment:
        return
    writer = StatsCSV(_environment[0], PERCENTILES_TO_REPORT)
    for suffix, write in (
        ("stats", writer.requests_csv),
        ("failures", writer.failures_csv),
        ("exceptions", writer.exceptions_csv),
    ):
        with open(f"{SUMMARY}_{suffix}.csv", "w", newline="", encoding="utf-8") as handle:
            write(csv.writer(handle))


@events.test_start.add_listener
def refuse_other_hosts(environment, **kwargs):
    if not is_loopback(environment.host or ""):
        raise SystemExit(f"bench load is only sent to a loopback address, not {environment.host!r}")


class Visitor(FastHttpUser):
    wait_time = constant(0)

    def on_start(self):
        self.turn = itertools.cycle(PATHS)

    @task
    def visit(self):
        n = next(_sent)
        if n >= MAX_REQUESTS:
            if self.environment.runner is not None:
                self.environment.runner.quit()
            raise StopUser()
        path = next(self.turn)
        address = f"{path}{'&' if '?' in path else '?'}n={n}" if UNIQUE else path
        with self.client.get(address, name=path, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
