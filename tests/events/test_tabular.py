"""Import from CSV and XLSX (all or nothing, every error named, no duplicates on re-import), the
templates, and the export of the filtered list read back by openpyxl and csv."""

import csv
import datetime as dt
import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from loim.events.importing import events_import
from loim.events.models import Event, EventImport
from loim.events.tabular import KEYS
from tests.events.helpers import make_event, municipality

HEADER = (
    "import_id;kind;title;date;start_time;end_time;activity;municipality;languages;public;"
    "participants_newcomer;participants_official;participating_municipalities;organisations"
)
GOOD = [
    "k-1;conversation_club;Suhtlusklubi;03.01.2024;17:00;18:30;3.5.2.1/2.1;Tartu linn;et;jah;12;;;Tartu Raamatukogu",
    "k-2;suhtlusklubi;Suhtlusklubi;10.01.2024;17:00;18:30;3.5.2.1/2.1;0793;et, en;no;9;1;Elva vald, Kambja vald;",
    ';network_meeting;Kohtumine;2024-01-25;10:00;12:00;3.5.2.1/3.1;Tartu linn;et;;;6;Elva vald;"Töötukassa; SKA"',
]


def csv_upload(lines, name="events.csv", encoding="utf-8-sig"):
    return SimpleUploadedFile(name, "\n".join([HEADER, *lines]).encode(encoding), content_type="text/csv")


def test_a_good_csv_imports_and_a_second_import_updates_instead_of_duplicating(programme, rows):
    result = events_import(party=programme["tartu"], upload=csv_upload(GOOD))
    assert (result.errors, result.created, result.updated) == ([], 3, 0)
    second = Event.objects.get(import_id="k-2")
    assert second.kind.code == "conversation_club" and second.languages == ["en", "et"]
    assert sorted(second.municipalities.values_list("name", flat=True)) == ["Elva vald", "Kambja vald"]
    assert dict(second.counts.values_list("group", "count")) == {"newcomer": 9, "official": 1}
    network = Event.objects.get(title="Kohtumine")
    assert sorted(network.organisations.values_list("name", flat=True)) == ["SKA", "Töötukassa"]
    assert Event.objects.get(import_id="k-1").is_public

    changed = [GOOD[0].replace(";12;", ";14;"), *GOOD[1:]]
    again = events_import(party=programme["tartu"], upload=csv_upload(changed))
    assert (again.errors, again.created, again.updated) == ([], 0, 3)
    assert Event.objects.count() == 3
    assert Event.objects.get(import_id="k-1").counts.get(group="newcomer").count == 14


def test_one_bad_row_writes_nothing_and_every_problem_names_row_and_column(programme, rows):
    bad = [
        *GOOD,
        "k-4;unknown_kind;Vigane;31.02.2024;25:00;18:00;9.9.9;Atlantis;fi;maybe;-3;kaks;Narnia;",
        "k-5;conversation_club;;03.01.2024;18:00;17:00;;Tartu linn;;;;;;",
    ]
    result = events_import(party=programme["tartu"], upload=csv_upload(bad))
    assert not Event.objects.exists()
    found = {(e.row, e.column) for e in result.errors}
    for column in (
        "kind",
        "date",
        "start_time",
        "municipality",
        "languages",
        "public",
        "participants_newcomer",
        "participants_official",
        "participating_municipalities",
    ):
        assert (5, column) in found, column
    assert (6, "title") in found and (6, "end_time") in found
    assert all(e.row in (5, 6) for e in result.errors)


def test_rows_outside_their_plan_rows_dates_need_confirmation(programme, rows):
    late = ["k-9;conversation_club;Sügisklubi;02.10.2024;17:00;18:00;3.5.2.1/2.1;Tartu linn;et;;;;;"]
    result = events_import(party=programme["tartu"], upload=csv_upload(late))
    assert result.warnings and not result.errors and not Event.objects.exists()
    assert events_import(party=programme["tartu"], upload=csv_upload(late), confirmed=True).created == 1


