"""Is the frame target (2029) still within reach? The outlook follows the indicator's kind.

Method (docs/monitoring.md, "Outlook"), each written beside the figure it gives:
- A **stock** (coordinators, networks, councils) is read at each year end and compared with that
  year's target; it is never extrapolated (six coordinators are not "about 15,6 by 2029"). On track:
  the latest year end with a target met it; behind: it did not; while the year runs the reading so
  far is shown against the year-end target and nothing is concluded.
- A **cumulative** count (info days, participations) projects from the finished plan years: the
  average of the finished years × the plan years left until the frame year, added to what the
  finished years did. With fewer than two finished years there is one value only: "cannot tell yet".
- A **milestone** is reached or not; until then it is due by the year of its next target (the plan's
  phase dates), and missed once that year has ended.
- Reached: the position already meets the frame target. Cannot tell: a broken rule, a missing
  manual value, or one value only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

REACHED = "reached"
ON_TRACK = "on_track"
AT_RISK = "at_risk"
BEHIND = "behind"
UNKNOWN = "unknown"
NO_TARGET = "no_target"
CONTEXT = "context"  # another party's indicator, or a part without a target of its own: not judged

STOCK = "stock"
CUMULATIVE = "cumulative"
MILESTONE = "milestone"


@dataclass
class Outlook:
    verdict: str
    explanation: str
    projected: Decimal | None = None
    pace: Decimal | None = None
    needed_per_year: Decimal | None = None
    method: str = ""  # how the verdict was drawn, in words, shown beside it

    @property
    def label(self) -> str:
        return {
            REACHED: _("reached"),
            ON_TRACK: _("on track"),
            AT_RISK: _("at risk"),
            BEHIND: _("below the year's target"),
            UNKNOWN: _("cannot tell yet"),
            NO_TARGET: _("no frame target"),
            CONTEXT: _("not judged here"),
        }[self.verdict]


@dataclass(frozen=True)
class YearValue:
    """One plan year of the series as the outlook needs it."""

    year: int
    value: Decimal | None
    final: bool
    target: Decimal | None = None  # that year's own target, if the plan sets one


def one_decimal(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def show(value: Decimal) -> str:
    text = f"{one_decimal(value):f}"
    return text[:-2] if text.endswith(".0") else text.replace(".", ",")


def outlook(
    *,
    kind: str,
    years: list[YearValue],
    position: Decimal | None,
    target: Decimal | None,
    frame_year: int | None,
    as_of: dt.date,
    missing: str = "",
) -> Outlook:
    """`years`: the plan years so far (started), oldest first; `position`: the sum so far (cumulative)
    or the latest reading (stock, milestone); `target`: the frame target of `frame_year`."""
    if target is None or frame_year is None:
        return Outlook(NO_TARGET, _("The plan gives no target for the end of the frame."))
    if missing or position is None:
        return Outlook(UNKNOWN, missing or _("There is no value yet."))
    values = {"target": show(target), "year": frame_year}
    if position >= target:
        return Outlook(REACHED, _("The %(year)s target of %(target)s is reached.") % values)
    if kind == STOCK:
        return _stock(years, target, frame_year, as_of)
    if kind == MILESTONE:
        return _milestone(years, position, target, frame_year, as_of)
    return _cumulative(years, target, frame_year)


def _stock(years: list[YearValue], target: Decimal, frame_year: int, as_of: dt.date) -> Outlook:
    method = _("A stock is compared with its target at each year end; it is not extrapolated.")
    judged = [y for y in years if y.final and y.value is not None and y.target is not None]
    current = years[-1] if years else None
    if current is not None and not current.final and current.value is not None:
        interim = _("So far %(value)s on %(day)s; ") % {"value": show(current.value), "day": f"{as_of:%d.%m.%Y}"}
    else:
        interim = ""
    if not judged:
        goal = current.target if current is not None and current.target is not None else target
        goal_year = current.year if current is not None and current.target is not None else frame_year
        return Outlook(
            UNKNOWN,
            interim
            + _("no year end with a target has been read yet (target %(target)s at the end of %(year)s).")
            % {"target": show(goal), "year": goal_year},
            method=method,
        )
    last = judged[-1]
    values = {
        "year": last.year,
        "value": show(last.value),
        "target": show(last.target),
        "frame_target": show(target),
        "frame_year": frame_year,
    }
    if last.value >= last.target:
        text = _("At the end of %(year)s: %(value)s, the year's target %(target)s was met.") % values
        verdict = ON_TRACK
    else:
        text = _("At the end of %(year)s: %(value)s, below the year's target of %(target)s.") % values
        verdict = BEHIND
    text += " " + _("The %(frame_year)s target is %(frame_target)s.") % values
    return Outlook(verdict, (interim + text) if interim else text, method=method)


def _cumulative(years: list[YearValue], target: Decimal, frame_year: int) -> Outlook:
    finished = [y for y in years if y.final and y.value is not None]
    method = _(
        "Projection: the average of the finished plan years × the plan years left until %(year)s, "
        "added to what the finished years did."
    ) % {"year": frame_year}
    done = sum((y.value for y in finished), Decimal(0))
    last_year = finished[-1].year if finished else (years[0].year - 1 if years else frame_year)
    left = max(frame_year - last_year, 0)
    gap = target - done
    needed = gap / left if left else None
    if len(finished) < 2:
        shown = ", ".join(f"{y.year}: {show(y.value)}" for y in years if y.value is not None) or "—"
        return Outlook(
            UNKNOWN,
            _("One value only (%(values)s): no pace can be drawn yet. %(gap)s more are needed by %(year)s.")
            % {
                "values": shown,
                "gap": show(target - sum((y.value for y in years if y.value), Decimal(0))),
                "year": frame_year,
            },
            needed_per_year=needed,
            method=method,
        )
    average = done / len(finished)
    projected = done + average * left
    values = {
        "first": finished[0].year,
        "last": finished[-1].year,
        "done": show(done),
        "n": len(finished),
        "average": show(average),
        "left": left,
        "projected": show(projected),
        "target": show(target),
        "year": frame_year,
        "needed": show(needed) if needed is not None else "—",
    }
    text = (
        _(
            "%(first)s–%(last)s: %(done)s in %(n)s years, %(average)s a year; %(done)s + %(average)s × "
            "%(left)s years left = about %(projected)s by %(year)s; the target is %(target)s."
        )
        % values
    )
    if projected >= target:
        return Outlook(ON_TRACK, text, projected=projected, pace=average, needed_per_year=needed, method=method)
    return Outlook(
        AT_RISK,
        text + " " + _("%(needed)s a year would be needed.") % values,
        projected=projected,
        pace=average,
        needed_per_year=needed,
        method=method,
    )


def _milestone(years: list[YearValue], position: Decimal, target: Decimal, frame_year: int, as_of) -> Outlook:
    method = _("A milestone is reached or not; it is due by the year the plan sets its target for.")
    due = next((y for y in years if y.target is not None and y.year >= as_of.year), None)
    due_year, due_target = (due.year, due.target) if due is not None else (frame_year, target)
    values = {"value": show(position), "target": show(due_target), "year": due_year}
    if due is not None and due.final:
        return Outlook(AT_RISK, _("%(value)s of %(target)s: missed in %(year)s.") % values, method=method)
    return Outlook(ON_TRACK, _("%(value)s of %(target)s so far; due by the end of %(year)s.") % values, method=method)


def not_judged(text: str) -> Outlook:
    """An outlook for a figure that is context here (another party's indicator, a part without a
    target of its own): stated, never a verdict on the viewer."""
    return Outlook(CONTEXT, text)
