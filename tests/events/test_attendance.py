"""Attendance: "not counted" is never 0, and a series' attendance is entered in one table.

The scenario is worked out by hand: a series of four weekly clubs with 10, 0, nothing and 5 newcomers
totals 15 with one event not counted; the API gives null for the empty one, the export an empty cell.
"""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import translation

from loim.events.attendance import Total, count_label, total_of
from loim.events.models import EventSeries, ParticipantCount
from loim.events.recurrence import Rule
from loim.events.services import (
    AttendanceEntry,
    AttendanceErrors,
    EventInput,
    event_update,
    series_attendance_save,
    series_create,
)
from tests.events.helpers import event_input


def four_clubs(party, activity=None) -> EventSeries:
    """Wednesdays 06.03, 13.03, 20.03 and 27.03.2024 at 17:00, no counts."""
    rule = Rule(
        frequency="weekly",
        interval=1,
        weekdays=[2],
        week_of_month=None,
        starts_on=dt.date(2024, 3, 6),
        ends_on=dt.date(2024, 3, 27),
        excluded=[],
    )
    return series_create(
        data=event_input(party, activity=activity),
        rule=rule,
        start_time=dt.time(17),
        end_time=dt.time(18, 30),
        confirmed=True,
    )


def enter(series, values: list[int | None]) -> int:
    events = list(series.events.order_by("start"))
    return series_attendance_save(
        series=series,
        entries=[
            AttendanceEntry(event=e, version=e.version, counts={"newcomer": v})
            for e, v in zip(events, values, strict=True)
        ],
    )


@pytest.fixture
def tartu(member):
    return member("tartu", "coordinator")


def test_the_words_for_not_counted_and_zero():
    with translation.override("et"):
        assert count_label(None) == "loendamata" and count_label(0) == "0"
        assert Total(counted=42, not_counted=2, events=5).shown == "42 (2 üritust loendamata)"
        assert Total(counted=0, not_counted=3, events=3).shown == "loendamata"
    with translation.override("en"):
        assert Total(counted=42, not_counted=1, events=5).shown == "42 (1 event not counted)"
        assert Total(counted=0, not_counted=0, events=2).shown == "0"
    assert total_of([10, 0, None, 5]) == Total(counted=15, not_counted=1, events=4)
    with translation.override("et"):
        assert total_of([10, 0, None, 5]).display == "15 (1 üritus loendamata)"
    assert total_of([None]).display is None and total_of([0, 3]).display == 3


def test_a_new_series_is_not_counted_not_zero(client, tartu, programme):
    series = four_clubs(programme["tartu"])
    assert not ParticipantCount.objects.exists()
    client.force_login(tartu)
    page = client.get(reverse("events:series_detail", args=[series.pk]))
    assert page.context["total"] == Total(counted=0, not_counted=4, events=4)
    assert page.context["total"].value is None
    assert page.content.decode().count(">loendamata<") == 5  # four events and the total, never a 0
    assert [e.participants_total for e in page.context["events"]] == [None] * 4


def test_four_events_10_0_empty_5_total_15_with_one_not_counted(client, tartu, programme):
    series = four_clubs(programme["tartu"])
    assert enter(series, [10, 0, None, 5]) == 3
    events = list(series.events.order_by("start"))
    assert [dict(e.counts.values_list("group", "count")) for e in events] == [
        {"newcomer": 10},
        {"newcomer": 0},
        {},
        {"newcomer": 5},
    ]
    assert [e.version for e in events] == [2, 2, 1, 2]  # the empty row was not written
    client.force_login(tartu)
    page = client.get(reverse("events:series_detail", args=[series.pk]))
    assert page.context["total"] == Total(counted=15, not_counted=1, events=4)
    assert [e.participants_total for e in page.context["events"]] == [10, 0, None, 5]
    html = page.content.decode()
    assert "15 (1 üritus loendamata)" in html and html.count(">loendamata<") == 1
    listed = {e.start.day: e.participants_total for e in client.get(reverse("events:list")).context["page"]}
    assert listed == {6: 10, 13: 0, 20: None, 27: 5}
    detail = client.get(reverse("events:detail", args=[events[2].pk])).content.decode()
    assert "—" not in detail.split("Osalejad")[1].split("</table>")[0] and "loendamata" in detail

    body = client.get(reverse("v1:event-detail", args=[events[2].pk])).json()
    assert set(body["participants"].values()) == {None}
    zero = client.get(reverse("v1:event-detail", args=[events[1].pk])).json()
    assert zero["participants"]["newcomer"] == 0 and zero["participants"]["official"] is None

    exported = client.get(reverse("events:export_csv")).getvalue().decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(exported), delimiter=";"))
    column = table[0].index("Uussisserändajad") if "Uussisserändajad" in table[0] else None
    if column is None:  # the heading is the group's label in the user's language
        column = next(i for i, h in enumerate(table[0]) if h.lower().startswith("uussisser"))
    assert sorted(row[column] for row in table[1:]) == ["", "0", "10", "5"]


