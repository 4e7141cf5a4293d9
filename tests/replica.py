"""A second, real PostgreSQL database standing in for the read replica (core.routers), for the
replica tests of several apps (the fixtures are made available by tests/conftest.py).

The replica is a copy of the test database on the same server (`CREATE DATABASE … TEMPLATE`), made
when the test asks; after it the two are changed apart, so a page shows by its numbers which database
it read. Nothing replicates between them: what the replica lacks stands for a replication lag."""

import shutil
import subprocess
import time
import uuid
import warnings
from copy import deepcopy

import psycopg
import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections

REPLICA_DATABASES = ["default", "replica"]


def _admin_connection():
    params = connection.get_connection_params()
    params["dbname"] = "postgres"
    return psycopg.connect(**params, autocommit=True)


@pytest.fixture(scope="module")
def replica_alias(django_db_setup):
    """The "replica" alias, declared for the module that asks for it (through `replica_copy`; a module
    fixture is set up before its tests' database set-up checks the aliases they use); its database is
    made by `replica_copy`, dropped at the end. Marked a test mirror of default, so the test case
    neither creates nor flushes it."""
    if connection.vendor != "postgresql":
        yield None
        return
    name = f"{connection.settings_dict['NAME']}_replica_{uuid.uuid4().hex[:8]}"
    settings_dict = deepcopy(connections.settings[DEFAULT_DB_ALIAS])
    settings_dict["NAME"] = name
    settings_dict["TEST"] = {**settings_dict["TEST"], "MIRROR": DEFAULT_DB_ALIAS}
    connections.settings["replica"] = settings_dict
    yield name
    connections["replica"].close()
    del connections["replica"]
    del connections.settings["replica"]
    with _admin_connection() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def replica_copy(replica_alias):
    """copy() makes the replica's database hold what the test database holds at that moment
    (committed: a transactional test)."""

    def copy() -> None:
        connections.close_all()  # CREATE DATABASE … TEMPLATE needs the template without sessions
        template = connection.settings_dict["NAME"]
        with _admin_connection() as admin:
            _end_sessions_left_open(admin, template)
            admin.execute(f'CREATE DATABASE "{replica_alias}" TEMPLATE "{template}"')

    return copy


def _end_sessions_left_open(admin: psycopg.Connection, database: str) -> None:
    """A session still on the test database after this thread closed its connections is one an earlier
    test left open (CREATE DATABASE … TEMPLATE would wait 5 s for it and then refuse). It is named in a
    warning — with the local process holding it, so the leak can be found — and ended, so that this
    test is not the leak's victim."""
    rows = admin.execute(
        "SELECT pid, client_port, backend_start, state, left(query, 120) FROM pg_stat_activity"
        " WHERE datname = %s AND pid <> pg_backend_pid()",
        [database],
    ).fetchall()
    for pid, port, started, state, query in rows:
        ss = shutil.which("ss")
        owner = ss and subprocess.run([ss, "-Htnp", f"sport = :{port}"], capture_output=True, text=True).stdout.strip()
        warnings.warn(
            f"a session left open on the test database was ended: backend {pid} since {started:%H:%M:%S},"
            f" {state}, last query {query!r}, held by {owner or 'an unknown process'}",
            stacklevel=3,
        )
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])
    for _ in range(100):  # a terminated backend leaves pg_stat_activity a moment later
        if not admin.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [database]
        ).fetchone()[0]:
            return
        time.sleep(0.05)
