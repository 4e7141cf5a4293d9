"""Issue 18's load scenario: 50 coordinators and 200 portal visitors at once for 60 seconds.

Coordinators (`bench/scenario_locustfile.py: Coordinator`) sign in through the session form (its
CSRF token included), then, with 2–8 s between steps, enter inquiries (quick entry: GET, POST → 302)
and events (the event form: GET, POST → 302) and open the dashboard, the inquiry statistics and the
event list. Portal visitors (`PortalVisitor`), anonymous and each in one of et/en/ru/uk, open
municipality pages, the events page, public events, journeys and a search, 1–5 s apart. A few probes
(`Probe`) ask for the bench's empty view twice a second each during the same run: its p50/p95 under
the same load is the baseline each page kind is reported beside.

All of it from locust in a second process against gunicorn with several sync workers on 127.0.0.1
(`bench.load`), on the bench's database (SQLite by default, PostgreSQL with BENCH_DATABASE_URL),
bounded in time (BENCH_SCENARIO_SECONDS, 60) and in count (BENCH_LOAD_MAX_REQUESTS, 100,000 requests).

Figures: `load_scenario` (every coordinator and visitor request together) and `load_<kind>` for each
page kind (`bench.scenario.KINDS`). `value_s` / `baseline_s` are the p95 latencies of the kind and of
the empty view in the same run, so `ratio` is how many times the floor a page's p95 is; `load` holds
p50/p95/p99, requests per second, requests and errors of the kind and the empty view's p50/p95. The
goal is the issue's: zero errors — a figure with any error is over its goal and printed so, with the
first failures. There is no latency goal (a 2-core machine shared by several engineers sets the
absolute numbers, see docs/decisions.md "Issue 18 — load scenario").
"""

from __future__ import annotations

import csv
import json
import time
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from bench.figures.e_portal import MUNICIPALITY, build_public_events, build_tartu_page, collect_static, knob, server_env
from bench.harness import Figure
from bench.load import SCENARIO_LOCUSTFILE, LoadError, Server, Swarm, swarm
from bench.scenario import COORDINATOR_KINDS, EMPTY, KINDS, VISITOR_KINDS, check, prepare
from loim.events.models import Event

FIGURES = ["load_scenario", *[f"load_{kind}" for kind in KINDS if kind != "empty"]]
YEAR = 2024  # the dashboard's plan year (bench/figures/d_dashboard.py builds 2020–2024)
PUBLIC_EVENTS = {"small": 500, "large": 5_000}
_started = [time.perf_counter()]


def progress(what: str) -> None:
    print(f"   {time.perf_counter() - _started[0]:5.0f} s  {what}", flush=True)


def ensure_data(ctx) -> None:
    """What the pages read: the events, inquiries and plans of the earlier figures (built here when
    they did not run first), public events and Tartu's portal page."""
    from bench.figures.b_event_list import build
    from bench.figures.d_dashboard import ensure_plans, ensure_records

    if not Event.objects.exists():
        build(ctx["scale"].events)
    ensure_plans()
    ensure_records(ctx)
    if not Event.objects.filter(is_public=True, start__gte=timezone.now()).exists():
        build_public_events(PUBLIC_EVENTS[ctx["scale"].name])
    build_tartu_page()


def read_merged(prefix: Path) -> dict:
    """The scenario's requests merged (`PREFIX_pages.csv`, written by the scenario's locustfile)."""
    path = Path(f"{prefix}_pages.csv")
    if not path.exists():
        raise LoadError(f"locust wrote no {path.name}")
    with path.open(newline="", encoding="utf-8") as handle:
        row = next(csv.DictReader(handle))
    return {key: float(value) if key == "rps" else int(float(value)) for key, value in row.items()}


