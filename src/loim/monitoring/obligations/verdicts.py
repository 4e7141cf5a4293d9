"""Verdicts of commitments: the vocabulary (met, missed, …), one period's judgement, the early
warnings, and the checks as plain data. No database access here; `checking.py` counts."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from loim.plans.models import Obligation, ObligationSubject, Period, Plan
from loim.plans.validation import stored_rule_problems

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
    rule: str = ""  # the rule applied, in words: "2–3 a year: 4, above plan"
    above: bool = False  # met, above the plan's range (flagged, never a failure)
    expected: float | None = None  # the pace: how many the minimum implies by the day judged
    behind: bool = False  # in progress and behind that pace by at least PACE_TOLERANCE
    regions: int | None = None  # distinct regions counted (commitments "in different regions")
    unchecked: int = 0  # events whose region is unknown (no municipality): region not checked
    explanation: object = None  # the party's DeviationExplanation of a missed period, where pages attach it

    @property
    def label(self) -> str:
        if self.verdict == MET and self.above:
            return _("met, above plan")
        if self.verdict == MET and self.unchecked:
            return _("met, region not checked")
        return verdict_label(self.verdict)

    @property
    def symbol(self) -> str:
        """The verdict's symbol, flagged: ✓+ met above plan, ✓? met with the region not checked."""
        if self.verdict == MET and self.above:
            return "✓+"
        if self.verdict == MET and self.unchecked:
            return "✓?"
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
        """The rule the commitment is checked by, in words (the cells add what they found)."""
        return requirement_of(self.obligation, [cell.slot for cell in self.cells])

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
    """A period in progress below its minimum warns in its last quarter, or earlier when the count
    is behind the pace the minimum implies (`pace_expected`)."""
    obligation = check.obligation
    if cell.verdict != IN_PROGRESS or cell.days_left is None:
        return None
    if cell.days_left > warn_within(cell.slot) and not cell.behind:
        return None
    needed = effective_minimum(obligation) or 0
    count = cell.regions + cell.unchecked if cell.regions is not None else cell.count or 0
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
    if cell.behind:
        text += " " + _("Behind the pace: %(rule)s.") % {"rule": cell.rule}
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
    plan = getattr(obligation, "plan", None)
    plan_period = (plan.period_start, plan.period_end) if plan is not None else None
    for field_name, message in stored_rule_problems(
        getattr(obligation, "rule", None), period=obligation.period, plan_period=plan_period
    ):
        problems.append(f"{field_name}: {message}")
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


def judge(
    obligation: Obligation,
    slot: periods.Slot,
    count: int,
    as_of: dt.date,
    excluded: frozenset[str],
    *,
    regions: int | None = None,
    unchecked: int = 0,
    requirement: str = "",
) -> Cell:
    """One period's verdict from its count, and the rule applied in words (`Cell.rule`).

    - A maximum is the top of the plan's range ("2–3 korda aastas"): more is met, above plan.
    - A commitment in distinct regions is judged by the regions counted; an event without a
      municipality may lie in another region, so it counts as one, flagged "region not checked".
    - A period in progress is measured against the pace of its minimum (`pace_expected`)."""
    rule = requirement or requirement_of(obligation, [slot])
    if periods.is_excluded(slot, excluded):
        return Cell(slot, EXCLUDED, count, _("The plan pauses this commitment in this period."), rule=rule)
    if obligation.is_open:
        return Cell(
            slot, OPEN, count if slot.start <= as_of else None, _("The cadence is still to be agreed."), rule=rule
        )
    if slot.start > as_of:
        return Cell(slot, NOT_DUE, rule=rule)
    in_progress = as_of < slot.end
    days_left = slot.days_left(as_of) if in_progress else None
    minimum, maximum = effective_minimum(obligation), obligation.max_count
    judged, found = count, []
    if regions is not None:
        judged = regions + unchecked
        found.append(
            ngettext("%(n)d distinct region", "%(n)d distinct regions", regions) % {"n": regions}
            + (
                " + "
                + ngettext(
                    "%(n)d event without a municipality (region not checked)",
                    "%(n)d events without a municipality (region not checked)",
                    unchecked,
                )
                % {"n": unchecked}
                if unchecked
                else ""
            )
        )
    cell = Cell(slot, MET, count, days_left=days_left, regions=regions, unchecked=unchecked)
    if maximum is not None and judged > maximum:
        cell.above = True
        cell.reason = _("%(count)d is above the plan's %(range)s: met, above plan.") % {
            "count": judged,
            "range": _range(minimum, maximum),
        }
        found.append(_("%(count)d, above plan") % {"count": judged})
    elif (minimum is not None and judged >= minimum) or (minimum is None and not in_progress):
        pass  # met
    elif in_progress:
        cell.verdict = IN_PROGRESS
        expected = pace_expected(obligation, slot, as_of)
        if expected is not None and minimum:
            cell.expected = expected
            cell.behind = expected - judged >= PACE_TOLERANCE
            pace = _("pace: expected %(expected)s by %(day)s") % {
                "expected": _one_decimal(expected),
                "day": f"{as_of:%d.%m}",
            }
            pauses = "".join(" " + _("excluding the %(pause)s pause") % {"pause": p} for p in pause_names(obligation))
            found.append(pace + pauses)
    else:
        cell.verdict = MISSED
        cell.reason = _("%(count)d of at least %(min)d.") % {"count": judged, "min": minimum or 0}
    cell.rule = rule + (": " + ", ".join(found) if found else "")
    return cell


