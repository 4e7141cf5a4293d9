"""Exact rollups of inquiries: the statistics read counts per (party, day or month, dimension, value)
instead of scanning the inquiries.

`InquiryRollup` holds, for each party and day, and again for each party and calendar month, the number
of inquiries in total and with each value of each dimension the statistics break down by (channel,
language, target group, municipality of residence, topic, referral). It is derived data and has one
writer, `apply(delta)`, which every write of inquiries calls in its own transaction:

- a new inquiry (`services.inquiry_create`, which the form and the API call): `add(queryset)`;
- a changed one (`services.inquiry_update`, the admin's change form): `tracked(queryset)` reads the
  rows' contributions before and after the write and applies the difference;
- bulk inserts (an import, the demo's rows; `services._bulk_write`): `of_rows(party_id, rows)` counts
  the parsed rows in Python and applies them in one batch;
- deletes, one or many (`Inquiry.delete`, `InquiryQuerySet.delete`, so the service, an import's
  undo, the admin and the shell alike): `remove(queryset)`, the rows' contributions read with one
  GROUP BY per dimension, subtracted in one batch; `InquiryQuerySet.update` of a counted field is
  `tracked` the same way;
- deletions that cascade in SQL past those methods: an import deleted other than by its undo (the
  admin) takes its inquiries, a topic or referral target its links (pre_delete signals,
  `import_deleted`, `vocabulary_deleted`); a party cannot be deleted while it has inquiries (PROTECT),
  and its rollup rows cascade with it.

Not covered: raw SQL, and adding or removing an inquiry's topics or referrals outside the services
(`inquiry.topics.add(…)`); no code does either. The register's erasure deletes a person's links to
inquiries, never the inquiries, so it changes no count.

A count may never drop below zero (a check constraint): a write removing inquiries that the rollup
never counted fails instead of leaving the rollup wrong. `rebuild()` recomputes everything from the
inquiries (the data migration, the benchmark's raw inserts); `differences()` compares the rollup with
the raw GROUP BY (tests).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import IntegrityError, connection, transaction
from django.db.models import Count

from .models import Grain, Inquiry, InquiryRollup

TOTAL = "total"
#: single-valued dimensions: every inquiry has exactly one value (municipality: "" when not given)
PARTITIONS = ("channel", "language", "category", "municipality")
#: many-valued dimensions: an inquiry has any number of values (its m2m links)
MULTIPLE = {"topic": "topics", "referral": "referrals"}
DIMENSIONS = (TOTAL, *PARTITIONS, *MULTIPLE)

Key = tuple[int, dt.date, str, str]  # party id, day, dimension, value


def as_value(value) -> str:
    """A dimension value as the rollup stores it: text; "" for none (a municipality not given)."""
    return "" if value is None else str(value)


def contributions(queryset) -> Counter[Key]:
    """What these inquiries count in the rollup, per day: one GROUP BY per dimension."""
    queryset = queryset.order_by()
    delta: Counter[Key] = Counter()
    for party_id, day, n in queryset.values_list("party_id", "date").annotate(n=Count("pk")):
        delta[(party_id, day, TOTAL, "")] += n
    for name in PARTITIONS:
        field = "municipality_id" if name == "municipality" else name
        for party_id, day, value, n in queryset.values_list("party_id", "date", field).annotate(n=Count("pk")):
            delta[(party_id, day, name, as_value(value))] += n
    for name, relation in MULTIPLE.items():
        rows = queryset.filter(**{f"{relation}__isnull": False}).values_list("party_id", "date", relation)
        for party_id, day, value, n in rows.annotate(n=Count("pk")):
            delta[(party_id, day, name, as_value(value))] += n
    return delta


def of_rows(party_id: int, rows: Iterable) -> Counter[Key]:
    """What parsed rows (`importing.ParsedRow`) will count once written for the party: no query."""
    delta: Counter[Key] = Counter()
    for row in rows:
        day = row.date
        delta[(party_id, day, TOTAL, "")] += 1
        delta[(party_id, day, "channel", row.channel)] += 1
        delta[(party_id, day, "language", row.language)] += 1
        delta[(party_id, day, "category", row.category)] += 1
        delta[(party_id, day, "municipality", as_value(row.municipality_id))] += 1
        for topic_id in row.topic_ids:
            delta[(party_id, day, "topic", str(topic_id))] += 1
        for target_id in row.referral_ids:
            delta[(party_id, day, "referral", str(target_id))] += 1
    return delta


def _table() -> str:
    return connection.ops.quote_name(InquiryRollup._meta.db_table)


def apply(delta: Counter[Key]) -> None:
    """The one writer of the rollup: add `delta` (negative to remove) to the day and the month rows,
    in the caller's transaction; rows that reach zero are deleted."""
    day_delta = {key: n for key, n in delta.items() if n}
    if not day_delta:
        return
    month_delta: Counter[Key] = Counter()
    for (party_id, day, dimension, value), n in day_delta.items():
        month_delta[(party_id, day.replace(day=1), dimension, value)] += n
    adapt = connection.ops.adapt_datefield_value
    rows = [
        (party_id, grain, adapt(day), dimension, value, n)
        for grain, changes in ((Grain.DAY.value, day_delta), (Grain.MONTH.value, month_delta))
        for (party_id, day, dimension, value), n in changes.items()
        if n
    ]
    added = [row for row in rows if row[5] > 0]
    removed = [(row[5], *row[:5]) for row in rows if row[5] < 0]
    table = _table()
    key = "party_id = %s AND grain = %s AND day = %s AND dimension = %s AND value = %s"
    with transaction.atomic(), connection.cursor() as cursor:
        if added:
            cursor.executemany(
                f"INSERT INTO {table} (party_id, grain, day, dimension, value, n) VALUES (%s, %s, %s, %s, %s, %s) "  # noqa: S608
                f"ON CONFLICT (grain, day, party_id, dimension, value) DO UPDATE SET n = {table}.n + excluded.n",
                added,
            )
        if removed:
            # a count below zero violates the check constraint; a row that is not there was never counted
            cursor.executemany(f"UPDATE {table} SET n = n + %s WHERE {key}", removed)  # noqa: S608
            if cursor.rowcount != len(removed):  # the sum over the rows, in sqlite3 and psycopg alike
                raise IntegrityError("inquiry rollup: removing inquiries it never counted")
            cursor.executemany(f"DELETE FROM {table} WHERE {key} AND n = 0", [row[1:] for row in removed])  # noqa: S608