def test_duplicate_rows_in_one_file_are_refused(programme, rows):
    result = events_import(party=programme["tartu"], upload=csv_upload([GOOD[0], GOOD[0]]))
    assert [(e.row, e.column) for e in result.errors] == [(3, "import_id")]
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("title;date\nx;01.01.2024", "Puuduvad veerud"),
        ("kind;title;date;start_time;end_time;colour\n", "Tundmatud veerud: colour"),
        ("", "tühi"),
    ],
)
def test_unreadable_files_are_refused_as_a_whole(programme, content, message):
    result = events_import(party=programme["tartu"], upload=SimpleUploadedFile("x.csv", content.encode()))
    assert message in result.errors[0].message and result.errors[0].row == 0


def test_windows_1257_csv_with_commas_is_read(programme, rows):
    text = (
        HEADER.replace(";", ",")
        + "\n"
        + "x-1,conversation_club,Õhtune jutuklubi,03.01.2024,17:00,18:00,,Tartu linn,et,,,,,"
    )
    upload = SimpleUploadedFile("x.csv", text.encode("cp1257"))
    assert events_import(party=programme["tartu"], upload=upload).created == 1
    assert Event.objects.get().title == "Õhtune jutuklubi"


def xlsx_upload(rows_):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows_:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("events.xlsx", buffer.getvalue())


def test_xlsx_with_real_dates_times_and_numbers(programme, rows):
    upload = xlsx_upload(
        [
            ["kind", "title", "date", "start_time", "end_time", "participants_newcomer", "municipality"],
            ["language_cafe", "Keelekohvik", dt.datetime(2024, 2, 7), dt.time(16, 30), dt.time(18), 11.0, "Tartu linn"],
            ["language_cafe", "Keelekohvik", dt.datetime(2024, 2, 14), dt.time(16, 30), dt.time(18), 2.5, "Tartu linn"],
        ]
    )
    result = events_import(party=programme["tartu"], upload=upload)
    assert [(e.row, e.column) for e in result.errors] == [(3, "participants_newcomer")]
    assert not Event.objects.exists()


def test_a_broken_xlsx_is_refused(programme):
    result = events_import(party=programme["tartu"], upload=SimpleUploadedFile("x.xlsx", b"PK\x03\x04 not really"))
    assert "XLSX" in result.errors[0].message


def test_the_import_page(client, member, programme, rows):
    client.force_login(member("tartu", "coordinator"))
    bad = client.post(
        reverse("events:import"),
        {
            "party": programme["tartu"].pk,
            "file": csv_upload([*GOOD, "k-4;conversation_club;Vigane;31.02.2024;17:00;18:00;;Tartu linn;;;;;;"]),
        },
    )
    assert bad.status_code == 400 and not Event.objects.exists()
    page = bad.content.decode()
    assert "<td>5</td><td>date</td>" in page
    checked = client.post(reverse("events:import"), {"party": programme["tartu"].pk, "file": csv_upload(GOOD)})
    assert checked.status_code == 200 and not Event.objects.exists()  # the check writes nothing
    result, token = checked.context["result"], checked.context["token"]
    assert (result.rows, result.created, result.updated) == (3, 3, 0)
    assert [row["title"] for row in result.preview] == ["Suhtlusklubi", "Suhtlusklubi", "Kohtumine"]
    preview = checked.content.decode()
    assert '<th scope="col">Pealkiri</th>' in preview and "Ametinimetus" not in preview  # not a job title
    (entry,) = client.session["event_imports"].values()
    assert default_storage.exists(entry["path"])
    good = client.post(reverse("events:import"), {"token": token, "action": "import"})
    assert good.status_code == 302 and Event.objects.count() == 3
    (done,) = [str(m) for m in client.get(good.url).context["messages"]]
    assert done.startswith("Imporditud 3 rida: 3 uut üritust") and "„Impordi failist“" in done  # where to undo
    assert not default_storage.exists(entry["path"]) and not client.session["event_imports"]
    assert client.post(reverse("events:import"), {"token": token, "action": "import"}).status_code == 404

    again = client.post(reverse("events:import"), {"party": programme["tartu"].pk, "file": csv_upload(GOOD)})
    (entry,) = client.session["event_imports"].values()
    client.post(reverse("events:import"), {"token": again.context["token"], "action": "cancel"})
    assert not default_storage.exists(entry["path"]) and EventImport.objects.count() == 1
    other = client.post(reverse("events:import"), {"party": programme["parnu"].pk, "file": csv_upload(GOOD)})
    assert "party" in other.context["form"].errors