#: how far behind the pace a count may be before it warns: one whole event, so a minimum of 1 or 2
#: is not nagged about early in the year, and Rakvere's 1 of 10 by mid-May is.
PACE_TOLERANCE = 1.0


def pauses_of(obligation: Obligation) -> list[tuple[dt.date, dt.date]]:
    """The declared pauses of a yearly commitment (`Obligation.rule["pauses"]`, ISO dates)."""
    found = []
    for pause in (getattr(obligation, "rule", None) or {}).get("pauses", []):
        found.append((dt.date.fromisoformat(pause["start"]), dt.date.fromisoformat(pause["end"])))
    return found


def pace_expected(obligation: Obligation, slot: periods.Slot, as_of: dt.date) -> float | None:
    """How many of the minimum the period's active time up to `as_of` implies: minimum × elapsed
    active days ÷ active days of the period, a day being active unless a declared pause covers it.
    Rakvere on 15.05.2024, at least 10 in 2024 with July–August paused: 10 × 136 ÷ 304 = 4.47."""
    minimum = effective_minimum(obligation)
    if not minimum or slot.key.split("-", 1)[-1].startswith("by") or as_of < slot.start:
        return None
    paused = pauses_of(obligation)

    def active(until: dt.date) -> int:
        days = (min(until, slot.end) - slot.start).days + 1
        for start, end in paused:
            first, last = max(start, slot.start), min(end, slot.end, until)
            if first <= last:
                days -= (last - first).days + 1
        return max(days, 0)

    total = active(slot.end)
    if total <= 0:
        return None
    return minimum * active(as_of) / total


def pause_names(obligation: Obligation) -> list[str]:
    """The pauses in words: whole months by name ("July–August"), else the dates."""
    names = []
    for start, end in pauses_of(obligation):
        whole = start.day == 1 and (end + dt.timedelta(days=1)).day == 1
        if whole:
            first, last = _month_name(start.month), _month_name(end.month)
            names.append(first if first == last else f"{first}–{last}")
        else:
            names.append(f"{start:%d.%m}–{end:%d.%m}")
    return names


def _month_name(month: int) -> str:
    return periods.month_name(month)


def _one_decimal(value: float) -> str:
    return number_format(round(value, 1), 1)


def _range(minimum: int | None, maximum: int | None) -> str:
    if minimum is not None and maximum is not None:
        return f"{minimum}–{maximum}"
    if maximum is not None:
        return _("at most %(n)d") % {"n": maximum}
    return _("at least %(n)d") % {"n": minimum or 0}


def _per(period: str) -> str:
    labels: dict[str, str] = {
        Period.WEEK: _("a week"),
        Period.MONTH: _("a month"),
        Period.QUARTER: _("a quarter"),
        Period.HALF_YEAR: _("a half-year"),
        Period.YEAR: _("a year"),
    }
    return labels.get(period, "")


def requirement_of(obligation: Obligation, slots: list[periods.Slot]) -> str:
    """The rule in words, as the plan's sentence reads it: "at least 1 a week, weeks of 2024 incl.
    the partial week 30.12–31.12", "2–3 a year", "at least 10 a year, paused July–August",
    "at least 2 a year in distinct regions"."""
    if obligation.is_open:
        return _("cadence to be agreed")
    if obligation.subject == ObligationSubject.MANUAL and obligation.min_count is None:
        return _("confirmed by hand")
    minimum, maximum = obligation.min_count, obligation.max_count
    if obligation.period == Period.ONCE:
        text = _range(minimum, maximum)
        if obligation.due_date:
            text += " " + _("by %(date)s") % {"date": f"{obligation.due_date:%d.%m.%Y}"}
    else:
        # "2–3 korda aastas", "vähemalt 1 kord nädalas": the times agree with the upper number
        upper = maximum if maximum is not None else minimum or 0
        text = ngettext("%(range)s %(per)s", "%(range)s %(per)s", upper) % {
            "range": _range(minimum, maximum),
            "per": _per(obligation.period),
        }
    if obligation.period == Period.WEEK and slots:
        cut = periods.partial_weeks(slots)
        # the first week is cut to the plan period, which starts in the plan year
        text += ", " + _("weeks of %(year)d") % {"year": slots[0].start.year}
        if cut:
            text += " " + ngettext(
                "incl. the partial week %(weeks)s", "incl. the partial weeks %(weeks)s", len(cut)
            ) % {"weeks": ", ".join(f"{w.start:%d.%m}–{w.end:%d.%m}" for w in cut)}
    if (getattr(obligation, "rule", None) or {}).get("distinct") == "region":
        text += " " + _("in distinct regions")
    for name in pause_names(obligation):
        text += ", " + _("paused %(pause)s") % {"pause": name}
    return text


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
            "rule": check.requirement,
            "pauses": (check.obligation.rule or {}).get("pauses", []),
            "distinct": (check.obligation.rule or {}).get("distinct", ""),
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
                    "rule": cell.rule,
                    "above": cell.above,
                    "expected": round(cell.expected, 2) if cell.expected is not None else None,
                    "behind": cell.behind,
                    "regions": cell.regions,
                    "region_not_checked": cell.unchecked,
                    "events": [event.pk for event in cell.events],
                }
                for cell in check.cells
            ],
        }
        for check in checks
    ]
