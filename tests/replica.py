"""A second, real PostgreSQL database standing in for the read replica (core.routers), for the
replica tests of several apps (the fixtures are made available by tests/conftest.py).

The replica is a copy of the test database on the same server (`CREATE DATABASE … TEMPLATE`), made
when the test asks; after it the two are changed apart, so a page shows by its numbers which database
it read. Nothing replicates between them: what the replica lacks stands for a replication lag."""

import uuid
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
        with _admin_connection() as admin:
            admin.execute(f'CREATE DATABASE "{replica_alias}" TEMPLATE "{connection.settings_dict["NAME"]}"')

    return copy
