"""From an indicator's declared rule to what the engine counts, or to the reason it cannot.

The schema and its validator belong to the plans app (`loim.plans.rules`); here a valid rule is
resolved against the database (event kind codes → ids, party slugs → ids, an activity code → the
ids of that activity and every row under it, in every plan year) and an invalid one becomes a
BROKEN indicator that carries the validator's reasons. A broken rule is never counted as zero.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from loim.parties.models import Party
from loim.plans.models import Activity, EventKind, Indicator, IndicatorKind, Measurement
from loim.plans.rules import EVENT_SOURCES, SOURCES, validate_rule

#: sources whose records Lõim does not hold: their indicators are entered by hand with evidence
MANUAL_SOURCES = frozenset({"networks", "councils", "journey_implementations"})

RULE = "rule"
MANUAL = "manual"
BROKEN = "broken"


@dataclass
class Context:
    """What rules may refer to, read once per evaluation (a handful of small tables)."""

    kinds: dict[str, int]
    parties: dict[str, int]
    codes_by_plan: dict[int, set[str]]
    ids_by_code: dict[str, list[int]]
    children: dict[int, list[int]]
    activities_read: bool = True

    @classmethod
    def load(cls, plan_ids, *, activities: bool = True) -> Context:
        """`activities=False` skips reading the plans' activity trees when no rule names an activity."""
        kinds = dict(EventKind.objects.values_list("code", "pk"))
        parties = dict(Party.objects.values_list("slug", "pk"))
        codes_by_plan: dict[int, set[str]] = defaultdict(set)
        ids_by_code: dict[str, list[int]] = defaultdict(list)
        children: dict[int, list[int]] = defaultdict(list)
        rows = (
            Activity.objects.filter(plan_id__in=list(plan_ids)).values_list("pk", "code", "parent_id", "plan_id")
            if activities
            else []
        )
        for pk, code, parent_id, plan_id in rows:
            codes_by_plan[plan_id].add(code)
            ids_by_code[code].append(pk)
            if parent_id:
                children[parent_id].append(pk)
        return cls(kinds, parties, dict(codes_by_plan), dict(ids_by_code), dict(children), activities)

    def subtree(self, code: str) -> list[int]:
        """The activity with this code in every plan year, and every row under it."""
        found, stack = [], list(self.ids_by_code.get(code, []))
        while stack:
            pk = stack.pop()
            found.append(pk)
            stack.extend(self.children.get(pk, []))
        return sorted(found)


@dataclass
class Resolved:
    """An indicator's counting method, resolved: what to count and how, or why not."""

    indicator: Indicator
    method: str  # RULE, MANUAL or BROKEN
    source: str | None = None
    problems: list[str] = field(default_factory=list)
    kind_ids: list[int] | None = None
    party_ids: list[int] | None = None
    activity_ids: list[int] | None = None
    reach: str | None = None
    at: str = "period_end"
    manual_reason: str = ""

    @property
    def key(self) -> str:
        return self.indicator.key

    @property
    def is_event_source(self) -> bool:
        return self.method == RULE and self.source in EVENT_SOURCES

    @property
    def accumulates(self) -> bool:
        """Whether yearly values add up towards the frame target (info days) or the latest value is the
        position reached (coordinators, councils). Counts of events add up unless declared a stock."""
        if self.indicator.kind == IndicatorKind.CUMULATIVE:
            return True
        if self.indicator.kind == IndicatorKind.STOCK:
            return False
        return self.is_event_source  # a milestone: counted events add up, a state does not

    def stock_day(self, period_end: dt.date) -> dt.date:
        """The day a stock is read in a plan year: its period end, or the rule's `at` (MM-DD)."""
        if self.at and self.at != "period_end":
            month, day = (int(part) for part in self.at.split("-"))
            try:
                return dt.date(period_end.year, month, day)
            except ValueError:  # 02-29 in a common year
                return dt.date(period_end.year, month, day - 1)
        return period_end


def resolve(indicator: Indicator, context: Context) -> Resolved:
    if indicator.measurement == Measurement.MANUAL:
        return Resolved(
            indicator,
            MANUAL,
            source=(indicator.rule or {}).get("source") if isinstance(indicator.rule, dict) else None,
            manual_reason=indicator.measurement_note or _("The plan marks this indicator as entered by hand."),
        )
    rule = indicator.rule
    if not rule:
        return Resolved(indicator, BROKEN, problems=[_("The indicator is counted by a rule, but has no rule.")])
    problems = validate_rule(
        rule,
        indicator_kind=indicator.kind,
        known_kinds=context.kinds.keys(),
        known_parties=context.parties.keys(),
        activity_codes=context.codes_by_plan.get(indicator.plan_id, set()) if context.activities_read else None,
    )
    if problems:
        return Resolved(
            indicator,
            BROKEN,
            source=rule.get("source") if isinstance(rule, dict) else None,
            problems=[f"{where}: {message}" for where, message in problems],
        )
    source = rule["source"]
    if source in MANUAL_SOURCES:
        return Resolved(
            indicator,
            MANUAL,
            source=source,
            manual_reason=_("Lõim holds no records of %(what)s; the value is entered by hand with evidence.")
            % {"what": SOURCES[source]},
        )
    resolved = Resolved(indicator, RULE, source=source, at=rule.get("at", "period_end"), reach=rule.get("reach"))
    if "kinds" in rule:
        resolved.kind_ids = sorted(context.kinds[code] for code in rule["kinds"])
    if "parties" in rule:
        resolved.party_ids = sorted(context.parties[slug] for slug in rule["parties"])
    if "activity" in rule:
        resolved.activity_ids = context.subtree(rule["activity"])
    return resolved