def test_templates_have_every_column_and_an_example_that_imports(client, member, programme, rows):
    client.force_login(member("tartu", "coordinator"))
    response = client.get(reverse("events:import_template_xlsx"))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.worksheets[0]
    assert [c.value for c in sheet[1]] == KEYS
    assert len(workbook.worksheets) == 2  # the columns explained
    template = client.get(reverse("events:import_template_csv"))
    text = b"".join(template.streaming_content).decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(text), delimiter=";"))
    assert header == KEYS
    result = events_import(party=programme["tartu"], upload=SimpleUploadedFile("t.csv", text.encode()))
    assert result.created == 1, result.errors


def test_export_of_the_filtered_list_reads_back_with_labels_and_its_values_reimport(client, member, programme, rows):
    make_event(
        programme["tartu"],
        title="Klubi",
        counts={"newcomer": 5},
        municipalities=[municipality("Elva vald")],
        organisations=["SKA"],
    )
    make_event(programme["tartu"], title="Vana klubi", day=dt.date(2023, 5, 3))
    make_event(programme["parnu"], title="Pärnu beebiklubi")
    client.force_login(member("tartu", "coordinator"))
    response = client.get(reverse("events:export_csv"), {"date_from": "2024-01-01"})
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    table = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert [row["Pealkiri"] for row in table] == ["Klubi"]  # headings in the user's language
    assert table[0]["Uussisserändajad"] == "5" and table[0]["Osalenud omavalitsused"] == "Elva vald"
    assert table[0]["Korraldaja"] == programme["tartu"].name
    assert table[0]["Vorm"] == "kohapeal" and table[0]["Keeled"] == "eesti keel"  # labels, not on_site / et

    xlsx = client.get(reverse("events:export_xlsx"), {"date_from": "2024-01-01"})
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)), read_only=True).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][2] == "Pealkiri" and values[1][2] == "Klubi"
    assert len(values[0]) == len(KEYS) + 1  # every import column, then the organiser

    # The file imports back as it is (headings and labels): it updates the event, for its party only.
    again = events_import(party=programme["tartu"], upload=SimpleUploadedFile("e.csv", text.encode("utf-8-sig")))
    assert (again.errors, again.created, again.updated) == ([], 0, 1)
    workbook_again = SimpleUploadedFile(
        "e.xlsx", b"".join(client.get(reverse("events:export_xlsx"), {"date_from": "2024-01-01"}).streaming_content)
    )
    again = events_import(party=programme["tartu"], upload=workbook_again)
    assert (again.errors, again.created, again.updated) == ([], 0, 1)
    assert (
        events_import(party=programme["parnu"], upload=SimpleUploadedFile("e.csv", text.encode())).errors[0].column
        == "organiser"
    )


def test_an_import_is_undone_as_a_whole_and_only_what_it_created(client, member, programme, rows):
    from loim.events.models import EventImport

    first = events_import(party=programme["tartu"], upload=csv_upload(GOOD[:2], name="jaanuar.csv"))
    changed = GOOD[1].replace("Suhtlusklubi", "Suhtlusklubi (muudetud)")
    second = events_import(party=programme["tartu"], upload=csv_upload([changed, GOOD[2]], name="parandus.csv"))
    assert (first.created, second.created, second.updated) == (2, 1, 1)
    assert (second.batch.created_count, second.batch.updated_count, second.batch.file_name) == (1, 1, "parandus.csv")

    client.force_login(member("tartu", "coordinator"))
    page = client.get(reverse("events:import"))
    assert "parandus.csv" in page.content.decode() and "jaanuar.csv" in page.content.decode()
    confirm = client.get(reverse("events:import_undo", args=[second.batch.pk]))
    assert "parandus.csv" in confirm.content.decode()
    assert Event.objects.count() == 3  # asking writes nothing
    assert client.post(reverse("events:import_undo", args=[second.batch.pk])).status_code == 302
    # The event the second file created is gone; the one it updated stays, updated.
    assert sorted(Event.objects.values_list("import_id", "title")) == [
        ("k-1", "Suhtlusklubi"),
        ("k-2", "Suhtlusklubi (muudetud)"),
    ]
    assert not EventImport.objects.filter(pk=second.batch.pk).exists()

    other = client.post(reverse("events:import_undo", args=[first.batch.pk]))
    assert other.status_code == 302 and not Event.objects.exists()
    parnu_row = ";network_meeting;Pärnu kohtumine;2024-01-25;10:00;12:00;;Pärnu linn;et;;;6;;"
    parnu = events_import(party=programme["parnu"], upload=csv_upload([parnu_row]))
    assert parnu.errors == [] and parnu.batch is not None
    assert client.post(reverse("events:import_undo", args=[parnu.batch.pk])).status_code == 404
    assert Event.objects.filter(party=programme["parnu"]).count() == 1


