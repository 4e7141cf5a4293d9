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
from decimal import Decimal

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from loim.parties.models import PartnershipAgreement, Party, PartyKind
from loim.plans.models import Activity, EventKind, Indicator, IndicatorKind, Measurement
from loim.plans.rules import EVENT_SOURCES, SOURCES, delivered_by, validate_rule

#: sources whose records Lõim does not hold: their indicators are entered by hand with evidence
MANUAL_SOURCES: frozenset[str] = frozenset()
#: stock sources counted from the journey-model rollout's records (issue 13): municipalities in "implement"
ROLLOUT_SOURCES = frozenset({"journey_implementations"})
#: stock sources counted from the network app's records: the kind of network each counts
NETWORK_SOURCES = {"networks": "local", "councils": "council"}

RULE = "rule"
MANUAL = "manual"
BROKEN = "broken"


@dataclass(frozen=True)
class PartyInfo:
    """A party as the figures name it (read once with the rules' party codes)."""

    pk: int
    slug: str
    name: str
    short_name: str
    kind: str
    municipality_id: int | None
    # the first start and last end of the party's partnership agreements (None: it has none)
    partner_from: dt.date | None = None
    partner_until: dt.date | None = None

    def partner_during(self, period: tuple[dt.date, dt.date] | None) -> bool:
        """Whether the party is a partner in the period: a partner municipality whose agreements' terms
        touch it (one joining in 2025 has no share of the 2024 targets). Without agreements on record,
        or without a period, every partner is."""
        if not self.is_partner:
            return False
        if period is None or (self.partner_from is None and self.partner_until is None):
            return True
        return (self.partner_from is None or self.partner_from <= period[1]) and (
            self.partner_until is None or self.partner_until >= period[0]
        )

    @property
    def label(self) -> str:
        return self.short_name or self.name

    @property
    def is_partner(self) -> bool:
        return self.kind == PartyKind.PARTNER


@dataclass
class Context:
    """What rules may refer to, read once per evaluation (a handful of small tables)."""

    kinds: dict[str, int]
    parties: dict[str, int]
    codes_by_plan: dict[int, set[str]]
    ids_by_code: dict[str, list[int]]
    children: dict[int, list[int]]
    activities_read: bool = True
    party_info: dict[int, PartyInfo] = field(default_factory=dict)

    @classmethod
    def load(cls, plan_ids, *, activities: bool = True) -> Context:
        """`activities=False` skips reading the plans' activity trees when no rule names an activity."""
        kinds = dict(EventKind.objects.values_list("code", "pk"))
        agreements = PartnershipAgreement.objects.filter(party_id=OuterRef("pk"))
        party_info = {
            row[0]: PartyInfo(*row)
            for row in Party.objects.annotate(
                partner_from=Subquery(agreements.order_by("term_start").values("term_start")[:1]),
                partner_until=Subquery(agreements.order_by("-term_end").values("term_end")[:1]),
            ).values_list(
                "pk", "slug", "name", "short_name", "kind", "municipality_id", "partner_from", "partner_until"
            )
        }
        parties = {info.slug: pk for pk, info in party_info.items()}
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
        return cls(kinds, parties, dict(codes_by_plan), dict(ids_by_code), dict(children), activities, party_info)

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
    reading: str = "posts"  # coordinator positions: "posts" or "municipalities"
    per_partner: Decimal | None = None  # each partner's own target
    party_targets: dict[int, Decimal] = field(default_factory=dict)  # party id → its own target
    delivered_by: list[int] | None = None  # the parties that deliver a programme-wide indicator
    period: tuple[dt.date, dt.date] | None = None  # the indicator's plan period, when its plan was read with it

    def own_target(self, party: PartyInfo) -> Decimal | None:
        """The party's own target in a year the plan sets one, from the rule's share fields."""
        if self.per_partner is not None:
            return self.per_partner if party.partner_during(self.period) else None
        return self.party_targets.get(party.pk)

    @property
    def has_shares(self) -> bool:
        return self.per_partner is not None or bool(self.party_targets)

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


def _shares(resolved: Resolved, rule, context: Context) -> Resolved:
    """The rule's share fields (valid by now), resolved to party ids."""
    if not isinstance(rule, dict):
        return resolved
    if "per_partner" in rule:
        resolved.per_partner = Decimal(str(rule["per_partner"]))
        if Indicator.plan.is_cached(resolved.indicator):  # no extra query
            plan = resolved.indicator.plan
            resolved.period = (plan.period_start, plan.period_end)
    for slug, value in (rule.get("party_targets") or {}).items():
        resolved.party_targets[context.parties[slug]] = Decimal(str(value))
    slugs = delivered_by(rule)
    if slugs:
        resolved.delivered_by = sorted(context.parties[slug] for slug in slugs)
    resolved.reading = rule.get("reading", "posts")
    return resolved


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
        return _shares(
            Resolved(
                indicator,
                MANUAL,
                source=source,
                manual_reason=_("Lõim holds no records of %(what)s; the value is entered by hand with evidence.")
                % {"what": SOURCES[source]},
            ),
            rule,
            context,
        )
    resolved = Resolved(indicator, RULE, source=source, at=rule.get("at", "period_end"), reach=rule.get("reach"))
    if "kinds" in rule:
        resolved.kind_ids = sorted(context.kinds[code] for code in rule["kinds"])
    if "parties" in rule:
        resolved.party_ids = sorted(context.parties[slug] for slug in rule["parties"])
    if "activity" in rule:
        resolved.activity_ids = context.subtree(rule["activity"])
    return _shares(resolved, rule, context)
