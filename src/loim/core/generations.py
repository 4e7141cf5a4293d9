"""Data generations: a counter per database table that the database itself bumps on every write, so a
cached page can never show stale truth.

A cache of something computed from records is correct only if its key changes whenever any of those
records does. Signals miss bulk_create, QuerySet.update/delete, cascades, raw SQL and an import's undo;
`modified` stamps miss `update()`; deletes leave no stamp at all. Here the database does the counting:
for every table in `WATCHED` a trigger (installed after every `migrate`, `install_triggers`) adds one
to that table's row in `core_datageneration` in the same transaction as the write — insert, update or
delete, whichever code path did it. A reader takes `generation(tables)` (one query: the sum of the
tables' counters, which grows with every write to any of them) into its cache key.

Because the counter is transactional, a reader never sees a new generation before the data it stands
for is committed. Inside an atomic block of its own a request may see its own uncommitted writes and
would store them under a generation a rollback gives back, so `cacheable()` says no there.

`cached(name, parts, tables, compute, until=…)` is the one way to use it: the value is cached under
(name, parts, the generation of `tables`) until `until` (a moment after which it may differ even
without a write, e.g. midnight or the end of the next event), at most `MAX_AGE` seconds.

Which tables a computation reads is its own list (e.g. `monitoring.todo.INPUTS`); a test runs the
computation, collects the tables of the SQL it issued (`tables_read`) and fails when one is not in the
list, so a new source that reads a new table cannot silently make the cache stale.

`memoized(name, parts, tables, compute)` keeps a value in this process's memory, not in the shared
cache, under the generation of its own (narrower) tables: what a page reads of slowly changing tables
(a plan's indicators, commitments and deliverables) survives a write to the records (events,
attendance), which makes a new generation for the page but not for the plan. Inside `cached()` it
costs no query: the one query there reads each table's counter (`counters`), and a sub-generation is
their sum.

A restore (`core.backup`) sets the epoch row (`EPOCH`) to a new random value that every generation
includes, because the restored counters start again from an earlier value: without it a page cached
before the restore (in Redis, or in a running process's memo) could match a later key.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import re
import secrets
import threading
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from typing import Any

from django.apps import apps
from django.core.cache import cache
from django.db import connection, connections
from django.utils import timezone

from .routers import read_alias

#: db tables (or "app_label.Model" labels) whose writes are counted; apps add theirs via `watch()`
WATCHED: set[str] = set()
#: a cached value lives at most this long even when nothing changes (seconds)
MAX_AGE = 3600
TABLE = "core_datageneration"
#: the row a restore sets to a new random value (module docstring); every generation adds it
EPOCH = "~epoch"
#: how many values `memoized` keeps in one process (the oldest go first)
MEMO_SIZE = 2048


def table_of(name: str) -> str:
    """A db table from a table name or an "app_label.Model" label."""
    if "." in name:
        return apps.get_model(name)._meta.db_table
    return name


def tables_of(app_labels: Iterable[str], model_labels: Iterable[str] = ()) -> frozenset[str]:
    """The db tables of these apps (their many-to-many tables too) and of these models
    ("app_label.Model"): what a computation's cache key is made of."""
    tables = {
        model._meta.db_table
        for label in app_labels
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    }
    return frozenset(tables | {table_of(label) for label in model_labels})


def watch(*names: str) -> frozenset[str]:
    """Count the writes to these tables (db tables or model labels); returns their db tables."""
    tables = frozenset(table_of(name) for name in names)
    WATCHED.update(tables)
    return tables


def install_triggers(using: str = "default", app_config=None, **kwargs) -> None:
    """Create (or replace) the counting triggers of every watched table; run after every migrate
    (connected to post_migrate, which is sent once per app after all migrations: acts for core's)."""
    if app_config is not None and app_config.label != "core":
        return
    conn = connections[using]
    existing = set(conn.introspection.table_names())
    if TABLE not in existing:
        return
    tables = sorted(t for t in WATCHED if t in existing)
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.execute(
                f"""CREATE OR REPLACE FUNCTION loim_bump_generation() RETURNS trigger AS $$
                BEGIN
                    INSERT INTO {TABLE} (name, value) VALUES (TG_ARGV[0], 1)
                    ON CONFLICT (name) DO UPDATE SET value = {TABLE}.value + 1;
                    RETURN NULL;
                END $$ LANGUAGE plpgsql"""  # noqa: S608 - our constant table name
            )
            for table in tables:
                cursor.execute(
                    f'CREATE OR REPLACE TRIGGER loim_gen AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}" '
                    f"FOR EACH STATEMENT EXECUTE FUNCTION loim_bump_generation('{table}')"
                )
        elif conn.vendor == "sqlite":
            for table in tables:
                for event in ("INSERT", "UPDATE", "DELETE"):
                    cursor.execute(  # the model tables' own names, no input
                        f'CREATE TRIGGER IF NOT EXISTS "loim_gen_{table}_{event.lower()}" AFTER {event} ON "{table}" '  # noqa: S608
                        f"BEGIN INSERT INTO {TABLE} (name, value) VALUES ('{table}', 1) "
                        "ON CONFLICT (name) DO UPDATE SET value = value + 1; END"
                    )
        else:  # pragma: no cover - the project runs on SQLite and PostgreSQL only
            raise NotImplementedError(conn.vendor)


