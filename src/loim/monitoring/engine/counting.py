"""The database side of the engine: a fixed handful of aggregate queries per evaluation.

However much data there is and however many years and indicators a plan has, counting costs one
grouped query for all the indicators counted from events and one for those counted from
participations (each plan year a `CASE` bucket, a conditional COUNT per indicator, the union of the
rules' filters in the WHERE clause, so the database uses its indexes), one query for every
coordinator-position reading (the agreements with their positions, the rule of
`loim.parties.coordinators` applied per year in Python: a programme has a handful of them), one for
the manual values, and — for a party's own view of indicators another party delivers — one for the
participations of its municipalities. Every count is grouped by party, so each party's part comes
with the total at no extra cost.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Case, CharField, Count, Func, IntegerField, Q, Sum, Value, When

from .. import plan_data
from ..access import Viewer
from .rules import MANUAL, RULE, Resolved

LOCAL_TZ = ZoneInfo(settings.TIME_ZONE)


def moment(day: dt.date) -> dt.datetime:
    """Midnight at the start of the day, Tallinn time: events are dated by the local calendar."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=LOCAL_TZ)


@functools.lru_cache(maxsize=64)
def utc_offsets(first: dt.date, last: dt.date) -> tuple[tuple[str, str, int], ...]:
    """Tallinn's UTC offset (minutes) in force from … until (UTC, as SQLite stores moments) across the
    days first…last: winter and summer time, with the changes found to the hour from zoneinfo."""
    utc = dt.UTC

    def offset(moment_: dt.datetime) -> int:
        return int(moment_.astimezone(LOCAL_TZ).utcoffset().total_seconds() // 60)

    start = dt.datetime.combine(first - dt.timedelta(days=1), dt.time.min, tzinfo=utc)
    end = dt.datetime.combine(last + dt.timedelta(days=2), dt.time.min, tzinfo=utc)
    spans, since, current, day = [], start, offset(start), start
    while day < end:
        following = day + dt.timedelta(days=1)
        if offset(following) != current:
            hour = day
            while offset(hour) == current:
                hour += dt.timedelta(hours=1)
            spans.append((since, hour, current))
            since, current = hour, offset(hour)
        day = following
    spans.append((since, end, current))
    text = "%Y-%m-%d %H:%M:%S"
    return tuple((a.strftime(text), b.strftime(text), minutes) for a, b, minutes in spans)


class LocalDate(Func):
    """The Tallinn calendar day of a moment, computed by the database itself. PostgreSQL converts time
    zones natively; SQLite has none, so the offsets of the span (winter and summer time) are laid out
    in Python and added in a CASE — instead of Django's per-row Python function, which would dominate
    a grouped query over a year of events. The day comes back as an ISO string on SQLite (read with
    `date.fromisoformat`, much faster than Django's converter) and as a date on PostgreSQL."""

    output_field = CharField()

    def __init__(self, expression, *, first: dt.date, last: dt.date):
        super().__init__(expression)
        self.first, self.last = first, last

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        cases, case_params = [], []
        for start, end, minutes in utc_offsets(self.first, self.last):
            cases.append(f"WHEN {sql} >= %s AND {sql} < %s THEN '{minutes:+d} minutes'")
            case_params += [*params, start, *params, end]
        return f"date({sql}, CASE {' '.join(cases)} ELSE '+0 minutes' END)", (*params, *case_params)

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return connection.ops.datetime_cast_date_sql(sql, tuple(params), settings.TIME_ZONE)


@dataclass(frozen=True)
class Window:
    """One plan year as counted on a given day: counts run from the period start up to `until`."""

    year: int
    start: dt.date
    end: dt.date
    as_of: dt.date

    @property
    def started(self) -> bool:
        return self.start <= self.as_of

    @property
    def final(self) -> bool:
        return self.as_of >= self.end

    @property
    def until(self) -> dt.date:
        return min(self.end, self.as_of)


def event_filter(resolved: Resolved, prefix: str = "") -> Q:
    """The rule's filters on events; `prefix` reaches the event from a related row ("event__")."""
    condition = Q()
    if resolved.kind_ids is not None:
        condition &= Q(**{f"{prefix}kind_id__in": resolved.kind_ids})
    if resolved.party_ids is not None:
        condition &= Q(**{f"{prefix}party_id__in": resolved.party_ids})
    if resolved.activity_ids is not None:
        condition &= Q(**{f"{prefix}activity_id__in": resolved.activity_ids})
    if resolved.reach:
        condition &= Q(**{f"{prefix}reach": resolved.reach})
    return condition


def in_window(window: Window, field: str = "start") -> Q:
    return Q(**{f"{field}__gte": moment(window.start), f"{field}__lt": moment(window.until + dt.timedelta(days=1))})


def count_where(condition: Q) -> Count:
    return Count("pk", filter=condition) if condition else Count("pk")


def count_events(model, viewer: Viewer, items: list[Resolved], windows: list[Window], prefix: str = "") -> dict:
    """{(key, year): {party id: count}} for event-based rules (the organiser's part): ONE grouped query
    over `model` for every rule, a conditional COUNT per rule, its plan years as CASE buckets (the
    moments of the buckets computed once in Python). The WHERE clause is the plan years' span and,
    unless some rule counts every event, the union of the rules' filters, so the database still reads
    only the events some rule names (by the index on the start, or the organiser and start)."""
    windows = [w for w in windows if w.started]
    if not items or not windows:
        return {}
    field = f"{prefix}start"

    def grouped():
        buckets = Case(
            *[When(in_window(w, field), then=Value(w.year)) for w in windows],
            default=None,
            output_field=IntegerField(),
        )
        span = Q(**{f"{field}__gte": moment(min(w.start for w in windows))}) & Q(
            **{f"{field}__lt": moment(max(w.until for w in windows) + dt.timedelta(days=1))}
        )
        filters = [event_filter(item, prefix) for item in items]
        wanted = Q()
        if all(filters):  # an empty filter counts every event: then the span alone
            for condition in filters:
                wanted |= condition
        return (
            viewer.scope(model)
            .filter(span & wanted)
            .annotate(plan_year=buckets)
            .values("plan_year", f"{prefix}party_id")
            .annotate(**{f"i{n}": count_where(condition) for n, condition in enumerate(filters)})
            .order_by()
        )

    # the SQL is built once per plan generation, viewer and day (monitoring.plan_data), sent each time
    key = (model._meta.label, *plan_data.viewer_key(viewer), *[item.indicator.pk for item in items], *windows)
    rows = plan_data.prepared_rows("engine-events", key, grouped)
    counts: dict = {}
    for row in rows:
        if row["plan_year"] is None:
            continue
        for n, item in enumerate(items):
            if row[f"i{n}"]:
                counts.setdefault((item.key, row["plan_year"]), {})[row[f"{prefix}party_id"]] = row[f"i{n}"]
    return counts


def count_context(queryset, items: list[Resolved], windows: list[Window]) -> dict:
    """{(key, year): count} of participations in `queryset` (the viewer's own municipalities taking
    part in anyone's events) at the events each rule counts: ONE query for every rule, a conditional
    COUNT per rule, each plan year a CASE bucket."""
    windows = [w for w in windows if w.started]
    if not items or not windows:
        return {}
    buckets = Case(
        *[When(in_window(w, "event__start"), then=Value(w.year)) for w in windows],
        default=None,
        output_field=IntegerField(),
    )
    span = Q(event__start__gte=moment(min(w.start for w in windows))) & Q(
        event__start__lt=moment(max(w.until for w in windows) + dt.timedelta(days=1))
    )
    rows = (
        queryset.filter(span)
        .annotate(plan_year=buckets)
        .values("plan_year")
        .annotate(**{f"i{n}": count_where(event_filter(item, "event__")) for n, item in enumerate(items)})
        .order_by()
    )
    counts: dict = {}
    for row in rows:
        if row["plan_year"] is None:
            continue
        for n, item in enumerate(items):
            counts[(item.key, row["plan_year"])] = counts.get((item.key, row["plan_year"]), 0) + row[f"i{n}"]
    return counts


def stock_days(item: Resolved, windows: list[Window]) -> dict[int, dt.date]:
    """The day each year's stock is read: the rule's day, or the last day counted so far."""
    return {w.year: min(item.stock_day(w.end), w.as_of) for w in windows if w.started}


@dataclass
class CoordinatorReading:
    """The coordinator indicator on one day, both readings: the posts counting that day, the partner
    municipalities with at least one, out of the partnerships in force, and the vacancies named."""

    day: dt.date
    posts: int
    municipalities: int
    partnerships: int
    vacancies: list[str]  # names of the parties with an agreement in force and no post counting
    posts_by_party: dict[int, int]
    vacant_party_ids: list[int] = field(default_factory=list)


def read_coordinators(model, viewer: Viewer, items: list[Resolved], windows: list[Window]):
    """({(key, year): {party id: value}}, {(key, year): CoordinatorReading}) for position rules: ONE
    query (the agreements the viewer may count, LEFT JOIN their positions), then the one rule of
    `loim.parties.coordinators` applied per indicator and year in Python."""
    from loim.parties import coordinators

    if not items or not any(w.started for w in windows):
        return {}, {}
    rows = plan_data.prepared_tuples(  # built once per plan generation and viewer, sent each time
        "engine-partnerships",
        (model._meta.label, *plan_data.viewer_key(viewer)),
        lambda: coordinators.partnership_rows(viewer.scope(model)),
    )
    partnerships, posts = coordinators.partnerships_and_posts_from(rows)
    values: dict = {}
    readings: dict = {}
    for item in items:
        wanted = set(item.party_ids) if item.party_ids is not None else None
        mine = [p for p in posts if wanted is None or p.party_id in wanted]
        agreements = [p for p in partnerships if wanted is None or p.party_id in wanted]
        for year, day in stock_days(item, windows).items():
            counting_posts = coordinators.counting_posts(mine, day)
            by_party: dict[int, int] = defaultdict(int)
            for post in counting_posts:
                by_party[post.party_id] += 1
            municipalities = {p.municipality_id for p in counting_posts}
            vacant = coordinators.vacancies(agreements, mine, day)
            readings[(item.key, year)] = CoordinatorReading(
                day,
                len(counting_posts),
                len(municipalities),
                len(coordinators.in_force(agreements, day)),
                [p.party_name for p in vacant],
                dict(by_party),
                [p.party_id for p in vacant],
            )
            if item.reading == "municipalities":
                values[(item.key, year)] = dict.fromkeys(by_party, 1)
            else:
                values[(item.key, year)] = dict(by_party)
    return values, readings


def active_network(day: dt.date, kind: str, resolved: Resolved | None = None) -> Q:
    """A network or council of the kind, founded by the day and not ended before it."""
    condition = Q(kind=kind, founded_on__lte=day) & (Q(ended_on__isnull=True) | Q(ended_on__gte=day))
    if resolved is not None and resolved.party_ids is not None:
        condition &= Q(party_id__in=resolved.party_ids)
    return condition


def count_networks(model, viewer: Viewer, items: list[Resolved], windows: list[Window]) -> dict:
    """{(key, year): {party id: count}} for network and council rules (stocks): ONE grouped query
    for every such rule, a conditional COUNT per rule and year, grouped by the party running them."""
    from .rules import NETWORK_SOURCES

    if not items or not any(w.started for w in windows):
        return {}
    days = {(n, year): day for n, item in enumerate(items) for year, day in stock_days(item, windows).items()}

    def grouped():
        aggregates = {
            f"i{n}_y{year}": Count("pk", filter=active_network(day, NETWORK_SOURCES[items[n].source], items[n]))
            for (n, year), day in days.items()
        }
        return viewer.scope(model).values("party_id").annotate(**aggregates).order_by()

    key = (model._meta.label, *plan_data.viewer_key(viewer), *[item.indicator.pk for item in items], *windows)
    rows = plan_data.prepared_rows("engine-networks", key, grouped)  # built once per plan generation
    counts: dict = {(items[n].key, year): {} for n, year in days}
    for row in rows:
        for n, year in days:
            if row[f"i{n}_y{year}"]:
                counts[(items[n].key, year)][row["party_id"]] = row[f"i{n}_y{year}"]
    return counts


def count_rollout(model, viewer: Viewer, items: list[Resolved], windows: list[Window]) -> dict:
    """{(key, year): {party id: municipalities}} for journey-model rules (a stock): the municipalities
    implementing the model on the day read, each counted for the party its rows belong to. ONE query
    (the moves the viewer may count up to the last day read), the rule of
    `loim.services.rollout_selectors.phases_on` applied per indicator and year in Python."""
    from loim.services.rollout_selectors import implementing_on, move_rows, moves_from

    if not items or not any(w.started for w in windows):
        return {}
    days = {(item.key, year): (item, day) for item in items for year, day in stock_days(item, windows).items()}
    last = max(day for _item, day in days.values())
    rows = moves_from(  # the SQL built once per plan generation, viewer and day, sent each time
        plan_data.prepared_tuples(
            "engine-rollout",
            (model._meta.label, *plan_data.viewer_key(viewer), last),
            lambda: move_rows(viewer.scope(model).filter(began_on__lte=last)),
        )
    )
    counts: dict = {}
    for (key, year), (item, day) in days.items():
        wanted = set(item.party_ids) if item.party_ids is not None else None
        by_party: dict[int, int] = defaultdict(int)
        for move in implementing_on(rows, day):
            if wanted is None or move.party_id in wanted:
                by_party[move.party_id] += 1
        counts[(key, year)] = dict(by_party)
    return counts


def sum_manual(model, viewer: Viewer, keys: list[str], years: list[int]) -> dict:
    """{(key, year): {party id: value}} of values entered by hand, in one grouped query (a year
    nobody entered is absent: "not entered yet", never zero)."""
    if not keys or not years:
        return {}
    rows = (
        viewer.scope(model)
        .filter(indicator_key__in=keys, year__in=years)
        .values("indicator_key", "year", "party_id")
        .annotate(total=Sum("value"))
        .order_by()
    )
    found: dict = {}
    for row in rows:
        found.setdefault((row["indicator_key"], row["year"]), {})[row["party_id"]] = Decimal(row["total"])
    return found


def split(items: list[Resolved]) -> dict[str, list[Resolved]]:
    groups: dict[str, list[Resolved]] = defaultdict(list)
    for item in items:
        if item.method == RULE:
            groups[item.source].append(item)
        elif item.method == MANUAL:
            groups[MANUAL].append(item)
    return groups
