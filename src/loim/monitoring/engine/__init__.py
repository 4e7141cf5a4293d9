"""The indicator engine (DESIGN.md "Indicators and obligations").

`evaluate(plan, viewer)` gives every indicator of a plan year its actual value, targets, the values
of earlier plan years (linked by the indicator's stable key), progress towards the frame target and
the outlook, counted over the records the viewer may see. `records(...)` gives the drill-down: the
records behind any one figure. Rules are data (`Indicator.rule`, schema in `loim.plans.rules`);
a rule that does not validate makes the indicator BROKEN, with the reasons, and it is never counted.

Counting is done as of a day (`as_of`, default today) and never past the end of the viewed plan
year, so the 2024 dashboard, the 2024 report and the 2024 figures in the API always agree.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from loim.core.generations import counted
from loim.events.models import Event, Participation
from loim.network.models import Network
from loim.parties.models import PartnershipAgreement
from loim.plans.models import Indicator, IndicatorKind, Plan
from loim.services.models import RolloutPhase

from .. import plan_data
from ..access import Viewer
from ..models import ManualValue
from . import counting
from .drill import Drilldown, records
from .outlook import CUMULATIVE, MILESTONE, STOCK, Outlook, YearValue, not_judged, outlook, show
from .rules import BROKEN, MANUAL, ROLLOUT_SOURCES, RULE, Context, PartyInfo, Resolved, resolve

__all__ = [
    "BROKEN",
    "CONTEXT",
    "MANUAL",
    "OWN",
    "PROGRAMME",
    "RULE",
    "SHARE",
    "IndicatorResult",
    "Part",
    "YearPoint",
    "drilldown",
    "evaluate",
    "evaluate_one",
]


@dataclass
class YearPoint:
    year: int
    value: Decimal | None  # None: nothing entered (manual) or the year has not begun
    final: bool
    started: bool
    parts: int = 0  # manual values: how many parties reported
    target: Decimal | None = None  # the target of that plan year (the viewer's own, where it has one)


@dataclass(frozen=True)
class ChartRow:
    """One year of an indicator's chart and its data table: the target that year (a cumulative one
    adds up the yearly targets; the frame year carries the frame target) and the value (for a
    cumulative count, the total so far, with the year's own count beside it)."""

    year: int
    target: Decimal | None
    value: Decimal | None
    in_year: Decimal | None
    final: bool


@dataclass
class Part:
    """One party's part of an indicator in the plan year, with its own target where the plan
    implies one (one coordinator per partnership; Tallinn's council) and the verdict on it."""

    party: PartyInfo
    value: Decimal | None
    target: Decimal | None
    final: bool
    vacant: bool = False  # coordinators: a partnership in force and no post counting

    @property
    def verdict(self) -> str:
        return share_verdict(self.value, self.target, self.final)

    @property
    def verdict_label(self) -> str:
        return verdict_label(self.verdict)


#: roles of an indicator in a party's own view (DESIGN.md: "another party's indicator is context")
PROGRAMME = "programme"  # ELVL and the ministry: the programme total, with each party's part
OWN = "own"  # the party's own target (per partner, its named share, or it delivers the indicator)
SHARE = "share"  # the party's contribution to a programme target that is not its own
CONTEXT = "context"  # another party delivers it: how often the party's municipality took part


def share_verdict(value: Decimal | None, target: Decimal | None, final: bool) -> str:
    if target is None or value is None:
        return ""
    if value >= target:
        return "met"
    return "missed" if final else "in_progress"


def verdict_label(verdict: str) -> str:
    return {"met": _("met"), "missed": _("not met"), "in_progress": _("not met yet")}.get(verdict, "")


@dataclass
class IndicatorResult:
    indicator: Indicator
    resolved: Resolved
    plan: Plan
    as_of: dt.date
    value: Decimal | None = None
    target: Decimal | None = None
    frame_target: Decimal | None = None
    frame_year: int | None = None
    position: Decimal | None = None  # towards the frame: the sum so far, or the latest stock
    points: list[YearPoint] = field(default_factory=list)
    outlook: Outlook | None = None
    role: str = PROGRAMME
    programme_target: Decimal | None = None  # the plan's target for the whole programme
    parts: list[Part] = field(default_factory=list)  # each party's part in the plan year
    coordinators: counting.CoordinatorReading | None = None  # both readings, vacancies named
    deliverers: list[PartyInfo] = field(default_factory=list)  # who delivers it (context)
    took_part: int | None = None  # context: participations of the viewer's municipalities
    by_party: dict[int, Decimal] = field(default_factory=dict)  # the plan year's value per party

    @property
    def key(self) -> str:
        return self.indicator.key

    @property
    def method(self) -> str:
        return self.resolved.method

    @property
    def is_broken(self) -> bool:
        return self.resolved.method == BROKEN

    @property
    def problems(self) -> list[str]:
        return self.resolved.problems

    @property
    def final(self) -> bool:
        return self.as_of >= self.plan.period_end

    @property
    def judged(self) -> bool:
        """Whether the figure is the viewer's to be judged on (its own or the programme's target)."""
        return self.role in (PROGRAMME, OWN)

    @property
    def verdict(self) -> str:
        return share_verdict(self.value, self.target, self.final) if self.judged else ""

    @property
    def verdict_label(self) -> str:
        return verdict_label(self.verdict)

    @property
    def deviation(self) -> Decimal | None:
        if self.value is None or self.target is None:
            return None
        return self.value - self.target

    @property
    def deviation_percent(self) -> Decimal | None:
        if self.deviation is None or not self.target:
            return None
        return (100 * self.deviation / self.target).quantize(Decimal("1"))

    @property
    def accumulates(self) -> bool:
        return self.resolved.accumulates

    @property
    def trend(self) -> list[YearPoint]:
        return [point for point in self.points if point.started]

    @property
    def points_for_chart(self) -> list[tuple[int, Decimal | None]]:
        return [(point.year, point.value) for point in self.trend]

    @functools.cached_property
    def chart_rows(self) -> list[ChartRow]:
        """The years from the first plan year to the frame year, with targets and values (computed
        once: a card reads them three times, and the result is complete when it is read)."""
        if not self.points:
            return []
        by_year = {point.year: point for point in self.points}
        first = self.points[0].year
        last = max(self.frame_year or self.plan.year, self.points[-1].year)
        rows, total, total_target = [], Decimal(0), Decimal(0)
        for year in range(first, last + 1):
            point = by_year.get(year)
            target = point.target if point is not None else None
            value = in_year = None
            if self.accumulates and target is not None:
                total_target += target
                target = total_target
            if point is not None and point.started and point.value is not None:
                in_year = point.value
                total += point.value
                value = total if self.accumulates else point.value
            if year == self.frame_year and self.frame_target is not None:
                target = self.frame_target
            rows.append(ChartRow(year, target, value, in_year, point.final if point is not None else False))
        return rows

    @property
    def has_chart(self) -> bool:
        return any(row.value is not None or row.target is not None for row in self.chart_rows)

    @property
    def any_in_progress(self) -> bool:
        return any(not point.final for point in self.trend)

    @property
    def deliverer_names(self) -> str:
        return ", ".join(p.label for p in self.deliverers)


def _targets(indicators, rows: dict[str, list[tuple[int, Decimal, bool]]]) -> dict[int, tuple]:
    """(target of the plan year, frame target, frame year) per indicator, from its plan's target rows
    (`_series_windows` reads them with the other years': no query of its own)."""
    found = {}
    for indicator in indicators:
        entry: list = [None, None, None]
        for year, value, is_frame in rows.get(indicator.key, []):
            if is_frame:
                entry[1], entry[2] = value, year
            elif year == indicator.plan.year:
                entry[0] = value
        found[indicator.pk] = tuple(entry)
    return found


def _series_windows(
    plan: Plan, keys: list[str], as_of: dt.date
) -> tuple[dict[str, list[counting.Window]], dict[tuple[str, int], Decimal], dict[str, list]]:
    """For each key, the plan years (up to the viewed one) that have an indicator with that key, each
    of those years' own targets, and the viewed plan's target rows per key (year, value, frame) —
    one query (the indicators LEFT JOIN their targets), kept per plan generation (`plan_data`)."""
    rows = plan_data.series_rows(plan, keys)
    windows: dict[str, list[counting.Window]] = {key: [] for key in keys}
    targets: dict[tuple[str, int], Decimal] = {}
    own: dict[str, list] = {}
    for key, plan_id, year, start, end, target_year, value, is_frame in rows:
        window = counting.Window(year, start, end, as_of)
        if window not in windows[key]:
            windows[key].append(window)
        if target_year == year and value is not None and not is_frame:
            targets[(key, year)] = value
        if plan_id == plan.pk and target_year is not None:
            own.setdefault(key, []).append((target_year, value, is_frame))
    return windows, targets, own


def evaluate(plan: Plan, viewer: Viewer, *, as_of: dt.date | None = None, indicators=None) -> list[IndicatorResult]:
    """Every indicator of the plan, evaluated for the viewer; a fixed number of queries (the plan's
    own reads kept per plan generation, `plan_data`)."""
    with counted(plan_data.plan_tables()):
        return _evaluate(plan, viewer, as_of=as_of, indicators=indicators)


def _evaluate(plan: Plan, viewer: Viewer, *, as_of: dt.date | None, indicators) -> list[IndicatorResult]:
    as_of = min(as_of or timezone.localdate(), plan.period_end)
    if indicators is None:
        indicators = plan_data.indicators(plan)
    if not indicators:
        return []
    keys = [indicator.key for indicator in indicators]
    windows, year_targets, own_targets = _series_windows(plan, keys, as_of)
    years = {w.year for ws in windows.values() for w in ws} | {plan.year}
    names_activity = any(isinstance(i.rule, dict) and "activity" in i.rule for i in indicators)
    context = plan_data.rule_context(years, activities=names_activity)
    resolved = [resolve(indicator, context) for indicator in indicators]
    union = sorted({w for ws in windows.values() for w in ws}, key=lambda w: w.year)
    groups = counting.split(resolved)
    values: dict = {}
    values.update(counting.count_events(Event, viewer, groups.get("events", []), union))
    values.update(counting.count_events(Participation, viewer, groups.get("participations", []), union, "event__"))
    positions, readings = counting.read_coordinators(
        PartnershipAgreement, viewer, groups.get("coordinator_positions", []), union
    )
    values.update(positions)
    network_items = groups.get("networks", []) + groups.get("councils", [])
    values.update(counting.count_networks(Network, viewer, network_items, union))
    rollout_items = [item for source in ROLLOUT_SOURCES for item in groups.get(source, [])]
    values.update(counting.count_rollout(RolloutPhase, viewer, rollout_items, union))
    manual = counting.sum_manual(ManualValue, viewer, [r.key for r in groups.get(MANUAL, [])], [w.year for w in union])
    own = viewer.counted_party_ids()
    contexts: dict = {}
    if own is not None:
        delivered_elsewhere = [
            r
            for r in resolved
            if r.is_event_source and not r.has_shares and deliverers_of(r) and not set(deliverers_of(r)) & own
        ]
        municipalities = {context.party_info[pk].municipality_id for pk in own if pk in context.party_info} - {None}
        if delivered_elsewhere and municipalities:
            contexts = counting.count_context(
                viewer.own_municipality_participations(municipalities), delivered_elsewhere, union
            )
    targets = _targets(indicators, own_targets)
    evaluation = _Evaluation(plan, as_of, values, manual, readings, contexts, targets, year_targets, context, own)
    return [evaluation.result(item, windows[item.key]) for item in resolved]


def evaluate_one(indicator: Indicator, viewer: Viewer, *, as_of: dt.date | None = None) -> IndicatorResult:
    return evaluate(indicator.plan, viewer, as_of=as_of, indicators=[indicator])[0]


@dataclass
class _Evaluation:
    """The counted numbers of one evaluation, turned into results (no queries from here on)."""

    plan: Plan
    as_of: dt.date
    values: dict  # (key, year) → {party id: value}, for rules
    manual: dict  # (key, year) → {party id: value}, entered by hand
    readings: dict  # (key, year) → CoordinatorReading
    contexts: dict  # (key, year) → participations of the viewer's municipalities
    targets: dict
    year_targets: dict  # (key, year) → that plan year's programme target
    context: Context
    own: frozenset[int] | None  # the parties counted; None: the programme (everyone)

    def role_of(self, item: Resolved) -> str:
        if self.own is None:
            return PROGRAMME
        if item.has_shares:
            return OWN if self.own_target(item, None) is not None else SHARE
        deliverers = deliverers_of(item)
        if deliverers:
            # the parties that deliver it (declared, or the only organisers the rule counts): the
            # plan's target is theirs; anyone else sees it as context
            return OWN if set(deliverers) & self.own else CONTEXT
        return SHARE

    def own_target(self, item: Resolved, programme: Decimal | None) -> Decimal | None:
        """The counted parties' own target: the sum of their shares, or the programme's target when
        the indicator is theirs (they deliver it, or the rule counts only them)."""
        if item.has_shares:
            info = self.context.party_info
            shares: list[Decimal] = [
                share
                for pk in sorted(self.own or ())
                if pk in info and (share := item.own_target(info[pk])) is not None
            ]
            return sum(shares, Decimal(0)) if shares else None
        return programme

    def year_value(self, item: Resolved, window) -> tuple[Decimal | None, dict]:
        if item.method == MANUAL:
            by_party = self.manual.get((item.key, window.year))
            if by_party is None:
                return None, {}
            return sum(by_party.values(), Decimal(0)), by_party
        by_party = self.values.get((item.key, window.year), {})
        return Decimal(sum(by_party.values())), by_party

    def result(self, item: Resolved, windows) -> IndicatorResult:
        plan = self.plan
        target, frame_target, frame_year = self.targets[item.indicator.pk]
        role = self.role_of(item)
        result = IndicatorResult(
            item.indicator,
            item,
            plan,
            self.as_of,
            frame_year=frame_year,
            role=role,
            programme_target=target,
            deliverers=[self.context.party_info[pk] for pk in deliverers_of(item) if pk in self.context.party_info],
        )
        if role in (PROGRAMME, OWN):
            result.target = self.own_target(item, target) if role == OWN else target
            result.frame_target = self.own_target(item, frame_target) if role == OWN else frame_target
        if item.method == BROKEN:
            result.outlook = Outlook("unknown", _("The counting rule is broken, so nothing is counted."))
            result.points = [YearPoint(w.year, None, w.final, w.started) for w in windows]
            return result
        current_parts: dict = {}
        for window in windows:
            year_target = self.year_targets.get((item.key, window.year))
            if role == OWN:
                year_target = self.own_target(item, year_target)
            elif role != PROGRAMME:
                year_target = None
            if not window.started:
                result.points.append(YearPoint(window.year, None, False, False, target=year_target))
                continue
            value, by_party = self.year_value(item, window)
            result.points.append(YearPoint(window.year, value, window.final, True, len(by_party), target=year_target))
            if window.year == plan.year:
                current_parts = by_party
                result.by_party = {pk: Decimal(v) for pk, v in by_party.items()}
        current = next((p for p in result.points if p.year == plan.year), None)
        result.value = current.value if current else None
        if role == CONTEXT:
            result.took_part = self.contexts.get((item.key, plan.year), 0) if item.is_event_source else None
        reading = self.readings.get((item.key, plan.year))
        result.coordinators = reading
        result.parts = self._parts(item, current_parts, current, reading)
        started = result.trend
        missing = [str(p.year) for p in started if p.value is None]
        if item.accumulates:
            result.position = sum((p.value for p in started if p.value is not None), Decimal(0)) if started else None
        else:
            result.position = result.value
        if role in (CONTEXT, SHARE):
            result.outlook = not_judged(self._not_judged_text(result))
            return result
        result.outlook = outlook(
            kind=_kind(item),
            years=[YearValue(p.year, p.value, p.final, p.target) for p in started],
            position=result.position,
            target=result.frame_target,
            frame_year=frame_year,
            as_of=self.as_of,
            missing=(
                _("No value has been entered for %(years)s.") % {"years": ", ".join(missing)}
                if missing and (item.accumulates or str(plan.year) in missing)
                else ""
            ),
        )
        return result

    def _parts(self, item: Resolved, by_party: dict, current, reading) -> list[Part]:
        """Each party's part in the plan year: the parties with a value, and those with a target of
        their own (a partner without its coordinator is listed, with 0 and its vacancy)."""
        if current is None or not current.started:
            return []
        info = self.context.party_info
        party_ids = {pk for pk, value in by_party.items() if value}
        if item.has_shares:
            party_ids |= {pk for pk, party in info.items() if item.own_target(party) is not None}
        if self.own is not None:
            party_ids &= self.own
        vacant = set()
        if reading is not None:
            vacant = set(reading.vacant_party_ids)
            party_ids |= vacant if self.own is None else vacant & self.own
        parts = []
        for pk in party_ids:
            if pk not in info:
                continue
            value = by_party.get(pk)
            if value is None and item.method != MANUAL:
                value = Decimal(0)
            parts.append(
                Part(
                    info[pk],
                    Decimal(value) if value is not None else None,
                    item.own_target(info[pk]),
                    current.final,
                    vacant=pk in vacant,
                )
            )
        return sorted(parts, key=lambda part: (not part.party.is_partner, part.party.label))

    def _not_judged_text(self, result: IndicatorResult) -> str:
        if result.role == CONTEXT:
            return _("%(party)s's indicator: it is judged in the programme's figures, not as yours.") % {
                "party": result.deliverer_names or _("another party")
            }
        if result.programme_target is not None:
            return _("Your part of the programme's total; the target of %(target)s is the programme's.") % {
                "target": show(result.programme_target)
            }
        return _("Your part of the programme's total.")


def deliverers_of(item: Resolved) -> list[int]:
    """Who delivers the indicator: `delivered_by`, else the organisers the rule is limited to."""
    if item.delivered_by:
        return item.delivered_by
    return list(item.party_ids or [])


def _kind(item: Resolved) -> str:
    if item.indicator.kind == IndicatorKind.MILESTONE:
        return MILESTONE
    return CUMULATIVE if item.accumulates else STOCK


def window_of(plan: Plan, as_of: dt.date | None = None) -> counting.Window:
    return counting.Window(
        plan.year, plan.period_start, plan.period_end, min(as_of or timezone.localdate(), plan.period_end)
    )


def drilldown(
    indicator: Indicator, viewer: Viewer, *, as_of: dt.date | None = None
) -> tuple[IndicatorResult, Drilldown]:
    """(the evaluated figure, the records behind it) for an indicator in its own plan year."""
    result = evaluate_one(indicator, viewer, as_of=as_of)
    return result, records(result.resolved, viewer, window_of(indicator.plan, as_of))
