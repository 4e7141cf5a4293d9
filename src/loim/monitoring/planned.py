"""Planned versus done per schedule row (issue 11 §5).

A row's planned quantities come from the plan file (`Activity.planned`, docs/plan-format.md). A
quantity of event kinds is counted by the indicator engine itself: each becomes the rule
`{source: events, kinds, reach, activity: <row code>}`, resolved and validated by the engine's own
`resolve()` and counted by `counting.count_events` over the plan year up to the day counted — the
events linked to the row or a row under it, whoever organised them, as far as the viewer may see
them. The events listed as evidence are the engine's drill-down of the same rule. A quantity in a
unit of the plan's own words is shown, not counted.

Cost: three small queries to read the plan's codes, then two per planned quantity (its count and its
events), whatever the number of events.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from loim.communication.planned import count_and_evidence
from loim.events.models import Event
from loim.plans.models import Activity, Indicator, IndicatorKind, Measurement, Plan

from .access import Viewer
from .engine import counting, drill
from .engine.rules import RULE, Context, resolve

#: at most this many events are listed as a quantity's evidence (the rest are counted)
EVENTS_LISTED = 10


@dataclass
class PlannedDone:
    activity: Activity
    count: int | None  # planned; None: the plan names communication work without a number
    maximum: int | None
    kinds: list[str]
    reach: str
    unit: str
    quote: str
    done: int | None = None  # None: a unit Lõim does not count, or a rule that cannot be counted
    events: list = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)  # communication output kinds / translation (issue 15)
    records: list = field(default_factory=list)  # the communication records as evidence

    @property
    def more_records(self) -> int:
        return max((self.done or 0) - len(self.records), 0) if self.outputs else 0

    @property
    def planned_text(self) -> str:
        if self.count is None:
            return "—"
        if self.maximum:
            return f"{self.count}–{self.maximum}"
        return str(self.count)

    @property
    def what(self) -> str:
        """What is counted, in words: the event kinds' names, the output kinds, or the plan's own unit."""
        return self.unit or ", ".join(self.kinds or self.outputs)

    @property
    def text(self) -> str:
        """ "planned 2, done 3" — or "planned 1 (tegevuskava), not counted by Lõim"."""
        if self.done is None:
            return _("planned %(planned)s (%(what)s), not counted by Lõim") % {
                "planned": self.planned_text,
                "what": self.what,
            }
        if self.count is None:
            return _("no number in the plan, done %(done)d") % {"done": self.done}
        return _("planned %(planned)s, done %(done)d") % {"planned": self.planned_text, "done": self.done}

    @property
    def more(self) -> int:
        return max((self.done or 0) - len(self.events), 0)


def _rule(activity: Activity, item: dict) -> dict:
    rule: dict = {"source": "events", "kinds": list(item["kinds"]), "activity": activity.code}
    if item.get("reach"):
        rule["reach"] = item["reach"]
    return rule


def planned_vs_done(
    plan: Plan,
    viewer: Viewer,
    *,
    activities=None,
    as_of: dt.date | None = None,
    with_events: bool = True,
) -> dict[int, list[PlannedDone]]:
    """{activity id: its planned quantities with what was done} for the plan's rows that plan any."""
    as_of = as_of or timezone.localdate()
    activities = list(activities if activities is not None else Activity.objects.filter(plan=plan))
    planned = [(a, item) for a in activities for item in (a.planned or [])]
    if not planned:
        return {}
    context = Context.load([plan.pk])
    window = counting.Window(plan.year, plan.period_start, plan.period_end, as_of)
    found: dict[int, list[PlannedDone]] = {}
    counted = []
    for n, (activity, item) in enumerate(planned):
        row = PlannedDone(
            activity=activity,
            count=item.get("count"),
            maximum=item.get("max"),
            kinds=list(item.get("kinds") or []),
            reach=item.get("reach") or "",
            unit=item.get("unit") or "",
            quote=item.get("quote") or "",
            outputs=list(item.get("outputs") or []),
        )
        found.setdefault(activity.pk, []).append(row)
        if row.outputs:  # counted from communication records (issue 15), the row's subtree as for events
            row.done, row.records = count_and_evidence(
                viewer,
                row.outputs,
                context.subtree(activity.code),
                window.start,
                window.until,
                listed=EVENTS_LISTED if with_events else 0,
            )
            continue
        if not row.kinds:
            continue
        indicator = Indicator(
            key=f"planned-{n}",
            plan=plan,
            kind=IndicatorKind.CUMULATIVE,
            measurement=Measurement.RULE,
            rule=_rule(activity, item),
        )
        resolved = resolve(indicator, context)
        if resolved.method != RULE:
            row.problems = resolved.problems
            continue
        counted.append((row, resolved))
    counts = counting.count_events(Event, viewer, [r for _row, r in counted], [window])
    for row, resolved in counted:
        counted_here = counts.get((resolved.key, plan.year), 0)  # {organiser: count}: every organiser counts
        row.done = sum(counted_here.values()) if isinstance(counted_here, dict) else counted_here
        if with_events and row.done:
            records = drill.records(resolved, viewer, window).queryset
            row.events = list(records[:EVENTS_LISTED]) if records is not None else []
    return found
