"""bench/load.py: gunicorn and locust from a second process, bounded, on loopback only, and the
numbers read back from locust's CSV files.

The portal figure itself (bench/figures/e_portal.py) needs a migrated database at bench scale and
takes about a minute; here the same two pieces run against the bench's empty view on an empty
SQLite file (the empty view and a 404 touch no table) for two seconds."""

import os
import subprocess
import textwrap
from pathlib import Path

import pytest

from bench.load import (
    LoadError,
    Server,
    Stats,
    Swarm,
    is_loopback,
    parse_failures,
    parse_stats,
    stop_group,
    swarm,
)
from bench.urls import empty_view

ROOT = Path(__file__).resolve().parents[2]

HEADER = (
    "Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,Min Response Time,"
    "Max Response Time,Average Content Size,Requests/s,Failures/s,50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%"
)
STATS = HEADER + textwrap.dedent(
    """
    GET,/ru/municipalities/tartu/,1200,3,12,14.5,2,210,31000.0,100.25,0.25,12,14,15,16,20,31,45,60,200,210,210
    GET,/bench-empty/,10,0,1,1.2,0.8,3,2.0,0.8,0.0,1,1,1,2,2,3,3,3,3,3,3
    ,Aggregated,1210,3,12,14.4,0.8,210,30744.6,101.05,0.25,12,14,15,16,20,31,45,60,200,210,210
    """
)


def test_parse_stats_reads_every_row_by_name():
    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"loim-bench-{os.getpid()}_stats.csv"
    path.write_text(STATS)
    try:
        rows = parse_stats(path)
    finally:
        path.unlink()
    assert set(rows) == {"/ru/municipalities/tartu/", "/bench-empty/", "Aggregated"}
    page = rows["/ru/municipalities/tartu/"]
    assert (page.requests, page.failures, page.rps) == (1200, 3, 100.25)
    assert (page.p50_ms, page.p95_ms, page.p99_ms, page.avg_ms, page.max_ms) == (12, 31, 60, 14.5, 210)
    assert rows["Aggregated"].requests == 1210


def test_parse_stats_refuses_a_run_without_its_total(tmp_path):
    path = tmp_path / "x_stats.csv"
    path.write_text(STATS.splitlines()[0] + "\n")
    with pytest.raises(LoadError, match="no Aggregated row"):
        parse_stats(path)


def test_parse_failures_reads_failures_and_exceptions(tmp_path):
    (tmp_path / "run_failures.csv").write_text("Method,Name,Error,Occurrences\nGET,/x/,HTTP 500,4\n")
    (tmp_path / "run_exceptions.csv").write_text("Count,Message,Traceback,Nodes\n2,boom,tb,local\n")
    failures = parse_failures(tmp_path / "run")
    assert failures == ["4× GET /x/: HTTP 500", "2× exception: boom"]
    # the 4 failed requests are in the stats' failure count; the 2 exceptions come on top
    stats = {"Aggregated": Stats("Aggregated", 10, 4, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0)}
    assert Swarm(stats=stats, failures=failures, users=1, seconds=1, max_requests=10).errors == 6


@pytest.mark.parametrize(
    ("url", "loopback"),
    [
        ("http://127.0.0.1:8000", True),
        ("http://127.5.6.7", True),
        ("http://localhost:1", True),
        ("http://[::1]:80", True),
        ("http://10.0.0.1", False),
        ("http://192.168.1.1", False),
        ("https://example.com", False),
        ("", False),
    ],
)
def test_only_loopback_is_a_target(url, loopback):
    assert is_loopback(url) is loopback


def test_swarm_refuses_another_host_before_sending_anything(tmp_path):
    with pytest.raises(LoadError, match="loopback"):
        swarm(host="http://10.0.0.1:80", paths=["/"], csv_prefix=tmp_path / "x")
    assert not list(tmp_path.iterdir())


def test_the_empty_view_is_empty(rf):
    assert empty_view(rf.get("/bench-empty/")).content == b"ok"


def server_env(tmp_path) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0",
        "SECRET_KEY": "bench-test-" + "k" * 50,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        "LOIM_HOME": str(tmp_path),  # var/ (static root) of this test, not the worktree's
        "PYTHONPATH": str(ROOT),
    }


def test_gunicorn_and_locust_measure_the_empty_view_and_count_errors(tmp_path):
    with Server(env=server_env(tmp_path), log=tmp_path / "gunicorn.log", workers=2) as server:
        assert server.url.startswith("http://127.0.0.1:")
        assert server.get("/bench-empty/") == (200, b"ok")
        run = swarm(
            host=server.url,
            paths=["/bench-empty/"],
            csv_prefix=tmp_path / "empty",
            users=4,
            seconds=2,
            max_requests=300,
        )
        missing = swarm(
            host=server.url,
            paths=["/bench-no-such-page/"],
            csv_prefix=tmp_path / "missing",
            users=2,
            seconds=2,
            max_requests=20,
        )
        group = server.process.pid
    # stopped: the whole process group is gone
    with pytest.raises(ProcessLookupError):
        os.killpg(group, 0)
    assert set(run.stats) == {"/bench-empty/", "Aggregated"}
    assert run.errors == 0 and run.failures == []
    # bounded in count: 300 requests at most (the users may each have one in flight when it stops)
    assert 0 < run.total.requests <= 300 + 4
    assert run.total.rps > 0 and run.total.p95_ms >= run.total.p50_ms > 0
    assert 0 < missing.total.requests <= 20 + 2
    assert missing.errors == missing.total.requests
    assert missing.failures == [f"{missing.total.requests}× GET /bench-no-such-page/: CatchResponseError('HTTP 404')"]


def test_a_server_that_cannot_start_says_why_and_leaves_nothing_running(tmp_path):
    env = {**server_env(tmp_path), "SECRET_KEY": ""}  # refused outside DEBUG
    server = Server(env=env, log=tmp_path / "gunicorn.log", workers=1, timeout=60)
    with pytest.raises(LoadError, match="SECRET_KEY"):
        server.__enter__()
    assert server.process is not None and server.process.poll() is not None


def test_stop_group_ends_the_children_too(tmp_path):
    process = subprocess.Popen(["sh", "-c", "sleep 60 & sleep 60"], start_new_session=True)
    stop_group(process, grace=5)
    with pytest.raises(ProcessLookupError):
        os.killpg(process.pid, 0)
