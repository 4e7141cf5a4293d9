"""The dashboard's counting in a fixed number of queries (issue 11, speed): every indicator counted
from events in ONE conditional-aggregation query, every one from participations in one more, and the
commitments' events in one grouped query whose county subquery runs only for a commitment "in
distinct regions" — with the figures a person works out from the records by hand, on events placed
where a wrong day or year is easy: the night of 31.12 (Tallinn is UTC+2 in winter, so 23:30 on 31.12
is 21:30 UTC, and 00:30 on 1.1 is still 31.12 in UTC), either side of the clocks going forward on
31.03.2024 (03:00 EET → 04:00 EEST, 01:00 UTC) and back on 27.10.2024, and the partial ISO week
30.–31.12.2024 (Monday and Tuesday of 2025-W01, the 2024 plan's last week)."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from loim.monitoring import obligations as checker
from loim.monitoring.access import Viewer
from loim.monitoring.engine import evaluate

from .builders import make_activity, make_event, make_indicator, make_obligation, make_plan, municipality

END_2024 = dt.date(2024, 12, 31)
RULES = {
    "info-days": {"source": "events", "kinds": ["info_day"], "parties": ["elvl"]},
    "trainings": {"source": "events", "kinds": ["training"], "parties": ["elvl"], "reach": "national"},
    "clubs": {"source": "events", "kinds": ["conversation_club"], "parties": ["tartu"]},
    "all-events": {"source": "events"},  # no filter: every event of the year counts
    "training-participations": {"source": "participations", "kinds": ["training"]},
}


def at(day: tuple[int, int, int], hour: int, minute: int = 0) -> dict:
    return {"day": dt.date(*day), "at": dt.time(hour, minute)}


def build(programme):
    elvl, tartu = programme["elvl"], programme["tartu"]
    earlier, plan = make_plan(2023), make_plan(2024)
    for year_plan in (earlier, plan):
        for key, rule in RULES.items():
            make_indicator(year_plan, key, rule=rule, target=1)
    narva, valga = municipality("Narva linn"), municipality("Valga vald")
    # ELVL's info days: 23:30 on 31.12.2023 is 2023; 00:30 on 1.1.2024 (22:30 UTC on 31.12) is 2024
    make_event(elvl, "info_day", reach="county", place=narva, **at((2023, 12, 31), 23, 30))
    make_event(elvl, "info_day", reach="county", place=narva, **at((2024, 1, 1), 0, 30))
    make_event(elvl, "info_day", reach="county", place=valga, **at((2024, 6, 1), 11))
    make_event(elvl, "info_day", reach="county", place=narva, **at((2024, 6, 2), 11))
    # trainings either side of the clocks going forward (01:00 UTC on 31.03.2024)
    make_event(elvl, "training", reach="national", participations=[narva, valga], **at((2024, 3, 31), 4, 30))
    make_event(elvl, "training", reach="local", participations=[narva], **at((2024, 3, 31), 2, 30))
    # Tartu's clubs: around both changes of the clocks, the partial week and the new year's night
    for day, hour, minute in [
        ((2023, 12, 31), 23, 59),  # Sunday, 2023
        ((2024, 3, 31), 23, 30),  # Sunday 23:30 EEST = 20:30 UTC: week 13
        ((2024, 4, 1), 0, 30),  # Monday 00:30 EEST = 21:30 UTC on Sunday: week 14
        ((2024, 10, 27), 23, 30),  # Sunday 23:30 EET (the clocks went back that night) = 21:30 UTC: week 43
        ((2024, 10, 28), 0, 15),  # Monday 00:15 EET = 22:15 UTC on Sunday: week 44
        ((2024, 12, 30), 18, 0),  # Monday of 2025-W01: the 2024 plan's partial week
        ((2024, 12, 31), 23, 30),  # Tuesday 23:30 = 21:30 UTC: still 2024 and that partial week
        ((2025, 1, 1), 0, 30),  # Wednesday 00:30 = 22:30 UTC on 31.12.2024: 2025, in neither
    ]:
        make_event(tartu, "conversation_club", **at(day, hour, minute))
    clubs_row = make_activity(plan, "3.5.2.1", section="partner", responsible=[tartu])
    make_obligation(plan, clubs_row, "clubs-weekly", tartu, kinds=["conversation_club"], period="week", min_count=1)
    info_row = make_activity(plan, "3.5.1.3", responsible=[elvl])
    regional = make_obligation(plan, info_row, "info-days-regions", elvl, kinds=["info_day"], min_count=2)
    regional.rule = {"distinct": "region"}
    regional.save()
    return plan


def test_every_indicator_is_counted_as_by_hand_in_one_query_per_source(programme):
    plan = build(programme)
    elvl, tartu = programme["elvl"].pk, programme["tartu"].pk
    with CaptureQueriesContext(connection) as captured:
        results = {r.key: r for r in evaluate(plan, Viewer.system(), as_of=END_2024)}
    by_year = {key: [(p.year, p.value) for p in r.trend] for key, r in results.items()}
    assert by_year == {
        "info-days": [(2023, 1), (2024, 3)],  # 31.12.2023 23:30; 1.1.2024 00:30, 1.6 and 2.6
        "trainings": [(2023, 0), (2024, 1)],  # only the national one (04:30 EEST on 31.03)
        "clubs": [(2023, 1), (2024, 6)],  # 31.03, 1.04, 27.10, 28.10, 30.12, 31.12; not 1.1.2025
        "all-events": [(2023, 2), (2024, 11)],  # 2023: ELVL's and Tartu's of 31.12; 2024: 5 + 6
        "training-participations": [(2023, 0), (2024, 3)],  # Narva and Valga, then Narva
    }
    assert results["all-events"].by_party == {elvl: 5, tartu: 6}
    assert results["clubs"].by_party == {tartu: 6}
    # one query for all four event indicators, one for the participations
    counting = [q["sql"] for q in captured.captured_queries if "CASE WHEN" in q["sql"]]
    assert len(counting) == 2
    assert sum('FROM "events_participation"' in sql for sql in counting) == 1


def test_more_indicators_cost_no_more_queries(programme):
    plan = build(programme)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            evaluate(plan, Viewer.system(), as_of=END_2024)
        return len(captured)

    before = queries()
    for n in range(4):
        make_indicator(plan, f"more-{n}", rule={"source": "events", "kinds": ["network_meeting"]}, target=1)
        make_indicator(plan, f"more-p{n}", rule={"source": "participations", "kinds": ["info_day"]}, target=1)
    assert queries() == before


def test_commitments_count_the_local_days_and_the_regions_as_by_hand(programme):
    plan = build(programme)
    with CaptureQueriesContext(connection) as captured:
        checks = {c.obligation.key: c for c in checker.check(plan, Viewer.system(), as_of=END_2024)}
    weekly = {cell.slot.key: cell.count for cell in checks["clubs-weekly"].cells if cell.count}
    assert weekly == {"2024-W13": 1, "2024-W14": 1, "2024-W43": 1, "2024-W44": 1, "2025-W01": 2}
    met = [cell.slot.key for cell in checks["clubs-weekly"].cells if cell.verdict == checker.MET]
    assert met == ["2024-W13", "2024-W14", "2024-W43", "2024-W44", "2025-W01"]
    [year] = checks["info-days-regions"].cells
    # three info days in 2024, in two counties (Ida-Viru twice, Valga once): met by its regions
    assert (year.count, year.regions, year.unchecked, year.verdict) == (3, 2, 0, checker.MET)
    events = [q["sql"] for q in captured.captured_queries if 'FROM "events_event"' in q["sql"]]
    assert len(events) == 1 and "places_municipality" in events[0]  # the county, for that commitment only


def test_without_a_regional_commitment_the_count_reads_no_county(programme):
    plan = build(programme)
    plan.obligations.filter(key="info-days-regions").delete()
    with CaptureQueriesContext(connection) as captured:
        checks = checker.check(plan, Viewer.system(), as_of=END_2024)
    assert sum(cell.count or 0 for cell in checks[0].cells) == 6
    events = [q["sql"] for q in captured.captured_queries if 'FROM "events_event"' in q["sql"]]
    assert len(events) == 1 and "places_municipality" not in events[0]
