"""The obligation checker on hand-built scenarios: each verdict is what the records imply."""

import datetime as dt

import pytest
from django.utils import translation

from loim.monitoring import obligations as checker
from loim.monitoring import periods
from loim.monitoring.access import Viewer
from loim.monitoring.models import ObligationConfirmation

from .builders import make_activity, make_agreement, make_event, make_obligation, make_plan, make_position, weekdays

END_2024 = dt.date(2024, 12, 31)


@pytest.fixture(autouse=True)
def english():
    """Messages are checked in English here; the Estonian ones are checked by the pages' tests."""
    with translation.override("en"):
        yield


LATER = dt.date(2026, 1, 15)


@pytest.fixture
def plan(programme):
    return make_plan(2024)


def verdicts(check):
    return {cell.slot.key: cell.verdict for cell in check.cells}


def counts(check):
    return {cell.slot.key: cell.count for cell in check.cells}


def one(plan, as_of=LATER, **kwargs):
    [result] = checker.check(plan, Viewer.system(), as_of=as_of, **kwargs)
    return result


def test_iso_weeks_of_2024():
    # 52 whole ISO weeks (1.1 is a Monday) and the partial week 2025-W01: Monday 30.12 and Tuesday 31.12
    weeks = periods.weeks(2024)
    assert len(weeks) == 53
    assert (weeks[0].start, weeks[-2].end) == (dt.date(2024, 1, 1), dt.date(2024, 12, 29))
    last = weeks[-1]
    assert (last.key, last.start, last.end, last.days) == ("2025-W01", dt.date(2024, 12, 30), END_2024, 2)
    assert last.tokens == {"12", "Q4", "H2"}  # the plan year's December, not January 2025
    q3 = [w.short for w in weeks if periods.is_excluded(w, frozenset({"Q3"}))]
    assert q3 == [f"{n:02d}" for n in range(27, 40)]  # 1 July … 29 September


def test_info_days_two_in_the_first_half_none_in_the_second(plan, programme):
    elvl = programme["elvl"]
    row = make_activity(plan, "3.5.1.3", responsible=[elvl])
    make_obligation(
        plan, row, "info-days-half-year", elvl, kinds=["info_day"], period="half_year", min_count=1, reach="county"
    )
    make_event(elvl, "info_day", dt.date(2024, 2, 15), reach="county")
    make_event(elvl, "info_day", dt.date(2024, 5, 20), reach="county")
    make_event(elvl, "info_day", dt.date(2024, 9, 3), reach="local")  # not a county info day

    final = one(plan)
    assert verdicts(final) == {"2024-H1": checker.MET, "2024-H2": checker.MISSED}
    assert counts(final) == {"2024-H1": 2, "2024-H2": 0}
    assert final.overall == checker.MISSED

    on_19_december = one(plan, as_of=dt.date(2024, 12, 19))
    assert verdicts(on_19_december)["2024-H2"] == checker.IN_PROGRESS
    [warning] = on_19_december.warnings()
    assert warning.cell.days_left == 12
    assert "none yet" in warning.text and "12 days left" in warning.text and "second half of 2024" in warning.text

    in_january = one(plan, as_of=dt.date(2024, 1, 20))
    assert verdicts(in_january) == {"2024-H1": checker.IN_PROGRESS, "2024-H2": checker.NOT_DUE}
    assert in_january.warnings() == []  # 162 days left is not yet a warning


