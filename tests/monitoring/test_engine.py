"""The indicator engine on hand-built scenarios: every value below is worked out from the records the
test creates, not read back from the code."""

import datetime as dt

import pytest
from django.utils import translation

from loim.monitoring.access import Viewer
from loim.monitoring.engine import BROKEN, MANUAL, RULE, drilldown, evaluate
from loim.monitoring.engine.outlook import ON_TRACK, REACHED, UNKNOWN
from loim.monitoring.models import ManualValue

from .builders import (
    make_activity,
    make_agreement,
    make_event,
    make_indicator,
    make_plan,
    make_position,
    municipality,
)

END_2024 = dt.date(2024, 12, 31)


@pytest.fixture(autouse=True)
def english():
    """Messages are checked in English here; the Estonian ones are checked by the pages' tests."""
    with translation.override("en"):
        yield


def by_key(results):
    return {r.key: r for r in results}


@pytest.fixture
def plan(programme):
    return make_plan(2024)


@pytest.fixture
def comms(plan, programme):
    return make_activity(plan, "3.5.1.3", responsible=[programme["elvl"]])


def test_info_days_two_in_the_first_half_none_in_the_second(plan, programme, comms):
    elvl, tartu = programme["elvl"], programme["tartu"]
    make_indicator(
        plan,
        "info-days",
        rule={"source": "events", "kinds": ["info_day"], "parties": ["elvl"]},
        target=3,
        frame_target=12,
    )
    make_event(elvl, "info_day", dt.date(2024, 2, 15), activity=comms, reach="county")
    make_event(elvl, "info_day", dt.date(2024, 5, 20), activity=comms, reach="county")
    make_event(elvl, "training", dt.date(2024, 9, 10), activity=comms)  # another kind: not counted
    make_event(tartu, "info_day", dt.date(2024, 10, 1))  # another organiser: not counted
    make_event(elvl, "info_day", dt.date(2023, 12, 31), hour=23)  # 2023 in Tallinn time: not counted
    make_event(elvl, "info_day", dt.date(2025, 1, 1), hour=0)  # the first minute of 2025: not counted

    result = by_key(evaluate(plan, Viewer.system(), as_of=dt.date(2026, 1, 10)))["info-days"]

    assert result.method == RULE
    assert result.value == 2
    assert result.target == 3 and result.frame_target == 12 and result.frame_year == 2029
    assert result.deviation == -1 and result.deviation_percent == -33
    assert result.position == 2  # cumulative: the sum of the plan years so far
    assert result.final
    # one finished year (2 in 2024) is one value: no pace is drawn from it (issue 11 §2)
    assert result.outlook.verdict == UNKNOWN
    assert result.outlook.projected is None
    assert "One value only (2024: 2)" in result.outlook.explanation
    assert "10 more are needed by 2029" in result.outlook.explanation
    _result, drill = drilldown(result.indicator, Viewer.system(), as_of=dt.date(2026, 1, 10))
    assert [e.start.date() for e in drill.queryset] == [dt.date(2024, 2, 15), dt.date(2024, 5, 20)]


def test_counting_as_of_a_day_in_the_year(plan, programme, comms):
    elvl = programme["elvl"]
    make_indicator(plan, "info-days", rule={"source": "events", "kinds": ["info_day"]}, target=3, frame_target=12)
    make_event(elvl, "info_day", dt.date(2024, 2, 15))
    make_event(elvl, "info_day", dt.date(2024, 5, 20))

    result = evaluate(plan, Viewer.system(), as_of=dt.date(2024, 3, 1))[0]

    assert result.value == 1  # the May info day has not happened yet on 1.3.2024
    assert not result.final
    # no finished year yet: a pace from 61 days would be a guess, so "cannot tell yet" (issue 11 §2)
    assert result.outlook.verdict == UNKNOWN


