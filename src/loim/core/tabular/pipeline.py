"""Preview → confirm → one transaction: the write half every import shares.

An app checks every row in memory first (its column spec and the shared parsers), shows the
result, and only on confirmation hands the rows to its service here: all of them are written in
one transaction, each through the service's own `full_clean()` (so model-field validators — for
example the refusal of control characters — apply to imports exactly as to forms and the API). A
row the service refuses is reported by row and column, and nothing of the file stays written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from .errors import Errors, ImportRejected, RowError


def validation_errors(number: int, exc: ValidationError, column_for: Callable[[str], str]) -> list[RowError]:
    """A service's ValidationError as row errors, its field names turned into the file's columns."""
    pairs = exc.message_dict.items() if hasattr(exc, "error_dict") else [("__all__", exc.messages)]
    return [RowError(number, column_for(name), " ".join(str(m) for m in messages)) for name, messages in pairs]


def write_rows(
    rows: Iterable[tuple[int, Any]],
    write: Callable[[Any], Any],
    *,
    column_for: Callable[[str], str] = lambda name: "" if name == "__all__" else name,
) -> list:
    """Write every (row number, input) with `write` in one transaction; each row in a savepoint,
    so every refused row is reported. Any refusal rolls the whole file back (ImportRejected)."""
    errors = Errors()
    written = []
    with transaction.atomic():
        for number, data in rows:
            try:
                with transaction.atomic():
                    written.append(write(data))
            except ValidationError as exc:
                errors.extend(validation_errors(number, exc, column_for))
        if errors:
            transaction.set_rollback(True)
    if errors:
        raise ImportRejected(errors.listed, errors.count)
    return written
