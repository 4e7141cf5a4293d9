"""De-identified counts of the register, protected by `core.disclosure` — in this one place.

The county view, the national aggregates, the home panel and the counts API all build their tables
with `count_table`. Nothing else in Lõim turns register rows into numbers that leave the register.

The finest cells are party × municipality of residence (None: not given) × target group; the
target group partitions each unit. `core.disclosure` withholds small cells (and, where needed, a
partner cell of the same unit) once, the same way for every table; every published cell, row total,
column total and grand total — national, per county, per party, party × county — is the sum of the
published finest cells it covers, with the number left out. No true total is published, so a
county's total minus its "elsewhere or not given" row, or a party's cell plus the national table,
gives back nothing withheld. The register holders of the counted parties see exact counts.

The finest counts are read from the exact rollup `register.rollups` (one query over about one row
per party, municipality and target group) instead of scanning people and consents; the rollup is
internal and reaches no one except through `core.disclosure` here.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from loim.core.disclosure import THRESHOLD, TOTAL, ZERO, Figure, protect
from loim.core.permissions import parties_for
from loim.core.tenancy import aggregatable_party_ids
from loim.core.vocabulary import TargetGroup
from loim.places.models import County, Municipality

from . import rollups
from .models import Person

Cell = Figure  # a published count: `value` (sum of the published finest cells), `withheld`, `shown`


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
        return any(c.withheld for c in cells)

    def as_dict(self) -> dict:
        """The table for the API: each count is the sum of the published finest cells, with
        `withheld_cells` left out (null with `suppressed: true` when all are)."""

        def cell(c: Cell) -> dict:
            return c.as_dict()

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


def _table(caption, area_heading, areas: list[tuple[str, str, str]], protected, area_of) -> CountTable:
    """Rows of areas (`area_of(unit)` → an area key), columns of target groups, all sums of the
    published finest cells."""
    columns = [(value, label) for value, label in TargetGroup.choices]
    cells = protected.figures("target_group", key=lambda unit, value: (area_of(unit), value))
    row_totals = protected.figures(TOTAL, key=lambda unit, _value: area_of(unit))
    column_totals = protected.figures("target_group")
    rows = [
        Row(
            key=key,
            label=label,
            code=code,
            cells=[cells.get((key, column), ZERO) for column, _label in columns],
            total=row_totals.get(key, ZERO),
        )
        for key, label, code in areas
    ]
    return CountTable(
        caption,
        area_heading,
        columns,
        rows,
        [column_totals.get(column, ZERO) for column, _label in columns],
        protected.total(),
    )


def raw_finest_counts(people) -> dict:
    """{(party id, municipality id or None): {target group: n}} of these people, by the raw GROUP BY
    (the rollup's fallback before its floor, and what the tests compare it with)."""
    per_unit: dict[tuple, dict] = defaultdict(dict)
    for row in people.values("party_id", "municipality_id", "target_group").annotate(n=Count("pk")).order_by():
        per_unit[(row["party_id"], row["municipality_id"])][row["target_group"]] = row["n"]
    return per_unit


def finest_cells(per_unit: dict, *, exact: bool):
    """Party × municipality of residence × target group, protected."""
    totals = {unit: sum(groups.values()) for unit, groups in per_unit.items()}
    return protect(totals, {"target_group": per_unit}, partitions=["target_group"], exact=exact)


def processable_counts(*, user, parties=None, on: dt.date | None = None) -> dict:
    """The finest counts of the people the user may aggregate (narrowed to `parties`) who may be
    processed on `on` (today): from the exact rollup (`register.rollups`), one query; by the raw scan
    for a day before the rollup's floor."""
    on = on or dt.date.today()
    party_ids = aggregatable_party_ids(user)
    if parties is not None:
        wanted = {p.pk for p in parties}
        party_ids = wanted if party_ids is None else wanted & party_ids
    counted = rollups.finest_counts(party_ids, on=on)
    if counted is not None:
        return counted
    people = Person.objects.aggregatable_by(user).processable(on)
    if parties is not None:
        people = people.filter(party__in=parties)
    return raw_finest_counts(people)


def count_table(*, user, parties=None, county: County | None = None) -> CountTable:
    """Counts of the target group by area of residence and category, protected.

    Counted are the people the user may aggregate (their own parties' registers; every party's for
    ELVL and the ministry), optionally narrowed to `parties`, who may be processed today (a consent
    in force, not restricted). With a county the rows are its municipalities, plus one row for
    people living elsewhere or not saying where; without one, the rows are the counties. Exact only
    for the register holders of every counted party.
    """
    holds_register = parties_for(user, "read_personal_data")
    if parties is not None:
        exact = {p.pk for p in parties} <= holds_register
    else:
        counted = aggregatable_party_ids(user)
        exact = counted is not None and counted <= holds_register
    protected = finest_cells(processable_counts(user=user, parties=parties), exact=exact)
    if county is not None:
        municipalities = list(Municipality.objects.current().filter(county=county).order_by("name"))
        inside = {m.pk for m in municipalities}
        areas = [(str(m.pk), m.name, m.ehak_code) for m in municipalities]
        areas.append((ELSEWHERE, str(_("elsewhere or not given")), ""))
        caption = _("People of the target group in %(county)s by municipality of residence") % {"county": county}
        return _table(
            caption, _("Municipality"), areas, protected, lambda unit: str(unit[1]) if unit[1] in inside else ELSEWHERE
        )
    county_of = dict(Municipality.objects.values_list("pk", "county_id"))
    areas = [(str(c.pk), c.name, c.ehak_code) for c in County.objects.order_by("name")]
    areas.append((NOT_GIVEN, str(_("not given")), ""))
    return _table(
        _("People of the target group by county of residence"),
        _("County"),
        areas,
        protected,
        lambda unit: str(county_of[unit[1]]) if county_of.get(unit[1]) else NOT_GIVEN,
    )