def test_participations_of_municipalities_at_trainings_meetings_and_visits(plan, programme):
    elvl, tartu = programme["elvl"], programme["tartu"]
    make_indicator(
        plan,
        "kov-participations",
        rule={
            "source": "participations",
            "kinds": ["training", "experience_meeting", "study_trip", "network_meeting"],
            "parties": ["elvl"],
        },
        target=20,
        frame_target=45,
    )
    narva, tartu_m, voru, valga = (municipality(n) for n in ("Narva linn", "Tartu linn", "Võru linn", "Valga vald"))
    make_event(elvl, "training", dt.date(2024, 3, 5), reach="national", participations=[narva, tartu_m, voru])
    make_event(elvl, "experience_meeting", dt.date(2024, 4, 9), participations=[narva, valga])
    make_event(elvl, "info_day", dt.date(2024, 4, 20), participations=[narva, voru, valga])  # not these kinds
    make_event(tartu, "training", dt.date(2024, 5, 1), participations=[narva])  # not ELVL's

    result, drill = drilldown(
        by_key(evaluate(plan, Viewer.system(), as_of=END_2024))["kov-participations"].indicator,
        Viewer.system(),
        as_of=END_2024,
    )

    assert result.value == 5  # 3 + 2 participations (osaluskord), Narva counted twice
    assert result.deviation == -15
    counted = {row["municipality__name"]: row["times"] for row in drill.municipalities()}
    assert counted == {"Narva linn": 2, "Tartu linn": 1, "Võru linn": 1, "Valga vald": 1}
    assert drill.queryset.count() == 5


def test_coordinator_leaving_in_june(plan, programme):
    tartu, tallinn, rakvere, saaremaa, parnu, elvl = (
        programme[s] for s in ("tartu", "tallinn", "rakvere", "saaremaa", "parnu", "elvl")
    )
    make_indicator(
        plan, "kov-coordinators", rule={"source": "coordinator_positions"}, kind="stock", target=5, frame_target=7
    )
    make_position(tartu, dt.date(2023, 3, 1), agreement=make_agreement(tartu))
    tallinn_agreement = make_agreement(tallinn, start=dt.date(2023, 3, 1))
    make_position(tallinn, dt.date(2023, 4, 1), agreement=tallinn_agreement)
    make_position(tallinn, dt.date(2024, 1, 22), agreement=tallinn_agreement)
    make_position(rakvere, dt.date(2023, 3, 1), dt.date(2024, 6, 14), agreement=make_agreement(rakvere))
    make_position(saaremaa, dt.date(2023, 11, 15), agreement=make_agreement(saaremaa, start=dt.date(2023, 11, 1)))
    make_position(parnu, dt.date(2024, 2, 1), agreement=make_agreement(parnu, start=dt.date(2024, 1, 1)))
    make_position(elvl, dt.date(2024, 4, 1))  # ELVL's own coordinator: no partnership agreement

    result = evaluate(plan, Viewer.system(), as_of=dt.date(2025, 3, 1))[0]
    assert result.value == 5  # Tartu 1, Tallinn 2, Saaremaa 1, Pärnu 1 on 31.12.2024; Rakvere left in June
    assert result.deviation == 0
    # from 4 on 31.12.2023 (Tartu, Tallinn, Rakvere, Saaremaa) to 5: +1 a year, about 9.8 by 2029
    assert result.outlook.verdict == ON_TRACK
    _result, drill = drilldown(result.indicator, Viewer.system(), as_of=dt.date(2025, 3, 1))
    assert drill.day == END_2024
    assert sorted(p.party.slug for p in drill.queryset) == ["parnu", "saaremaa", "tallinn", "tallinn", "tartu"]

    in_june = evaluate(plan, Viewer.system(), as_of=dt.date(2024, 6, 1))[0]
    assert in_june.value == 6  # Rakvere's coordinator is still there on 1 June


