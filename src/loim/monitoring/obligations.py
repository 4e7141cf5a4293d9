"""The obligation checker: were the plan's commitments kept, period by period?

For each commitment of a plan year ("at least N events of kind K by party P per period, except
periods X") the checker lays out the periods (`periods.layout`), counts what counts in each, and
gives every period a verdict as of a day:

- EXCLUDED: the plan pauses the commitment then (Tartu's clubs in Q3, Rakvere's July and August);
- OPEN: the cadence is still to be agreed (Tallinn's Lõimumiskoda); counts are shown, not judged;
- NOT_DUE: the period has not begun;
- MET: at least the minimum, and not above the maximum (met as soon as reached, even mid-period);
- MISSED: the period is over below the minimum, or the maximum is exceeded (final at once);
- IN_PROGRESS: the period is running and the minimum is not reached yet;
- BROKEN: the commitment itself cannot be checked (an unknown excluded period, no minimum…).

Counting costs a fixed number of queries for the whole plan: one grouped query over events (per
responsible party, kind, reach and day), one over coordinator positions, one over confirmations.
Only commitments of parties whose records the viewer may read are checked: a partner sees its own.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from loim.events.models import Event
from loim.parties.models import CoordinatorPosition
from loim.plans.models import Obligation, ObligationSubject, Period, Plan

from . import periods
from .access import Viewer
from .engine.counting import LOCAL_TZ, LocalDate, moment
from .models import ObligationConfirmation

MET = "met"
MISSED = "missed"
IN_PROGRESS = "in_progress"
NOT_DUE = "not_due"
EXCLUDED = "excluded"
OPEN = "open"
BROKEN = "broken"
VERDICTS = (MET, MISSED, IN_PROGRESS, NOT_DUE, EXCLUDED, OPEN, BROKEN)


def verdict_label(verdict: str) -> str:
    return {
        MET: _("met"),
        MISSED: _("missed"),
        IN_PROGRESS: _("in progress"),
        NOT_DUE: _("not due yet"),
        EXCLUDED: _("excluded"),
        OPEN: _("to be agreed"),
        BROKEN: _("cannot be checked"),
    }[verdict]


VERDICT_SYMBOLS = {MET: "✓", MISSED: "✗", IN_PROGRESS: "…", NOT_DUE: "·", EXCLUDED: "–", OPEN: "?", BROKEN: "!"}


@dataclass
class Cell:
    slot: periods.Slot
    verdict: str
    count: int | None = None
    reason: str = ""
    days_left: int | None = None
    events: list = field(default_factory=list)

    @property
    def label(self) -> str:
        return verdict_label(self.verdict)

    @property
    def symbol(self) -> str:
        return VERDICT_SYMBOLS[self.verdict]


@dataclass
class ObligationCheck:
    obligation: Obligation
    cells: list[Cell]
    problems: list[str] = field(default_factory=list)
    as_of: dt.date | None = None

    @property
    def is_broken(self) -> bool:
        return bool(self.problems)

    @property
    def summary(self) -> dict[str, int]:
        counts = dict.fromkeys(VERDICTS, 0)
        for cell in self.cells:
            counts[cell.verdict] += 1
        return counts

    @property
    def total(self) -> int:
        return sum(cell.count or 0 for cell in self.cells if cell.verdict != BROKEN)

    @property
    def overall(self) -> str:
        """One word for the year: missed if any period was missed, then in progress, else met."""
        if self.problems:
            return BROKEN
        summary = self.summary
        for verdict in (BROKEN, MISSED, IN_PROGRESS, OPEN, MET, NOT_DUE, EXCLUDED):
            if summary[verdict]:
                return verdict
        return NOT_DUE

    @property
    def requirement(self) -> str:
        obligation = self.obligation
        if obligation.is_open:
            return _("cadence to be agreed")
        if obligation.subject == ObligationSubject.MANUAL and obligation.min_count is None:
            return _("confirmed by hand")
        parts = []
        if obligation.min_count is not None:
            parts.append(_("at least %(n)d") % {"n": obligation.min_count})
        if obligation.max_count is not None:
            parts.append(_("at most %(n)d") % {"n": obligation.max_count})
        return ", ".join(parts)

    def warnings(self) -> list[Warning]:
        return [warning for cell in self.cells if (warning := early_warning(self, cell)) is not None]


@dataclass
class Warning:
    check: ObligationCheck
    cell: Cell
    text: str

    @property
    def urgent(self) -> bool:
        return self.cell.verdict == MISSED or (self.cell.days_left or 0) <= 7


def warn_within(slot: periods.Slot) -> int:
    """How many days before a period ends a shortfall becomes a warning: a quarter of the period
    (the weekend for a week, the last week of a month, 45 days of a half-year, 30 before a due date)."""
    if slot.key.split("-", 1)[-1].startswith("by"):
        return 30
    return max(2, slot.days // 4)


def early_warning(check: ObligationCheck, cell: Cell) -> Warning | None:
    obligation = check.obligation
    if cell.verdict != IN_PROGRESS or cell.days_left is None or cell.days_left > warn_within(cell.slot):
        return None
    needed = effective_minimum(obligation) or 0
    count = cell.count or 0
    if count == 0:
        done = _("none yet")
    else:
        done = ngettext("%(count)d of %(needed)d so far", "%(count)d of %(needed)d so far", count) % {
            "count": count,
            "needed": needed,
        }
    left = ngettext("%(days)d day left", "%(days)d days left", cell.days_left) % {"days": cell.days_left}
    text = _("%(title)s: %(done)s in %(period)s (at least %(needed)d needed), %(left)s.") % {
        "title": obligation.title,
        "done": done,
        "period": cell.slot.label,
        "needed": needed,
        "left": left,
    }
    return Warning(check, cell, text)


# --- Checking ------------------------------------------------------------------------------------


def problems_of(obligation: Obligation) -> list[str]:
    """Why a commitment cannot be checked; the plan's validation should prevent all of these, but an
    admin's edit may not have, and a commitment is never judged on a wrong reading."""
    problems = []
    unknown = periods.unknown_tokens(obligation.excluded_periods)
    if unknown:
        problems.append(_("Unknown excluded period: %s (use Q1–Q4, H1, H2 or 01–12).") % ", ".join(unknown))
    if obligation.period not in Period.values:
        problems.append(_("Unknown period %s.") % obligation.period)
    if obligation.period == Period.ONCE and not obligation.due_date:
        problems.append(_("A one-off commitment needs a due date."))
    if obligation.subject not in ObligationSubject.values:
        problems.append(_("Unknown subject %s.") % obligation.subject)
    if (
        not obligation.is_open
        and obligation.min_count is None
        and obligation.max_count is None
        and obligation.subject != ObligationSubject.MANUAL
    ):
        problems.append(_("No minimum or maximum count is given, and the cadence is not marked as to be agreed."))
    if (
        obligation.min_count is not None
        and obligation.max_count is not None
        and obligation.max_count < obligation.min_count
    ):
        problems.append(_("The maximum is below the minimum."))
    return problems


