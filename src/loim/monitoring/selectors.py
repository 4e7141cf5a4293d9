"""Reads that assemble monitoring's pages: the plan year asked for, the comparison of parties, and
the matrix of municipalities × activities. Each is a fixed number of grouped queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from loim.events.models import Participation
from loim.parties.models import Party, PartyKind
from loim.places.models import Municipality, Region
from loim.plans.models import Activity, Indicator, Plan, PlanStatus

from . import plan_data
from .access import Viewer
from .engine import MANUAL, RULE, IndicatorResult, counting, evaluate, window_of

FOCUS_REGIONS = (Region.IDA_VIRUMAA, Region.SOUTH)


class NoPlan(Exception):
    """There is no plan for the year asked for."""

    def __init__(self, year):
        self.year = year
        super().__init__(_("There is no action plan for %(year)s.") % {"year": year})


def plan_for_year(user, year: int) -> Plan:
    """The plan of the year, as the user may read it; NoPlan if there is none."""
    plan = plan_data.plan_of_year(user, year)
    if plan is None:
        raise NoPlan(year)
    return plan


def plan_or_404(user, year: int) -> Plan:
    try:
        return plan_for_year(user, year)
    except NoPlan as exc:
        raise Http404(str(exc)) from exc


def default_year(user) -> int | None:
    """The plan year to open: this year's plan, else the latest before it, else the earliest — of the
    approved plans when there are any (a draft awaiting approval, or a copy whose targets are not set
    yet, is opened by its year, not by default)."""
    plans = list(Plan.objects.visible_to(user).order_by("year").values_list("year", "status"))
    if not plans:
        return None
    approved = [year for year, status in plans if status == PlanStatus.APPROVED]
    years = approved or [year for year, _status in plans]
    this_year = timezone.localdate().year
    past = [year for year in years if year <= this_year]
    return past[-1] if past else years[0]


def plan_years(user) -> list[int]:
    return plan_data.plan_years(user)


# --- Dashboard -----------------------------------------------------------------------------------


@dataclass
class Dashboard:
    plan: Plan
    viewer: Viewer
    as_of: dt.date
    results: list[IndicatorResult]

    @property
    def broken(self) -> list[IndicatorResult]:
        return [r for r in self.results if r.is_broken]

    @property
    def final(self) -> bool:
        return self.as_of >= self.plan.period_end


def dashboard(plan: Plan, viewer: Viewer, *, as_of: dt.date | None = None) -> Dashboard:
    results = evaluate(plan, viewer, as_of=as_of)
    return Dashboard(plan, viewer, min(as_of or timezone.localdate(), plan.period_end), results)


# --- Comparing parties ---------------------------------------------------------------------------


@dataclass
class Comparison:
    plan: Plan
    parties: list[Party]
    rows: list[tuple[Indicator, str, list[Decimal | None]]]  # indicator, method, value per party


def compare(plan: Plan, viewer: Viewer, *, as_of: dt.date | None = None) -> Comparison:
    """Each indicator's value in the plan year, per party: the engine's parts (its counts are grouped
    by party), so the comparison and the dashboard cannot disagree."""
    results = evaluate(plan, viewer, as_of=as_of)
    parties = list(viewer.parties().exclude(kind=PartyKind.AGENCY))  # the agency records no work
    table = []
    for result in sorted(results, key=lambda r: r.indicator.position):
        if result.method == RULE:
            values = [result.by_party.get(party.pk, Decimal(0)) for party in parties]
        elif result.method == MANUAL:
            values = [result.by_party.get(party.pk) for party in parties]
        else:
            values = [None for _party in parties]
        table.append((result.indicator, result.method, values))
    return Comparison(plan, parties, table)


# --- Municipalities × activities -----------------------------------------------------------------


# Shade steps of a matrix cell: 0, 1, 2–4, 5–9, 10 or more participations. The number is printed in
# every cell as well, so the shade never carries the meaning alone.
SHADE_STEPS = (1, 2, 5, 10)
MATRIX_SORTS = ("name", "total")


def shade_step(n: int) -> int:
    """The shade class (0–4) of a cell counting n participations."""
    return sum(1 for floor in SHADE_STEPS if n >= floor)


@dataclass
class MatrixRow:
    municipality: Municipality
    cells: list[int]
    total: int
    is_partner: bool
    focus: bool

    @property
    def shaded(self) -> list[tuple[int, int]]:
        return [(n, shade_step(n)) for n in self.cells]


@dataclass
class CountyGroup:
    """One county's municipalities in the matrix: those shown, and how many all-zero rows are hidden."""

    county: str
    region: str
    focus: bool
    rows: list[MatrixRow]
    hidden: int
    total: int


