"""A lean bulk insert for imports of already validated rows: what `bulk_create` writes, without its
per-object work.

`QuerySet.bulk_create` builds a model instance per row and runs `pre_save` and `get_db_prep_save` on
every value of every row, and compiles its SQL batch by batch; for an import of thousands of rows that
is most of the time (≈ 3–6× a bare `executemany`, the `inquiry_import` benchmark). Imported columns
repeat the same few values (dates, codes, foreign keys), so here each column's values are converted
for the database once per distinct value with the field's own `get_db_prep_save`, values shared by
every row (the party, the import, timestamps, defaults) once per call, and the multi-row
`INSERT … VALUES (…), (…) RETURNING id` is built once per batch size. No model instance, no signal —
as with `bulk_create` — and the caller validates the rows first (the model's validators included).
On PostgreSQL, where Django 5.2's `bulk_create` inserts through UNNEST and is faster than this, it
hands the rows to `bulk_create`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import connections, router


class _Prepared(dict):
    """A field's database value per distinct Python value (the value itself as key)."""

    def __init__(self, field, connection):
        super().__init__()
        self.prep = field.get_db_prep_save
        self.connection = connection

    def __missing__(self, value):
        prepared = self[value] = self.prep(value, connection=self.connection)
        return prepared

    def __call__(self, value):
        try:
            return self[value]
        except TypeError:  # unhashable: converted without the cache
            return self.prep(value, connection=self.connection)


def insert_rows(
    model, columns: Sequence[str], rows: Iterable[Sequence[Any]], *, constants: Mapping[str, Any] | None = None
) -> list:
    """Insert one row of `model` per tuple in `rows` (values for `columns`, field attnames, in that
    order), with `constants` (attname → value) in every row; return the new primary keys in the order
    of `rows`. Every other concrete field gets its default or, for auto_now(_add), the time of the
    call. A field whose default is a callable other than the clock must be given (it may differ
    per row), else ValueError."""
    rows = list(rows)
    if not rows:
        return []
    constants = dict(constants or {})
    opts = model._meta
    connection = connections[router.db_for_write(model)]
    by_name = {f.attname: f for f in opts.concrete_fields}
    row_fields = [by_name[name] for name in columns]
    template = model(**constants)  # the defaults and auto_now values, computed once
    fixed = []
    for field in opts.concrete_fields:
        if field.attname in columns or (field.primary_key and field.attname not in constants):
            continue
        clock = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        if field.attname not in constants and not clock and field.has_default() and callable(field.default):
            raise ValueError(f"{opts.label}.{field.attname} has a callable default: give it per row")
        fixed.append((field, field.get_db_prep_save(field.pre_save(template, add=True), connection=connection)))
    if connection.vendor == "postgresql":
        # There Django's own bulk_create inserts through UNNEST, faster than a VALUES list (measured:
        # the inquiry_import figure read 1.53× this way against 1.31× with bulk_create)
        objs = [model(**constants, **dict(zip(columns, row, strict=True))) for row in rows]
        model._base_manager.db_manager(connection.alias).bulk_create(objs)
        return [obj.pk for obj in objs]
    fields = row_fields + [field for field, _value in fixed]
    if any(hasattr(field, "get_placeholder") for field in fields):
        raise ValueError(f"{opts.label} has a field with its own SQL placeholder: use bulk_create")
    if not connection.features.can_return_rows_from_bulk_insert:
        raise NotImplementedError("the database cannot return the ids of a multi-row INSERT")
    fixed_values = tuple(value for _field, value in fixed)
    prepare = [_Prepared(field, connection) for field in row_fields]
    quote = connection.ops.quote_name
    head = f"INSERT INTO {quote(opts.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
    # PostgreSQL's and SQLite's operations have it (checked above), the base class in the stubs not
    returning, _params = connection.ops.return_insert_columns([opts.pk])  # type: ignore[attr-defined]
    placeholders = ["%s"] * len(fields)
    size = max(1, connection.ops.bulk_batch_size(fields, rows))
    statements: dict[int, str] = {}
    ids: list = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            batch = rows[start : start + size]
            sql = statements.get(len(batch))
            if sql is None:
                # rows of placeholders, as Django's own bulk insert passes them (the stubs say strings)
                values = connection.ops.bulk_insert_sql(fields, [placeholders] * len(batch))  # type: ignore[list-item]
                sql = statements[len(batch)] = f"{head}{values} {returning}"
            params = []
            for row in batch:
                params.extend([prep(value) for prep, value in zip(prepare, row, strict=True)])
                params.extend(fixed_values)
            cursor.execute(sql, params)
            ids.extend(pk for (pk,) in cursor.fetchall())
    if len(ids) != len(rows):
        raise RuntimeError(f"{len(rows)} rows inserted into {opts.db_table}, {len(ids)} ids returned")
    return ids
