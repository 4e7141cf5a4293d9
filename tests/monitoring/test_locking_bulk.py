"""The lock of approved report parts on the events' bulk paths: the series' attendance table, the
series' deletion and the import from a file (issue 11 §6: "a change to locked data needs a reason").

Tartu's H1 part (1.1–30.6.2024) is approved (test_locking.py's fixtures); the scenario's clubs of
January are in it. A series holds the club of 10.01.2024 (locked) and one of 03.07.2024 (not)."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from loim.events.importing import events_import
from loim.events.models import Event, EventSeries, ParticipantCount
from loim.monitoring.models import ReportPartStep

from . import test_locking
from .builders import make_event
from .test_locking import club

approved, tartu_user = test_locking.approved, test_locking.tartu_user  # the same fixtures


@pytest.fixture
def series(scenario):
    tartu = scenario["parties"]["tartu"]
    january = club("10.01.2024")
    july = make_event(tartu, "conversation_club", dt.date(2024, 7, 3), title="Suhtlusklubi 03.07")
    row = EventSeries.objects.create(
        party=tartu,
        title="Suhtlusklubi",
        kind=january.kind,
        frequency="weekly",
        weekdays=[2],
        starts_on=dt.date(2024, 1, 10),
        ends_on=dt.date(2024, 7, 3),
        start_time=dt.time(17),
        end_time=dt.time(19),
    )
    Event.objects.filter(pk__in=[january.pk, july.pk]).update(series=row)
    return {"series": row, "january": Event.objects.get(pk=january.pk), "july": Event.objects.get(pk=july.pk)}


def attendance_data(*events, newcomers: dict[int, str]) -> dict:
    data = {}
    for event in events:
        counts = {c.group: c.count for c in event.counts.all()}
        data[f"v{event.pk}"] = str(event.version)
        for group in ("newcomer", "returnee", "other_background", "official", "other"):
            value = newcomers.get(event.pk) if group == "newcomer" and event.pk in newcomers else counts.get(group)
            data[f"e{event.pk}_{group}"] = "" if value is None else str(value)
    return data


def newcomers_of(event) -> int | None:
    row = ParticipantCount.objects.filter(event=event, group="newcomer").first()
    return row.count if row else None


def test_the_attendance_table_needs_a_reason_only_for_a_changed_row_of_an_approved_part(
    client, series, approved, tartu_user
):
    client.force_login(tartu_user)
    url = reverse("events:series_attendance", args=[series["series"].pk])
    january, july = series["january"], series["july"]
    before = newcomers_of(january)
    assert "Muudatuse põhjus" in client.get(url).content.decode()  # the page holds a locked row

    # July is outside the approved H1: saved without a reason, and the part stays approved
    assert client.post(url, attendance_data(january, july, newcomers={july.pk: "7"})).status_code == 302
    assert newcomers_of(july) == 7
    approved.refresh_from_db()
    assert approved.state == "approved"

    # January is in it: without a reason the reason field is named and nothing changes
    january.refresh_from_db()
    july.refresh_from_db()
    response = client.post(url, attendance_data(january, july, newcomers={january.pk: "11"}))
    assert response.status_code == 200
    assert "change_reason" in response.context["form"].errors
    assert newcomers_of(january) == before

    data = attendance_data(january, july, newcomers={january.pk: "11"}) | {"change_reason": "Leht leiti hiljem."}
    assert client.post(url, data).status_code == 302
    assert newcomers_of(january) == 11
    approved.refresh_from_db()
    step = ReportPartStep.objects.get(part=approved)
    assert approved.state == "changed" and step.text == "Leht leiti hiljem."
    assert "Suhtlusklubi" in step.what


def test_deleting_a_series_with_events_in_an_approved_part_needs_a_reason(client, series, approved, tartu_user):
    client.force_login(tartu_user)
    url = reverse("events:series_delete", args=[series["series"].pk])
    response = client.post(url)
    assert response.status_code == 200 and "change_reason" in response.context["form"].errors
    assert Event.objects.filter(series=series["series"]).count() == 2
    assert client.post(url, {"change_reason": "Sari sisestati topelt."}).status_code == 302
    assert not EventSeries.objects.filter(pk=series["series"].pk).exists()
    approved.refresh_from_db()
    assert approved.state == "changed"


HEADER = "kind;title;date;start_time;end_time;municipality"


def test_an_import_row_in_an_approved_part_is_refused_naming_row_and_column(scenario, approved):
    tartu = scenario["parties"]["tartu"]
    lines = [HEADER, "conversation_club;Klubi juulis;03.07.2024;17:00;18:30;Tartu linn"]
    lines.append("conversation_club;Klubi märtsis;06.03.2024;17:00;18:30;Tartu linn")
    upload = SimpleUploadedFile("klubid.csv", "\n".join(lines).encode("utf-8-sig"), content_type="text/csv")
    count = Event.objects.count()
    result = events_import(party=tartu, upload=upload)
    assert [(e.row, e.column) for e in result.errors] == [(3, "date")]
    assert "kinnitatud aruande" in result.errors[0].message or "approved report part" in result.errors[0].message
    assert Event.objects.count() == count  # the July row waits for the file to be fixed: all or nothing


def test_a_new_series_with_dates_in_an_approved_part_needs_a_reason(client, scenario, approved, tartu_user):
    """Clubs every Wednesday from 05.06.2024 to 10.07.2024: 05.06, 12.06, 19.06 and 26.06 are in the
    approved H1 (1.1–30.6), so the series asks for the reason; with one it is saved and the part reads
    "changed since approval"."""
    from tests.events.test_views import form_data

    client.force_login(tartu_user)
    base = form_data(party=scenario["parties"]["tartu"].pk, date="05.06.2024", title="Suveklubi")
    data = {
        **{k: v for k, v in base.items() if k not in ("date", "end_date")},
        "repeats": "weekly",
        "weekdays": ["2"],
        "starts_on": "05.06.2024",
        "ends_on": "10.07.2024",
    }
    response = client.post(reverse("events:series_create"), data)
    assert response.status_code == 200 and "change_reason" in response.context["form"].errors
    assert not EventSeries.objects.filter(title="Suveklubi").exists()
    assert client.post(reverse("events:series_create"), data | {"change_reason": "Hiljem lisatud."}).status_code == 302
    assert Event.objects.filter(series__title="Suveklubi").count() == 6  # 05.06 … 10.07, six Wednesdays
    approved.refresh_from_db()
    assert approved.state == "changed"


def test_undoing_an_import_of_events_in_an_approved_part_needs_a_reason(client, scenario, tartu_user):
    """The file is imported before the part is approved; undoing it afterwards would remove approved
    figures, so the undo asks for the reason."""
    from loim.monitoring.models import ReportPart

    tartu = scenario["parties"]["tartu"]
    lines = [HEADER, "conversation_club;Klubi märtsis;06.03.2024;17:00;18:30;Tartu linn"]
    upload = SimpleUploadedFile("klubi.csv", "\n".join(lines).encode("utf-8-sig"), content_type="text/csv")
    result = events_import(party=tartu, upload=upload, created_by=tartu_user)
    assert result.ok and result.created == 1
    part = ReportPart.objects.create(plan=scenario["plan"], period="h1", party=tartu, state="approved")
    client.force_login(tartu_user)
    url = reverse("events:import_undo", args=[result.batch.pk])
    response = client.post(url)
    assert response.status_code == 200 and "change_reason" in response.context["form"].errors
    assert Event.objects.filter(title="Klubi märtsis").exists()
    assert client.post(url, {"change_reason": "Vale fail."}).status_code == 302
    assert not Event.objects.filter(title="Klubi märtsis").exists()
    part.refresh_from_db()
    assert part.state == "changed"
