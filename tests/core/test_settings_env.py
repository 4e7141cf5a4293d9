"""The process reads its configuration from the environment and refuses broken values by name."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

LOIM = str(Path(sys.executable).parent / "loim")
ROOT = Path(__file__).resolve().parents[2]
# a production-grade key for the cases about other variables (60 characters, 36 distinct)
GOOD_KEY = "0123456789abcdefghijklmnopqrstuvwxyz" + "ABCDEFGHIJKLMNOPQRSTUVWX"
SHOW = "from django.conf import settings; print(settings.DEBUG, settings.SECRET_KEY)"


def loim(*args, cwd=None, **env):
    clean = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    clean.pop("SECRET_KEY", None)
    for name in ("DEBUG", "SECURE_SSL_REDIRECT", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        clean.pop(name, None)
    clean.update(env)
    return subprocess.run([LOIM, *args], env=clean, cwd=cwd, capture_output=True, text=True, timeout=120)


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
        ({"DEBUG": "0", "LOIM_DEMO": "1", "SECRET_KEY": GOOD_KEY}, "LOIM_DEMO=1"),
        ({"DEBUG": "0", "SECRET_KEY": GOOD_KEY, "SECURE_HSTS_SECONDS": "soon"}, "SECURE_HSTS_SECONDS is malformed"),
        ({"DEBUG": "0", "SECRET_KEY": GOOD_KEY, "DATABASE_CONN_MAX_AGE": "long"}, "DATABASE_CONN_MAX_AGE is malformed"),
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
    """deploy/loim.env.example's variables, in a directory that also holds a developer's `.env`:
    the environment wins, and Django's deploy checks find nothing, not even a warning."""
    (tmp_path / ".env").write_text("DEBUG=1\nSECRET_KEY=django-insecure-" + "x1" * 30 + "\n")
    result = loim(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="loim.elvl.ee",
        CSRF_TRUSTED_ORIGINS="https://loim.elvl.ee",
        CACHE_URL="redis://127.0.0.1:6379/0",
        LOG_FORMAT="json",
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
        SECRET_KEY=GOOD_KEY,
        SECURE_SSL_REDIRECT="0",
        DATABASE_URL=url,
        LOIM_HOME=str(tmp_path),
        **env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == [str(seconds), "True"]


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("a1b2c3d4e5" * 4 + "f6g7h8i9", "SECRET_KEY is too short (48 characters; at least 50"),
        ("abab" * 15, "SECRET_KEY is too repetitive (2 distinct characters; at least 5"),
        ("abcd" * 15, "SECRET_KEY is too repetitive (4 distinct characters; at least 5"),
        ("django-insecure-" + GOOD_KEY, "SECRET_KEY is a development key (it starts with 'django-insecure'"),
    ],
)
def test_a_weak_secret_key_is_refused_at_start_outside_debug(tmp_path, key, message):
    result = loim("check", DEBUG="0", SECRET_KEY=key, SECURE_SSL_REDIRECT="0", LOIM_HOME=str(tmp_path))
    assert result.returncode == 2, result.stdout + result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_key_at_the_floor_starts_and_a_weak_key_is_fine_for_development(tmp_path):
    floor = "abcde" * 10  # exactly 50 characters, 5 distinct
    result = loim(
        "shell",
        "--no-imports",
        "-c",
        SHOW,
        DEBUG="0",
        SECRET_KEY=floor,
        SECURE_SSL_REDIRECT="0",
        LOIM_HOME=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", floor]
    result = loim("shell", "--no-imports", "-c", SHOW, DEBUG="1", SECRET_KEY="abab", LOIM_HOME=str(tmp_path))
    assert result.stdout.split() == ["True", "abab"]


def test_the_development_env_file_makes_the_readme_commands_work_and_is_refused_in_production(tmp_path):
    # before: as a new user typing the README's command without DEBUG=1
    before = loim("check", cwd=tmp_path)
    assert before.returncode == 2 and "SECRET_KEY is not set" in before.stderr

    made = subprocess.run([sys.executable, ROOT / "scripts" / "dev_env.py"], cwd=tmp_path, timeout=30)
    assert made.returncode == 0
    lines = (tmp_path / ".env").read_text().splitlines()
    assert "DEBUG=1" in lines
    (key,) = [line.removeprefix("SECRET_KEY=") for line in lines if line.startswith("SECRET_KEY=")]
    assert key.startswith("django-insecure-") and len(key) > 60
    assert (tmp_path / ".env").stat().st_mode & 0o077 == 0  # readable by its owner only

    after = loim("check", cwd=tmp_path)
    assert after.returncode == 0, after.stderr
    after = loim("shell", "--no-imports", "-c", SHOW, cwd=tmp_path)
    assert after.stdout.split() == ["True", key]

    # the environment wins over the file; production with the file's key is refused at start
    production = loim("check", DEBUG="0", SECURE_SSL_REDIRECT="0", cwd=tmp_path)
    assert production.returncode == 2
    assert "SECRET_KEY is a development key" in production.stderr
    # … and with its own key it starts, the file's DEBUG=1 not applied
    own = loim(
        "shell", "--no-imports", "-c", SHOW, DEBUG="0", SECRET_KEY=GOOD_KEY, SECURE_SSL_REDIRECT="0", cwd=tmp_path
    )
    assert own.returncode == 0, own.stderr
    assert own.stdout.split() == ["False", GOOD_KEY]

    # written once: a second run keeps the developer's file
    subprocess.run([sys.executable, ROOT / "scripts" / "dev_env.py"], cwd=tmp_path, timeout=30, check=True)
    assert f"SECRET_KEY={key}" in (tmp_path / ".env").read_text()


def test_the_env_file_is_read_from_loim_home(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / ".env").write_text("DEBUG=1\n")
    result = loim("shell", "--no-imports", "-c", SHOW, LOIM_HOME=str(home), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "True"


def test_the_embedded_default_cache_is_a_file_cache(tmp_path):
    """Without CACHE_URL the processes of one machine share a file cache under var/cache (issue 14:
    the embedded default is a file or database cache)."""
    code = (
        "import django; django.setup(); from django.core.cache import caches; "
        "print(type(caches['default']).__name__, caches['default']._dir)"
    )
    env = {"PATH": "/usr/bin:/bin", "LOIM_HOME": str(tmp_path), "DEBUG": "1"}
    shown = subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "DJANGO_SETTINGS_MODULE": "loim.config.settings"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert shown == ["FileBasedCache", str(tmp_path / "var" / "cache")]


@pytest.mark.django_db
def test_migrate_empties_the_file_cache_but_not_a_shared_one(tmp_path):
    """A new database starts its generations again at 0, so the file cache of an earlier one must not
    survive `migrate` (core.generations.empty_file_cache, on post_migrate); a memory or Redis cache
    is another process's business and stays."""
    from django.apps import apps
    from django.core.cache import caches
    from django.db.models.signals import post_migrate
    from django.test import override_settings

    core = apps.get_app_config("core")
    signal = {"app_config": core, "verbosity": 0, "interactive": False, "using": "default", "apps": apps, "plan": []}
    on_disk = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": tmp_path}}
    with override_settings(CACHES=on_disk):
        caches["default"].set("page", "of an earlier database")
        post_migrate.send(sender=core, **signal)
        assert caches["default"].get("page") is None
    caches["default"].set("page", "in memory")
    post_migrate.send(sender=core, **signal)
    assert caches["default"].get("page") == "in memory"


def test_a_replica_needs_postgresql_and_takes_the_primarys_connection_options(tmp_path):
    show = (
        "from django.conf import settings; r = settings.DATABASES['replica']; "
        "print(r['ENGINE'], r['NAME'], r['CONN_MAX_AGE'], r['TEST']['MIRROR'])"
    )
    common = {"SECRET_KEY": GOOD_KEY, "SECURE_SSL_REDIRECT": "0", "LOIM_HOME": str(tmp_path)}
    result = loim(
        "shell",
        "--no-imports",
        "-c",
        show,
        DATABASE_URL="postgres://loim@127.0.0.1:5432/loim?conn_max_age=30",
        DATABASE_REPLICA_URL="postgres://loim@10.0.0.7:5432/loim",
        **common,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == ["django.db.backends.postgresql", "loim", "30", "default"]
    sqlite = loim(
        "check",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        DATABASE_REPLICA_URL="postgres://loim@10.0.0.7:5432/loim",
        **common,
    )
    assert sqlite.returncode == 2
    assert "DATABASE_REPLICA_URL needs DATABASE_URL to be PostgreSQL" in sqlite.stderr