def scenario_figures(run: Swarm, merged: dict, *, workers: int, engine: str) -> list[Figure]:
    """`merged` is `read_merged()`: every page request of the run as one distribution."""
    stats = run.stats
    missing = [kind for kind in KINDS if kind not in stats or not stats[kind].requests]
    if "empty" in missing:
        raise LoadError("the empty view was never answered: no baseline")
    base = stats["empty"]
    how = (
        f"{run.users} users ({run.seconds:g} s) → gunicorn ({workers} sync workers, 127.0.0.1), {engine}; "
        f"p95 vs the empty view's p95 in the same run"
    )
    failures_of = {kind: [line for line in run.failures if f" {kind}: " in line] for kind in KINDS}

    def figure(name: str, *, requests: int, failures: int, rps: float, p50: float, p95: float, p99: float, note, lines):
        load = {
            "scenario": True,
            "rps": round(rps, 2),
            "p50_ms": p50,
            "p95_ms": p95,
            "p99_ms": p99,
            "baseline_p50_ms": base.p50_ms,
            "baseline_p95_ms": base.p95_ms,
            "baseline_requests": base.requests,
            "requests": requests,
            "errors": failures,
            "failures": lines[:10],
            "users": run.users,
            "seconds": run.seconds,
            "max_requests": run.max_requests,
        }
        return Figure(
            name=name,
            value_s=p95 / 1000,
            baseline_s=base.p95_ms / 1000,
            goal=None,
            rows=requests,
            note=note,
            load=load,
        )

    pages = [kind for kind in KINDS if kind != "empty"]
    figures = [
        figure(
            "load_scenario",
            requests=merged["requests"],
            failures=run.errors,  # of every request, the probes' included, and the users' exceptions
            rps=merged["rps"],
            p50=merged["p50_ms"],
            p95=merged["p95_ms"],
            p99=merged["p99_ms"],
            note=f"every coordinator and visitor request; {how}",
            lines=run.failures,
        )
    ]
    for kind in pages:
        row = stats.get(kind)
        who = "coordinators" if kind in COORDINATOR_KINDS else "portal visitors" if kind in VISITOR_KINDS else ""
        if row is None:  # never asked for: an error of the scenario, reported as one
            figures.append(
                figure(
                    f"load_{kind}",
                    requests=0,
                    failures=1,
                    rps=0,
                    p50=0,
                    p95=0,
                    p99=0,
                    note=f"{kind} ({who}) was never requested; {how}",
                    lines=[f"1× {kind}: never requested"],
                )
            )
            continue
        figures.append(
            figure(
                f"load_{kind}",
                requests=row.requests,
                failures=row.failures,
                rps=row.rps,
                p50=row.p50_ms,
                p95=row.p95_ms,
                p99=row.p99_ms,
                note=f"{kind} ({who}); {how}",
                lines=failures_of[kind],
            )
        )
    return figures


def scenario_env(path: Path, *, coordinators: int, visitors: int, probes: int) -> dict[str, str]:
    return {
        "LOAD_SCENARIO": str(path),
        "LOAD_COORDINATORS": str(coordinators),
        "LOAD_VISITORS": str(visitors),
        "LOAD_PROBES": str(probes),
    }


def run(ctx) -> list[Figure]:
    _started[0] = time.perf_counter()
    ensure_data(ctx)
    seconds = knob("BENCH_SCENARIO_SECONDS", 60)
    coordinators = int(knob("BENCH_SCENARIO_COORDINATORS", 50))
    visitors = int(knob("BENCH_SCENARIO_VISITORS", 200))
    probes = int(knob("BENCH_SCENARIO_PROBES", 4))
    workers = int(knob("BENCH_LOAD_WORKERS", 4))
    max_requests = int(knob("BENCH_LOAD_MAX_REQUESTS", 100_000))
    scenario = prepare(coordinator_count=coordinators, year=YEAR)
    check(scenario)
    progress(f"data and {coordinators} coordinators' accounts ready, every page kind answered in-process")
    out = Path(ctx["root"]) / "var" / "bench-load"
    out.mkdir(parents=True, exist_ok=True)
    path = out / "scenario.json"
    path.write_text(json.dumps(scenario, indent=1))
    env = server_env()
    collect_static(env)
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    with Server(env=env, log=out / "scenario-gunicorn.log", workers=workers) as server:
        progress(f"gunicorn up ({workers} workers, {server.url})")
        server.warm(EMPTY)
        server.warm(MUNICIPALITY)
        result = swarm(
            host=server.url,
            paths=[],
            csv_prefix=out / "scenario",
            users=coordinators + visitors + probes,
            seconds=seconds,
            max_requests=max_requests,
            locustfile=SCENARIO_LOCUSTFILE,
            env=scenario_env(path, coordinators=coordinators, visitors=visitors, probes=probes),
            spawn_rate=50,
        )
    progress(f"scenario done: {result.total.requests:,} requests, {result.errors} errors")
    figures = scenario_figures(result, read_merged(out / "scenario"), workers=workers, engine=engine)
    if result.errors:
        print(f"   LOAD ERRORS ({result.errors}): " + "; ".join(result.failures[:10]), flush=True)
    return figures
