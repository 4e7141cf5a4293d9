"""The one export writer, read back by openpyxl and csv: formula-like text quoted (numbers untouched),
control characters removed, codes shown as labels, dates as date cells / ISO text, the header frozen
and filtered, the About sheet saying who, what, when, which filters and which small-cell rule."""

import csv
import datetime as dt
import io
import tracemalloc
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.http import Http404
from openpyxl import load_workbook

from loim.core.tabular.writer import (
    PHONE_NUMBER,
    About,
    Column,
    Table,
    clean_text,
    csv_lines,
    export_response,
    form_filters,
    sheet_title,
    xlsx_bytes,
    xlsx_file,
)
from tests.tabular_checks import ATTACK_RESULTS

TALLINN = ZoneInfo("Europe/Tallinn")


def table(rows, title="Data"):
    return Table(
        title,
        [Column("Text"), Column("State", choices={"on_track": "on track", "late": "late"}), "Number", "When"],
        rows,
    )


def read_csv(lines) -> list[list[str]]:
    text = "".join(lines)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_every_attack_value_becomes_plain_text_in_csv_and_xlsx():
    rows = [[value, "on_track", -5, None] for value in ATTACK_RESULTS]
    parsed = read_csv(csv_lines(table(rows)))
    assert [row[0] for row in parsed[1:]] == [csv_value for csv_value, _x in ATTACK_RESULTS.values()]
    assert {row[2] for row in parsed[1:]} == {"-5"}  # a number stays a number, unquoted

    book = load_workbook(io.BytesIO(xlsx_bytes([table(rows)], about=None)))
    sheet = book.worksheets[0]
    cells = [sheet.cell(row=r, column=1) for r in range(2, 2 + len(rows))]
    assert [c.value for c in cells] == [xlsx_value for _c, xlsx_value in ATTACK_RESULTS.values()]
    assert {c.data_type for c in cells} == {"s"}
    # The five that would run are quoted; "xy" and "ab" need no quote.
    assert [c.quotePrefix for c in cells] == [True, True, True, True, True, False, False]
    numbers = [sheet.cell(row=r, column=3) for r in range(2, 2 + len(rows))]
    assert {(c.value, c.data_type) for c in numbers} == {(-5, "n")}


def test_control_characters_go_and_line_breaks_become_newlines():
    assert clean_text("a\x00b\x01c\x1fd\x7fe\x9ff\ufffeg") == "abcdefg"
    assert clean_text("one\r\ntwo\rthree\nfour\tfive") == "one\ntwo\nthree\nfour\tfive"
    assert clean_text("\r=1") == "\n=1"  # still starts with a line break, so still quoted
    parsed = read_csv(csv_lines(table([["\r=1", "", "", ""]])))
    assert parsed[1][0] == "'\n=1"


def test_codes_become_labels_lists_are_joined_and_booleans_are_words():
    rows = [["x", "on_track", 1, None], ["y", "unknown_code", 2, None], [["b", "=a"], "late", True, None]]
    parsed = read_csv(csv_lines(table(rows)))
    assert [row[1] for row in parsed[1:]] == ["on track", "unknown_code", "late"]
    assert parsed[3][0] == "b; =a"  # the joined text starts with "b": nothing to quote
    assert parsed[3][2] == "jah"  # Estonian is the default language
    assert parsed[0] == ["Text", "State", "Number", "When"]


def test_dates_are_date_cells_in_xlsx_and_iso_in_csv():
    moment = dt.datetime(2024, 3, 5, 8, 30, tzinfo=dt.UTC)  # 10:30 in Tallinn (winter time, UTC+2)
    rows = [
        ["a", "", Decimal("2.50"), dt.date(2024, 3, 5)],
        ["b", "", Decimal("3"), moment],
        ["c", "", 0, dt.time(17, 5)],
    ]
    parsed = read_csv(csv_lines(table(rows)))
    assert [row[3] for row in parsed[1:]] == ["2024-03-05", "2024-03-05 10:30", "17:05"]
    assert [row[2] for row in parsed[1:]] == ["2.5", "3", "0"]
    sheet = load_workbook(io.BytesIO(xlsx_bytes([table(rows)], about=None))).worksheets[0]
    assert sheet["D2"].value == dt.datetime(2024, 3, 5) and sheet["D2"].number_format == "yyyy-mm-dd"
    assert sheet["D3"].value == dt.datetime(2024, 3, 5, 10, 30) and sheet["D3"].number_format == "yyyy-mm-dd hh:mm"
    assert sheet["D4"].value == dt.time(17, 5) and sheet["D4"].number_format == "hh:mm"
    assert (sheet["C2"].value, sheet["C3"].value) == (2.5, 3)


