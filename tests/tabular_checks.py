"""Reading exports back for real, and the checks every exported file must pass: no formula cell, no
control character, text that looks like a formula quoted, frozen and filtered header, an About sheet.

ATTACKS are the values tests write into every exported text field; `expected_csv` / `expected_xlsx`
give what each must become, worked out by hand: a leading "=", "+", "-", "@" or tab is quoted (an
apostrophe in CSV, Excel's quote prefix in XLSX, where the text itself stays), control characters go.
"""

from __future__ import annotations

import csv
import io
import re

from django.db import connection
from openpyxl import load_workbook

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

# value written → (CSV field, XLSX text)
ATTACK_RESULTS = {
    "=1+1": ("'=1+1", "=1+1"),
    "@SUM(A1)": ("'@SUM(A1)", "@SUM(A1)"),
    "+1": ("'+1", "+1"),
    "-1+1": ("'-1+1", "-1+1"),
    "\t=1": ("'\t=1", "\t=1"),
    "x\x01y": ("xy", "xy"),
    "a\x00b": ("ab", "ab"),
}


def attacks() -> list[str]:
    """The hostile values this database can hold (PostgreSQL refuses NUL in text, so no record can
    carry one there)."""
    return [v for v in ATTACK_RESULTS if not ("\x00" in v and connection.vendor == "postgresql")]


def body(response) -> bytes:
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content) if response.streaming else response.content


PHONE = re.compile(r"\+[0-9]{6,15}")  # E.164 numbers: written as they are, they cannot be a formula


def csv_table(response, *, phones: bool = False) -> list[list[str]]:
    text = body(response).decode("utf-8")
    assert text.startswith("\ufeff")
    assert not CONTROL.search(text), "a control character in the CSV"
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    for row in rows:
        for value in row:
            if phones and PHONE.fullmatch(value):
                continue
            assert not value.startswith(FORMULA_START), f"formula-like field {value!r}"
    return rows


def workbook(response):
    book = load_workbook(io.BytesIO(body(response)))
    assert book.worksheets[-1].title in ("About", "Teave"), book.sheetnames
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"formula in {sheet.title}!{cell.coordinate}: {cell.value!r}"
                if isinstance(cell.value, str):
                    assert not CONTROL.search(cell.value), f"control character in {sheet.title}!{cell.coordinate}"
                    if cell.value.startswith(FORMULA_START):
                        assert cell.quotePrefix, f"unquoted {cell.value!r} in {sheet.title}!{cell.coordinate}"
    for sheet in book.worksheets:  # every sheet, the About sheet too (issue 16)
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:")
        assert all(cell.font.b for cell in sheet[1])
    return book


def about(book) -> dict:
    """The About sheet as {field: value}."""
    rows = list(book.worksheets[-1].iter_rows(values_only=True))
    return dict(rows[1:])


def sheet_rows(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]