def test_a_refused_file_leaves_no_import_record(programme, rows):
    from loim.events.models import EventImport

    result = events_import(party=programme["tartu"], upload=csv_upload([*GOOD, GOOD[0].replace("03.01", "32.01")]))
    assert result.errors and result.batch is None
    assert not EventImport.objects.exists() and not Event.objects.exists()


def test_an_exported_file_imports_as_it_is_under_its_translated_headings(client, member, programme, rows):
    make_event(programme["tartu"], title="Klubi", counts={"newcomer": 5}, municipalities=[municipality("Elva vald")])
    client.force_login(member("tartu", "coordinator"))
    csv_file = b"".join(client.get(reverse("events:export_csv")).streaming_content)
    xlsx_file = b"".join(client.get(reverse("events:export_xlsx")).streaming_content)
    Event.objects.update(address="muudetud aadress")  # kind, start and title still name the event
    for name, data in [("e.csv", csv_file), ("e.xlsx", xlsx_file)]:
        result = events_import(party=programme["tartu"], upload=SimpleUploadedFile(name, data))
        assert (result.errors, result.created, result.updated) == ([], 0, 1), name
        event = Event.objects.get()
        assert event.address == "" and event.counts.get().count == 5
        assert list(event.municipalities.values_list("name", flat=True)) == ["Elva vald"]
        Event.objects.update(address="muudetud aadress")


PUBLIC_HEADER = (
    HEADER + ";registration;registration_url;cost;accessibility;address_notes;contact_name;contact_email;contact_phone"
)


def test_the_public_fields_are_imported(programme, rows):
    line = GOOD[0] + (
        ";Registreeru e-posti teel;https://www.tartu.ee/klubi;Tasuta;Ratastooliga ligipääsetav;2. korrus;"
        "Kristiina Org;kristiina.org@example.ee;+372 5550 2101"
    )
    upload = SimpleUploadedFile("e.csv", "\n".join([PUBLIC_HEADER, line]).encode("utf-8-sig"), content_type="text/csv")
    result = events_import(party=programme["tartu"], upload=upload)
    assert result.errors == [] and result.created == 1
    event = Event.objects.get(import_id="k-1")
    assert (event.registration, event.registration_url, event.cost, event.accessibility, event.address_notes) == (
        "Registreeru e-posti teel",
        "https://www.tartu.ee/klubi",
        "Tasuta",
        "Ratastooliga ligipääsetav",
        "2. korrus",
    )
    assert (event.contact_name, event.contact_email, event.contact_phone) == (
        "Kristiina Org",
        "kristiina.org@example.ee",
        "+372 5550 2101",
    )


def test_a_bad_public_value_names_its_line_and_column(programme, rows):
    good = GOOD[0] + ";;https://www.tartu.ee/klubi;;;;;;"
    bad = GOOD[1] + ";;ftp://tartu.ee/klubi;;;;;kristiina.org;helista mulle"
    upload = SimpleUploadedFile(
        "e.csv", "\n".join([PUBLIC_HEADER, good, bad]).encode("utf-8-sig"), content_type="text/csv"
    )
    result = events_import(party=programme["tartu"], upload=upload)
    assert not Event.objects.exists()
    found = {(e.row, e.column): e.message for e in result.errors}
    assert set(found) == {(3, "registration_url"), (3, "contact_email"), (3, "contact_phone")}, found
    assert "http" in found[(3, "registration_url")]
    assert "helista mulle" in found[(3, "contact_phone")]
