"""Reading a whole plan at once: the activity tree with its indicators, targets and commitments, in a
constant number of queries however many rows the plan has (the plan page, the timeline, the
consistency check and the export all read it this way)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch

from loim.core.permissions import parties_for
from loim.parties.models import Party

from .models import Activity, Indicator, Obligation, Plan, Section, Target


@dataclass
class PlanTree:
    """A plan read whole. Activities carry `rows` (children), `top`, `indicator_list`,
    `obligation_list` and `is_mine`; indicators carry `target_list` and `target_by_year`."""

    plan: Plan
    activities: list[Activity]
    indicators: list[Indicator]
    obligations: list[Obligation]
    section_indicators: dict[str, list[Indicator]] = field(default_factory=dict)

    def tops(self, section: str | None = None) -> list[Activity]:
        return [a for a in self.activities if a.level == 0 and (section is None or a.section == section)]

    def sections(self) -> list[dict]:
        """The document's two parts in order, numbered as printed (1. implementer, 2. partners)."""
        parts = []
        for number, (value, label) in enumerate(Section.choices, start=1):
            tops = self.tops(value)
            for index, top in enumerate(tops, start=1):
                top.heading_number = f"{number}.{index}"
            if tops or self.section_indicators.get(value):
                parts.append(
                    {
                        "value": value,
                        "label": label,
                        "number": number,
                        "activities": tops,
                        "indicators": self.section_indicators.get(value, []),
                    }
                )
        return parts

    def descendants(self, activity: Activity) -> list[Activity]:
        out = []
        for row in activity.rows:
            out.append(row)
            out.extend(self.descendants(row))
        return out


def plan_tree(plan: Plan, *, user=None) -> PlanTree:
    """The plan with everything under it; `is_mine` marks rows the user's parties answer for."""
    member_of = parties_for(user, "member") if user is not None else frozenset()
    activities = list(
        Activity.objects.filter(plan=plan)
        .prefetch_related(Prefetch("responsible_parties", queryset=Party.objects.order_by("kind", "name")))
        .order_by("position", "pk")
    )
    indicators = list(
        Indicator.objects.filter(plan=plan)
        .prefetch_related(Prefetch("targets", queryset=Target.objects.order_by("year")))
        .order_by("position", "pk")
    )
    obligations = list(
        Obligation.objects.filter(plan=plan)
        .select_related("responsible")
        .prefetch_related("event_kinds")
        .order_by("activity__position", "key")
    )
    by_id = {a.pk: a for a in activities}
    for activity in activities:
        activity.plan = plan
        activity.rows = []
        activity.indicator_list = []
        activity.obligation_list = []
        activity.is_mine = any(p.pk in member_of for p in activity.responsible_parties.all())
    for activity in activities:
        parent = by_id.get(activity.parent_id)
        activity.parent_node = parent
        if parent is not None:
            parent.rows.append(activity)
    for activity in activities:
        top = activity
        while top.parent_node is not None:
            top = top.parent_node
        activity.top = top
    section_indicators: dict[str, list[Indicator]] = defaultdict(list)
    for indicator in indicators:
        indicator.plan = plan
        indicator.target_list = list(indicator.targets.all())
        indicator.target_by_year = {t.year: t.value for t in indicator.target_list}
        indicator.plan_target = indicator.target_by_year.get(plan.year)
        indicator.frame_target = indicator.target_by_year.get(plan.frame_end.year)
        if indicator.activity_id in by_id:
            indicator.activity = by_id[indicator.activity_id]
            by_id[indicator.activity_id].top.indicator_list.append(indicator)
        else:
            section_indicators[indicator.section].append(indicator)
    for obligation in obligations:
        obligation.plan = plan
        obligation.activity = by_id[obligation.activity_id]
        obligation.kind_list = list(obligation.event_kinds.all())
        obligation.activity.top.obligation_list.append(obligation)
    for top in (a for a in activities if a.level == 0):
        top.has_mine = top.is_mine or any(row.is_mine for row in _walk(top))
    return PlanTree(plan, activities, indicators, obligations, dict(section_indicators))


def _walk(activity: Activity):
    for row in activity.rows:
        yield row
        yield from _walk(row)


def targets_across_years(plan: Plan, user) -> dict[str, list[tuple[int, int, object]]]:
    """For each indicator key of the plan, its targets in every plan the user sees:
    key → [(plan year, target year, value)], so the years link up by the stable key."""
    keys = Indicator.objects.filter(plan=plan).values("key")
    rows = (
        Target.objects.visible_to(user)
        .filter(indicator__key__in=keys)
        .exclude(indicator__plan=plan)
        .values_list("indicator__key", "indicator__plan__year", "year", "value")
        .order_by("indicator__plan__year", "year")
    )
    linked: dict[str, list] = defaultdict(list)
    for key, plan_year, year, value in rows:
        linked[key].append((plan_year, year, value))
    return dict(linked)