def test_tartu_clubs_missing_two_weeks_of_q1_and_paused_in_q3(plan, programme):
    tartu = programme["tartu"]
    row = make_activity(plan, "3.5.2.1", section="partner", responsible=[tartu])
    make_obligation(
        plan, row, "tartu-clubs-weekly", tartu, kinds=["conversation_club"], period="week", min_count=1, excluded=["Q3"]
    )
    skipped = {dt.date(2024, 1, 31), dt.date(2024, 2, 28)}  # Wednesdays of weeks 5 and 9
    for day in weekdays(dt.date(2024, 1, 1), END_2024, 2):
        in_q3 = dt.date(2024, 7, 1) <= day <= dt.date(2024, 9, 30)
        if day not in skipped and not in_q3:
            make_event(tartu, "conversation_club", day)
    make_event(tartu, "conversation_club", dt.date(2024, 8, 14))  # a summer club: counted, the week is paused anyway
    make_event(tartu, "language_cafe", dt.date(2024, 2, 1))  # another kind does not fill week 5

    result = one(plan)
    found = verdicts(result)
    # clubs are on Wednesdays: the plan year's partial week 30.–31.12 (Mon–Tue of 2025-W01) has none
    assert [key for key, v in found.items() if v == checker.MISSED] == ["2024-W05", "2024-W09", "2025-W01"]
    assert [key for key, v in found.items() if v == checker.EXCLUDED] == [f"2024-W{n}" for n in range(27, 40)]
    assert result.summary[checker.MET] == 52 - 13 - 2
    assert counts(result)["2024-W33"] == 1 and found["2024-W33"] == checker.EXCLUDED


def test_monthly_network_with_q3_excluded(plan, programme):
    tartu = programme["tartu"]
    row = make_activity(plan, "3.5.2.1", section="partner", responsible=[tartu])
    make_obligation(
        plan,
        row,
        "tartu-network-monthly",
        tartu,
        kinds=["network_meeting"],
        period="month",
        min_count=1,
        excluded=["Q3"],
    )
    for month in (1, 2, 4, 5, 6, 8, 10, 11):
        make_event(tartu, "network_meeting", dt.date(2024, month, 12))
    result = one(plan)
    assert verdicts(result) == {
        "2024-01": "met", "2024-02": "met", "2024-03": "missed", "2024-04": "met", "2024-05": "met",
        "2024-06": "met", "2024-07": "excluded", "2024-08": "excluded", "2024-09": "excluded",
        "2024-10": "met", "2024-11": "met", "2024-12": "missed",
    }  # fmt: skip


def test_rakvere_summer_pause_in_july_and_august(plan, programme):
    rakvere = programme["rakvere"]
    row = make_activity(plan, "3.5.2.3", section="partner", responsible=[rakvere])
    make_obligation(
        plan,
        row,
        "rakvere-monthly",
        rakvere,
        kinds=["cultural_event"],
        period="month",
        min_count=1,
        excluded=["07", "08"],
    )
    make_obligation(plan, row, "rakvere-yearly", rakvere, kinds=["cultural_event"], period="year", min_count=10)
    for month in (1, 2, 3, 4, 5, 6, 9, 10, 11, 12):
        make_event(rakvere, "cultural_event", dt.date(2024, month, 20))
    monthly, yearly = checker.check(plan, Viewer.system(), as_of=LATER)
    assert monthly.summary[checker.MET] == 10 and monthly.summary[checker.EXCLUDED] == 2
    assert verdicts(monthly)["2024-07"] == verdicts(monthly)["2024-08"] == checker.EXCLUDED
    assert verdicts(yearly) == {"2024": checker.MET} and counts(yearly) == {"2024": 10}


def test_open_cadence_is_shown_not_judged(plan, programme):
    tallinn = programme["tallinn"]
    row = make_activity(plan, "3.5.2.2", section="partner", responsible=[tallinn])
    make_obligation(
        plan, row, "tallinn-council-meetings", tallinn, kinds=["council_meeting"], period="year", is_open=True
    )
    for day in (dt.date(2024, 3, 4), dt.date(2024, 6, 3), dt.date(2024, 11, 4)):
        make_event(tallinn, "council_meeting", day)
    result = one(plan)
    assert verdicts(result) == {"2024": checker.OPEN} and counts(result) == {"2024": 3}
    assert result.requirement == "cadence to be agreed"


