"""Which report builds have a worker at work on them (PostgreSQL): the worker holds a session-level
advisory lock on the build for as long as it builds it, taken before it marks the build "being
built". PostgreSQL releases the lock when the worker's session ends, however it ends (killed with
SIGKILL, the machine restarted, the connection lost), so a build "being built" whose lock is free
has lost its worker — known at once, not after BUILD_STALE_AFTER. On SQLite (one machine, tests)
there are no such locks: the time rule alone applies.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

# pg_advisory_lock(key1, key2): key1 names the kind of lock, key2 the build (an int4; a build number
# past 2**31 shares a key with another build, which at worst hides a lost worker until the time rule).
KEY = 0x4C6F6962  # "Loib"


def _key(pk: int) -> int:
    return pk % 2**31


def supported() -> bool:
    return connection.vendor == "postgresql"


@contextmanager
def building(pk: int) -> Iterator[bool]:
    """Hold the build's lock while the block runs; gives False if another session holds it (another
    worker is building it). Always True where locks are not supported."""
    if not supported():
        yield True
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [KEY, _key(pk)])
        held = cursor.fetchone()[0]
    try:
        yield held
    finally:
        if held:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [KEY, _key(pk)])


def worker_gone(pk: int) -> bool:
    """No session holds the build's lock (PostgreSQL); False where locks are not supported. Called for
    a build "being built", from a session that is not building it (a page, another worker)."""
    if not supported():
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT NOT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted"
            " AND classid = %s::oid AND objid = %s::oid AND objsubid = 2"
            " AND database = (SELECT oid FROM pg_database WHERE datname = current_database()))",
            [KEY, _key(pk)],
        )
        return cursor.fetchone()[0]
