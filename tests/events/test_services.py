"""The one write path for events: what it refuses, what it warns about, what it writes."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from loim.events.models import Event, EventSeries, ParticipantCount, Participation
from loim.events.recurrence import RecurrenceError, Rule
from loim.events.services import (
    ConfirmationRequired,
    EventInput,
    event_create,
    event_delete,
    event_kind_save,
    event_update,
    local_datetime,
    series_create,
    series_delete,
)
from loim.plans.models import EventKind
from tests.events.helpers import event_input, kind, make_event, municipality


def errors_of(excinfo) -> dict:
    return excinfo.value.message_dict


def test_an_event_with_counts_municipalities_and_organisations(programme, rows):
    data = event_input(
        programme["elvl"],
        kind_code="info_day",
        title="Ida-Virumaa infopäev",
        municipality=municipality("Jõhvi vald"),
        activity=rows["3.5.1.3/1"],
        counts={"official": 31, "stakeholder": 9, "newcomer": None},
        municipalities=[municipality("Narva linn"), municipality("Jõhvi vald"), municipality("Narva linn")],
        organisations=["Töötukassa", " Integratsiooni Sihtasutus ", "Töötukassa", ""],
    )
    event = event_create(data=data)
    assert dict(event.counts.values_list("group", "count")) == {"official": 31, "stakeholder": 9}
    assert sorted(event.municipalities.values_list("name", flat=True)) == ["Jõhvi vald", "Narva linn"]
    assert sorted(event.organisations.values_list("name", flat=True)) == ["Integratsiooni Sihtasutus", "Töötukassa"]


def test_the_end_before_the_start_is_refused_and_nothing_written(programme):
    data = event_input(programme["tartu"])
    data.end = data.start - dt.timedelta(hours=1)
    with pytest.raises(ValidationError) as excinfo:
        event_create(data=data)
    assert "end" in errors_of(excinfo)
    assert not Event.objects.exists()


@pytest.mark.parametrize("value", [-1, 2.5, "12", True])
def test_negative_or_non_numeric_counts_are_refused(programme, value):
    with pytest.raises(ValidationError) as excinfo:
        event_create(data=event_input(programme["tartu"], counts={"newcomer": value}))
    assert "count_newcomer" in errors_of(excinfo)
    assert not Event.objects.exists() and not ParticipantCount.objects.exists()


def test_a_plan_row_of_another_party_is_refused(programme, rows):
    with pytest.raises(ValidationError) as excinfo:
        event_create(data=event_input(programme["tartu"], activity=rows["3.5.1.3/1"]))
    assert "activity" in errors_of(excinfo)


def test_place_must_match_the_format(programme):
    with pytest.raises(ValidationError) as excinfo:
        event_create(data=event_input(programme["elvl"], municipality=None))
    assert "municipality" in errors_of(excinfo)
    online = event_create(
        data=event_input(programme["elvl"], municipality=None, format="online", online_url="https://meet.example/x")
    )
    assert online.place == "veebis"  # the UI speaks Estonian
    with pytest.raises(ValidationError):
        event_create(data=event_input(programme["tartu"], format="online"))


def test_unknown_languages_are_refused(programme):
    with pytest.raises(ValidationError) as excinfo:
        event_create(data=event_input(programme["tartu"], languages=["et", "fi"]))
    assert "languages" in errors_of(excinfo)


def test_outside_the_plan_rows_dates_needs_confirmation(programme, rows):
    data = event_input(programme["tartu"], activity=rows["3.5.2.1/2.1"], day=dt.date(2024, 10, 2))
    with pytest.raises(ConfirmationRequired) as excinfo:
        event_create(data=data)
    assert "02.10.2024" in excinfo.value.warnings[0] and "30.06.2024" in excinfo.value.warnings[0]
    assert not Event.objects.exists()
    event = event_create(data=data, confirmed=True)
    assert event.activity == rows["3.5.2.1/2.1"]


def test_a_row_without_dates_uses_the_plan_period(programme, rows):
    with pytest.raises(ValidationError):  # another year than the plan's: an error, not a warning
        event_create(data=event_input(programme["tartu"], activity=rows["3.5.2.1/3.1"], day=dt.date(2025, 1, 8)))
    assert event_create(data=event_input(programme["tartu"], activity=rows["3.5.2.1/3.1"], day=dt.date(2024, 11, 6)))


def test_update_replaces_children_and_a_rejected_update_changes_nothing(programme):
    event = make_event(programme["tartu"], counts={"newcomer": 5}, organisations=["A"])
    data = EventInput.from_event(event)
    data.counts = {"newcomer": 7, "returnee": 1}
    data.organisations = ["B"]
    event_update(event=event, data=data)
    assert dict(event.counts.values_list("group", "count")) == {"newcomer": 7, "returnee": 1}
    assert list(event.organisations.values_list("name", flat=True)) == ["B"]
    bad = EventInput.from_event(event)
    bad.title, bad.counts = "Muudetud", {"newcomer": -3}
    with pytest.raises(ValidationError):
        event_update(event=Event.objects.get(pk=event.pk), data=bad)
    event.refresh_from_db()
    assert event.title != "Muudetud"
    assert dict(event.counts.values_list("group", "count")) == {"newcomer": 7, "returnee": 1}


def test_import_ids_are_unique_within_a_party(programme):
    make_event(programme["tartu"], import_id="row-1")
    with pytest.raises(ValidationError) as excinfo:
        event_create(data=event_input(programme["tartu"], import_id="row-1"))
    assert "import_id" in errors_of(excinfo)
    assert make_event(programme["parnu"], import_id="row-1")  # another party may use the same id


def test_delete_takes_the_children_along(programme):
    event = make_event(programme["tartu"], counts={"newcomer": 5}, municipalities=[municipality("Elva vald")])
    event_delete(event=event)
    assert not ParticipantCount.objects.exists() and not Participation.objects.exists()


def weekly_2024(**kwargs):
    return Rule("weekly", dt.date(2024, 1, 1), dt.date(2024, 12, 31), weekdays=(2,), **kwargs)


def test_a_weekly_series_with_a_paused_quarter_creates_editable_events(programme, rows):
    data = event_input(programme["tartu"], title="Eesti keele suhtlusklubi", activity=rows["3.5.2.1/3.1"])
    series = series_create(
        data=data, rule=weekly_2024(excluded=("Q3",)), start_time=dt.time(17), end_time=dt.time(18, 30)
    )
    events = list(series.events.order_by("start"))
    assert len(events) == 39
    assert events[0].start == local_datetime(dt.date(2024, 1, 3), dt.time(17))
    assert not [e for e in events if 7 <= e.start.month <= 9]
    # each event is ordinary and editable on its own
    assert {(e.end - e.start) for e in events} == {dt.timedelta(minutes=90)}
    edited = EventInput.from_event(events[5])
    edited.counts = {"newcomer": 8}
    event_update(event=events[5], data=edited)
    assert events[5].counts.get().count == 8


def test_series_times_follow_local_time_across_daylight_saving(programme):
    series = series_create(
        data=event_input(programme["tartu"]),
        rule=Rule("weekly", dt.date(2024, 3, 20), dt.date(2024, 4, 10), weekdays=(2,)),
        start_time=dt.time(17),
        end_time=dt.time(18),
    )
    from loim.events.services import LOCAL_TZ

    assert {e.start.astimezone(LOCAL_TZ).time() for e in series.events.all()} == {dt.time(17)}


def test_a_series_of_thousands_is_refused_with_nothing_written(programme):
    rule = Rule("weekly", dt.date(2024, 1, 1), dt.date(2040, 12, 31), weekdays=(0, 2, 4))
    with pytest.raises(RecurrenceError, match="400"):
        series_create(data=event_input(programme["tartu"]), rule=rule, start_time=dt.time(17), end_time=dt.time(18))
    assert not Event.objects.exists() and not EventSeries.objects.exists()


def test_a_series_outside_its_rows_dates_needs_confirmation(programme, rows):
    data = event_input(programme["tartu"], activity=rows["3.5.2.1/2.1"])
    with pytest.raises(ConfirmationRequired) as excinfo:
        series_create(data=data, rule=weekly_2024(), start_time=dt.time(17), end_time=dt.time(18))
    assert "52 kuupäevast 26" in excinfo.value.warnings[0]
    assert not Event.objects.exists()
    series = series_create(data=data, rule=weekly_2024(), start_time=dt.time(17), end_time=dt.time(18), confirmed=True)
    assert series.events.count() == 52


def test_a_series_with_invalid_event_fields_writes_nothing(programme):
    with pytest.raises(ValidationError):
        series_create(
            data=event_input(programme["tartu"], municipality=None),
            rule=weekly_2024(),
            start_time=dt.time(17),
            end_time=dt.time(18),
        )
    with pytest.raises(ValidationError):
        series_create(
            data=event_input(programme["tartu"]), rule=weekly_2024(), start_time=dt.time(18), end_time=dt.time(17)
        )
    assert not Event.objects.exists() and not EventSeries.objects.exists()


def test_deleting_a_series_deletes_its_events(programme):
    series = series_create(
        data=event_input(programme["tartu"]),
        rule=weekly_2024(excluded=("Q2", "Q3", "Q4")),
        start_time=dt.time(17),
        end_time=dt.time(18),
    )
    other = make_event(programme["tartu"])
    assert series_delete(series=series) == 13
    assert list(Event.objects.all()) == [other]


def test_event_kinds_are_added_and_renamed_but_a_used_code_stays(programme):
    new = event_kind_save(
        code="family_day", name_et="perepäev", name_en="family day", name_ru="семейный день", name_uk="сімейний день"
    )
    assert EventKind.objects.get(code="family_day").name_uk == "сімейний день"
    event_kind_save(kind=new, code="family_day", name_et="pere- ja kogukonnapäev", name_en="family day")
    make_event(programme["tartu"], kind=new)
    with pytest.raises(ValidationError):
        event_kind_save(kind=EventKind.objects.get(pk=new.pk), code="family", name_et="x", name_en="x")
    assert kind("family_day").name_et == "pere- ja kogukonnapäev"