def add(queryset) -> None:
    """Count these (just written) inquiries in the rollup."""
    apply(contributions(queryset))


def remove(queryset) -> None:
    """Uncount these inquiries (call before deleting them)."""
    delta = contributions(queryset)
    apply(Counter({key: -n for key, n in delta.items()}))


@contextmanager
def tracked(queryset) -> Iterator[None]:
    """Around any write of the inquiries in `queryset` (re-evaluated after the write, so filter by
    key): the rollup gets the difference between their contributions after and before. Atomic with
    the write."""
    with transaction.atomic():
        before = contributions(queryset)
        yield
        after = contributions(queryset)
        after.subtract(before)
        apply(after)


def vocabulary_deleted(sender, instance, **kwargs) -> None:
    """A topic or referral target being deleted takes its inquiry links with it (m2m cascade in SQL,
    no signal of Inquiry's): its rollup rows go in the same transaction."""
    dimension = "topic" if sender._meta.model_name == "topic" else "referral"
    InquiryRollup.objects.filter(dimension=dimension, value=str(instance.pk)).delete()


def import_deleted(sender, instance, **kwargs) -> None:
    """An import being deleted cascades to the inquiries it wrote (the admin, any path that is not
    `services.inquiry_import_undo`, which uncounts them itself first): uncount what is left of them."""
    remove(Inquiry.objects.filter(batch_id=instance.pk))


# --- Reading ---------------------------------------------------------------------------------------


