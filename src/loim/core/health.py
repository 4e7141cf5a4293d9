"""The health endpoint for load balancers (`/health/`), and the task worker's heartbeat it reads.

`GET /health/` answers JSON with one entry per check and 200 when every check is ok, 503 otherwise:

- `database`: a connection and `SELECT 1`;
- `migrations`: no migration of the code is unapplied on the database (a new release served before
  `loim migrate` ran, or a rollback of the schema);
- `worker`: a `loim db_worker` process has written its heartbeat within HEALTH_WORKER_MAX_AGE
  seconds (the worker writes its row every WORKER_HEARTBEAT_SECONDS, see `Heartbeat`);
- `cache`: a key written to the default cache (CACHE_URL) reads back.

It is answered by `HealthCheckMiddleware`, first in the middleware, before Django's host validation,
the HTTPS redirect, sessions and CSRF: a probe from the load balancer to the application server's own
address over plain HTTP gets the answer, not a 400 (its `Host` is not in ALLOWED_HOSTS) or a 301, and
no cookie is set. Nothing in the answer depends on the request, and it names no host, database, user
or error text: only each check's state and a short fixed reason (docs/operations.md).
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import threading
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.crypto import get_random_string

logger = logging.getLogger(__name__)

HEALTH_PATH = "/health/"
Check = dict[str, object]

# Once a process has seen every migration applied it does not look again: building the migration
# graph reads every migration file (tens of milliseconds), and a probe comes every few seconds. A new
# release starts new processes, which look again.
_migrations_seen_applied = False


def check_database() -> Check:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any driver's error: the point is to answer, not to crash the probe
        logger.warning("health: the database is unreachable", exc_info=True)
        with contextlib.suppress(Exception):
            connections[DEFAULT_DB_ALIAS].close()
        return {"ok": False, "reason": "unreachable"}
    return {"ok": True}


def unapplied_migrations() -> int:
    """How many of the code's migrations the database has not applied."""
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def check_migrations() -> Check:
    global _migrations_seen_applied
    if _migrations_seen_applied:
        return {"ok": True}
    try:
        missing = unapplied_migrations()
    except Exception:
        logger.warning("health: the migrations could not be read", exc_info=True)
        return {"ok": False, "reason": "unknown"}
    if missing:
        return {"ok": False, "reason": f"{missing} unapplied"}
    _migrations_seen_applied = True
    return {"ok": True}


def check_worker() -> Check:
    from .models import WorkerHeartbeat

    try:
        newest = WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()
    except Exception:
        logger.warning("health: the worker heartbeat could not be read", exc_info=True)
        return {"ok": False, "reason": "unknown"}
    if newest is None:
        return {"ok": False, "reason": "no worker seen"}
    age = max(0, round((timezone.now() - newest).total_seconds()))
    if age > settings.HEALTH_WORKER_MAX_AGE:
        return {"ok": False, "reason": "heartbeat too old", "age_s": age}
    return {"ok": True, "age_s": age}


def check_cache() -> Check:
    key = f"loim:health:{get_random_string(12)}"
    value = get_random_string(12)
    try:
        cache = caches["default"]
        cache.set(key, value, timeout=30)
        read = cache.get(key)
        cache.delete(key)
    except Exception:
        logger.warning("health: the cache is unreachable", exc_info=True)
        return {"ok": False, "reason": "unreachable"}
    if read != value:
        return {"ok": False, "reason": "value not read back"}
    return {"ok": True}


CHECKS: dict[str, Callable[[], Check]] = {
    "database": check_database,
    "migrations": check_migrations,
    "worker": check_worker,
    "cache": check_cache,
}


def health(request: HttpRequest | None = None) -> JsonResponse:
    checks = {}
    database_ok = True
    for name, run in CHECKS.items():
        if name in ("migrations", "worker") and not database_ok:
            checks[name] = {"ok": False, "reason": "database unreachable"}
            continue
        checks[name] = run()
        if name == "database":
            database_ok = bool(checks[name]["ok"])
    ok = all(check["ok"] for check in checks.values())
    response = JsonResponse({"status": "ok" if ok else "failed", "checks": checks}, status=200 if ok else 503)
    response["Cache-Control"] = "no-store"
    if not ok:  # one warning naming the failed checks, instead of Django's "Service Unavailable" error
        logger.warning("health: failed: %s", ", ".join(name for name, check in checks.items() if not check["ok"]))
    response._has_been_logged = True  # type: ignore[attr-defined]  # django.utils.log.log_response
    return response


class HealthCheckMiddleware:
    """Answers `GET`/`HEAD /health/` before anything else in the middleware (see the module)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == HEALTH_PATH and request.method in ("GET", "HEAD"):
            return health(request)
        return self.get_response(request)


class Heartbeat:
    """The task worker's sign of life: a daemon thread writing this process's WorkerHeartbeat row
    every WORKER_HEARTBEAT_SECONDS, beside the worker's loop (so a report build running for minutes
    does not look like a dead worker), deleting rows not seen for a day, and its own row on `stop()`.
    It stops beating when the main thread has ended."""

    def __init__(self, worker_id: str, interval: float | None = None):
        self.worker_id = worker_id[:64]
        self.interval = settings.WORKER_HEARTBEAT_SECONDS if interval is None else interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="loim-heartbeat", daemon=True)

    def start(self) -> None:
        self.beat()  # the first one before the loop, so a failure to write is seen at start
        self._thread.start()

    def beat(self) -> None:
        from .models import WorkerHeartbeat

        now = timezone.now()
        WorkerHeartbeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={"seen_at": now, "hostname": socket.gethostname()[:255], "pid": os.getpid()},
        )
        WorkerHeartbeat.objects.filter(seen_at__lt=now - timedelta(days=1)).delete()

    def _run(self) -> None:
        main = threading.main_thread()
        while not self._stop.wait(self.interval) and main.is_alive():
            try:
                self.beat()
            except Exception:  # the database is away for a moment: the next beat tries again
                logger.warning("worker heartbeat not written", exc_info=True)
            finally:
                connections.close_all()  # this thread's connections only (they are per thread)

    def stop(self) -> None:
        from .models import WorkerHeartbeat

        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=self.interval + 5)
        with contextlib.suppress(Exception):
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