def empty_file_cache(app_config=None, **kwargs) -> None:
    """After `migrate` (post_migrate, once, for core): empty the embedded default's file cache. A new
    database starts every counter again at 0, so a cache kept on disk from an earlier database could
    hold a page under a key the new one reaches again. A shared cache (Redis) is left alone: its
    operator migrates one database for good, and other processes may be using it."""
    from django.core.cache import caches
    from django.core.cache.backends.filebased import FileBasedCache

    if app_config is not None and app_config.label != "core":
        return
    if isinstance(caches["default"], FileBasedCache):
        caches["default"].clear()


def counters(tables: Iterable[str]) -> dict[str, int]:
    """Each table's write counter (0 for one never written) and the epoch's: one query."""
    names = sorted({*tables, EPOCH})
    marks = ", ".join(["%s"] * len(names))
    # From the database the value itself is read from (the replica inside `reading_from_replica()`),
    # so a value computed from a lagging replica is stored under the replica's older generation.
    with connections[read_alias()].cursor() as cursor:
        cursor.execute(f"SELECT name, value FROM {TABLE} WHERE name IN ({marks})", names)  # noqa: S608
        found = dict(cursor.fetchall())
    return {name: int(found.get(name, 0)) for name in names}


def _total(values: dict[str, int], tables: Iterable[str]) -> int:
    return values[EPOCH] + sum(values[table] for table in tables)


def generation(tables: Iterable[str]) -> int:
    """The sum of the tables' write counters and the epoch: it grows with every committed write to
    any of them, and jumps to a new value on a restore."""
    tables = frozenset(tables)
    return _total(counters(tables), tables)


def new_epoch(using: str = "default") -> int:
    """After a restore: a new random epoch (far above any sum of counters), so no key made before
    the restore is made again."""
    value = secrets.randbelow(2**62) + 2**40
    with connections[using].cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE name = %s", [EPOCH])  # noqa: S608
        cursor.execute(f"INSERT INTO {TABLE} (name, value) VALUES (%s, %s)", [EPOCH, value])  # noqa: S608
    return value


