# ruff: noqa: S608 - the sequence's name read from the catalogue
"""Crash safety on PostgreSQL (issue 18 §4): a real `loim` process killed with SIGKILL half-way through
an import or a report build leaves nothing half-written, and the same work run again completes.

Each test starts `loim` against the (committed) test database, waits for a signal from the database
that the process is demonstrably in the middle of its work, kills it, waits until PostgreSQL has
ended its session, and checks what is left:
- the events import: the events' id sequence (sequences are not transactional, so the test sees
  the import's uncommitted inserts advance it) past half the file's rows, while the test sees none
  of those rows; after the kill zero events and no import record; the same command again writes
  exactly the file's events once;
- the report build in `loim db_worker`: the build taken by the worker ("being built"); after the kill
  no file and not "ready", and shown as lost at once (the worker's lock on the build died with its
  session) instead of "being built" for BUILD_STALE_AFTER; handed back to the worker, the task builds
  it in full.
"""

import datetime as dt
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.test import override_settings
from openpyxl import load_workbook

from loim.events.models import Event, EventImport
from loim.monitoring.models import BuildStatus, ReportBuild
from loim.monitoring.services import report_build_request, report_builds_recover
from loim.monitoring.tasks import build_report_file

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="kills a loim process on PostgreSQL (sessions, locks, sequences)"
)

LOIM = str(Path(sys.executable).parent / "loim")
ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "0123456789abcdefghijklmnopqrstuvwxyz" + "ABCDEFGHIJKLMNOPQRSTUVWX"
BOUND = 60  # seconds, for a process to reach the middle of its work or to finish
EVENTS = 100
HEADER = "import_id;kind;title;date;start_time;end_time;municipality;languages"


def database_url() -> str:
    d = connection.settings_dict
    return f"postgres://{d['USER']}@{d['HOST'] or '127.0.0.1'}:{d['PORT'] or 5432}/{d['NAME']}"