@dataclass
class Coverage:
    region: str
    label: str
    municipalities: int
    reached: int
    participations: int
    not_reached: list[Municipality] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return round(100 * self.reached / self.municipalities) if self.municipalities else 0


@dataclass
class Matrix:
    plan: Plan
    activities: list[Activity]
    rows: list[MatrixRow]
    column_totals: list[int]
    coverage: list[Coverage]
    unlinked_label: str
    groups: list[CountyGroup] = field(default_factory=list)

    @property
    def hidden(self) -> int:
        return sum(group.hidden for group in self.groups)

    @property
    def total(self) -> int:
        return sum(self.column_totals)


def participation_matrix(
    plan: Plan,
    viewer: Viewer,
    *,
    as_of: dt.date | None = None,
    region: str = "",
    sort: str = "name",
    zeros: bool = False,
) -> Matrix:
    """Participations (one municipality at one event) of the plan year, per municipality and per
    activity of the plan, with how far they reach into the focus regions the plan names for new
    partners (Ida-Virumaa and South Estonia). Four queries.

    `groups` holds the rows by county: the focus regions' counties first (in FOCUS_REGIONS order), then
    the others, each by name; inside a county by name, or by total (most first) with `sort="total"`.
    Rows without any participation are left out of the groups (and counted) unless `zeros`."""
    window = window_of(plan, as_of)
    activities = list(Activity.objects.filter(plan=plan).order_by("position"))
    roots = [a for a in activities if a.parent_id is None]
    parent = {a.pk: a.parent_id for a in activities}

    def root_of(pk):
        while parent.get(pk):
            pk = parent[pk]
        return pk if pk in parent else None

    counts: dict[tuple[int, int | None], int] = defaultdict(int)
    rows = (
        viewer.scope(Participation)
        .filter(counting.in_window(window, "event__start"))
        .values("municipality_id", "event__activity_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        counts[(row["municipality_id"], root_of(row["event__activity_id"]))] += row["n"]
    columns = [root.pk for root in roots] + [None]
    municipalities = Municipality.objects.current().select_related("county").order_by("county__name", "name")
    if region:
        municipalities = municipalities.filter(county__region=region)
    partners = set(Party.objects.filter(municipality__isnull=False).values_list("municipality_id", flat=True))
    matrix_rows = []
    for municipality in municipalities:
        cells = [counts.get((municipality.pk, column), 0) for column in columns]
        matrix_rows.append(
            MatrixRow(
                municipality,
                cells,
                sum(cells),
                municipality.pk in partners,
                municipality.county.region in FOCUS_REGIONS,
            )
        )
    column_totals = [sum(row.cells[i] for row in matrix_rows) for i in range(len(columns))]
    coverage = []
    for focus in FOCUS_REGIONS:
        in_region = [r for r in matrix_rows if r.municipality.county.region == focus]
        if not in_region and region:
            continue
        coverage.append(
            Coverage(
                focus,
                str(Region(focus).label),
                len(in_region),
                sum(1 for r in in_region if r.total),
                sum(r.total for r in in_region),
                [r.municipality for r in in_region if not r.total],
            )
        )
    groups = _county_groups(matrix_rows, sort=sort, zeros=zeros)
    return Matrix(plan, roots, matrix_rows, column_totals, coverage, _("events with no plan row"), groups)


def _county_groups(rows: list[MatrixRow], *, sort: str, zeros: bool) -> list[CountyGroup]:
    by_county: dict[int, list[MatrixRow]] = defaultdict(list)
    for row in rows:
        by_county[row.municipality.county_id].append(row)

    def county_order(county_rows: list[MatrixRow]):
        county = county_rows[0].municipality.county
        rank = FOCUS_REGIONS.index(county.region) if county.region in FOCUS_REGIONS else len(FOCUS_REGIONS)
        return (rank, county.name)

    groups = []
    for county_rows in sorted(by_county.values(), key=county_order):
        county = county_rows[0].municipality.county
        if sort == "total":
            county_rows = sorted(county_rows, key=lambda r: (-r.total, r.municipality.name))
        else:
            county_rows = sorted(county_rows, key=lambda r: r.municipality.name)
        shown = [r for r in county_rows if zeros or r.total]
        groups.append(
            CountyGroup(
                county.name,
                str(Region(county.region).label) if county.region else "",
                county.region in FOCUS_REGIONS,
                shown,
                len(county_rows) - len(shown),
                sum(r.total for r in county_rows),
            )
        )
    return groups