def slots_of(obligation: Obligation, plan: Plan) -> list[periods.Slot]:
    return periods.layout(
        obligation.period, year=plan.year, start=plan.period_start, end=plan.period_end, due=obligation.due_date
    )


def effective_minimum(obligation: Obligation) -> int | None:
    """The minimum to judge by: a commitment confirmed by hand needs at least one confirmation."""
    if obligation.min_count is None and obligation.subject == ObligationSubject.MANUAL:
        return 1
    return obligation.min_count


def judge(obligation: Obligation, slot: periods.Slot, count: int, as_of: dt.date, excluded: frozenset[str]) -> Cell:
    if periods.is_excluded(slot, excluded):
        return Cell(slot, EXCLUDED, count, _("The plan pauses this commitment in this period."))
    if obligation.is_open:
        return Cell(slot, OPEN, count if slot.start <= as_of else None, _("The cadence is still to be agreed."))
    if slot.start > as_of:
        return Cell(slot, NOT_DUE)
    in_progress = as_of < slot.end
    days_left = slot.days_left(as_of) if in_progress else None
    minimum, maximum = effective_minimum(obligation), obligation.max_count
    if maximum is not None and count > maximum:
        return Cell(
            slot, MISSED, count, _("%(count)d is more than the maximum of %(max)d.") % {"count": count, "max": maximum}
        )
    if minimum is not None and count >= minimum:
        return Cell(slot, MET, count, days_left=days_left)
    if minimum is None and not in_progress:
        return Cell(slot, MET, count)
    if in_progress:
        return Cell(slot, IN_PROGRESS, count, days_left=days_left)
    return Cell(slot, MISSED, count, _("%(count)d of at least %(min)d.") % {"count": count, "min": minimum or 0})


