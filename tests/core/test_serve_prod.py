"""docs/operations.md's production start on this machine, as a new operator runs it: `make serve-prod`
against a fresh PostgreSQL database and the Redis cache, with 2 gunicorn workers and the task worker,
up to a green health check; then everything is stopped.

The one test that deploys from nothing: `loim setup` migrates an empty database and loads the
reference data and `collectstatic` compresses every static file, which take most of its time (about
a minute on CI's machine); the wait for a green `/health/` after gunicorn listens is bounded at 60 s,
the whole run at 5 minutes. It runs in the PostgreSQL phase of the suite and is skipped, saying why,
when PostgreSQL or Redis is not reachable.
"""

import json
import os
import secrets
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from bench.load import free_port, stop_group
from tests.postgres import new_database

ROOT = Path(__file__).resolve().parents[2]
REDIS = ("127.0.0.1", 6379)
REDIS_DB = 9  # this test's own database number on the shared Redis
START_TIMEOUT = 300  # setup (migrations of an empty database) and collectstatic, before gunicorn listens
HEALTH_TIMEOUT = 60  # from gunicorn listening to every check ok


def redis_answers() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=2) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 301 is the answer to look at, not to follow


OPENER = urllib.request.build_opener(NoRedirect)


def get(url: str, **headers) -> tuple[int, dict, bytes]:
    """(status, headers, body); status 0 when nothing answered (not listening yet, a worker still
    importing the application on a busy machine)."""
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - loopback only
    try:
        with OPENER.open(request, timeout=20) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()
    except (urllib.error.URLError, OSError) as exc:  # refused, reset, timed out
        return 0, {}, repr(exc).encode()


@pytest.fixture
def fresh_database():
    if connection.vendor != "postgresql":
        pytest.skip("runs in the PostgreSQL phase of the suite (DATABASE_URL=postgres://…)")
    if not redis_answers():
        pytest.skip(f"Redis does not answer at {REDIS[0]}:{REDIS[1]} (.ci/run starts Debian's redis-server)")
    with new_database("loim_serve_prod") as url:
        yield url


def test_make_serve_prod_comes_up_green_and_stops(tmp_path, fresh_database):
    port = free_port()
    # not the test process's own settings (test_settings sets SECURE_SSL_REDIRECT=0 and a key)
    unset = ("DJANGO_SETTINGS_MODULE", "DEBUG", "LOIM_DEMO", "SECURE_SSL_REDIRECT", "SECRET_KEY", "CACHE_URL")
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update(
        # the environment docs/operations.md lists (deploy/loim.env.example), on loopback
        SECRET_KEY=secrets.token_urlsafe(64),
        DATABASE_URL=fresh_database,
        CACHE_URL=f"redis://{REDIS[0]}:{REDIS[1]}/{REDIS_DB}",
        ALLOWED_HOSTS="127.0.0.1",
        LOIM_HOME=str(tmp_path),  # var/ (static files, uploads) of this test, and no developer's .env
        WEB_CONCURRENCY="2",
        BIND=f"127.0.0.1:{port}",
    )
    log = tmp_path / "serve-prod.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            ["make", "-s", "-C", str(ROOT), "serve-prod"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while "Listening at: " + url not in log.read_text(errors="replace"):
            assert process.poll() is None, f"make serve-prod exited with {process.returncode}:\n{log.read_text()}"
            assert time.monotonic() < deadline, f"gunicorn not listening after {START_TIMEOUT} s:\n{log.read_text()}"
            time.sleep(0.5)
        listening = time.monotonic()

        status, headers, body = 0, {}, b""
        while time.monotonic() < listening + HEALTH_TIMEOUT:
            status, headers, body = get(url + "/health/")
            if status == 200:
                break
            time.sleep(0.5)
        assert status == 200, f"/health/ answered {status} {body!r} for {HEALTH_TIMEOUT} s:\n{log.read_text()}"
        checks = json.loads(body)["checks"]
        assert {name: check["ok"] for name, check in checks.items()} == {
            "database": True,
            "migrations": True,
            "worker": True,
            "cache": True,
        }
        assert "Set-Cookie" not in headers

        # gunicorn runs the 2 workers asked for, DEBUG is off (a page over plain HTTP is redirected
        # to HTTPS), and a page behind the TLS proxy logs a JSON line with the proxy's request id
        assert log.read_text().count("Booting worker with pid") == 2
        assert get(url + "/accessibility/")[0] == 301
        status, headers, _ = get(url + "/accessibility/", **{"X-Forwarded-Proto": "https", "X-Request-ID": "op-1"})
        assert (status, headers["X-Request-ID"]) == (200, "op-1")
        lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith('{"time"')]
        assert any(line["request_id"] == "op-1" and line["logger"] == "loim.request" for line in lines)
    finally:
        group = process.pid
        stop_group(process, grace=20)
    with pytest.raises(ProcessLookupError):
        os.killpg(group, 0)  # nothing of it is left running