def test_header_frozen_and_filtered_and_the_about_sheet_last(django_user_model):
    user = django_user_model(email="mari@example.test", full_name="Mari Maasikas")
    at = dt.datetime(2024, 6, 1, 9, 15, tzinfo=dt.UTC)
    about = About(
        title="Inquiries",
        user=user,
        filters=[("Party", "Tartu"), ("From", dt.date(2024, 1, 1))],
        suppression="cells under 5 withheld",
        at=at,
    )
    rows = [["a", "late", 1, None], ["b", "late", 2, None], ["c", "late", 3, None]]
    book = load_workbook(io.BytesIO(xlsx_bytes([table(rows, "Inquiries"), table([], "Empty")], about=about)))
    assert book.sheetnames == ["Inquiries", "Empty", "Teave"]
    data = book["Inquiries"]
    assert data.freeze_panes == "A2" and data.auto_filter.ref == "A1:D4"
    assert [c.font.b for c in data[1]] == [True] * 4
    assert book["Empty"].auto_filter.ref == "A1:D1"
    rows = list(book["Teave"].iter_rows(values_only=True))
    assert book["Teave"].freeze_panes == "A2" and book["Teave"].auto_filter.ref == f"A1:B{len(rows)}"
    info = dict(rows[1:])
    assert info["Eksport"] == "Inquiries"
    assert info["Eksportija"] == "Mari Maasikas <mari@example.test>"
    assert info["Eksportimise aeg (Europe/Tallinn)"] == dt.datetime(2024, 6, 1, 12, 15)  # summer time, UTC+3
    assert info["Filter: Party"] == "Tartu" and info["Filter: From"] == dt.datetime(2024, 1, 1)
    assert info["Väikesed arvud"] == "cells under 5 withheld"
    assert info["Ridu lehel „Inquiries“"] == 3 and info["Ridu lehel „Empty“"] == 0


def test_the_about_sheet_says_when_nothing_was_filtered_or_withheld():
    book = load_workbook(io.BytesIO(xlsx_bytes([table([])], about=About(title="Events"))))
    info = dict(list(book.worksheets[-1].iter_rows(values_only=True))[1:])
    assert info["Filtrid"] == "puuduvad: kõik, mida Teil on lubatud näha"
    assert info["Väikesed arvud"].startswith("ei rakendata")


def test_sheet_titles_are_valid_and_unique():
    taken: set[str] = set()
    assert sheet_title("A/B: [C]?", taken) == "A B   C"
    assert sheet_title("x" * 40, taken) == "x" * 31
    assert sheet_title("x" * 40, taken) == "x" * 27 + " (2)"
    assert sheet_title("\x01", taken) == "Sheet"


def test_xlsx_cells_longer_than_excel_allows_are_cut():
    book = load_workbook(io.BytesIO(xlsx_bytes([table([["y" * 40000, "", 1, None]])], about=None)))
    value = book.worksheets[0]["A2"].value
    assert len(value) == 32767 and value.endswith("…")


def test_an_unknown_format_is_a_missing_page():
    with pytest.raises(Http404):
        export_response("pdf", [table([])], about=None, filename="x.pdf")


def test_form_filters_name_what_was_chosen_by_labels(programme):
    from django import forms

    from loim.parties.models import Party

    class Filters(forms.Form):
        party = forms.ModelChoiceField(label="Party", queryset=Party.objects.all(), required=False)
        state = forms.ChoiceField(label="State", choices=[("", "all"), ("on_track", "on track")], required=False)
        start = forms.DateField(label="From", required=False)
        text = forms.CharField(label="Text", required=False)

    tartu = programme["tartu"]
    form = Filters({"party": tartu.pk, "state": "on_track", "start": "2024-01-01", "text": ""})
    assert form_filters(form) == [("Party", str(tartu)), ("State", "on track"), ("From", "2024-01-01")]
    assert form_filters(Filters()) == []


def _peak(rows: int) -> int:
    def generate():
        for n in range(rows):
            yield [f"=note {n} " + "x" * 50, "late", n, dt.date(2024, 1, 1) + dt.timedelta(days=n % 300)]

    tracemalloc.start()
    for _line in csv_lines(table(generate())):
        pass
    xlsx_file([table(generate())], about=None).close()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def test_memory_stays_flat_as_rows_grow():
    """Ten times the rows, not ten times the memory: rows are written as they come (the file itself
    is on disk, not traced)."""
    small, large = _peak(500), _peak(5_000)
    assert large < small * 1.5, (small, large)


def test_a_verbatim_column_writes_validated_phone_numbers_as_they_are_and_quotes_anything_else():
    phones = Table("Phones", [Column("Phone", verbatim=PHONE_NUMBER)], [["+37251112222"], ["+1+1"], ["+372 5111"]])
    assert [row[0] for row in read_csv(csv_lines(phones))[1:]] == ["+37251112222", "'+1+1", "'+372 5111"]


def test_no_app_writes_csv_or_xlsx_by_hand():
    """Every export goes through the writer: outside it, no module writes CSV or builds a workbook."""
    from pathlib import Path

    import loim

    root = Path(loim.__file__).parent
    writer = root / "core" / "tabular" / "writer.py"
    patterns = ("csv.writer(", "csv.DictWriter(", "Workbook(", "StreamingHttpResponse(", '"text/csv')
    offenders = [
        f"{path.relative_to(root)}: {pattern}"
        for path in root.rglob("*.py")
        if path != writer and "migrations" not in path.parts
        for pattern in patterns
        if pattern in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
