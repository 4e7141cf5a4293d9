"""Verdicts of commitments: the vocabulary (met, missed, …), one period's judgement, the early
warnings, and the checks as plain data. No database access here; `checking.py` counts."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from loim.plans.models import Obligation, ObligationSubject, Period, Plan

from .. import periods

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