def test_one_off_due_dates(plan, programme):
    tallinn = programme["tallinn"]
    row = make_activity(plan, "3.5.2.2", section="partner", responsible=[tallinn])
    make_obligation(
        plan, row, "conference", tallinn, kinds=["conference"], period="once", due=dt.date(2024, 11, 30), min_count=1
    )
    make_obligation(
        plan, row, "early-thing", tallinn, kinds=["lecture"], period="once", due=dt.date(2024, 3, 31), min_count=1
    )
    make_event(tallinn, "conference", dt.date(2024, 10, 15))
    make_event(tallinn, "lecture", dt.date(2024, 4, 2))  # two days late

    conference, early = checker.check(plan, Viewer.system(), as_of=LATER)
    assert verdicts(conference) == {"2024-by-2024-11-30": checker.MET}
    assert verdicts(early) == {"2024-by-2024-03-31": checker.MISSED}
    assert counts(early) == {"2024-by-2024-03-31": 0}

    before = checker.check(plan, Viewer.system(), as_of=dt.date(2024, 11, 10))[0]
    assert verdicts(before) == {"2024-by-2024-11-30": checker.MET}  # held on 15.10, before the due date
    ahead = checker.check(plan, Viewer.system(), as_of=dt.date(2024, 3, 10))[1]
    assert verdicts(ahead) == {"2024-by-2024-03-31": checker.IN_PROGRESS}
    assert ahead.warnings()[0].cell.days_left == 21


def test_maximum_exceeded(plan, programme):
    saaremaa = programme["saaremaa"]
    row = make_activity(plan, "3.5.2.4", section="partner", responsible=[saaremaa])
    make_obligation(plan, row, "excursions", saaremaa, kinds=["excursion"], period="year", min_count=2, max_count=3)
    days = [dt.date(2024, 5, 4), dt.date(2024, 8, 10), dt.date(2024, 9, 21), dt.date(2024, 10, 5)]
    for day in days[:3]:
        make_event(saaremaa, "excursion", day)
    assert verdicts(one(plan)) == {"2024": checker.MET}
    make_event(saaremaa, "excursion", days[3])
    result = one(plan)
    # "2-3 korda aastas": a fourth excursion is more than planned, not a failure
    assert verdicts(result) == {"2024": checker.MET}
    [cell] = result.cells
    assert cell.above and cell.label == "met, above plan" and cell.count == 4
    assert cell.rule == "2–3 a year: 4, above plan"
    assert "4 is above the plan's 2–3" in cell.reason
    # above plan as soon as exceeded, even while the year runs
    [running] = one(plan, as_of=dt.date(2024, 10, 6)).cells
    assert (running.verdict, running.above) == (checker.MET, True)


def test_second_coordinator_by_the_end_of_january(plan, programme):
    tallinn = programme["tallinn"]
    row = make_activity(plan, "3.5.2.2", section="partner", responsible=[tallinn])
    make_obligation(
        plan,
        row,
        "second-coordinator",
        tallinn,
        subject="coordinator_positions",
        period="once",
        due=dt.date(2024, 1, 31),
        min_count=2,
    )
    agreement = make_agreement(tallinn)
    make_position(tallinn, dt.date(2023, 4, 1), agreement=agreement)
    make_position(tallinn, dt.date(2024, 1, 22), agreement=agreement)
    assert verdicts(one(plan)) == {"2024-by-2024-01-31": checker.MET}
    early = one(plan, as_of=dt.date(2024, 1, 10))
    assert verdicts(early) == {"2024-by-2024-01-31": checker.IN_PROGRESS}
    assert counts(early) == {"2024-by-2024-01-31": 1}


def test_commitment_confirmed_by_hand(plan, programme):
    tartu = programme["tartu"]
    row = make_activity(plan, "3.5.2.1", section="partner", responsible=[tartu])
    obligation = make_obligation(plan, row, "manager-hire", tartu, subject="manual", period="once", due=END_2024)
    assert verdicts(one(plan)) == {"2024-by-2024-12-31": checker.MISSED}
    ObligationConfirmation.objects.create(
        party=tartu, obligation=obligation, period_key="2024-by-2024-12-31", evidence="Käskkiri 12.03.2024"
    )
    assert verdicts(one(plan)) == {"2024-by-2024-12-31": checker.MET}