def _month_after(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def spans(start: dt.date, end: dt.date) -> tuple[tuple[dt.date, dt.date] | None, list[tuple[dt.date, dt.date]]]:
    """[start, end] as the whole calendar months inside it (the first days of the first and the last
    month, or None) and the days outside them (at most two spans)."""
    first = start if start.day == 1 else _month_after(start)
    last = end.replace(day=1) if _month_after(end) - dt.timedelta(days=1) == end else None
    if last is None:
        last = (end.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    if first > last:
        return None, [(start, end)]
    days = []
    if start < first:
        days.append((start, first - dt.timedelta(days=1)))
    after_last = _month_after(last)
    if after_last <= end:
        days.append((after_last, end))
    return (first, last), days


def covering(start: dt.date, end: dt.date):
    """The condition on rollup rows that add up to [start, end] exactly: month rows for its whole
    months, day rows for the days around them."""
    from django.db.models import Q

    months, days = spans(start, end)
    condition = Q(pk__in=[])
    if months:
        condition |= Q(grain=Grain.MONTH, day__gte=months[0], day__lte=months[1])
    for first, last in days:
        condition |= Q(grain=Grain.DAY, day__gte=first, day__lte=last)
    return condition


def _key(dimension: str, value: str):
    if dimension in ("channel", "language", "category"):
        return value
    return None if value == "" else int(value)


def finest_counts(
    party_ids: Iterable[int] | None, *, start: dt.date, end: dt.date, previous_start: dt.date
) -> tuple[dict, dict]:
    """The statistics' finest counts from the rollup: (totals, cells) keyed by the unit (party id,
    'YYYY-MM', 1 for [start, end] / 0 for [previous_start, start)), exactly what the raw GROUP BYs of
    `selectors.raw_finest_counts` give: totals and topics over both periods, every other dimension
    over the current one. One query."""
    from django.db.models import Case, IntegerField, Q, Sum, Value, When

    from .selectors import YearMonth

    condition = covering(start, end)
    if previous_start < start:
        before = covering(previous_start, start - dt.timedelta(days=1))
        condition |= before & Q(dimension__in=[TOTAL, "topic"])
    chosen = InquiryRollup.objects.filter(condition)
    if party_ids is not None:
        chosen = chosen.filter(party_id__in=list(party_ids))
    rows = (
        chosen.annotate(
            ym=YearMonth("day"),
            current=Case(When(day__gte=start, then=Value(1)), default=Value(0), output_field=IntegerField()),
        )
        .values_list("party_id", "ym", "current", "dimension", "value")
        .annotate(n=Sum("n"))
        .order_by()
    )
    totals: dict = {}
    cells: dict = {name: {} for name in (*PARTITIONS, *MULTIPLE)}
    for party_id, ym, flag, dimension, value, n in rows:
        unit = (party_id, ym, flag)
        if dimension == TOTAL:
            totals[unit] = n
        else:
            cells[dimension].setdefault(unit, {})[_key(dimension, value)] = n
    return totals, cells


# --- Whole recomputation and the check -------------------------------------------------------------


def rebuild() -> None:
    """Recompute the whole rollup from the inquiries, in SQL (the data migration's own fill), after
    inquiries were written by raw SQL (the benchmark's data) or to repair it."""
    import importlib
    from types import SimpleNamespace

    from django.apps import apps

    fill = importlib.import_module("loim.inquiries.migrations.0010_inquiry_rollup").fill
    with transaction.atomic():
        InquiryRollup.objects.all().delete()
        fill(apps, SimpleNamespace(connection=connection))


def stored() -> Counter[Key]:
    """The rollup's day rows as a Counter (tests)."""
    return Counter(
        {
            (party_id, day, dimension, value): n
            for party_id, day, dimension, value, n in InquiryRollup.objects.filter(grain=Grain.DAY).values_list(
                "party_id", "day", "dimension", "value", "n"
            )
        }
    )


def differences() -> dict:
    """Where the rollup and the inquiries disagree: {(grain, key): (rollup, raw)}; empty when exact."""
    raw = contributions(Inquiry.objects.all())
    raw = Counter({k: n for k, n in raw.items() if n})
    months: Counter[Key] = Counter()
    for (party_id, day, dimension, value), n in raw.items():
        months[(party_id, day.replace(day=1), dimension, value)] += n
    found = {}
    for grain, expected in ((Grain.DAY, raw), (Grain.MONTH, months)):
        rows = InquiryRollup.objects.filter(grain=grain).values_list("party_id", "day", "dimension", "value", "n")
        have = Counter({(p, d, dim, v): n for p, d, dim, v, n in rows})
        for key in set(have) | set(expected):
            if have.get(key, 0) != expected.get(key, 0) or (key in have and not have[key]):
                found[(grain.value, key)] = (have.get(key), expected.get(key, 0))
    return found
