"""The process reads its configuration from the environment and refuses broken values by name."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

LOIM = str(Path(sys.executable).parent / "loim")


def loim(*args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    clean.pop("SECRET_KEY", None)
    for name in ("DEBUG", "SECURE_SSL_REDIRECT", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        clean.pop(name, None)
    clean.update(env)
    return subprocess.run([LOIM, *args], env=clean, capture_output=True, text=True, timeout=120)


def test_refuses_to_start_without_a_secret_key_outside_debug(tmp_path):
    result = loim("check", DEBUG="0", LOIM_HOME=str(tmp_path))
    assert result.returncode == 2
    assert "SECRET_KEY is not set" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "maybe"}, "DEBUG must be 1 or 0"),
        ({"DEBUG": "1", "DATABASE_URL": "nonsense"}, "DATABASE_URL must be"),
        ({"DEBUG": "1", "SECURE_HSTS_SECONDS": "x", "SECRET_KEY": "k" * 60}, None),
        ({"DEBUG": "0", "LOIM_DEMO": "1", "SECRET_KEY": "k" * 60}, "LOIM_DEMO=1"),
        ({"DEBUG": "0", "SECRET_KEY": "k" * 60, "SECURE_HSTS_SECONDS": "soon"}, "SECURE_HSTS_SECONDS is malformed"),
        ({"DEBUG": "0", "SECRET_KEY": "k" * 60, "DATABASE_CONN_MAX_AGE": "long"}, "DATABASE_CONN_MAX_AGE is malformed"),
    ],
)
def test_broken_variables_are_named(tmp_path, env, message):
    result = loim("check", LOIM_HOME=str(tmp_path), **env)
    if message is None:  # HSTS is only read outside DEBUG: the value is irrelevant there
        assert result.returncode == 0, result.stderr
        return
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    result = loim(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="loim.elvl.ee",
        LOIM_HOME=str(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_demo_accounts_are_refused_outside_demo_mode(tmp_path):
    result = loim("seed-demo", DEBUG="1", LOIM_HOME=str(tmp_path))
    assert result.returncode != 0
    assert "demo mode" in result.stderr


@pytest.mark.parametrize(
    ("env", "seconds"),
    [
        ({"DEBUG": "0"}, 60),  # production: a worker keeps its connection (issue 14, portal_load)
        ({"DEBUG": "1"}, 0),  # the development server's threads live one request each
        ({"DEBUG": "0", "DATABASE_CONN_MAX_AGE": "600"}, 600),
        ({"DEBUG": "0", "DATABASE_CONN_MAX_AGE": "600", "DATABASE_URL_SUFFIX": "?conn_max_age=5"}, 5),
    ],
)
def test_database_connections_persist_outside_debug(tmp_path, env, seconds):
    env = dict(env)
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}" + env.pop("DATABASE_URL_SUFFIX", "")
    result = loim(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; d = settings.DATABASES['default']; "
        "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])",
        SECRET_KEY="k" * 60,
        SECURE_SSL_REDIRECT="0",
        DATABASE_URL=url,
        LOIM_HOME=str(tmp_path),
        **env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == [str(seconds), "True"]