def test_broken_commitment_is_named(plan, programme):
    tartu = programme["tartu"]
    row = make_activity(plan, "3.5.2.1", section="partner", responsible=[tartu])
    make_obligation(
        plan, row, "odd", tartu, kinds=["conversation_club"], period="month", min_count=1, excluded=["summer"]
    )
    result = one(plan)
    assert result.is_broken and result.overall == checker.BROKEN
    assert "summer" in result.problems[0]


def test_a_partner_sees_only_its_own_commitments(plan, programme, member):
    tartu, parnu = programme["tartu"], programme["parnu"]
    row = make_activity(plan, "3.5.2", section="partner", responsible=[tartu, parnu])
    make_obligation(plan, row, "tartu-one", tartu, kinds=["conversation_club"], period="year", min_count=1)
    make_obligation(plan, row, "parnu-one", parnu, kinds=["conversation_club"], period="year", min_count=1)
    make_event(parnu, "conversation_club", dt.date(2024, 4, 4))
    tartu_checks = checker.check(plan, Viewer(user=member("tartu", "viewer")), as_of=LATER)
    assert [c.obligation.key for c in tartu_checks] == ["tartu-one"]
    elvl_checks = checker.check(plan, Viewer(user=member("elvl", "coordinator")), as_of=LATER)
    assert {c.obligation.key: c.overall for c in elvl_checks} == {"tartu-one": "missed", "parnu-one": "met"}


def test_events_listed_per_period_and_constant_queries(plan, programme):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    tartu = programme["tartu"]
    row = make_activity(plan, "3.5.2.1", section="partner", responsible=[tartu])
    make_obligation(plan, row, "clubs", tartu, kinds=["conversation_club"], period="week", min_count=1)
    make_obligation(plan, row, "network", tartu, kinds=["network_meeting"], period="month", min_count=1)
    make_event(tartu, "conversation_club", dt.date(2024, 1, 3))

    def queries():
        with CaptureQueriesContext(connection) as captured:
            checker.check(plan, Viewer.system(), as_of=LATER, with_events=True)
        return len(captured)

    queries()  # the plan's own reads are then kept (monitoring.plan_data): only the records are read
    small = queries()
    for day in weekdays(dt.date(2024, 1, 8), END_2024, 2):
        make_event(tartu, "conversation_club", day)
        make_event(tartu, "network_meeting", day)
    assert queries() == small
    clubs = checker.check(plan, Viewer.system(), as_of=LATER, with_events=True)[0]
    assert [e.start.date() for e in clubs.cells[0].events] == [dt.date(2024, 1, 3)]
    assert clubs.summary[checker.MET] == 52


def test_events_count_on_their_tallinn_day(plan, programme):
    """A club at 00:30 on Monday (22:30 UTC on Sunday) belongs to Monday's week, in winter and in summer
    time and around the changes of the clocks; the database computes the day as Python would."""
    from loim.events.models import Event
    from loim.monitoring.engine.counting import LocalDate

    tartu = programme["tartu"]
    row = make_activity(plan, "3.5.2.1", section="partner", responsible=[tartu])
    make_obligation(plan, row, "clubs", tartu, kinds=["conversation_club"], period="week", min_count=1)
    nights = [
        (dt.date(2024, 1, 8), dt.time(0, 30)),  # Monday 00:30 EET = Sunday 22:30 UTC: week 2
        (dt.date(2024, 7, 7), dt.time(23, 30)),  # Sunday 23:30 EEST = 20:30 UTC: week 27
        (dt.date(2024, 3, 31), dt.time(4, 0)),  # the clocks went forward at 03:00 that night: week 13
        (dt.date(2024, 10, 28), dt.time(0, 15)),  # the Monday after the clocks went back: week 44
    ]
    for day, at in nights:
        make_event(tartu, "conversation_club", day, at=at)
    met = [key for key, verdict in verdicts(one(plan)).items() if verdict == checker.MET]
    assert met == ["2024-W02", "2024-W13", "2024-W27", "2024-W44"]
    computed = Event.objects.annotate(day=LocalDate("start", first=dt.date(2024, 1, 1), last=END_2024))
    assert sorted(str(e.day) for e in computed) == sorted(day.isoformat() for day, _at in nights)
