"""Reads of deliverables with their records: a fixed number of queries whatever their number.

Which deliverables a viewer sees: those owned by the parties whose records the viewer may count
(`Viewer.parties()`: a partner its own, ELVL and the ministry every party's), like the commitments.
The records come through tenancy (`Viewer.scope`), so a record another party may not read is never
loaded; its deliverable is not listed to that party either.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet

from loim.events.models import Event
from loim.plans.models import Deliverable, Plan

from .. import plan_data
from ..access import Viewer
from ..models import DeliverableRecord
from .state import Facts, State, state_of


def facts_of(deliverable: Deliverable, record: DeliverableRecord | None) -> Facts:
    """The facts of the state, from the record with its (prefetched) events."""
    if record is None:
        return Facts(due=deliverable.due_date)
    return recorded_facts(
        deliverable,
        record.status,
        record.done_on,
        record.links,
        record.evidence_file,
        record.notes,
        len(record.events.all()),
    )


def recorded_facts(deliverable: Deliverable, status, done_on, links, evidence_file, notes, linked: int) -> Facts:
    """The facts of a recorded deliverable from its record's columns: evidence is a file, a line of
    links that is not blank, or an event linked (`linked`: how many)."""
    return Facts(
        due=deliverable.due_date,
        status=status,
        # a raw row (`deliverable_facts`): SQLite gives the day as text
        done_on=dt.date.fromisoformat(done_on) if isinstance(done_on, str) else done_on,
        has_evidence=bool(evidence_file or (links or "").strip() or linked),
        notes=notes,
    )


def deliverable_facts(viewer: Viewer, obligations) -> dict[int, tuple[str, Facts]]:
    """{obligation id: (deliverable title, facts)} of the one-off commitments judged by a deliverable
    (two queries; none without one-off commitments)."""
    if not obligations:
        return {}
    deliverables = plan_data.deliverables_of([obligation.pk for obligation in obligations])
    if not deliverables:
        return {}
    ids = sorted(deliverable.pk for deliverable in deliverables)
    rows = plan_data.prepared_tuples(  # built once per plan generation and viewer, sent each time
        "deliverable-facts",
        (*plan_data.viewer_key(viewer), *ids),
        lambda: (
            viewer.scope(DeliverableRecord)
            .filter(deliverable__in=ids)
            .annotate(linked_events=Count("events"))
            .order_by()  # read into a dict: the model's order would join the deliverables
            .values_list("deliverable_id", "status", "done_on", "links", "evidence_file", "notes", "linked_events")
        ),
    )
    records = {row[0]: row[1:] for row in rows}
    found: dict[int, tuple[str, Facts]] = {}
    for deliverable in deliverables:
        if deliverable.obligation_id is None:
            continue
        record = records.get(deliverable.pk)
        facts = recorded_facts(deliverable, *record) if record else Facts(due=deliverable.due_date)
        found[deliverable.obligation_id] = (deliverable.title, facts)
    return found


@dataclass
class Row:
    deliverable: Deliverable
    record: DeliverableRecord | None
    facts: Facts
    state: State

    @property
    def events(self) -> list:
        return list(self.record.events.all()) if self.record is not None else []


def deliverables_for(plan: Plan, viewer: Viewer) -> QuerySet:
    return (
        Deliverable.objects.visible_to(viewer.user)
        .filter(plan=plan, owner__in=viewer.parties())
        .select_related("activity", "owner", "obligation", "plan")
        .order_by("position")
    )


def records_for(viewer: Viewer, deliverables) -> QuerySet:
    return (
        viewer.scope(DeliverableRecord)
        .filter(deliverable__in=deliverables)
        .select_related("author")
        .prefetch_related(
            Prefetch(
                "events",
                queryset=Event.objects.visible_to(viewer.user).select_related("kind").order_by("start"),
            )
        )
    )


def deliverable_rows(plan: Plan, viewer: Viewer, *, today: dt.date, party_slug: str = "", state: str = "") -> list[Row]:
    """The plan's deliverables the viewer sees, with their records and states on `today`
    (three queries), optionally only one owner's and only those in one state."""
    queryset = deliverables_for(plan, viewer)
    if party_slug:
        queryset = queryset.filter(owner__slug=party_slug)
    deliverables = list(queryset)
    records = {r.deliverable_id: r for r in records_for(viewer, deliverables)}
    rows = []
    for deliverable in deliverables:
        record = records.get(deliverable.pk)
        facts = facts_of(deliverable, record)
        rows.append(Row(deliverable, record, facts, state_of(facts, today)))
    if state:
        rows = [row for row in rows if row.state.code == state]
    return rows


def deliverable_row(deliverable: Deliverable, viewer: Viewer, *, today: dt.date) -> Row:
    record = records_for(viewer, [deliverable]).first()
    facts = facts_of(deliverable, record)
    return Row(deliverable, record, facts, state_of(facts, today))
