"""Importing coordinators' spreadsheets: columns guessed, values matched by Estonian or English
names, every row checked, all written or none, errors naming row and column."""

import datetime as dt
import io

import pytest
from django.utils import translation
from openpyxl import Workbook

from loim.core.tabular import FileRejected
from loim.inquiries.importing import TableReader, guess_mapping, validate_table
from loim.inquiries.models import Inquiry, InquiryImport
from loim.inquiries.services import ImportRejected, inquiries_import, inquiry_import_undo
from loim.places.models import Municipality

GOOD_CSV = (
    "Kuupäev;Kanal;Keel;Teema;Sihtrühm;Suunatud;Aeg (min);Elukoht;Märkus\n"
    "05.03.2024;telefon;vene;isikukood;uussisserändaja;PPA;15;Tartu linn;\n"
    '2024-03-06;In person;Ukrainian;"bussikaart; Elukoha registreerimine";;'
    '"Töötukassa; Sotsiaalkindlustusamet";;0793;järgmine kord\n'
    "7.3.2024;E-POST;inglise keel;Employment;returnee;;;Pärnu;\n"
)


def reader(text: str, name="poordumised.csv", encoding="utf-8") -> TableReader:
    return TableReader(text.encode(encoding), name)


def test_columns_are_guessed_from_estonian_headers(db):
    table = reader(GOOD_CSV)
    assert guess_mapping(table.headers) == {
        "date": 0,
        "channel": 1,
        "language": 2,
        "topics": 3,
        "category": 4,
        "referrals": 5,
        "minutes": 6,
        "municipality": 7,
        "note": 8,
    }


def test_a_good_file_is_imported_whole(programme, member):
    user = member("tartu")
    table = reader(GOOD_CSV)
    batch = inquiries_import(
        party=programme["tartu"], reader=table, mapping=guess_mapping(table.headers), created_by=user
    )
    assert batch.row_count == 3
    rows = list(Inquiry.objects.filter(batch=batch).order_by("date").prefetch_related("topics", "referrals"))
    first, second, third = rows
    assert (first.date, first.channel, first.language, first.category) == (
        dt.date(2024, 3, 5),
        "phone",
        "ru",
        "newcomer",
    )
    assert [t.code for t in first.topics.all()] == ["personal-id-code"]
    assert [r.code for r in first.referrals.all()] == ["ppa"]
    assert first.minutes == 15 and first.municipality.name == "Tartu linn"
    assert {t.code for t in second.topics.all()} == {"bus-card", "residence-registration"}
    assert {r.code for r in second.referrals.all()} == {"tootukassa", "sotsiaalkindlustusamet"}
    assert second.municipality.ehak_code == "0793" and second.note == "järgmine kord"
    assert second.category == "unknown"
    assert (third.channel, third.language, third.category) == ("email", "en", "returnee")
    assert third.municipality.name == "Pärnu linn"  # the short name is unique
    assert all(row.party == programme["tartu"] and row.created_by == user for row in rows)


def test_one_bad_row_rejects_the_file_and_names_row_and_column(programme):
    bad = GOOD_CSV + "08.03.2024;telefon;vene;bussikaartt;;;;;\n31.12.2099;kirjatuvi;vene;;;;abc;Tartu;\n"
    table = reader(bad)
    with pytest.raises(ImportRejected) as caught:
        inquiries_import(party=programme["tartu"], reader=table, mapping=guess_mapping(table.headers))
    messages = [str(e) for e in caught.value.errors]
    assert any("Row 5" in m or "Rida 5" in m for m in messages)
    by_row = {(e.row, e.column) for e in caught.value.errors}
    assert (5, "Teema") in by_row  # unknown topic
    assert {(6, "Kuupäev"), (6, "Kanal"), (6, "Teema"), (6, "Aeg (min)"), (6, "Elukoht")} <= by_row
    assert caught.value.validation.error_count == 6
    assert not Inquiry.objects.exists() and not InquiryImport.objects.exists()


@pytest.mark.parametrize(
    ("cell_column", "value", "fragment"),
    [
        (8, "helista 5123 4567", "phone"),
        (8, "x" * 301, "301"),
        (7, "Tartu", "Tartu linn"),  # a city and a parish share the name
        (0, "", "missing"),
    ],
)
def test_row_level_messages(programme, cell_column, value, fragment):
    cells = ["05.03.2024", "telefon", "vene", "isikukood", "", "", "", "", ""]
    cells[cell_column] = value
    text = GOOD_CSV.splitlines()[0] + "\n" + ";".join(cells) + "\n"
    with pytest.raises(ImportRejected) as caught, translation.override("en"):
        table = reader(text)
        inquiries_import(party=programme["tartu"], reader=table, mapping=guess_mapping(table.headers))
    assert fragment in caught.value.errors[0].message
    assert caught.value.errors[0].row == 2


def test_a_required_column_left_unmapped_is_an_error_for_the_file(programme):
    table = reader(GOOD_CSV)
    mapping = guess_mapping(table.headers) | {"topics": None}
    validation = validate_table(table, mapping)
    assert not validation.ok
    assert validation.errors[0].row == 1


def test_a_file_with_only_a_header_is_refused(programme):
    table = reader(GOOD_CSV.splitlines()[0] + "\n")
    with pytest.raises(ImportRejected):
        inquiries_import(party=programme["tartu"], reader=table, mapping=guess_mapping(table.headers))


def test_windows_baltic_csv_with_commas(programme):
    text = "kuupäev,kanal,keel,teemad\n05.03.2024,kohapeal,eesti,õigusküsimused\n"
    table = reader(text, encoding="cp1257")
    batch = inquiries_import(party=programme["tartu"], reader=table, mapping=guess_mapping(table.headers))
    assert Inquiry.objects.get(batch=batch).topics.get().code == "legal"


def test_xlsx_with_real_dates_and_numbers(programme):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Date", "Channel", "Language", "Topics", "Municipality", "Minutes"])
    sheet.append([dt.datetime(2024, 4, 2), "phone", "Russian", "housing; legal questions", 793, 20.0])
    sheet.append([dt.date(2024, 4, 3), "web or chat", "other", "other", None, None])
    sheet.append([None, None, None, None, None, None])  # an empty row is skipped
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = TableReader(buffer.getvalue(), "Pöördumised 2024.xlsx")
    batch = inquiries_import(party=programme["tartu"], reader=table, mapping=guess_mapping(table.headers))
    assert batch.row_count == 2
    first = Inquiry.objects.filter(batch=batch).order_by("date").first()
    assert first.municipality == Municipality.objects.get(ehak_code="0793")  # a code that lost its leading zero
    assert first.minutes == 20
    assert {t.code for t in first.topics.all()} == {"housing", "legal"}


@pytest.mark.parametrize(
    ("data", "name"),
    [(b"not a workbook", "a.xlsx"), (b"%PDF-1.4", "a.pdf"), (b"\n\n", "a.csv")],
)
def test_unreadable_files_get_a_message(data, name):
    with pytest.raises(FileRejected):
        TableReader(data, name)


def test_an_import_can_be_undone_as_a_whole(programme):
    make = reader(GOOD_CSV)
    kept = inquiries_import(party=programme["tartu"], reader=make, mapping=guess_mapping(make.headers))
    undone = inquiries_import(party=programme["tartu"], reader=make, mapping=guess_mapping(make.headers))
    assert inquiry_import_undo(batch=undone) == 3
    assert Inquiry.objects.count() == 3
    assert set(Inquiry.objects.values_list("batch", flat=True)) == {kept.pk}
