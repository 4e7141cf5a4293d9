"""The health endpoint for load balancers: each check's state, 200 only when all are ok, 503 otherwise."""

import json
import os
import socket
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from loim.core import health
from loim.core.health import Heartbeat
from loim.core.models import WorkerHeartbeat

LOIM = str(Path(sys.executable).parent / "loim")
ALL_OK = {
    "status": "ok",
    "checks": {"database": {"ok": True}, "migrations": {"ok": True}, "worker": {"ok": True}, "cache": {"ok": True}},
}


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(autouse=True)
def fresh_migration_state(monkeypatch):
    monkeypatch.setattr(health, "_migrations_seen_applied", False)


def beat(seconds_ago: float) -> None:
    WorkerHeartbeat.objects.create(worker_id="w1", seen_at=timezone.now() - timedelta(seconds=seconds_ago))


def body(response) -> dict:
    data = json.loads(response.content)
    data["checks"]["worker"].pop("age_s", None)
    return data


@pytest.mark.django_db
def test_all_ok_is_200_with_every_check_and_no_cookie(client):
    beat(seconds_ago=5)
    response = client.get("/health/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies
    assert json.loads(response.content)["checks"]["worker"]["age_s"] in (5, 6)
    assert body(response) == ALL_OK


@pytest.mark.django_db
@override_settings(ALLOWED_HOSTS=["loim.elvl.ee"], SECURE_SSL_REDIRECT=True)
def test_a_probe_to_the_servers_own_address_over_http_is_answered():
    """The load balancer asks http://10.0.0.5:8000/health/: not an allowed host, not HTTPS."""
    from django.test import Client

    beat(seconds_ago=1)
    assert Client().get("/health/", HTTP_HOST="10.0.0.5:8000").status_code == 200
    # every other page still refuses the host and redirects to HTTPS
    assert Client().get("/accessibility/", HTTP_HOST="10.0.0.5:8000").status_code == 400
    assert Client().get("/accessibility/", HTTP_HOST="loim.elvl.ee").status_code == 301


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("seconds_ago", "expected"),
    [
        (None, {"ok": False, "reason": "no worker seen"}),
        (61, {"ok": False, "reason": "heartbeat too old"}),  # HEALTH_WORKER_MAX_AGE is 60 s
        (59, {"ok": True}),
    ],
)
def test_the_worker_check_reads_the_newest_heartbeat(client, seconds_ago, expected):
    if seconds_ago is not None:
        beat(seconds_ago)
        WorkerHeartbeat.objects.create(worker_id="w0", seen_at=timezone.now() - timedelta(hours=3))
    response = client.get("/health/")
    assert response.status_code == (200 if expected["ok"] else 503)
    assert body(response) == {
        "status": "ok" if expected["ok"] else "failed",
        "checks": {**ALL_OK["checks"], "worker": expected},
    }


@pytest.mark.django_db
def test_an_unapplied_migration_fails_the_check(client):
    beat(seconds_ago=1)
    with connection.cursor() as cursor:  # the test's transaction is rolled back afterwards
        cursor.execute("DELETE FROM django_migrations WHERE app = 'core' AND name = '0004_workerheartbeat'")
    response = client.get("/health/")
    assert response.status_code == 503
    assert body(response)["checks"] == {**ALL_OK["checks"], "migrations": {"ok": False, "reason": "1 unapplied"}}


@pytest.mark.django_db
def test_a_cache_on_a_closed_port_fails_the_check(client):
    beat(seconds_ago=1)
    redis_cache = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
    }
    with override_settings(CACHES={"default": redis_cache}):
        response = client.get("/health/")
    assert response.status_code == 503
    assert body(response)["checks"] == {**ALL_OK["checks"], "cache": {"ok": False, "reason": "unreachable"}}


PROBE = "from django.test import Client; r = Client().get('/health/'); print(r.status_code); print(r.content.decode())"


def test_a_database_on_a_closed_port_fails_every_check_that_needs_it(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        DEBUG="1",
        ALLOWED_HOSTS="testserver",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{closed_port()}/loim",
        LOIM_HOME=str(tmp_path),
    )
    result = subprocess.run(
        [LOIM, "shell", "--no-imports", "-c", PROBE], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    status, text = result.stdout.strip().splitlines()[-2:]
    assert status == "503"
    assert json.loads(text) == {
        "status": "failed",
        "checks": {
            "database": {"ok": False, "reason": "unreachable"},
            "migrations": {"ok": False, "reason": "database unreachable"},
            "worker": {"ok": False, "reason": "database unreachable"},
            "cache": {"ok": True},
        },
    }
    assert "127.0.0.1" not in text and "postgres" not in text  # names no host or database


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_thread_beats_and_removes_its_row_when_stopped():
    heartbeat = Heartbeat("worker-a", interval=0.1)
    heartbeat.start()
    try:
        first = WorkerHeartbeat.objects.get(worker_id="worker-a").seen_at
        moved = threading.Event()
        for _ in range(50):
            if WorkerHeartbeat.objects.get(worker_id="worker-a").seen_at > first:
                moved.set()
                break
            moved.wait(0.1)
        assert moved.is_set(), "the heartbeat did not move within 5 s"
    finally:
        heartbeat.stop()
    assert not WorkerHeartbeat.objects.filter(worker_id="worker-a").exists()


@pytest.mark.django_db
def test_a_beat_removes_rows_not_seen_for_a_day():
    WorkerHeartbeat.objects.create(worker_id="gone", seen_at=timezone.now() - timedelta(days=1, minutes=1))
    WorkerHeartbeat.objects.create(worker_id="recent", seen_at=timezone.now() - timedelta(hours=23))
    Heartbeat("new").beat()
    assert set(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == {"recent", "new"}
