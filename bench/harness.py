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

    def __post_init__(self):
        self.ratio = round(self.value_s / self.baseline_s, 3) if self.baseline_s else float("inf")

    def as_json(self) -> dict:
        data = asdict(self)
        return {key: data[key] for key in ("name", "ratio", "goal", "value_s", "baseline_s", "queries", "rows", "note")}

    def line(self) -> str:
        goal = f"goal ≤ {self.goal}×" if self.goal else "no goal"
        verdict = "" if not self.goal else (" ok" if self.ratio <= self.goal else " OVER GOAL")
        queries = "" if self.queries is None else f", {self.queries} queries"
        rows = "" if self.rows is None else f", {self.rows:,} rows"
        return (
            f"{self.name:16} {self.ratio:8.2f}×  ({self.value_s * 1000:9.1f} ms vs {self.baseline_s * 1000:9.1f} ms"
            f"{queries}{rows}; {goal}){verdict}"
        )


def best_of(fn, repeat: int = 5) -> float:
    """The fastest of `repeat` runs: the least disturbed by the rest of the machine."""
    times = []
    for _ in range(repeat):
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
