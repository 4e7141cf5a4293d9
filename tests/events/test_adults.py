"""Whether the participants were adults (the plan's target group is "vähemalt 18-aastased …"):
yes / no / not recorded, through the form, the API, the import and the export."""

import csv
import io

import pytest
from django.urls import reverse

from loim.events.models import Event, ParticipantsAdults
from tests.events.helpers import make_event
from tests.events.test_views import form_data


@pytest.fixture
def tartu(member):
    return member("tartu", "coordinator")


def test_not_recorded_by_default_and_set_in_the_form(client, tartu, programme):
    assert make_event(programme["tartu"]).participants_adults == ParticipantsAdults.NOT_RECORDED
    client.force_login(tartu)
    response = client.post(reverse("events:create"), form_data(party=programme["tartu"].pk, participants_adults="yes"))
    assert response.status_code == 302, response.context["form"].errors
    event = Event.objects.get(title="Eesti keele suhtlusklubi")
    assert event.participants_adults == "yes"
    page = client.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert "jah, kõik vähemalt 18-aastased" in page
    bad = client.post(reverse("events:create"), form_data(party=programme["tartu"].pk, participants_adults="maybe"))
    assert "participants_adults" in bad.context["form"].errors


def test_the_api_reads_and_writes_it(client, tartu, programme):
    event = make_event(programme["tartu"])
    client.force_login(tartu)
    url = reverse("v1:event-detail", args=[event.pk])
    assert client.get(url).json()["participants_adults"] == ""
    response = client.patch(
        url,
        {"participants_adults": "no"},
        content_type="application/json",
        headers={"If-Match": client.get(url)["ETag"]},
    )
    assert response.status_code == 200, response.json()
    event.refresh_from_db()
    assert event.participants_adults == "no"
    wrong = client.patch(
        url,
        {"participants_adults": "often"},
        content_type="application/json",
        headers={"If-Match": client.get(url)["ETag"]},
    )
    assert wrong.status_code == 400 and "participants_adults" in wrong.json()


def test_export_then_import_keeps_it(client, tartu, programme):
    make_event(programme["tartu"], title="Täiskasvanute klubi", participants_adults="yes")
    make_event(programme["tartu"], title="Beebiklubi", participants_adults="no")
    make_event(programme["tartu"], title="Teadmata")
    client.force_login(tartu)
    exported = client.get(reverse("events:export_csv")).getvalue().decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(exported), delimiter=";"))
    column = table[0].index("Osalejad vähemalt 18-aastased")
    by_title = {row[table[0].index("Pealkiri")]: row[column] for row in table[1:]}
    assert by_title == {
        "Täiskasvanute klubi": "jah, kõik vähemalt 18-aastased",
        "Beebiklubi": "ei, mõni oli alla 18-aastane",
        "Teadmata": "",
    }


def test_the_import_column_takes_yes_no_and_empty_and_names_a_bad_cell(programme):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from loim.events.importing import events_import

    def upload(*lines):
        header = "import_id;kind;title;date;start_time;end_time;municipality;participants_adults"
        return SimpleUploadedFile("e.csv", "\n".join([header, *lines]).encode("utf-8-sig"), content_type="text/csv")

    rows = [
        "a-1;conversation_club;Klubi;06.03.2024;17:00;18:00;Tartu linn;jah",
        "a-2;conversation_club;Beebiklubi;07.03.2024;10:00;11:00;Tartu linn;no",
        "a-3;conversation_club;Teadmata;08.03.2024;17:00;18:00;Tartu linn;",
    ]
    bad = events_import(
        party=programme["tartu"],
        upload=upload(*rows, "a-4;conversation_club;X;09.03.2024;17:00;18:00;Tartu linn;vahel"),
    )
    assert [(e.row, e.column) for e in bad.errors] == [(5, "participants_adults")]
    assert not Event.objects.exists()
    result = events_import(party=programme["tartu"], upload=upload(*rows))
    assert result.errors == []
    assert dict(Event.objects.values_list("import_id", "participants_adults")) == {"a-1": "yes", "a-2": "no", "a-3": ""}