def start(args: list[str], home: Path, name: str) -> subprocess.Popen:
    """`loim ARGS` in its own process; its database session is named `name` (libpq's PGAPPNAME)."""
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")}
    env.update(
        DEBUG="0",
        SECRET_KEY=GOOD_KEY,
        DATABASE_URL=database_url(),
        LOIM_HOME=str(home),
        PGAPPNAME=name,
        WORKER_HEARTBEAT_SECONDS="1",
        LOG_LEVEL="WARNING",
    )
    return subprocess.Popen([LOIM, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def wait_until(condition, deadline: float, what: str, process: subprocess.Popen | None = None) -> None:
    while not condition():
        if process is not None and process.poll() is not None:
            pytest.fail(f"the process ended before {what}: {process.stdout.read() if process.stdout else ''}")
        assert time.monotonic() < deadline, f"{what} not within {BOUND} s"
        time.sleep(0.02)


def one(sql: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def sessions(name: str) -> int:
    return one("SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", [name])


def kill(process: subprocess.Popen, name: str, deadline: float) -> None:
    """SIGKILL, then wait until PostgreSQL has ended the session (and rolled back its transaction)."""
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    assert process.returncode == -signal.SIGKILL
    wait_until(lambda: sessions(name) == 0, deadline, "the killed process's session ended")


def events_file(path: Path) -> Path:
    """EVENTS club meetings of Tartu, one a day from 01.01.2024, each with its import id."""
    lines = [HEADER]
    first = dt.date(2024, 1, 1)
    for number in range(1, EVENTS + 1):
        day = first + dt.timedelta(days=number % 366)
        lines.append(f"crash-{number};conversation_club;Suhtlusklubi {number};{day:%d.%m.%Y};17:00;18:30;Tartu linn;et")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


IMPORT = (
    "from pathlib import Path\n"
    "from django.core.files.uploadedfile import SimpleUploadedFile\n"
    "from loim.events.importing import events_import\n"
    "from loim.parties.models import Party\n"
    "import time; t0 = time.monotonic()\n"
    "path = Path({path!r})\n"
    "result = events_import(party=Party.objects.get(slug='tartu'), confirmed=True,"
    " upload=SimpleUploadedFile(path.name, path.read_bytes()))\n"
    "print('imported', result.created, result.updated, [str(e) for e in result.errors[:3]],"
    " 'in', round(time.monotonic() - t0, 1), 's')\n"
)


@pytest.mark.django_db(transaction=True)
def test_an_events_import_killed_half_way_writes_nothing_and_runs_again_in_full(programme, tmp_path):
    script = IMPORT.format(path=str(events_file(tmp_path / "tapahtumat.csv")))
    sequence = one("SELECT pg_get_serial_sequence('events_event', 'id')")
    before = one(f"SELECT last_value FROM {sequence}")
    deadline = time.monotonic() + BOUND
    importer = start(["shell", "-c", script], tmp_path, "crash18-import")
    try:
        # half of the file's events inserted in the import's transaction, none of them visible here
        wait_until(
            lambda: one(f"SELECT last_value FROM {sequence}") >= before + EVENTS // 2,
            deadline,
            "half of the events inserted",
            importer,
        )
        assert Event.objects.count() == 0
        kill(importer, "crash18-import", deadline)
    finally:
        if importer.poll() is None:
            importer.kill()
    assert one(f"SELECT last_value FROM {sequence}") < before + EVENTS  # killed before the last row
    assert Event.objects.count() == 0 and EventImport.objects.count() == 0

    again = start(["shell", "-c", script], tmp_path, "crash18-import-again")
    output = again.communicate(timeout=BOUND)[0]
    assert again.returncode == 0, output
    assert f"imported {EVENTS} 0 []" in output
    assert Event.objects.count() == EVENTS
    assert Event.objects.filter(import_id__startswith="crash-").values("import_id").distinct().count() == EVENTS
    batch = EventImport.objects.get()
    assert (batch.created_count, batch.updated_count, batch.file_name) == (EVENTS, 0, "tapahtumat.csv")
    assert Event.objects.filter(import_batch=batch).count() == EVENTS


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_a_report_build_killed_half_way_is_shown_lost_at_once_and_built_again(programme, member, tmp_path):
    from django_tasks_db.models import DBTaskResult

    from tests.monitoring.conftest import build_scenario

    scenario = build_scenario(programme)
    user = member("elvl", "coordinator")
    build = report_build_request(plan=scenario["plan"], fmt="xlsx", user=user, party=programme["elvl"])
    assert DBTaskResult.objects.filter(status="READY").count() == 1  # enqueued on commit (autocommit here)
    deadline = time.monotonic() + BOUND
    worker = start(["db_worker", "--interval", "0.1", "--no-startup-delay"], tmp_path, "crash18-worker")
    try:
        # the worker took the build and is rendering it: "being built", its session holds the lock
        wait_until(
            lambda: ReportBuild.objects.filter(pk=build.pk, status=BuildStatus.RUNNING).exists(),
            deadline,
            "the build taken by the worker",
            worker,
        )
        build.refresh_from_db()
        assert not build.lost_worker()
        kill(worker, "crash18-worker", deadline)
    finally:
        if worker.poll() is None:
            worker.kill()
    build.refresh_from_db()
    # nothing half-written: no file, not ready; the build is lost (not "being built" for 10 minutes)
    assert (build.status, build.file.name, build.file_name, build.attempts) == (BuildStatus.RUNNING, "", "", 1)
    media = tmp_path / "var" / "media"
    assert not media.exists() or not [p for p in media.rglob("*") if p.is_file()]
    assert build.lost_worker()
    assert report_builds_recover(build=build) == (1, 0)  # handed back to the worker (the page does this)
    assert build.status == BuildStatus.PENDING

    # the worker's task handed back: run as a worker runs it (in this process: a second worker
    # start would double the test's time), it builds the file from the start
    (task,) = DBTaskResult.objects.filter(status="READY")
    assert task.args_kwargs["args"] == [build.pk]
    assert build_report_file.call(build.pk) == BuildStatus.READY
    build.refresh_from_db()
    assert (build.status, build.error, build.attempts) == (BuildStatus.READY, "", 2)
    workbook = load_workbook(io.BytesIO(build.file.read()))
    assert workbook.sheetnames[:2] == ["Aruanne", "Tegevused"]
    cells = {cell.value for row in workbook["Tegevused"].iter_rows() for cell in row}
    assert {"Infopäevad", "Koolitused", "Suhtlusklubid"} <= cells  # the scenario's plan rows, in full
