"""Exact rollups of the register: the published counts (`statistics.count_table`) read how many people
may be processed per party, municipality of residence and target group from `PeopleRollup` instead of
scanning people and consents.

A person may be processed on day D when a consent is in force on D (given by then, not ended, not
withdrawn by then), processing is not restricted, and the retention date is not passed — the same
rule as `PersonQuerySet.processable`. That changes with time alone (a consent ends, a retention date
passes) with no write, so the rollup holds *changes per day*: for each span of days a person may be
processed, +1 on its first day and −1 on the day after its last (none when it lasts to the end of the
calendar). The count on D is the sum of the rows with day ≤ D: exact for every day, today's or a
future one, without a job having to run at midnight.

One writer, `apply(delta)`, in the caller's transaction. The models call it, so every path is covered
whatever service, admin action, import, demo or test makes the write:

- `Person.save` (an edit, a restriction or its lifting, a move to another party), `Person.delete` (the
  erasure's `erase_rows`: `person_erase`, the retention purge, an import's undo, `loim restore`
  replaying tombstones), `PersonQuerySet.update` of a counted field, `PersonQuerySet.delete`;
- `Consent.save` (a new consent — `person_create` and so the register import —, a withdrawal),
  `Consent.delete`, `ConsentQuerySet.update`/`delete`/`bulk_create` (the demo's ended consent);

each through `tracked(people)`: the people's contributions after the write minus before. A new person
has no consent yet, so counts nothing until its consent is saved. Not covered: raw SQL (the benchmark's
bulk rows call `rebuild()`). A restore brings the rollup back with the rows it was dumped with, then
the re-erasures remove the erased people's contributions like any erasure.

Folding (`compact`, run by the retention purge): changes dated before the floor day are summed into the
floor day's row, so a read of today touches about one row per (party, municipality, target group) and
not one per person; the floor is yesterday. A change dated before the floor (a consent given last
year, recorded today; the erasure of a person counted long ago) is written to the floor's row, so no
row before the floor ever exists and an erasure leaves the rows exactly as if the person had never
been recorded. The rollup answers for the floor day and later; a read of an earlier day falls back to
the raw scan.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import Sum

from .models.counts import PeopleRollup, PeopleRollupFloor

Key = tuple[int, dt.date, int, str]  # party id, day, municipality id (0: not given), target group
ONE_DAY = dt.timedelta(days=1)
#: Person fields whose change changes the rollup
COUNTED = frozenset(
    {"party", "party_id", "municipality", "municipality_id", "target_group", "restricted", "retention_until"}
)


def spans(consents: Iterable[tuple[dt.date, dt.date, dt.date | None]], retention_until: dt.date) -> list:
    """The maximal spans [first, last] of days on which a person with these consents (given_on,
    ends_on, withdrawn_on) and this retention date may be processed, restriction aside."""
    found = []
    for given_on, ends_on, withdrawn_on in consents:
        last = min(ends_on, retention_until)
        if withdrawn_on is not None:
            if withdrawn_on <= given_on:  # withdrawn by the day it was given: never in force
                continue
            last = min(last, withdrawn_on - ONE_DAY)
        if last >= given_on:
            found.append((given_on, last))
    found.sort()
    merged: list[list[dt.date]] = []
    for first, last in found:
        if merged and (merged[-1][1] == dt.date.max or first <= merged[-1][1] + ONE_DAY):
            merged[-1][1] = max(merged[-1][1], last)
        else:
            merged.append([first, last])
    return [(first, last) for first, last in merged]


def delta_of(people: Iterable[tuple], consents_of: dict[int, list]) -> Counter[Key]:
    """What these people count in the rollup: `people` as (pk, party_id, municipality_id, target_group,
    restricted, retention_until), `consents_of` their consents as (given_on, ends_on, withdrawn_on).
    No query (the data migration calls it with its historical models' rows)."""
    delta: Counter[Key] = Counter()
    for pk, party_id, municipality_id, target_group, restricted, retention_until in people:
        if restricted:
            continue
        for first, last in spans(consents_of.get(pk, ()), retention_until):
            cell = (municipality_id or 0, target_group)
            delta[(party_id, first, *cell)] += 1
            if last < dt.date.max:
                delta[(party_id, last + ONE_DAY, *cell)] -= 1
    return delta


def contributions(people) -> Counter[Key]:
    """What the people of this queryset count in the rollup (two queries)."""
    from .models import Consent

    rows = list(
        people.order_by().values_list(
            "pk", "party_id", "municipality_id", "target_group", "restricted", "retention_until"
        )
    )
    if not rows:
        return Counter()
    consents_of: dict[int, list] = defaultdict(list)
    consents = Consent._base_manager.filter(person__in=people.values("pk")).order_by()
    for person_id, *dates in consents.values_list("person_id", "given_on", "ends_on", "withdrawn_on"):
        consents_of[person_id].append(dates)
    return delta_of(rows, consents_of)


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def floor() -> dt.date | None:
    """The day up to which the rollup is folded (None: never folded). On PostgreSQL the row is
    share-locked for the rest of the transaction, so a fold cannot move it under a write."""
    lock = " FOR SHARE" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT day FROM {_table(PeopleRollupFloor)} WHERE id = 1{lock}")  # noqa: S608
        row = cursor.fetchone()
    if row is None:
        return None
    day = row[0]
    return dt.date.fromisoformat(day) if isinstance(day, str) else day


def apply(delta: Counter[Key], *, floor_day: dt.date | None = None) -> None:
    """The one writer of the rollup: add `delta` (changes per day) in the caller's transaction; a change
    dated before the floor goes to the floor's row; rows that reach zero are deleted."""
    changes = {key: n for key, n in delta.items() if n}
    if not changes:
        return
    with transaction.atomic():
        lowest = floor_day or floor()
        if lowest is not None:
            folded: Counter[Key] = Counter()
            for (party_id, day, municipality, group), n in changes.items():
                folded[(party_id, max(day, lowest), municipality, group)] += n
            changes = {key: n for key, n in folded.items() if n}
        adapt = connection.ops.adapt_datefield_value
        rows = [
            (party_id, adapt(day), municipality, group, n)
            for (party_id, day, municipality, group), n in changes.items()
        ]
        table = _table(PeopleRollup)
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {table} (party_id, day, municipality, target_group, n) VALUES (%s, %s, %s, %s, %s) "  # noqa: S608
                f"ON CONFLICT (day, party_id, municipality, target_group) DO UPDATE SET n = {table}.n + excluded.n",
                rows,
            )
            cursor.executemany(
                f"DELETE FROM {table} WHERE party_id = %s AND day = %s AND municipality = %s "  # noqa: S608
                "AND target_group = %s AND n = 0",
                [row[:4] for row in rows],
            )