def cacheable() -> bool:
    """False inside an atomic block of the request's own (it may read its uncommitted writes); the
    test runner's wrapping transaction does not count."""
    return not any(not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


def cached(
    name: str,
    parts: Iterable[Any],
    tables: Iterable[str],
    compute: Callable[[], tuple[Any, dt.datetime | None]],
    *,
    bypass: bool = False,
    memo: dict | None = None,
) -> Any:
    """`compute()` returns (value, until): the value, and the moment after which it may change without
    a write (None: not before MAX_AGE). The value is cached under `name`, `parts` and the generation.
    `memo` keeps the counters read, for several values read in one request (the home panels)."""
    if bypass or not cacheable():
        return compute()[0]
    tables = frozenset(tables)
    known = _known_here()
    if known is not None and tables <= known.keys():  # read by an enclosing `counted()`
        values = known
    elif memo is not None and tables in memo:
        values = memo[tables]
    else:
        values = counters(tables)
        if memo is not None:
            memo[tables] = values
    key_parts = [str(part) for part in parts] + [str(_total(values, tables))]
    key = f"loim:{name}:" + hashlib.blake2b("|".join(key_parts).encode(), digest_size=16).hexdigest()
    value = cache.get(key)
    if value is not None:
        return value
    token = _known.set((read_alias(), values))  # `memoized` inside `compute` takes its generation from these
    try:
        value, until = compute()
    finally:
        _known.reset(token)
    timeout = MAX_AGE
    if until is not None:
        timeout = min(timeout, int((until - timezone.now()).total_seconds()))
    if timeout > 0:
        cache.set(key, value, timeout)
    return value


#: the counters read by the enclosing `cached()` or `counted()`, if any, with the database they were
#: read from: a value read from the replica must be keyed by the replica's counters, never by the
#: primary's newer ones (a request's counters are the primary's; its dashboard reads the replica)
_known: ContextVar[tuple[str, dict[str, int]] | None] = ContextVar("loim_generation_counters", default=None)


#: a request's counters of every watched table, per database, read at the first need (`request_scope`)
_request: ContextVar[dict[str, dict[str, int]] | None] = ContextVar("loim_request_counters", default=None)


def _known_here() -> dict[str, int] | None:
    """The counters already read for the database read from here and now: the enclosing block's,
    else the request's (read now, all watched tables in one query, if this is the request's first
    need), else None."""
    alias = read_alias()
    known = _known.get()
    if known is not None and known[0] == alias:
        return known[1]
    scope = _request.get()
    if scope is None:
        return None
    if alias not in scope:
        scope[alias] = counters(WATCHED)
    return scope[alias]


@contextlib.contextmanager
def request_scope():
    """Within the block (a request that writes nothing the memo reads: a GET), the first `memoized`,
    `cached` or `counted` read takes the counters of every watched table in one query and every later
    one uses them: a signed-in page then costs one query for its user's memberships, its plan and its
    cached body together. A block that never needs them reads none."""
    token = _request.set({})
    try:
        yield
    finally:
        _request.reset(token)


_memo: dict[tuple, Any] = {}
_memo_lock = threading.Lock()


def memoized(name: str, parts: Iterable[Any], tables: Iterable[str], compute: Callable[[], Any]) -> Any:
    """`compute()`, kept in this process's memory under `name`, `parts` and the generation of
    `tables` (module docstring). The value is shared by every request of the process: it must be
    read, never changed, by its callers. Inside `cached()` the generation costs no query; elsewhere
    one. Not kept inside an atomic block of the caller's own (`cacheable`)."""
    if not cacheable():
        return compute()
    tables = frozenset(tables)
    known = _known_here()
    values = known if known is not None and tables <= known.keys() else counters(tables)
    key = (name, connections[read_alias()].settings_dict["NAME"], *parts, _total(values, tables))
    with _memo_lock:
        if key in _memo:
            return _memo[key]
    value = compute()
    with _memo_lock:
        if len(_memo) >= MEMO_SIZE:
            del _memo[next(iter(_memo))]  # the oldest (dicts keep the order of insertion)
        _memo[key] = value
    return value


@contextlib.contextmanager
def counted(tables: Iterable[str]):
    """Within the block, `memoized` reads of these tables take their generation from one query made
    here (none inside a `cached()` that read them already): for a computation outside a cached page
    (a report, the API) that reads several memoized values. Nothing in the block may write them."""
    if not cacheable():
        yield
        return
    known = _known_here()
    tables = frozenset(tables)
    if known is not None and tables <= known.keys():
        yield
        return
    token = _known.set((read_alias(), {**(known or {}), **counters(tables)}))
    try:
        yield
    finally:
        _known.reset(token)


def forget_memos() -> None:
    """Empty this process's memo (tests: a rolled-back database gives counter values back)."""
    with _memo_lock:
        _memo.clear()


def cached_panel(
    request,
    name: str,
    tables: Iterable[str],
    build: Callable[[], tuple[tuple[str, dict] | None, dt.datetime | None]],
) -> tuple[str, dict] | None:
    """A home-page panel (core.navigation.home_panels) rendered once and cached for the user, the
    language and the day under the generation of `tables`: `build()` returns the panel as usual
    ((template, context) or None) and the moment it may change by itself. The panel's template is
    rendered without the request, so it may use only its own context."""
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe
    from django.utils.translation import get_language

    def render() -> tuple[str, dt.datetime | None]:
        panel, until = build()
        if panel is None:
            return "", until
        template_name, context = panel
        return render_to_string(template_name, {"panel": context}), until

    user = request.user
    memo = request.__dict__.setdefault("_loim_generations", {})  # one generation query for all panels
    html = cached(name, (user.pk, get_language(), timezone.localdate().isoformat()), tables, render, memo=memo)
    return ("core/_html_panel.html", {"html": mark_safe(html)}) if html else None  # noqa: S308 - our template


_TABLE_NAME = re.compile(r'(?:FROM|JOIN)\s+"?([a-z_][a-z0-9_]*)"?', re.IGNORECASE)


def tables_read(sql_statements: Iterable[str]) -> set[str]:
    """The tables named after FROM or JOIN in these SQL statements (subqueries included)."""
    return {match for sql in sql_statements for match in _TABLE_NAME.findall(sql)}