def test_agreement_ending_ends_the_count(plan, programme):
    tartu = programme["tartu"]
    make_indicator(plan, "kov-coordinators", rule={"source": "coordinator_positions"}, kind="stock", target=1)
    make_position(tartu, dt.date(2023, 3, 1), agreement=make_agreement(tartu, end=dt.date(2024, 9, 30)))
    assert evaluate(plan, Viewer.system(), as_of=END_2024)[0].value == 0
    assert evaluate(plan, Viewer.system(), as_of=dt.date(2024, 9, 30))[0].value == 1


def test_manual_values_are_summed_and_a_missing_one_is_not_zero(plan, programme):
    make_indicator(plan, "local-networks", kind="stock", measurement="manual", target=5, frame_target=7)
    make_indicator(plan, "participation-councils", kind="stock", measurement="manual", target=2, frame_target=7)
    make_indicator(
        plan, "journey-model-kovs", kind="stock", rule={"source": "journey_implementations"}, target=0, frame_target=7
    )
    for slug in ("tartu", "tallinn", "rakvere", "saaremaa", "parnu"):
        ManualValue.objects.create(
            party=programme[slug], indicator_key="local-networks", year=2024, value=1, evidence="Võrgustiku koosseis"
        )
    ManualValue.objects.create(
        party=programme["tallinn"], indicator_key="participation-councils", year=2024, value=1, evidence="Lõimumiskoda"
    )

    results = by_key(evaluate(plan, Viewer.system(), as_of=END_2024))

    assert results["local-networks"].method == MANUAL and results["local-networks"].value == 5
    # a stock is compared with the year's target at the year end: 5 of 5 met (issue 11 §2)
    assert results["local-networks"].outlook.verdict == ON_TRACK
    assert results["participation-councils"].value == 1 and results["participation-councils"].deviation == -1
    journey = results["journey-model-kovs"]
    assert journey.method == RULE  # counted from the rollout's records (issue 13): none, so 0
    assert journey.value == 0 and journey.deviation == 0


@pytest.mark.parametrize(
    "rule, reason",
    [
        ({"source": "events", "kinds": ["no_such_kind"]}, "no_such_kind"),
        ({"source": "meetings"}, "meetings"),
        ({"source": "events", "parties": ["atlantis"]}, "atlantis"),
        (["events"], "mapping"),
        ({"source": "events", "activity": "9.9.9"}, "9.9.9"),
        ({"source": "coordinator_positions", "kinds": ["info_day"]}, "kinds"),
    ],
)
def test_a_broken_rule_is_broken_not_zero(plan, programme, rule, reason):
    make_indicator(plan, "broken-one", rule=rule, target=3)
    make_event(programme["elvl"], "info_day", dt.date(2024, 3, 1))
    result = evaluate(plan, Viewer.system(), as_of=END_2024)[0]
    assert result.method == BROKEN
    assert result.value is None and result.deviation is None
    assert any(reason in problem for problem in result.problems), result.problems


def test_activity_rule_counts_the_subtree(plan, programme):
    elvl = programme["elvl"]
    training = make_activity(plan, "3.5.1.4", responsible=[elvl])
    row = make_activity(plan, "3.5.1.4", parent=training, row_key="1", responsible=[elvl])
    other = make_activity(plan, "3.5.1.3", responsible=[elvl])
    make_indicator(plan, "trainings", rule={"source": "events", "activity": "3.5.1.4"}, target=3)
    make_event(elvl, "training", dt.date(2024, 3, 1), activity=row)
    make_event(elvl, "training", dt.date(2024, 4, 1), activity=training)
    make_event(elvl, "training", dt.date(2024, 5, 1), activity=other)
    assert evaluate(plan, Viewer.system(), as_of=END_2024)[0].value == 2


