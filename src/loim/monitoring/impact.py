"""What deleting an event changes: the verdicts of the commitments it counts in and the indicator
figures it is part of, with and without it.

Nothing is counted twice or by a second counter: the obligation checker and the indicator engine run
as they always do, once over the records the user may see and once with the event left out
(`Viewer.without_events`), and the results are compared. Only the periods that contain the event's
day are compared (elsewhere it does not count), as of today, over the plan year of the event's day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from loim.plans.models import ObligationSubject, Plan

from . import obligations as checker
from .access import Viewer
from .engine import evaluate
from .engine.counting import LOCAL_TZ


@dataclass(frozen=True)
class VerdictChange:
    obligation: object
    before: checker.Cell
    after: checker.Cell

    @property
    def changes(self) -> bool:
        return self.before.label != self.after.label


@dataclass(frozen=True)
class FigureChange:
    indicator: object
    before: Decimal
    after: Decimal


@dataclass
class DeletionImpact:
    plan: Plan | None = None
    verdicts: list[VerdictChange] = field(default_factory=list)
    figures: list[FigureChange] = field(default_factory=list)

    @property
    def changed_verdicts(self) -> list[VerdictChange]:
        return [change for change in self.verdicts if change.changes]

    def __bool__(self) -> bool:
        return bool(self.verdicts or self.figures)


def deletion_impact(event, user, *, as_of: dt.date | None = None) -> DeletionImpact:
    """The commitments' periods the event counts in (verdict and count with → without it) and the
    indicators whose value would drop, as the user sees them."""
    as_of = as_of or timezone.localdate()
    day = event.start.astimezone(LOCAL_TZ).date()
    plan = Plan.objects.visible_to(user).filter(period_start__lte=day, period_end__gte=day).first()
    if plan is None or day > as_of:  # an event that has not happened yet counts nowhere yet
        return DeletionImpact(plan)
    viewer, without = Viewer(user=user), Viewer(user=user, without_events=frozenset({event.pk}))
    obligations = [
        obligation
        for obligation in checker.obligations_for(plan, viewer).filter(
            responsible_id=event.party_id, subject=ObligationSubject.EVENTS
        )
        if checker.counts_event(obligation, event)
    ]
    impact = DeletionImpact(plan)
    if obligations:
        befores = checker.check(plan, viewer, as_of=as_of, obligations=obligations)
        afters = checker.check(plan, without, as_of=as_of, obligations=obligations)
        for before, after in zip(befores, afters, strict=True):
            for cell_before, cell_after in zip(before.cells, after.cells, strict=True):
                if cell_before.slot.contains(day) and cell_before.verdict != checker.EXCLUDED:
                    impact.verdicts.append(VerdictChange(before.obligation, cell_before, cell_after))
    figures_after = {result.key: result for result in evaluate(plan, without, as_of=as_of)}
    for result in evaluate(plan, viewer, as_of=as_of):
        after_value = figures_after[result.key].value
        if result.value is not None and after_value is not None and after_value < result.value:
            impact.figures.append(FigureChange(result.indicator, result.value, after_value))
    return impact
