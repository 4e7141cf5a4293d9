"""Counting for the commitments: a fixed number of queries for a whole plan (one grouped query over
events per party, kind, reach and Tallinn day; one over coordinator positions; one over confirmations),
then each commitment judged period by period (`verdicts.judge`)."""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict

from django.db.models import Case, Count, IntegerField, OuterRef, Q, QuerySet, Subquery, When
from django.utils import timezone

from loim.core.generations import counted
from loim.events.models import Event
from loim.parties.coordinators import Post, counts_on, post_rows, posts_from
from loim.parties.models import CoordinatorPosition
from loim.places.models import Municipality
from loim.plans.models import Obligation, ObligationSubject, Period, Plan

from .. import periods, plan_data
from ..access import Viewer, monitored_parties
from ..engine.counting import LOCAL_TZ, LocalDate, moment
from ..models import ObligationConfirmation
from .verdicts import ObligationCheck, judge, problems_of, requirement_of, slots_of


def _local_day(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.astimezone(LOCAL_TZ).date()
    if isinstance(value, str):
        return dt.date.fromisoformat(value)
    return value


def _kind_ids(obligation: Obligation) -> set[int]:
    return {kind.pk for kind in obligation.event_kinds.all()}


def _regional(obligation: Obligation) -> bool:
    return (obligation.rule or {}).get("distinct") == "region"


def _event_counts(viewer: Viewer, event_obligations, layouts, kind_ids: dict, with_events: bool):
    """One grouped query: events per (party, kind, reach, local day), only of the parties, kinds and
    reaches some commitment counts, so the rows stay few whatever else the parties record. The county
    of an event's municipality (for "in distinct regions") is read, by a subquery, only for the events
    of such a commitment: every other row groups without it (None) and needs no join."""
    if not event_obligations:
        return [], []
    first = min(layouts[o.pk][0].start for o in event_obligations)
    last = max(layouts[o.pk][-1].end for o in event_obligations)

    def condition(wanted) -> Q:
        counted = Q()
        for party_id, kinds, reach in sorted(wanted, key=lambda w: (w[0], sorted(w[1]), w[2])):
            one = Q(party_id=party_id)
            if kinds:
                one &= Q(kind_id__in=sorted(kinds))
            if reach:
                one &= Q(reach=reach)
            counted |= one
        return counted

    def key(obligation):
        return (obligation.responsible_id, frozenset(kind_ids[obligation.pk]), obligation.reach or "")

    def events():
        counted = condition({key(o) for o in event_obligations})
        span = Q(start__gte=moment(first), start__lt=moment(last + dt.timedelta(days=1)))
        return viewer.scope(Event).filter(span & counted)

    def grouped():
        rows = events().annotate(day=LocalDate("start", first=first, last=last))
        columns = ["party_id", "kind_id", "reach", "day"]
        regional = {key(o) for o in event_obligations if _regional(o)}
        if regional:
            county = Municipality.objects.filter(pk=OuterRef("municipality_id")).values("county_id")[:1]
            rows = rows.annotate(
                county=Case(When(condition(regional), then=Subquery(county)), default=None, output_field=IntegerField())
            )
            columns.append("county")
        return rows.values(*columns).annotate(n=Count("pk")).order_by().values_list(*columns, "n")

    # the SQL is built once per plan generation and viewer (monitoring.plan_data), sent each time; its
    # rows are tuples (party, kind, reach, day, [county,] events), the day as the database gives it
    rows = plan_data.prepared_tuples(
        "checker-events",
        (*plan_data.viewer_key(viewer), first, last, *sorted(o.pk for o in event_obligations)),
        grouped,
    )
    listed = []
    if with_events:
        listed = list(
            events().select_related("kind").only("pk", "title", "start", "party_id", "kind", "reach").order_by("start")
        )
    return rows, listed


def _matches(obligation: Obligation, kind_ids: set[int], party_id: int, kind_id: int, reach: str) -> bool:
    return (
        party_id == obligation.responsible_id
        and (not kind_ids or kind_id in kind_ids)
        and (not obligation.reach or reach == obligation.reach)
    )


def counts_event(obligation: Obligation, event: Event) -> bool:
    """Whether the event is of the commitment's party, kinds and reach (its date aside)."""
    return obligation.subject == ObligationSubject.EVENTS and _matches(
        obligation, _kind_ids(obligation), event.party_id, event.kind_id, event.reach
    )


def obligations_for(plan: Plan, viewer: Viewer) -> QuerySet:
    """The plan's commitments of parties whose records the viewer reads (a partner: its own)."""
    queryset = Obligation.objects.visible_to(viewer.user).filter(
        plan=plan, responsible__in=monitored_parties(viewer.user)
    )
    if viewer.party is not None:
        queryset = queryset.filter(responsible=viewer.party)
    return (
        queryset.select_related("responsible", "activity", "plan")
        .prefetch_related("event_kinds")
        .order_by("activity__position", "key")
    )


def check(
    plan: Plan, viewer: Viewer, *, as_of: dt.date | None = None, with_events: bool = False, obligations=None
) -> list[ObligationCheck]:
    """Every commitment of the plan the viewer may see, judged period by period as of a day (the
    plan's own reads kept per plan generation, `plan_data`)."""
    with counted(plan_data.plan_tables()):
        return _check(plan, viewer, as_of=as_of, with_events=with_events, obligations=obligations)


def _check(plan: Plan, viewer: Viewer, *, as_of, with_events: bool, obligations) -> list[ObligationCheck]:
    from ..deliverables.selectors import deliverable_facts  # deliverables' verdicts use this package's
    from ..deliverables.state import commitment_cell

    as_of = as_of or timezone.localdate()
    obligations = list(obligations if obligations is not None else plan_data.obligations(plan, viewer))
    shapes = plan_data.obligation_shapes(plan, obligations, _shape)
    broken = {pk: shape[0] for pk, shape in shapes.items()}
    layouts = {pk: shape[1] for pk, shape in shapes.items() if not shape[0]}
    kinds_of = {pk: shape[3] for pk, shape in shapes.items()}  # kept with the shape: .all() builds a queryset
    usable = [o for o in obligations if not broken[o.pk]]
    event_obligations = [o for o in usable if o.subject == ObligationSubject.EVENTS]
    rows, listed = _event_counts(viewer, event_obligations, layouts, kinds_of, with_events)
    positions = _positions(viewer, [o for o in usable if o.subject == ObligationSubject.COORDINATOR_POSITIONS])
    confirmations = _confirmations(viewer, [o for o in usable if o.subject == ObligationSubject.MANUAL])
    judged_by_deliverable = deliverable_facts(viewer, [o for o in usable if o.period == Period.ONCE])

    # party → (kind, reach) → (day, events, county of their municipality: None when it has none, or
    # when no "in distinct regions" commitment counts those events)
    daily: dict[int, dict[tuple, list[tuple[dt.date, int, int | None]]]] = defaultdict(lambda: defaultdict(list))
    for party_id, kind_id, reach, day, *county, n in rows:
        daily[party_id][(kind_id, reach)].append((_local_day(day), n, county[0] if county else None))
    results = []
    for obligation in obligations:
        if broken[obligation.pk]:
            results.append(ObligationCheck(obligation, [], broken[obligation.pk], as_of))
            continue
        slots = layouts[obligation.pk]
        if obligation.pk in judged_by_deliverable:  # a one-off judged by its deliverable (issue 11 §4)
            title, facts = judged_by_deliverable[obligation.pk]
            cells = [commitment_cell(facts, title, slot, as_of) for slot in slots]
            results.append(ObligationCheck(obligation, cells, [], as_of))
            continue
        excluded = frozenset(obligation.excluded_periods or [])
        kind_ids = kinds_of[obligation.pk]
        requirement = shapes[obligation.pk][2]
        per_slot = (
            _per_slot(obligation, kind_ids, daily, slots, as_of)
            if obligation.subject == ObligationSubject.EVENTS
            else None
        )
        distinct = _regional(obligation) and per_slot is not None
        cells = []
        for index, slot in enumerate(slots):
            if per_slot is not None:
                count, counties, unknown = per_slot[index]
            else:
                count, counties, unknown = _count(obligation, slot, as_of, positions, confirmations), set(), 0
            cell = judge(
                obligation,
                slot,
                count,
                as_of,
                excluded,
                regions=len(counties) if distinct else None,
                unchecked=unknown if distinct else 0,
                requirement=requirement,
            )
            if with_events and obligation.subject == ObligationSubject.EVENTS:
                cell.events = [
                    event
                    for event in listed
                    if slot.contains(_local_day(event.start))
                    and _local_day(event.start) <= as_of
                    and _matches(obligation, kind_ids, event.party_id, event.kind_id, event.reach)
                ]
            cells.append(cell)
        results.append(ObligationCheck(obligation, cells, [], as_of))
    return results


def _shape(obligation: Obligation, plan: Plan) -> tuple[list[str], list, str, frozenset[int]]:
    """What a commitment's checking needs of the plan alone: its problems, else its periods and the
    rule in words; and the event kinds it counts."""
    kinds = frozenset(_kind_ids(obligation))
    problems = problems_of(obligation)
    if problems:
        return problems, [], "", kinds
    try:
        slots = slots_of(obligation, plan)
    except ValueError as exc:
        return [*problems, str(exc)], [], "", kinds
    return [], slots, requirement_of(obligation, slots), kinds


def _per_slot(obligation, kind_ids, daily, slots, as_of) -> list[tuple[int, set, int]]:
    """The commitment's events in each period, up to the day judged (events planned later do not
    count yet), with the counties they were held in and how many had no municipality: one pass over
    the daily counts of its party, kinds and reach, each day placed by bisection."""
    starts = [slot.start for slot in slots]
    counts = [0] * len(slots)
    counties: list[set] = [set() for _slot in slots]
    unknown = [0] * len(slots)
    for (kind_id, reach), days in daily.get(obligation.responsible_id, {}).items():
        if not _matches(obligation, kind_ids, obligation.responsible_id, kind_id, reach):
            continue
        for day, n, county in days:
            index = bisect.bisect_right(starts, day) - 1
            if day <= as_of and index >= 0 and slots[index].contains(day):
                counts[index] += n
                if county is None:
                    unknown[index] += n
                else:
                    counties[index].add(county)
    return list(zip(counts, counties, unknown, strict=True))


def _count(obligation, slot, as_of, positions, confirmations) -> int:
    if obligation.subject == ObligationSubject.COORDINATOR_POSITIONS:
        # the indicator's rule (`loim.parties.coordinators.counts_on`): held that day and, for a
        # partner, under a partnership agreement in force that day
        day = min(slot.end, as_of)
        return sum(1 for post in positions if post.party_id == obligation.responsible_id and counts_on(post, day))
    return confirmations.get((obligation.pk, slot.key), 0)


def _positions(viewer: Viewer, obligations) -> list[Post]:
    """Coordinator positions of the responsible parties, with their agreements' terms: read once."""
    if not obligations:
        return []
    parties = sorted({o.responsible_id for o in obligations})
    rows = plan_data.prepared_tuples(  # built once per plan generation and viewer, sent each time
        "checker-posts",
        (*plan_data.viewer_key(viewer), *parties),
        lambda: post_rows(viewer.scope(CoordinatorPosition).filter(party_id__in=parties)),
    )
    return posts_from(rows)


def _confirmations(viewer: Viewer, obligations) -> dict:
    if not obligations:
        return {}
    ids = sorted(obligation.pk for obligation in obligations)
    rows = plan_data.prepared_tuples(  # built once per plan generation and viewer, sent each time
        "checker-confirmations",
        (*plan_data.viewer_key(viewer), *ids),
        lambda: (
            viewer.scope(ObligationConfirmation)
            .filter(obligation__in=ids)
            .order_by()  # read into a dict: the model's order would join the plan and its activities
            .values_list("obligation_id", "period_key", "count")
        ),
    )
    return {(obligation_id, key): count for obligation_id, key, count in rows}


def slot_events(obligation: Obligation, viewer: Viewer, slot: periods.Slot, *, as_of: dt.date | None = None):
    """The events that count for one commitment in one period: the drill-down of a calendar cell."""
    as_of = as_of or timezone.localdate()
    until = min(slot.end, as_of)
    queryset = viewer.scope(Event).filter(
        party_id=obligation.responsible_id,
        start__gte=moment(slot.start),
        start__lt=moment(until + dt.timedelta(days=1)),
    )
    kind_ids = _kind_ids(obligation)
    if kind_ids:
        queryset = queryset.filter(kind_id__in=kind_ids)
    if obligation.reach:
        queryset = queryset.filter(reach=obligation.reach)
    return queryset.select_related("kind", "party", "municipality", "activity").order_by("start", "pk")
