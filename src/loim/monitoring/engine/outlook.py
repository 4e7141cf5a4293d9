"""Is the frame target (2029) still reachable at the current pace? A straight-line projection.

Method (docs/monitoring.md, "Outlook"):
- A count that adds up over the years (info days, participations): the pace is what has been done
  since the first plan year began, per year elapsed; the projection adds that pace for every year
  left until the frame ends (31.10.2029).
- A stock (coordinators, councils): the pace is the change from the opening value (the stock on the
  day before the first plan year, or the first value entered by hand) to the latest one, per year
  between them; the projection carries that change on to the frame end.
- Reached: the latest position already meets the target. On track: the projection meets it. At
  risk: it does not; the page then says how much a year would be needed. Unknown: a broken rule, a
  missing manual value, or a single reading of a stock entered by hand (no pace can be drawn).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

REACHED = "reached"
ON_TRACK = "on_track"
AT_RISK = "at_risk"
UNKNOWN = "unknown"
NO_TARGET = "no_target"
DAYS_PER_YEAR = Decimal("365.25")


@dataclass
class Outlook:
    verdict: str
    explanation: str
    projected: Decimal | None = None
    pace: Decimal | None = None
    needed_per_year: Decimal | None = None

    @property
    def label(self) -> str:
        return {
            REACHED: _("reached"),
            ON_TRACK: _("on track"),
            AT_RISK: _("at risk"),
            UNKNOWN: _("cannot tell"),
            NO_TARGET: _("no frame target"),
        }[self.verdict]


def years_between(start: dt.date, end: dt.date) -> Decimal:
    return Decimal(max((end - start).days, 0)) / DAYS_PER_YEAR


def one_decimal(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def show(value: Decimal) -> str:
    text = f"{one_decimal(value):f}"
    return text[:-2] if text.endswith(".0") else text.replace(".", ",")


def outlook(
    *,
    accumulates: bool,
    position: Decimal | None,
    target: Decimal | None,
    frame_end: dt.date,
    pace_start: dt.date,
    opening: Decimal | None,
    as_of: dt.date,
    missing: str = "",
) -> Outlook:
    """`position`: done so far (a sum) or the latest stock; `pace_start`: when counting began (the
    first plan year's start) or the day of the opening stock; `as_of`: the last day counted."""
    if target is None:
        return Outlook(NO_TARGET, _("The plan gives no target for the end of the frame."))
    if missing or position is None:
        return Outlook(UNKNOWN, missing or _("There is no value yet."))
    if position >= target:
        return Outlook(REACHED, _("The target of %(target)s is reached.") % {"target": show(target)})
    left = years_between(as_of, frame_end)
    elapsed = years_between(pace_start, as_of + dt.timedelta(days=1))
    gap = target - position
    needed = gap / left if left > 0 else None
    if elapsed <= 0 or (not accumulates and opening is None):
        return Outlook(
            UNKNOWN,
            _("One reading only: no pace can be drawn yet. %(gap)s more are needed by %(end)s.")
            % {"gap": show(gap), "end": f"{frame_end:%d.%m.%Y}"},
            needed_per_year=needed,
        )
    pace = (position if accumulates else position - opening) / elapsed
    projected = position + max(pace, Decimal(0)) * left
    values = {
        "pace": show(pace),
        "projected": show(projected),
        "target": show(target),
        "end": f"{frame_end:%d.%m.%Y}",
        "needed": show(needed) if needed is not None else "—",
    }
    if projected >= target:
        return Outlook(
            ON_TRACK,
            _("At the pace so far (%(pace)s a year) about %(projected)s by %(end)s; the target is %(target)s.")
            % values,
            projected=projected,
            pace=pace,
            needed_per_year=needed,
        )
    return Outlook(
        AT_RISK,
        _(
            "At the pace so far (%(pace)s a year) only about %(projected)s by %(end)s; the target is "
            "%(target)s, so %(needed)s a year would be needed."
        )
        % values,
        projected=projected,
        pace=pace,
        needed_per_year=needed,
    )
