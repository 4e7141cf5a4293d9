"""De-identified counts of the register, with small cells suppressed — in this one place.

The county view, the national aggregates, the home panel and the counts API all build their tables
with `count_table`, which always passes through `suppress`. Nothing else in Lõim turns register rows
into numbers that leave the register.

Suppression (statistical disclosure control):
- primary: a count of 1 to THRESHOLD-1 people is not shown (zeros are shown: they describe nobody);
- complementary: a table shows row and column totals, so a single hidden cell in a row or column could
  be worked out by subtraction. Wherever a row, column or the totals line has exactly one hidden value,
  one more is hidden (the smallest non-zero inner cell, else a total), until every line hides none or
  at least two.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from loim.core.vocabulary import TargetGroup
from loim.places.models import County, Municipality

from .models import Person

THRESHOLD = 5


@dataclass(frozen=True)
class Cell:
    value: int
    suppressed: bool

    @property
    def shown(self) -> int | None:
        return None if self.suppressed else self.value


def suppress(
    values: list[list[int]], threshold: int = THRESHOLD
) -> tuple[list[list[Cell]], list[Cell], list[Cell], Cell]:
    """Cells, row totals, column totals and the grand total of `values`, with suppression applied.

    Positions (r, c) run over an (R+1) × (C+1) grid: row R holds the column totals, column C the row
    totals, and (R, C) the grand total.
    """
    rows, columns = len(values), len(values[0]) if values else 0
    grid = [[*row, sum(row)] for row in values]
    grid.append([sum(values[r][c] for r in range(rows)) for c in range(columns)] + [sum(map(sum, values))])
    hidden = {(r, c) for r in range(rows + 1) for c in range(columns + 1) if 0 < grid[r][c] < threshold}
    lines = [[(r, c) for c in range(columns + 1)] for r in range(rows + 1)]
    lines += [[(r, c) for r in range(rows + 1)] for c in range(columns + 1)]

    def preference(position):
        r, c = position
        is_total = r == rows or c == columns
        value = grid[r][c]
        return (is_total, value == 0, value, r, c)

    changed = True
    while changed:
        changed = False
        for line in lines:
            if sum(1 for p in line if p in hidden) == 1:
                candidates = [p for p in line if p not in hidden]
                if candidates:
                    hidden.add(min(candidates, key=preference))
                    changed = True

    def cell(r, c):
        return Cell(grid[r][c], (r, c) in hidden)

    return (
        [[cell(r, c) for c in range(columns)] for r in range(rows)],
        [cell(r, columns) for r in range(rows)],
        [cell(rows, c) for c in range(columns)],
        cell(rows, columns),
    )


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    code: str
    cells: list[Cell]
    total: Cell


@dataclass(frozen=True)
class CountTable:
    caption: str
    area_heading: str
    columns: list[tuple[str, str]]
    rows: list[Row]
    column_totals: list[Cell]
    total: Cell
    threshold: int = THRESHOLD

    @property
    def suppressed_any(self) -> bool:
        cells = [c for row in self.rows for c in (*row.cells, row.total)] + [*self.column_totals, self.total]
        return any(c.suppressed for c in cells)

    def as_dict(self) -> dict:
        """The table for the API: suppressed counts are null with `suppressed: true`."""

        def cell(c: Cell) -> dict:
            return {"count": c.shown, "suppressed": c.suppressed}

        return {
            "caption": str(self.caption),
            "threshold": self.threshold,
            "columns": [{"key": key, "label": str(label)} for key, label in self.columns],
            "rows": [
                {
                    "key": row.key,
                    "label": str(row.label),
                    "code": row.code,
                    "cells": {key: cell(c) for (key, _label), c in zip(self.columns, row.cells, strict=True)},
                    "total": cell(row.total),
                }
                for row in self.rows
            ],
            "column_totals": {key: cell(c) for (key, _label), c in zip(self.columns, self.column_totals, strict=True)},
            "total": cell(self.total),
        }


ELSEWHERE = "elsewhere"
NOT_GIVEN = "not_given"


def _table(caption, area_heading, areas: list[tuple[str, str, str]], counts: dict) -> CountTable:
    columns = [(value, label) for value, label in TargetGroup.choices]
    values = [[counts.get((key, column), 0) for column, _label in columns] for key, _label, _code in areas]
    cells, row_totals, column_totals, total = suppress(values)
    rows = [
        Row(key=key, label=label, code=code, cells=row_cells, total=row_total)
        for (key, label, code), row_cells, row_total in zip(areas, cells, row_totals, strict=True)
    ]
    return CountTable(caption, area_heading, columns, rows, column_totals, total)


def count_table(*, user, parties=None, county: County | None = None) -> CountTable:
    """Counts of the target group by area of residence and category, suppressed.

    Counted are the people the user may aggregate (their own parties' registers; every party's for
    ELVL and the ministry), optionally narrowed to `parties`, who may be processed today (a consent
    in force, not restricted). With a county the rows are its municipalities, plus one row for
    people living elsewhere or not saying where; without one, the rows are the counties.
    """
    people = Person.objects.aggregatable_by(user).processable()
    if parties is not None:
        people = people.filter(party__in=parties)
    counts: dict[tuple[str, str], int] = defaultdict(int)
    if county is not None:
        municipalities = list(Municipality.objects.current().filter(county=county).order_by("name"))
        inside = {m.pk for m in municipalities}
        for row in people.values("municipality_id", "target_group").annotate(n=Count("pk")).order_by():
            key = str(row["municipality_id"]) if row["municipality_id"] in inside else ELSEWHERE
            counts[(key, row["target_group"])] += row["n"]
        areas = [(str(m.pk), m.name, m.ehak_code) for m in municipalities]
        areas.append((ELSEWHERE, str(_("elsewhere or not given")), ""))
        caption = _("People of the target group in %(county)s by municipality of residence") % {"county": county}
        return _table(caption, _("Municipality"), areas, counts)
    for row in people.values("municipality__county_id", "target_group").annotate(n=Count("pk")).order_by():
        key = str(row["municipality__county_id"]) if row["municipality__county_id"] else NOT_GIVEN
        counts[(key, row["target_group"])] += row["n"]
    areas = [(str(c.pk), c.name, c.ehak_code) for c in County.objects.order_by("name")]
    areas.append((NOT_GIVEN, str(_("not given")), ""))
    return _table(_("People of the target group by county of residence"), _("County"), areas, counts)
