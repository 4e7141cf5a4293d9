"""Outlooks by kind (issue 11 §2), on hand-built series: a stock is compared with its target at each
year end and never extrapolated; a cumulative count projects from the finished years by the method
written beside it; a milestone is due by its target's year; one value is "cannot tell yet"."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from loim.monitoring.access import Viewer
from loim.monitoring.charts import trend
from loim.monitoring.engine import evaluate
from loim.monitoring.engine.outlook import (
    AT_RISK,
    BEHIND,
    CUMULATIVE,
    MILESTONE,
    ON_TRACK,
    REACHED,
    STOCK,
    UNKNOWN,
    YearValue,
    outlook,
)
from loim.monitoring.models import ManualValue
from loim.plans.models import Target

from .builders import make_event, make_indicator, make_plan

D = Decimal


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_a_stock_is_compared_at_each_year_end_not_extrapolated():
    years = [YearValue(2024, D(4), True, D(5)), YearValue(2025, D(6), True, D(6))]
    result = outlook(kind=STOCK, years=years, position=D(6), target=D(7), frame_year=2029, as_of=dt.date(2025, 12, 31))
    assert result.verdict == ON_TRACK  # 6 at the end of 2025 meets that year's 6
    assert result.projected is None and result.pace is None  # never "about 15,6 by 2029"
    assert result.explanation == "At the end of 2025: 6, the year's target 6 was met. The 2029 target is 7."
    assert "not extrapolated" in result.method
    behind = outlook(
        kind=STOCK,
        years=[YearValue(2024, D(4), True, D(5))],
        position=D(4),
        target=D(7),
        frame_year=2029,
        as_of=dt.date(2024, 12, 31),
    )
    assert behind.verdict == BEHIND
    assert behind.explanation == "At the end of 2024: 4, below the year's target of 5. The 2029 target is 7."


def test_a_stock_during_the_year_concludes_nothing():
    years = [YearValue(2024, D(3), False, D(5))]
    result = outlook(kind=STOCK, years=years, position=D(3), target=D(7), frame_year=2029, as_of=dt.date(2024, 5, 15))
    assert result.verdict == UNKNOWN
    assert result.explanation.startswith("So far 3 on 15.05.2024; no year end with a target has been read yet")


def test_a_cumulative_count_projects_from_the_finished_years():
    years = [YearValue(2024, D(3), True, D(3)), YearValue(2025, D(5), True, D(3))]
    result = outlook(
        kind=CUMULATIVE, years=years, position=D(8), target=D(30), frame_year=2029, as_of=dt.date(2025, 12, 31)
    )
    # (3 + 5) / 2 = 4 a year; 2026–2029 are 4 years left: 8 + 4 × 4 = 24 < 30; (30 − 8) / 4 = 5,5 needed
    assert result.verdict == AT_RISK
    assert result.projected == 24 and result.pace == 4 and result.needed_per_year == D("5.5")
    assert result.explanation == (
        "2024–2025: 8 in 2 years, 4 a year; 8 + 4 × 4 years left = about 24 by 2029; the target is 30. "
        "5,5 a year would be needed."
    )
    assert result.method.startswith("Projection: the average of the finished plan years")
    on_track = outlook(
        kind=CUMULATIVE, years=years, position=D(8), target=D(12), frame_year=2029, as_of=dt.date(2025, 12, 31)
    )
    assert on_track.verdict == ON_TRACK and on_track.projected == 24


def test_a_single_value_cannot_tell_yet():
    years = [YearValue(2024, D(0), True, D(3))]
    result = outlook(
        kind=CUMULATIVE, years=years, position=D(0), target=D(12), frame_year=2029, as_of=dt.date(2024, 12, 31)
    )
    assert result.verdict == UNKNOWN and result.pace is None  # never "pace 0 a year"
    assert result.explanation == "One value only (2024: 0): no pace can be drawn yet. 12 more are needed by 2029."


def test_a_milestone_is_due_by_its_targets_year():
    due = outlook(
        kind=MILESTONE,
        years=[YearValue(2024, D(0), False, D(1))],
        position=D(0),
        target=D(1),
        frame_year=2029,
        as_of=dt.date(2024, 6, 1),
    )
    assert due.verdict == ON_TRACK and due.explanation == "0 of 1 so far; due by the end of 2024."
    missed = outlook(
        kind=MILESTONE,
        years=[YearValue(2024, D(0), True, D(1))],
        position=D(0),
        target=D(1),
        frame_year=2029,
        as_of=dt.date(2024, 12, 31),
    )
    assert missed.verdict == AT_RISK and missed.explanation == "0 of 1: missed in 2024."
    reached = outlook(
        kind=MILESTONE,
        years=[YearValue(2024, D(1), False, D(1))],
        position=D(1),
        target=D(1),
        frame_year=2029,
        as_of=dt.date(2024, 6, 1),
    )
    assert reached.verdict == REACHED


@pytest.fixture
def two_years(programme):
    """Info days 3 in 2024 and 5 in 2025 (targets 3 and 3, frame 12); coordinators entered by hand as
    a stock: 4 at the end of 2024 (target 5), 6 at the end of 2025 (target 6), frame 7."""
    elvl = programme["elvl"]
    plans = {year: make_plan(year) for year in (2024, 2025)}
    for year, plan in plans.items():
        make_indicator(plan, "info-days", rule={"source": "events", "kinds": ["info_day"]}, target=3, frame_target=12)
        make_indicator(
            plan, "networks", kind="stock", measurement="manual", target=5 if year == 2024 else 6, frame_target=7
        )
    for day in [dt.date(2024, m, 10) for m in (2, 5, 9)] + [dt.date(2025, m, 10) for m in (1, 3, 5, 7, 9)]:
        make_event(elvl, "info_day", day)
    for year, value in ((2024, 4), (2025, 6)):
        ManualValue.objects.create(party=elvl, indicator_key="networks", year=year, value=value, evidence="Protokoll")
    return plans


def test_the_engine_gives_each_kind_its_outlook(two_years):
    results = {r.key: r for r in evaluate(two_years[2025], Viewer.system(), as_of=dt.date(2026, 1, 15))}
    info = results["info-days"]
    assert info.position == 8 and info.outlook.verdict == ON_TRACK  # 8 + 4 × 4 = 24 ≥ 12
    assert info.outlook.projected == 24
    networks = results["networks"]
    assert networks.value == 6 and networks.outlook.verdict == ON_TRACK and networks.outlook.projected is None
    # the chart's rows: 2024–2029, the targets added up for a cumulative count, the frame at 2029
    rows = [(r.year, r.target, r.value, r.in_year) for r in info.chart_rows]
    assert rows == [
        (2024, 3, 3, 3),
        (2025, 6, 8, 5),
        (2026, None, None, None),
        (2027, None, None, None),
        (2028, None, None, None),
        (2029, 12, None, None),
    ]
    stock_rows = [(r.year, r.target, r.value) for r in networks.chart_rows]
    assert stock_rows[:2] == [(2024, 5, 4), (2025, 6, 6)] and stock_rows[-1] == (2029, 7, None)
    chart = trend(networks.chart_rows)
    assert len(chart.years) == 6 and len(chart.target_dots) == 3 and len(chart.actual_dots) == 2
    assert chart.actual_points.count(",") == 2  # a line through the two year ends, not one dot


def test_the_2024_view_of_one_year_cannot_tell_yet(two_years):
    info = {r.key: r for r in evaluate(two_years[2024], Viewer.system(), as_of=dt.date(2025, 3, 1))}["info-days"]
    assert info.outlook.verdict == UNKNOWN and info.outlook.pace is None


def test_final_figures_carry_no_asterisk_and_the_chart_draws_the_target_line(two_years, client, member):
    Target.objects.filter(indicator__plan=two_years[2025], year=2025, indicator__key="networks").update(value=6)
    client.force_login(member("elvl", "coordinator"))
    url = reverse("monitoring:dashboard", kwargs={"year": 2025})
    body = client.get(url, {"as_of": "2026-01-15"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "the year is not over yet" not in body
    assert 'class="trend-chart"' in body and 'stroke-dasharray="5 3"' in body
    running = client.get(url, {"as_of": "2025-06-01"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "* the year is not over yet." in running
