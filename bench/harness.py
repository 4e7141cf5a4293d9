"""The benchmark harness: a throwaway database, timing helpers, and the Figure record.

Absolute times on shared machines are noise; every figure is a ratio to a baseline measured in the
same run on the same data (DESIGN.md "Benchmarks"), plus its query count.
"""

import gc
import time
from dataclasses import asdict, dataclass, field

from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext


@dataclass
class Figure:
    name: str
    value_s: float
    baseline_s: float
    goal: float | None = None
    queries: int | None = None
    rows: int | None = None
    ratio: float = field(init=False)
    note: str = ""
    #: figures measured under load from a second process (`bench.load`): value_s and baseline_s are
    #: then seconds per request at the throughput reached (1 / requests per second), so the ratio
    #: stays "lower is better" like every other figure; this holds the throughput, latency and errors
    load: dict | None = None

    def __post_init__(self):
        self.ratio = round(self.value_s / self.baseline_s, 3) if self.baseline_s else float("inf")

    def as_json(self) -> dict:
        data = asdict(self)
        keys = ["name", "ratio", "goal", "value_s", "baseline_s", "queries", "rows", "note"]
        return {key: data[key] for key in [*keys, *(["load"] if self.load is not None else [])]}

    def over_goal(self) -> bool:
        """Over its goal, or (a load figure) any request failed."""
        return bool(self.goal and self.ratio > self.goal) or bool(self.load and self.load["errors"])

    def line(self) -> str:
        if self.load is not None:
            return self.load_line()
        goal = f"goal ≤ {self.goal}×" if self.goal else "no goal"
        verdict = "" if not self.goal else (" ok" if self.ratio <= self.goal else " OVER GOAL")
        queries = "" if self.queries is None else f", {self.queries} queries"
        rows = "" if self.rows is None else f", {self.rows:,} rows"
        return (
            f"{self.name:16} {self.ratio:8.2f}×  ({self.value_s * 1000:9.1f} ms vs {self.baseline_s * 1000:9.1f} ms"
            f"{queries}{rows}; {goal}){verdict}"
        )

    def load_line(self) -> str:
        load = self.load or {}
        if load.get("scenario"):
            return self.scenario_line()
        goal = f"goal ≥ {1 / self.goal:g}× its rps" if self.goal else "no goal"
        verdict = "" if not self.goal else (" ok" if self.ratio <= self.goal else " OVER GOAL")
        if load["errors"]:
            verdict += f" {load['errors']} ERRORS"
        queries = "" if self.queries is None else f", {self.queries} queries"
        return (
            f"{self.name:16} {self.ratio:8.2f}×  ({load['rps']:,.0f} req/s = {load['rps_ratio']:.2f}× the empty "
            f"view's {load['baseline_rps']:,.0f}; p50 {load['p50_ms']:.0f} ms, p95 {load['p95_ms']:.0f} ms "
            f"(empty {load['baseline_p95_ms']:.0f} ms); {load['requests']:,} requests, {load['errors']} errors"
            f"{queries}; {goal}){verdict}"
        )

    def scenario_line(self) -> str:
        """A page kind of issue 18's scenario: its latency beside the empty view's in the same run."""
        load = self.load or {}
        verdict = f" {load['errors']} ERRORS" if load["errors"] else " ok, 0 errors"
        return (
            f"{self.name:24} {self.ratio:8.2f}×  (p50 {load['p50_ms']:,.0f} ms, p95 {load['p95_ms']:,.0f} ms vs the "
            f"empty view's p50 {load['baseline_p50_ms']:,.0f} / p95 {load['baseline_p95_ms']:,.0f} ms; "
            f"{load['rps']:,.1f} req/s, {load['requests']:,} requests, {load['errors']} errors; goal: no error)"
            f"{verdict}"
        )


def best_of(fn, repeat: int = 5, *, before=None) -> float:
    """The fastest of `repeat` runs: the least disturbed by the rest of the machine. `before()`, if
    given, runs ahead of each run and outside its time (e.g. a write that makes a cached page stale)."""
    times = []
    for _ in range(repeat):
        if before is not None:
            before()
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def count_queries(fn) -> int:
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured.captured_queries)


@dataclass
class Scale:
    name: str
    events: int
    inquiries: int
    inquiry_years: int
    import_rows: int
    export_rows_small: int
    export_rows_large: int


SCALES = {
    "small": Scale(
        "small",
        events=2_000,
        inquiries=20_000,
        inquiry_years=5,
        import_rows=2_000,
        export_rows_small=1_000,
        export_rows_large=10_000,
    ),
    "large": Scale(
        "large",
        events=50_000,
        inquiries=1_000_000,
        inquiry_years=5,
        import_rows=100_000,
        export_rows_small=10_000,
        export_rows_large=200_000,
    ),
}