def test_a_stale_row_is_refused_named_and_nothing_is_written(programme):
    series = four_clubs(programme["tartu"])
    events = list(series.events.order_by("start"))
    loaded = {e.pk: e.version for e in events}
    # someone saves the second event (13.03) after the table was opened
    other = events[1]
    event_update(event=other, data=EventInput.from_event(other), confirmed=True)
    with pytest.raises(AttendanceErrors) as excinfo:
        series_attendance_save(
            series=series,
            entries=[AttendanceEntry(event=e, version=loaded[e.pk], counts={"newcomer": 7}) for e in events],
        )
    assert list(excinfo.value.by_event) == [other.pk]
    assert "13.03.2024" in excinfo.value.by_event[other.pk]["__all__"][0]
    assert not ParticipantCount.objects.exists()  # the three fresh rows were rolled back too


def test_the_table_names_the_cell_of_a_negative_or_too_large_count(client, tartu, programme):
    series = four_clubs(programme["tartu"])
    events = list(series.events.order_by("start"))
    client.force_login(tartu)
    url = reverse("events:series_attendance", args=[series.pk])
    data = {f"v{e.pk}": e.version for e in events}
    data.update(
        {f"e{events[0].pk}_newcomer": "-1", f"e{events[3].pk}_official": "100001", f"e{events[1].pk}_newcomer": "4"}
    )
    response = client.post(url, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {f"e{events[0].pk}_newcomer", f"e{events[3].pk}_official"}
    summary = [(label, message) for _id, label, message in form.error_summary]
    assert summary[0][0] == "06.03.2024 — uussisserändajad" or summary[0][0].startswith("06.03.2024 — ")
    assert summary[1][0].startswith("27.03.2024 — ")
    html = response.content.decode()
    assert "negatiivne" in html.lower() and 'aria-invalid="true"' in html
    assert not ParticipantCount.objects.exists()


def test_the_table_saves_and_another_party_cannot_open_it(client, tartu, member, programme):
    series = four_clubs(programme["tartu"])
    events = list(series.events.order_by("start"))
    client.force_login(tartu)
    url = reverse("events:series_attendance", args=[series.pk])
    form = client.get(url).context["form"]
    assert [row.day for row in form.rows] == ["06.03.2024", "13.03.2024", "20.03.2024", "27.03.2024"]
    data = {f"v{e.pk}": e.version for e in events}
    data.update({f"e{events[0].pk}_newcomer": "10", f"e{events[1].pk}_newcomer": "0", f"e{events[3].pk}_newcomer": "5"})
    response = client.post(url, data)
    assert response.status_code == 302
    assert sorted(ParticipantCount.objects.values_list("count", flat=True)) == [0, 5, 10]
    client.force_login(member("rakvere", "coordinator"))
    assert client.get(url).status_code == 404


def test_the_report_row_says_how_many_events_were_not_counted(programme, rows):
    from loim.monitoring.access import Viewer
    from loim.monitoring.report import build_report

    clubs = rows["3.5.2.1/2.1"]
    enter(four_clubs(programme["tartu"], activity=clubs), [10, 0, None, 5])
    report = build_report(clubs.plan, Viewer.system(), as_of=dt.date(2025, 2, 1))
    row = next(r for r in report.activities if r.activity_id == clubs.pk)
    assert (row.events, row.participants, row.participants_not_counted) == (4, 15, 1)
    with translation.override("et"):
        assert row.participants_figure.shown == "15 (1 üritus loendamata)"
    network = next(r for r in report.activities if r.activity_id == rows["3.5.2.1/3.1"].pk)
    assert (network.events, network.participants_figure.display) == (0, 0)


def test_a_long_series_is_entered_a_page_of_rows_at_a_time(client, tartu, programme, monkeypatch):
    """Six posted fields a row: a 400-event series in one form would pass Django's 1,000-field limit."""
    from loim.events.views import series as series_views

    monkeypatch.setattr(series_views, "ATTENDANCE_ROWS", 3)
    series = four_clubs(programme["tartu"])
    events = list(series.events.order_by("start"))
    client.force_login(tartu)
    url = reverse("events:series_attendance", args=[series.pk])
    form = client.get(url).context["form"]
    assert [row.day for row in form.rows] == ["06.03.2024", "13.03.2024", "20.03.2024"]
    data = {f"v{e.pk}": e.version for e in events[:3]}
    data[f"e{events[0].pk}_newcomer"] = "8"
    response = client.post(url, data)
    assert response.url == f"{url}?page=2"
    assert [row.day for row in client.get(response.url).context["form"].rows] == ["27.03.2024"]
    assert list(ParticipantCount.objects.values_list("event_id", "count")) == [(events[0].pk, 8)]