@contextmanager
def tracked(people) -> Iterator[None]:
    """Around a write of these people or their consents (a queryset of people, re-evaluated after the
    write, so filter by key): the rollup gets the difference of their contributions after and before.
    Atomic with the write."""
    with transaction.atomic():
        before = contributions(people)
        yield
        after = contributions(people)
        after.subtract(before)
        apply(after)


def remove(people) -> None:
    """Uncount these people (call before deleting them)."""
    apply(Counter({key: -n for key, n in contributions(people).items()}))


def compact(cutoff: dt.date | None = None) -> int:
    """Fold every change dated before `cutoff` (default yesterday; never later than it, whatever day a
    caller simulates) into the row of `cutoff` and make it the floor. Returns the rows folded."""
    yesterday = dt.date.today() - ONE_DAY
    cutoff = min(cutoff or yesterday, yesterday)
    table = _table(PeopleRollup)
    adapt = connection.ops.adapt_datefield_value
    with transaction.atomic():
        current = _locked_floor()
        if current is not None and current >= cutoff:
            return 0
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {table} WHERE day < %s RETURNING party_id, municipality, target_group, n",  # noqa: S608
                [adapt(cutoff)],
            )
            deleted = cursor.fetchall()
            moved: Counter[Key] = Counter()
            for party_id, municipality, group, n in deleted:
                moved[(party_id, cutoff, municipality, group)] += n
            PeopleRollupFloor.objects.update_or_create(pk=1, defaults={"day": cutoff})
        apply(moved, floor_day=cutoff)
    return len(deleted)


def _locked_floor() -> dt.date | None:
    return PeopleRollupFloor.objects.select_for_update().filter(pk=1).values_list("day", flat=True).first()


# --- Reading ---------------------------------------------------------------------------------------


def finest_counts(party_ids: Iterable[int] | None, *, on: dt.date) -> dict | None:
    """People who may be processed on `on`: {(party id, municipality id or None): {target group: n}}
    from the rollup, one query; None when `on` is before the floor (the caller scans instead)."""
    lowest = floor()
    if lowest is not None and on < lowest:
        return None
    rows = PeopleRollup.objects.filter(day__lte=on)
    if party_ids is not None:
        rows = rows.filter(party_id__in=list(party_ids))
    counted: dict = defaultdict(dict)
    for party_id, municipality, group, n in (
        rows.values_list("party_id", "municipality", "target_group").annotate(total=Sum("n")).order_by()
    ):
        if n:
            counted[(party_id, municipality or None)][group] = n
    return counted


# --- Whole recomputation and the check -------------------------------------------------------------


def rebuild() -> None:
    """Recompute the rollup from the people and consents (after raw SQL writes, or to repair it), folded
    to yesterday."""
    from .models import Person

    with transaction.atomic():
        PeopleRollup.objects.all().delete()
        PeopleRollupFloor.objects.all().delete()
        apply(contributions(Person._base_manager.all()))
        compact()


def counts_on(on: dt.date) -> Counter:
    """The rollup's counts on a day, per (party, municipality or 0, target group) (tests)."""
    rows = PeopleRollup.objects.filter(day__lte=on).values_list("party_id", "municipality", "target_group")
    return Counter({(p, m, g): n for p, m, g, n in rows.annotate(total=Sum("n")).order_by() if n})


def raw_counts_on(on: dt.date) -> Counter:
    """The same counts by the raw scan (`processable(on)`) (tests)."""
    from django.db.models import Count

    from .models import Person

    rows = Person.objects.processable(on).values_list("party_id", "municipality_id", "target_group")
    return Counter({(p, m or 0, g): n for p, m, g, n in rows.annotate(n=Count("pk")).order_by()})