def _local_day(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.astimezone(LOCAL_TZ).date()
    if isinstance(value, str):
        return dt.date.fromisoformat(value)
    return value


def _kind_ids(obligation: Obligation) -> set[int]:
    return {kind.pk for kind in obligation.event_kinds.all()}


def _event_counts(viewer: Viewer, event_obligations, layouts, with_events: bool):
    """One grouped query: events per (party, kind, reach, local day), only of the parties, kinds and
    reaches some commitment counts, so the rows stay few whatever else the parties record."""
    if not event_obligations:
        return [], []
    first = min(layouts[o.pk][0].start for o in event_obligations)
    last = max(layouts[o.pk][-1].end for o in event_obligations)
    wanted = set()
    for obligation in event_obligations:
        wanted.add((obligation.responsible_id, frozenset(_kind_ids(obligation)), obligation.reach or ""))
    counted = Q()
    for party_id, kinds, reach in sorted(wanted, key=lambda w: (w[0], sorted(w[1]), w[2])):
        one = Q(party_id=party_id)
        if kinds:
            one &= Q(kind_id__in=sorted(kinds))
        if reach:
            one &= Q(reach=reach)
        counted |= one
    condition = Q(start__gte=moment(first), start__lt=moment(last + dt.timedelta(days=1))) & counted
    events = viewer.scope(Event).filter(condition)
    rows = list(
        events.annotate(day=LocalDate("start", first=first, last=last))
        .values("party_id", "kind_id", "reach", "day")
        .annotate(n=Count("pk"))
        .order_by()
    )
    listed = []
    if with_events:
        listed = list(
            events.select_related("kind").only("pk", "title", "start", "party_id", "kind", "reach").order_by("start")
        )
    return rows, listed


def _matches(obligation: Obligation, kind_ids: set[int], party_id: int, kind_id: int, reach: str) -> bool:
    return (
        party_id == obligation.responsible_id
        and (not kind_ids or kind_id in kind_ids)
        and (not obligation.reach or reach == obligation.reach)
    )


def obligations_for(plan: Plan, viewer: Viewer) -> QuerySet:
    """The plan's commitments of parties whose records the viewer reads (a partner: its own)."""
    from .access import monitored_parties

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
    """Every commitment of the plan the viewer may see, judged period by period as of a day."""
    as_of = as_of or timezone.localdate()
    obligations = list(obligations if obligations is not None else obligations_for(plan, viewer))
    layouts, broken = {}, {}
    for obligation in obligations:
        problems = problems_of(obligation)
        if not problems:
            try:
                layouts[obligation.pk] = slots_of(obligation, plan)
            except ValueError as exc:
                problems.append(str(exc))
        broken[obligation.pk] = problems
    usable = [o for o in obligations if not broken[o.pk]]
    event_obligations = [o for o in usable if o.subject == ObligationSubject.EVENTS]
    rows, listed = _event_counts(viewer, event_obligations, layouts, with_events)
    positions = _positions(viewer, [o for o in usable if o.subject == ObligationSubject.COORDINATOR_POSITIONS])
    confirmations = _confirmations(viewer, [o for o in usable if o.subject == ObligationSubject.MANUAL])

    rows_by_party: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        rows_by_party[row["party_id"]].append(row)
    results = []
    for obligation in obligations:
        if broken[obligation.pk]:
            results.append(ObligationCheck(obligation, [], broken[obligation.pk], as_of))
            continue
        excluded = frozenset(obligation.excluded_periods or [])
        kind_ids = _kind_ids(obligation)
        slots = layouts[obligation.pk]
        per_slot = (
            _per_slot(obligation, kind_ids, rows_by_party[obligation.responsible_id], slots, as_of)
            if obligation.subject == ObligationSubject.EVENTS
            else None
        )
        cells = []
        for index, slot in enumerate(slots):
            count = (
                per_slot[index] if per_slot is not None else _count(obligation, slot, as_of, positions, confirmations)
            )
            cell = judge(obligation, slot, count, as_of, excluded)
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


def _per_slot(obligation, kind_ids, rows, slots, as_of) -> list[int]:
    """The commitment's events in each period, up to the day judged (events planned later do not
    count yet): one pass over the responsible party's daily counts, each day placed by bisection."""
    starts = [slot.start for slot in slots]
    counts = [0] * len(slots)
    for row in rows:
        day = _local_day(row["day"])
        if day > as_of or not _matches(obligation, kind_ids, row["party_id"], row["kind_id"], row["reach"]):
            continue
        index = bisect.bisect_right(starts, day) - 1
        if index >= 0 and slots[index].contains(day):
            counts[index] += row["n"]
    return counts


def _count(obligation, slot, as_of, positions, confirmations) -> int:
    if obligation.subject == ObligationSubject.COORDINATOR_POSITIONS:
        day = min(slot.end, as_of)
        return sum(
            1
            for party_id, starts_on, ends_on in positions
            if party_id == obligation.responsible_id and starts_on <= day and (ends_on is None or ends_on >= day)
        )
    return confirmations.get((obligation.pk, slot.key), 0)


def _positions(viewer: Viewer, obligations) -> list[tuple]:
    """Coordinator positions of the responsible parties: a short list, read once."""
    if not obligations:
        return []
    return list(
        viewer.scope(CoordinatorPosition)
        .filter(party_id__in={o.responsible_id for o in obligations})
        .values_list("party_id", "starts_on", "ends_on")
    )


def _confirmations(viewer: Viewer, obligations) -> dict:
    if not obligations:
        return {}
    rows = (
        viewer.scope(ObligationConfirmation)
        .filter(obligation__in=obligations)
        .values_list("obligation_id", "period_key", "count")
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


def warnings_for(checks: list[ObligationCheck]) -> list[Warning]:
    found = [warning for check_ in checks for warning in check_.warnings()]
    return sorted(
        found, key=lambda w: (w.cell.days_left if w.cell.days_left is not None else -1, w.check.obligation.title)
    )


def recently_missed(
    checks: list[ObligationCheck], as_of: dt.date, days: int = 14
) -> list[tuple[ObligationCheck, Cell]]:
    """Periods that ended missed within the last `days` days: news for the digest and the home panel."""
    since = as_of - dt.timedelta(days=days)
    return [
        (check_, cell)
        for check_ in checks
        for cell in check_.cells
        if cell.verdict == MISSED and since <= cell.slot.end < as_of
    ]


def group_by_party(checks: list[ObligationCheck]) -> dict:
    grouped: dict = defaultdict(list)
    for check_ in checks:
        grouped[check_.obligation.responsible].append(check_)
    return dict(grouped)


def as_data(checks: list[ObligationCheck]) -> list[dict]:
    """The verdicts as plain data (ISO dates, event ids): the command's JSON and the API."""
    return [
        {
            "key": check.obligation.key,
            "title": check.obligation.title,
            "responsible": check.obligation.responsible.slug,
            "period": check.obligation.period,
            "min": check.obligation.min_count,
            "max": check.obligation.max_count,
            "excluded": check.obligation.excluded_periods,
            "open": check.obligation.is_open,
            "as_of": check.as_of.isoformat() if check.as_of else None,
            "overall": check.overall,
            "problems": check.problems,
            "periods": [
                {
                    "key": cell.slot.key,
                    "start": cell.slot.start.isoformat(),
                    "end": cell.slot.end.isoformat(),
                    "verdict": cell.verdict,
                    "count": cell.count,
                    "days_left": cell.days_left,
                    "reason": cell.reason,
                    "events": [event.pk for event in cell.events],
                }
                for cell in check.cells
            ],
        }
        for check in checks
    ]
