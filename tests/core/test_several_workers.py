"""Several `loim db_worker` processes on one PostgreSQL database never run a task twice
(django-tasks-db claims a task with `SELECT … FOR UPDATE SKIP LOCKED` in its own transaction).

Two real worker processes against the (committed) test database, 20 tasks enqueued while both are
polling; each task records its number and the worker's process id."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.test import override_settings

from loim.core.models import WorkerHeartbeat
from tests.core.worker_tasks import RUNS_TABLE, record_run

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="several workers share a PostgreSQL database (row locks)"
)

LOIM = str(Path(sys.executable).parent / "loim")
ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "0123456789abcdefghijklmnopqrstuvwxyz" + "ABCDEFGHIJKLMNOPQRSTUVWX"
TASKS = 20
BOUND = 40  # seconds, for the workers to start and the tasks to be done


def database_url() -> str:
    d = connection.settings_dict
    return f"postgres://{d['USER']}@{d['HOST'] or '127.0.0.1'}:{d['PORT'] or 5432}/{d['NAME']}"


def start_worker(worker_id: str, home: Path) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")}
    env.update(
        DEBUG="0",
        SECRET_KEY=GOOD_KEY,
        DATABASE_URL=database_url(),
        LOIM_HOME=str(home),
        PYTHONPATH=str(ROOT),  # the task lives in tests/
        WORKER_HEARTBEAT_SECONDS="1",
        LOG_LEVEL="WARNING",
    )
    return subprocess.Popen(
        [LOIM, "db_worker", "--interval", "0.1", "--no-startup-delay", "--worker-id", worker_id],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def stopped(worker: subprocess.Popen) -> str:
    """The worker's output once it has ended: 15 s after SIGTERM it is killed, so that a slow shutdown
    on a loaded machine does not leave a worker (and its session on the test database) running past
    the test — the next `CREATE DATABASE … TEMPLATE` (tests/replica.py) would find it."""
    try:
        return worker.communicate(timeout=15)[0]
    except subprocess.TimeoutExpired:
        worker.kill()
        return worker.communicate(timeout=15)[0] + "\n(killed: still running 15 s after SIGTERM)"


def wait_until(condition, deadline: float, what: str) -> None:
    while not condition():
        assert time.monotonic() < deadline, f"{what} not within {BOUND} s"
        time.sleep(0.1)


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_two_workers_run_each_of_20_tasks_exactly_once(tmp_path):
    from django_tasks_db.models import DBTaskResult

    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {RUNS_TABLE} (number integer NOT NULL, pid integer NOT NULL)")
    workers = [start_worker(name, tmp_path) for name in ("worker-a", "worker-b")]
    deadline = time.monotonic() + BOUND
    try:
        # both are up (each writes its heartbeat row when it starts) before anything is enqueued
        wait_until(lambda: WorkerHeartbeat.objects.count() == 2, deadline, "two workers' heartbeats")
        for number in range(TASKS):
            record_run.enqueue(number)
        wait_until(
            lambda: DBTaskResult.objects.filter(status="SUCCESSFUL").count() == TASKS, deadline, "all tasks done"
        )
        time.sleep(0.5)  # a task run twice would be recorded by now (each takes 0.2 s)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT number, pid FROM {RUNS_TABLE}")  # noqa: S608
            runs = cursor.fetchall()
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        outputs = [stopped(worker) for worker in workers]
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {RUNS_TABLE}")

    assert sorted(number for number, _pid in runs) == list(range(TASKS)), outputs  # each once, none twice
    pids = {pid for _number, pid in runs}
    assert pids <= {worker.pid for worker in workers}
    assert len(pids) == 2, f"one worker ran all {TASKS}: {outputs}"  # both took their share
    claims = list(DBTaskResult.objects.values_list("worker_ids", flat=True))
    assert sorted(len(ids) for ids in claims) == [1] * TASKS  # each claimed by one worker, once
    assert {ids[0] for ids in claims} == {"worker-a", "worker-b"}
