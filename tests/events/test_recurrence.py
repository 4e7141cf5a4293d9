"""The recurrence rule: weekly and monthly dates, excluded quarters, months and days, the limit."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loim.events.recurrence import MAX_OCCURRENCES, RecurrenceError, Rule, is_excluded, occurrences, parse_excluded

YEAR_2024 = (dt.date(2024, 1, 1), dt.date(2024, 12, 31))


def test_every_wednesday_of_2024_except_the_third_quarter():
    dates = occurrences(Rule("weekly", *YEAR_2024, weekdays=(2,), excluded=("Q3",)))
    assert all(day.weekday() == 2 for day in dates)
    assert not [day for day in dates if 7 <= day.month <= 9]
    assert dates[0] == dt.date(2024, 1, 3) and dates[-1] == dt.date(2024, 12, 25)
    assert len(dates) == 52 - 13  # 2024 has 52 Wednesdays, 13 of them in July–September


def test_fortnightly_on_two_weekdays():
    dates = occurrences(Rule("weekly", dt.date(2024, 1, 1), dt.date(2024, 1, 31), weekdays=(0, 3), interval=2))
    assert dates == [dt.date(2024, 1, d) for d in (1, 4, 15, 18, 29)]


def test_monthly_second_tuesday_and_last_friday():
    second_tuesdays = occurrences(Rule("monthly", *YEAR_2024, weekdays=(1,), week_of_month=2, excluded=("07", "08")))
    assert len(second_tuesdays) == 10
    assert dt.date(2024, 3, 12) in second_tuesdays
    last_fridays = occurrences(Rule("monthly", *YEAR_2024, weekdays=(4,), week_of_month=-1))
    assert dt.date(2024, 2, 23) in last_fridays and dt.date(2024, 5, 31) in last_fridays


def test_excluded_single_days():
    dates = occurrences(
        Rule(
            "weekly", dt.date(2024, 2, 1), dt.date(2024, 2, 29), weekdays=(5,), excluded=parse_excluded(["2024-02-24"])
        )
    )
    assert dt.date(2024, 2, 24) not in dates and dt.date(2024, 2, 17) in dates


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (Rule("weekly", dt.date(2024, 2, 1), dt.date(2024, 1, 1), weekdays=(1,)), "enne esimest"),
        (Rule("weekly", *YEAR_2024), "nädalapäev"),
        (Rule("monthly", *YEAR_2024, weekdays=(1,)), "kuu nädal"),
        (Rule("weekly", *YEAR_2024, weekdays=(1,), excluded=("Q1", "Q2", "Q3", "Q4")), "ühtegi üritust"),
        (Rule("weekly", dt.date(2024, 1, 1), dt.date(2034, 1, 1), weekdays=(0, 1, 2, 3, 4)), "üle 400"),
    ],
)
def test_bad_rules_are_refused_with_a_reason(rule, message):
    with pytest.raises(RecurrenceError, match=message):
        occurrences(rule)


def test_the_limit_is_checked_without_building_every_date():
    # a daily rule over 7000 years stops at the limit instead of generating millions of dates
    rule = Rule("weekly", dt.date(2000, 1, 1), dt.date(9000, 1, 1), weekdays=tuple(range(7)))
    with pytest.raises(RecurrenceError):
        occurrences(rule)


@pytest.mark.parametrize("raw", ["Q5", "13", "2024-02-30", "summer"])
def test_unknown_excluded_periods_are_named(raw):
    with pytest.raises(RecurrenceError, match=raw):
        parse_excluded([raw])


def test_excluded_periods_are_normalised():
    assert parse_excluded(["q3", "7", " 08 ", "2024-12-24", "Q3"]) == ("Q3", "07", "08", "2024-12-24")


@given(
    start=st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)),
    days=st.integers(0, 700),
    weekdays=st.sets(st.integers(0, 6), min_size=1),
    excluded=st.lists(st.sampled_from(["Q1", "Q2", "Q3", "Q4", "01", "06", "07", "12"]), max_size=3),
)
def test_every_date_is_in_range_on_a_chosen_weekday_and_not_excluded(start, days, weekdays, excluded):
    rule = Rule("weekly", start, start + dt.timedelta(days=days), weekdays=tuple(weekdays), excluded=tuple(excluded))
    try:
        dates = occurrences(rule)
    except RecurrenceError:
        return  # no dates left, or too many: refused, never a wrong date
    assert len(dates) <= MAX_OCCURRENCES
    assert dates == sorted(set(dates))
    for day in dates:
        assert rule.starts_on <= day <= rule.ends_on
        assert day.weekday() in weekdays
        assert not is_excluded(day, excluded)