def test_years_link_by_key_and_accumulate(programme):
    elvl = programme["elvl"]
    plan_2024, plan_2025 = make_plan(2024), make_plan(2025)
    rule = {"source": "events", "kinds": ["info_day"]}
    make_indicator(plan_2024, "info-days", rule=rule, target=3, frame_target=12)
    make_indicator(plan_2025, "info-days", rule=rule, target=3, frame_target=12)
    for day in (
        dt.date(2024, 3, 1),
        dt.date(2024, 9, 1),
        dt.date(2025, 2, 1),
        dt.date(2025, 6, 1),
        dt.date(2025, 10, 1),
    ):
        make_event(elvl, "info_day", day)

    later = evaluate(plan_2025, Viewer.system(), as_of=dt.date(2026, 2, 1))[0]
    assert [(p.year, p.value) for p in later.trend] == [(2024, 2), (2025, 3)]
    assert later.value == 3 and later.position == 5
    earlier = evaluate(plan_2024, Viewer.system(), as_of=dt.date(2026, 2, 1))[0]
    assert [(p.year, p.value) for p in earlier.trend] == [(2024, 2)]  # the 2024 view stops at 2024


def test_reached_frame_target(plan, programme):
    make_indicator(plan, "few", rule={"source": "events"}, target=1, frame_target=2)
    for day in (dt.date(2024, 1, 5), dt.date(2024, 1, 6)):
        make_event(programme["elvl"], "other", day)
    assert evaluate(plan, Viewer.system(), as_of=END_2024)[0].outlook.verdict == REACHED


def test_a_partner_counts_only_its_own_records(plan, programme, member):
    make_indicator(plan, "all-events", rule={"source": "events"}, target=3)
    make_event(programme["elvl"], "info_day", dt.date(2024, 2, 1))
    make_event(programme["tartu"], "conversation_club", dt.date(2024, 2, 7))
    make_event(programme["parnu"], "conversation_club", dt.date(2024, 2, 8))

    tartu_user = member("tartu", "viewer")
    elvl_user = member("elvl", "coordinator")
    ministry = member("ministry", "ministry_reader")

    assert evaluate(plan, Viewer(user=tartu_user), as_of=END_2024)[0].value == 1
    assert evaluate(plan, Viewer(user=elvl_user), as_of=END_2024)[0].value == 3
    assert evaluate(plan, Viewer(user=ministry), as_of=END_2024)[0].value == 3
    assert evaluate(plan, Viewer(user=elvl_user, party=programme["parnu"]), as_of=END_2024)[0].value == 1


def test_queries_do_not_grow_with_records_or_years(plan, programme):
    """A fixed number of queries: one for all indicators counted from events, one for those counted
    from participations, one for the positions' stocks, one for manual values, and a handful to read
    the plan."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    elvl = programme["elvl"]
    viewer = Viewer.system()

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            evaluate(plan, viewer, as_of=END_2024)
        return len(captured)

    for n in range(3):
        make_indicator(plan, f"events-{n}", rule={"source": "events", "kinds": ["info_day"]}, target=1)
    make_indicator(plan, "participations", rule={"source": "participations", "kinds": ["info_day"]}, target=1)
    make_indicator(plan, "coordinators", rule={"source": "coordinator_positions"}, kind="stock", target=5)
    make_indicator(plan, "networks", kind="stock", measurement="manual", target=5)
    make_event(elvl, "info_day", dt.date(2024, 1, 3))
    small = queries()
    for year in (2022, 2023):
        earlier = make_plan(year)
        make_indicator(earlier, "events-0", rule={"source": "events", "kinds": ["info_day"]}, target=1)
    for n in range(40):
        day = dt.date(2022, 1, 1) + dt.timedelta(days=n * 20)
        make_event(elvl, "info_day", day, participations=[municipality("Narva linn")])
    # 4 counting queries, 7 to read the plan, its years and codes, 1 for the plan's generation
    assert queries() == small <= 4 + 7 + 1
    # the plan unchanged since: its reads come from memory (monitoring.plan_data), the records are counted
    assert queries() == 4 + 1
    results = {r.key: r for r in evaluate(plan, viewer, as_of=END_2024)}
    assert [(p.year, p.value) for p in results["events-0"].trend] == [(2022, 19), (2023, 18), (2024, 4)]
    assert results["participations"].value == 3
