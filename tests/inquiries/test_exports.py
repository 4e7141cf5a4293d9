"""Exports read back for real: CSV parsed, XLSX opened with openpyxl; each holds exactly what the
user may see, and the statistics files carry the same suppressed cells as the page."""

import csv
import datetime as dt
import io

from openpyxl import load_workbook

from tests.inquiries.helpers import make_inquiry
from tests.inquiries.test_statistics import build


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def csv_rows(response) -> list[list[str]]:
    text = body(response).decode("utf-8")
    assert text.startswith("\ufeff")  # Excel opens UTF-8 with a byte-order mark
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def xlsx_sheets(response) -> dict:
    workbook = load_workbook(io.BytesIO(body(response)), read_only=True)
    return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in workbook.worksheets}


def test_inquiry_csv_has_iso_dates_names_and_only_own_records(client, member, programme):
    own = make_inquiry(
        programme["tartu"], topics=["bus-card", "personal-id-code"], referrals=["ppa"], note="oma", minutes=10
    )
    make_inquiry(programme["parnu"], note="võõras")
    client.force_login(member("tartu"))
    response = client.get("/inquiries/list/export.csv")
    assert response["Content-Type"].startswith("text/csv")
    header, *rows = csv_rows(response)
    assert len(rows) == 1
    row = dict(zip(header, rows[0], strict=True))
    assert row[header[0]] == str(own.pk)
    assert row[header[1]] == "2024-03-05"
    assert rows[0][6] == "bussikaart; isikukood"
    assert rows[0][7] == "Politsei- ja Piirivalveamet"
    assert rows[0][8] == "10" and rows[0][11] == "oma"


def test_inquiry_xlsx_opens_and_follows_the_filter(client, member, programme):
    make_inquiry(programme["tartu"], date=dt.date(2024, 2, 1), note="veebruar")
    make_inquiry(programme["tartu"], date=dt.date(2024, 4, 1), note="aprill")
    make_inquiry(programme["parnu"], date=dt.date(2024, 4, 1), note="võõras")
    client.force_login(member("tartu"))
    sheets = xlsx_sheets(client.get("/inquiries/list/export.xlsx?start=01.03.2024"))
    rows = next(iter(sheets.values()))
    assert len(rows) == 2 and rows[1][1] == dt.datetime(2024, 4, 1) and rows[1][-1] == "aprill"  # a date cell


def test_statistics_files_carry_the_suppressed_cells_of_the_page(client, member, programme):
    build(programme["tartu"], 60, seed=21)
    client.force_login(member("ministry", "ministry_reader"))
    query = "?start=01.01.2024&end=31.12.2024&party="
    page = client.get(f"/inquiries/statistics/{query}").content.decode()
    rows = csv_rows(client.get(f"/inquiries/statistics/export.csv{query}"))
    suppressed = [r for r in rows[1:] if r[2] == "x"]
    assert suppressed and all(int(r[3]) > 0 for r in suppressed) and ">x<" in page
    sheets = xlsx_sheets(client.get(f"/inquiries/statistics/export.xlsx{query}"))
    first = next(iter(sheets.values()))
    assert len(first) == len(rows)
    assert [str(r[2]) for r in first[1:]] == [r[2] for r in rows[1:]]  # the same cells, the same "x"
    assert [str(r[3]) for r in first[1:]] == [r[3] for r in rows[1:]]  # and the same withheld cells
    assert len(sheets) == 3


def test_a_coordinators_statistics_export_counts_only_their_party(client, member, programme):
    build(programme["tartu"], 30, seed=22, start=dt.date(2024, 1, 1), days=300)
    build(programme["parnu"], 70, seed=23, start=dt.date(2024, 1, 1), days=300)
    client.force_login(member("tartu"))
    rows = csv_rows(client.get("/inquiries/statistics/export.csv?start=01.01.2024&end=31.12.2024"))
    total = next(r for r in rows if r[0] == "kõik pöördumised")  # the breakdown by its label
    assert total[2] == "30"
    response = client.get("/inquiries/statistics/export.csv?start=01.01.2024&end=31.12.2024&party=parnu")
    assert response.status_code == 400  # Pärnu is not a choice: refused, neither Tartu's nor all numbers


def test_text_that_looks_like_a_formula_stays_text(client, member, programme):
    make_inquiry(programme["tartu"], note="=1+2 ja +372 pole siin")
    client.force_login(member("tartu"))
    rows = csv_rows(client.get("/inquiries/list/export.csv"))
    assert rows[1][-1] == "'=1+2 ja +372 pole siin"
    response = client.get("/inquiries/list/export.xlsx")
    workbook = load_workbook(io.BytesIO(body(response)))
    cell = workbook.worksheets[0].cell(row=2, column=12)
    assert cell.value == "=1+2 ja +372 pole siin" and cell.data_type == "s" and cell.quotePrefix
