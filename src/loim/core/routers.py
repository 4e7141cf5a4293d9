"""The optional read replica (`DATABASE_REPLICA_URL`): which reads may go to it, and who stays on the
primary.

Routing is by request context, never by model: the same `Inquiry` read is a statistic on the
statistics page and a read-after-write on the list a coordinator is sent to after saving one, and
only the first may come from a replica that lags. So the pages and files that only read aggregates
(inquiry statistics, the monitoring dashboard, the report page, the exports written by
`core.tabular.writer.export_response`) wrap their computation in `reading_from_replica()`, and
`ReplicaRouter.db_for_read` answers "replica" only inside it, only when that alias is configured and
only when the request is not pinned to the primary. Every write, and every read outside the context
(forms, lists, edit pages, the worker's tasks), is on "default".

Read-after-write: a signed-in user's request with an unsafe method (POST, PUT, PATCH, DELETE) sets
the `loim_primary` cookie for `REPLICA_PIN_SECONDS` (`PinToPrimaryMiddleware`); while the browser
sends it, `reading_from_replica()` is a no-op for that user, so the page a write redirects to (a
report after a note, statistics after an import) shows the write even when the replica lags.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
PIN_COOKIE = "loim_primary"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

_reading: contextvars.ContextVar[bool] = contextvars.ContextVar("loim_reading_from_replica", default=False)
_pinned: contextvars.ContextVar[bool] = contextvars.ContextVar("loim_pinned_to_primary", default=False)

T = TypeVar("T")


def replica_configured() -> bool:
    return REPLICA in connections.settings


@contextmanager
def reading_from_replica() -> Iterator[None]:
    """Inside, the ORM's reads go to the replica (when configured and the request is not pinned);
    writes stay on the primary. Wrap read-only computations only: a read here does not see a write
    made here. Usable as a decorator (`@reading_from_replica()`)."""
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


@contextmanager
def pinned_to_primary(pinned: bool = True) -> Iterator[None]:
    """Inside, `reading_from_replica()` reads the primary all the same (a read-after-write)."""
    token = _pinned.set(pinned)
    try:
        yield
    finally:
        _pinned.reset(token)


def read_alias() -> str:
    """The database the ORM reads from here and now ("replica" or "default")."""
    if _reading.get() and not _pinned.get() and replica_configured():
        return REPLICA
    return DEFAULT_DB_ALIAS


def from_replica(items: Iterable[T]) -> Iterator[T]:
    """Iterate `items` reading from the replica at each step: for a streamed response, whose rows are
    read after the view (and the pinning middleware) returned, so the request's pin is taken now. The
    context is entered per item, never left set while the iterator is suspended."""
    return _steps(iter(items), pinned=_pinned.get())


def _steps(iterator: Iterator[T], *, pinned: bool) -> Iterator[T]:
    while True:
        with pinned_to_primary(pinned), reading_from_replica():
            try:
                item = next(iterator)
            except StopIteration:
                return
        yield item


class ReplicaRouter:
    """Installed always; without a "replica" alias every answer is "default"."""

    def db_for_read(self, model, **hints) -> str:
        return read_alias()

    def db_for_write(self, model, **hints) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # the replica holds the primary's rows: an object read there is the same row

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        return db == DEFAULT_DB_ALIAS


class PinToPrimaryMiddleware:
    """A signed-in user's unsafe request pins the next `REPLICA_PIN_SECONDS` of that browser's reads
    to the primary; a request carrying the cookie is pinned. Nothing is set without a replica."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_configured():
            return self.get_response(request)
        with pinned_to_primary(PIN_COOKIE in request.COOKIES):
            response = self.get_response(request)
        user = getattr(request, "user", None)
        if request.method in UNSAFE_METHODS and user is not None and user.is_authenticated:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.REPLICA_PIN_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
