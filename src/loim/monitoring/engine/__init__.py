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
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from loim.events.models import Event, Participation
from loim.parties.models import CoordinatorPosition
from loim.plans.models import Indicator, Plan

from ..access import Viewer
from ..models import ManualValue
from . import counting
from .drill import Drilldown, records
from .outlook import Outlook, outlook
from .rules import BROKEN, MANUAL, RULE, Context, Resolved, resolve

__all__ = ["BROKEN", "MANUAL", "RULE", "IndicatorResult", "YearPoint", "drilldown", "evaluate", "evaluate_one"]


@dataclass
class YearPoint:
    year: int
    value: Decimal | None  # None: nothing entered (manual) or the year has not begun
    final: bool
    started: bool
    parts: int = 0  # manual values: how many parties reported


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


def _targets(indicators) -> dict[int, tuple[Decimal | None, Decimal | None, int | None]]:
    """(target of the plan year, frame target, frame year) per indicator, from prefetched targets."""
    found = {}
    for indicator in indicators:
        entry: list = [None, None, None]
        for target in indicator.targets.all():
            if target.is_frame_target:
                entry[1], entry[2] = target.value, target.year
            elif target.year == indicator.plan.year:
                entry[0] = target.value
        found[indicator.pk] = tuple(entry)
    return found


def _series_windows(plan: Plan, keys: list[str], as_of: dt.date) -> dict[str, list[counting.Window]]:
    """For each key, the plan years (up to the viewed one) that have an indicator with that key."""
    rows = (
        Indicator.objects.filter(key__in=keys, plan__year__lte=plan.year)
        .values_list("key", "plan__year", "plan__period_start", "plan__period_end")
        .order_by("plan__year")
    )
    windows: dict[str, list[counting.Window]] = {key: [] for key in keys}
    for key, year, start, end in rows:
        windows[key].append(counting.Window(year, start, end, as_of))
    return windows


def evaluate(plan: Plan, viewer: Viewer, *, as_of: dt.date | None = None, indicators=None) -> list[IndicatorResult]:
    """Every indicator of the plan, evaluated for the viewer; a fixed number of queries."""
    as_of = min(as_of or timezone.localdate(), plan.period_end)
    if indicators is None:
        indicators = list(
            Indicator.objects.filter(plan=plan).select_related("plan", "activity").prefetch_related("targets")
        )
    if not indicators:
        return []
    keys = [indicator.key for indicator in indicators]
    windows = _series_windows(plan, keys, as_of)
    years = {w.year for ws in windows.values() for w in ws} | {plan.year}
    names_activity = any(isinstance(i.rule, dict) and "activity" in i.rule for i in indicators)
    context = Context.load(Plan.objects.filter(year__in=years).values_list("pk", flat=True), activities=names_activity)
    resolved = [resolve(indicator, context) for indicator in indicators]
    union = sorted({w for ws in windows.values() for w in ws}, key=lambda w: w.year)
    groups = counting.split(resolved)
    values: dict = {}
    values.update(counting.count_events(Event, viewer, groups.get("events", []), union))
    values.update(counting.count_events(Participation, viewer, groups.get("participations", []), union, "event__"))
    stocks, openings = counting.count_positions(
        CoordinatorPosition, viewer, groups.get("coordinator_positions", []), union
    )
    values.update(stocks)
    manual = counting.sum_manual(ManualValue, viewer, [r.key for r in groups.get(MANUAL, [])], [w.year for w in union])
    targets = _targets(indicators)
    return [
        _result(item, plan, as_of, windows[item.key], values, manual, openings.get(item.key), targets)
        for item in resolved
    ]


def evaluate_one(indicator: Indicator, viewer: Viewer, *, as_of: dt.date | None = None) -> IndicatorResult:
    return evaluate(indicator.plan, viewer, as_of=as_of, indicators=[indicator])[0]


def _result(item: Resolved, plan, as_of, windows, values, manual, opening, targets) -> IndicatorResult:
    target, frame_target, frame_year = targets[item.indicator.pk]
    result = IndicatorResult(
        item.indicator, item, plan, as_of, target=target, frame_target=frame_target, frame_year=frame_year
    )
    if item.method == BROKEN:
        result.outlook = Outlook("unknown", _("The counting rule is broken, so nothing is counted."))
        result.points = [YearPoint(w.year, None, w.final, w.started) for w in windows]
        return result
    for window in windows:
        if not window.started:
            result.points.append(YearPoint(window.year, None, False, False))
        elif item.method == MANUAL:
            total, parts = manual.get((item.key, window.year), (None, 0))
            result.points.append(YearPoint(window.year, total, window.final, True, parts))
        else:
            result.points.append(
                YearPoint(window.year, Decimal(values.get((item.key, window.year), 0)), window.final, True)
            )
    current = next((p for p in result.points if p.year == plan.year), None)
    result.value = current.value if current else None
    started = result.trend
    missing = [str(p.year) for p in started if p.value is None]
    first_start = windows[0].start if windows else plan.period_start
    if item.accumulates:
        result.position = sum((p.value for p in started if p.value is not None), Decimal(0)) if started else None
        pace_start, opening_value = first_start, None
    else:
        result.position = result.value
        if item.method == MANUAL:
            readings = [p for p in started if p.value is not None]
            opening_value = readings[0].value if len(readings) > 1 else None
            first_window = next((w for w in windows if readings and w.year == readings[0].year), None)
            pace_start = first_window.end if first_window else first_start
        else:
            opening_value = Decimal(opening) if opening is not None else None
            pace_start = first_start - dt.timedelta(days=1)
    result.outlook = outlook(
        accumulates=item.accumulates,
        position=result.position,
        target=frame_target,
        frame_end=plan.frame_end,
        pace_start=pace_start,
        opening=opening_value,
        as_of=as_of,
        missing=(
            _("No value has been entered for %(years)s.") % {"years": ", ".join(missing)}
            if missing and (item.accumulates or str(plan.year) in missing)
            else ""
        ),
    )
    return result


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
