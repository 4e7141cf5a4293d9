"""The one disclosure control: every count that leaves its party goes through here.

Why one module: suppression applied table by table does not survive subtraction. When a page shows
a true total and a table withholds one of its cells, the total minus the shown cells gives the
withheld cell back; with many tables (national, per county, per party, per period) a linear solve
recovers most withheld cells. So the rule here is structural, not per table:

1. A caller counts its records once, in the FINEST CELLS that any of its tables can ask for: a
   *unit* (e.g. party × municipality × calendar month) and, per *dimension* (channel, topic, target
   group …), the count of each value within the unit, plus the unit's total.
2. `protect` decides, unit by unit, which finest cells are withheld:
   - primary: a count from 1 to THRESHOLD - 1 (zeros describe nobody and are shown);
   - a unit whose total is small is withheld whole (every non-zero cell of every dimension);
   - secondary, in a dimension that partitions the unit (every record has exactly one value, so the
     values add up to the unit's total, which is shown): further cells, smallest first, until the
     withheld cells of the unit add up to at least THRESHOLD and to more than their number (so
     neither "total minus the rest" nor "each withheld cell is at least 1" pins one down).
   The decision depends only on the unit's own counts, so every table, every reader and every
   request sees the same cells withheld.
3. Every published figure — a breakdown cell, a per-county row, a per-party total, the national
   total — is the SUM OF THE PUBLISHED FINEST CELLS it covers (`Protected.figures`), together with
   the number of finest cells left out (`Figure.withheld`). No true total from which a withheld cell
   could be subtracted is ever published. Every published number is therefore a linear combination
   of published finest cells only, and (tests/core/test_disclosure.py proves it by exact Gaussian
   elimination over random data) no withheld cell is determined by any set of them.
4. Cross-party views use periods of whole calendar months (`period_errors`), the unit of time of the
   finest cells: two periods that differ by a day would otherwise give single-day counts. The month
   that is not over yet is not published either (its counts still grow day by day).

The owning party's own view (`exact=True`) withholds nothing: it sees its own exact counts.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field

from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

THRESHOLD = 5
TOTAL = "total"  # the pseudo-dimension of unit totals
WITHHELD_MARK = "x"


# --- Deciding what is withheld ----------------------------------------------------------------


def withhold_line(counts: list[int], *, partition: bool, threshold: int = THRESHOLD) -> list[bool]:
    """Which cells of one line (the values of one dimension within one unit) to withhold.

    Primary: every count from 1 to threshold - 1. Secondary, when the line partitions a total that
    is published: the next smallest non-zero cells until the withheld sum is at least `threshold`
    and larger than the number of withheld cells, or every non-zero cell is withheld."""
    hidden = [0 < count < threshold for count in counts]
    if not partition or not any(hidden):
        return hidden
    while True:
        withheld = [count for count, h in zip(counts, hidden, strict=True) if h]
        if sum(withheld) >= threshold and sum(withheld) > len(withheld) and len(withheld) > 1:
            return hidden
        candidates = [(count, i) for i, (count, h) in enumerate(zip(counts, hidden, strict=True)) if not h and count]
        if not candidates:
            return hidden
        hidden[min(candidates)[1]] = True


Unit = Hashable
Cells = Mapping[str, Mapping[Unit, Mapping[Hashable, int]]]


def _order(value) -> tuple:
    """A total order over dimension values of mixed types (None, ints, strings)."""
    return (value is not None, type(value).__name__, value if value is not None else 0)


@dataclass
class Protected:
    """The finest cells of one population with the withheld ones decided (see the module text)."""

    totals: dict[Unit, int]
    cells: dict[str, dict[Unit, dict[Hashable, int]]]
    exact: bool
    hidden_units: set[Unit] = field(default_factory=set)
    hidden: dict[str, set[tuple[Unit, Hashable]]] = field(default_factory=dict)

    def is_hidden(self, dimension: str, unit: Unit, value: Hashable = None) -> bool:
        if dimension == TOTAL:
            return unit in self.hidden_units
        return (unit, value) in self.hidden.get(dimension, ())

    def _source(self, dimension: str) -> Mapping[Unit, Mapping[Hashable, int]]:
        if dimension == TOTAL:
            return {unit: {None: n} for unit, n in self.totals.items()}
        return self.cells.get(dimension, {})

    def figures(
        self,
        dimension: str,
        key: Callable[[Unit, Hashable], Hashable] | None = None,
        where: Callable[[Unit], bool] | None = None,
    ) -> dict[Hashable, Figure]:
        """Published figures of a coarser table: for each key(unit, value) — by default the value —
        the sum of the published finest cells and the number withheld. Units failing `where` are
        left out (other parties, other months, other counties)."""
        sums: dict[Hashable, list[int]] = {}
        for unit, values in self._source(dimension).items():
            if where is not None and not where(unit):
                continue
            for value, count in values.items():
                if not count:
                    continue
                acc = sums.setdefault(value if key is None else key(unit, value), [0, 0])
                if self.is_hidden(dimension, unit, value):
                    acc[1] += 1
                else:
                    acc[0] += count
        return {k: Figure(published, withheld) for k, (published, withheld) in sums.items()}

    def total(self, where: Callable[[Unit], bool] | None = None) -> Figure:
        return self.figures(TOTAL, key=lambda unit, value: None, where=where).get(None, Figure(0))


def protect(
    totals: Mapping[Unit, int],
    cells: Cells,
    *,
    partitions: Iterable[str] = (),
    exact: bool = False,
    threshold: int = THRESHOLD,
) -> Protected:
    """Decide the withheld finest cells. `totals[unit]` is the number of records in the unit;
    `cells[dimension][unit][value]` the number with that value. For a dimension named in
    `partitions`, the values of a unit must add up to its total (give "not known" a value too).
    With `exact` (the owning party's view) nothing is withheld."""
    protected = Protected(
        totals={unit: n for unit, n in totals.items() if n},
        cells={
            dim: {u: {v: n for v, n in values.items() if n} for u, values in per.items()} for dim, per in cells.items()
        },
        exact=exact,
        hidden={dim: set() for dim in cells},
    )
    if exact:
        return protected
    partitions = frozenset(partitions)
    units = set(protected.totals)
    for per_unit in protected.cells.values():
        units.update(per_unit)
    for unit in units:
        n = protected.totals.get(unit, 0)
        whole = n < threshold  # a small unit is withheld whole (a unit with cells but no total too)
        if whole and n:
            protected.hidden_units.add(unit)
        for dim, per_unit in protected.cells.items():
            values = per_unit.get(unit)
            if not values:
                continue
            keys = sorted(values, key=_order)
            if whole:
                flags = [True] * len(keys)
            else:
                flags = withhold_line([values[k] for k in keys], partition=dim in partitions, threshold=threshold)
            protected.hidden[dim].update((unit, k) for k, flag in zip(keys, flags, strict=True) if flag)
    return protected


# --- What a published figure is -----------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """A published count: the sum of the published finest cells it covers (`value`) and how many
    finest cells were withheld from it (`withheld`). With nothing withheld it is the true count;
    with something withheld the true count is larger, and the figure says so."""

    value: int
    withheld: int = 0

    @property
    def complete(self) -> bool:
        return not self.withheld

    @property
    def suppressed(self) -> bool:
        """Nothing publishable: every non-zero cell behind it is withheld."""
        return bool(self.withheld) and not self.value

    @property
    def partial(self) -> bool:
        """Some cells behind it are published, some withheld: `value` is a lower bound."""
        return bool(self.withheld) and bool(self.value)

    @property
    def count(self) -> int | None:
        """The number for files and the API: None when withheld."""
        return None if self.suppressed else self.value

    @property
    def display(self) -> str:
        """As plain text (files): "12", "x" (withheld), "≥ 12" (withheld cells not included)."""
        if self.suppressed:
            return WITHHELD_MARK
        return f"≥ {self.value}" if self.partial else str(self.value)

    @property
    def shown(self) -> str:
        """As the page shows it: grouped digits in the locale's style."""
        if self.suppressed:
            return WITHHELD_MARK
        return f"≥ {intcomma(self.value)}" if self.partial else intcomma(self.value)

    def as_dict(self) -> dict:
        return {"count": self.count, "suppressed": self.suppressed, "withheld_cells": self.withheld}

    def __add__(self, other: Figure) -> Figure:
        return Figure(self.value + other.value, self.withheld + other.withheld)


ZERO = Figure(0)


def add_up(figures: Iterable[Figure]) -> Figure:
    """A coarser figure from finer published ones (their published sums and withheld counts add)."""
    total = ZERO
    for figure in figures:
        total = total + figure
    return total


# --- Safe periods -------------------------------------------------------------------------------


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def last_complete_month_end(today: dt.date) -> dt.date:
    return today.replace(day=1) - dt.timedelta(days=1)


def period_errors(start: dt.date, end: dt.date, today: dt.date) -> dict[str, str]:
    """Why a period cannot be published across parties, by field: it must be whole calendar months
    that are over (the finest cells count by month; a shorter period, or one that differs from
    another by a day, would give single-day counts)."""
    errors = {}
    if start.day != 1:
        errors["start"] = gettext(
            "Statistics that cover other parties start on the first day of a month: choose %(date)s."
        ) % {"date": f"{start.replace(day=1):%d.%m.%Y}"}
    if end != month_end(end):
        errors["end"] = gettext(
            "Statistics that cover other parties end on the last day of a month: choose %(date)s."
        ) % {"date": f"{month_end(end):%d.%m.%Y}"}
    elif end > last_complete_month_end(today):
        errors["end"] = gettext(
            "Statistics that cover other parties include only months that are over: end on %(date)s at the latest."
        ) % {"date": f"{last_complete_month_end(today):%d.%m.%Y}"}
    return errors


def complete_months(start: dt.date, end: dt.date, today: dt.date) -> tuple[dt.date, dt.date] | None:
    """The whole, finished months inside [start, end] (for reports whose window ends today)."""
    first = start if start.day == 1 else month_end(start) + dt.timedelta(days=1)
    last = min(
        end if end == month_end(end) else end.replace(day=1) - dt.timedelta(days=1), last_complete_month_end(today)
    )
    return (first, last) if first <= last else None


def explanation(threshold: int = THRESHOLD) -> str:
    """The text every cross-party table carries (pages, the About sheet of files)."""
    return gettext(
        "This view covers more than your own party. Counts from 1 to %(highest)s are withheld (shown as “x”), "
        "and where needed further counts too, so that no one can be identified, whichever tables are combined. "
        "Totals add up only the published counts: a figure shown as “≥ 12” leaves out withheld counts, so the "
        "true number is larger."
    ) % {"highest": threshold - 1}


WITHHELD_HEADING = _("withheld cells")
