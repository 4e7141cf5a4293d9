"""Reading a CSV or XLSX table, with the limits checked before the work.

Files come from coordinators' spreadsheets: UTF-8 with or without a byte-order mark (Excel's
"CSV UTF-8"), Windows-1257 (what Estonian Excel writes as plain "CSV"), or UTF-16 ("Unicode text");
separated by semicolons (Estonian Excel), commas or tabs, sniffed from the header row. XLSX is read
with openpyxl in read-only mode, so a large workbook streams instead of being built in memory.

Every limit is checked before the expensive part: the byte size before reading, the width of the
header before parsing a row (a 10,000-column file is refused at once, instead of keeping a mapping
page busy for seconds), and the number of rows before any row is validated. A cell holding a
control character (a NUL byte, \\x01 …) is a row error naming row and column: such characters have no
place in the records and break the spreadsheets they are exported to.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from django.utils.translation import gettext as _

from .errors import FileRejected, RowError

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
DELIMITERS = (";", ",", "\t")
QUOTED = re.compile(r'"[^"]*"')
XLSX_EXPANSION = 20  # how much larger than the file its unpacked XML may be (a zip bomb is refused)


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 10 * 1024 * 1024
    max_rows: int = 5000
    max_columns: int = 100

    def too_large(self) -> str:
        return _("The file is larger than %(size)s MB. Split it into smaller files.") % {
            "size": _megabytes(self.max_bytes)
        }

    def too_many_rows(self) -> str:
        return _("The file has more than %(max)s rows; import at most %(max)s at a time.") % {"max": self.max_rows}

    def too_many_columns(self, count: int) -> str:
        return _("The file has %(count)s columns; at most %(max)s are read. Remove the columns not needed.") % {
            "count": count,
            "max": self.max_columns,
        }


def _megabytes(size: int) -> str:
    value = size / (1024 * 1024)
    return str(int(value)) if value.is_integer() else f"{value:.1f}".replace(".", ",")


class Row(NamedTuple):
    """A data row: its spreadsheet number (the header is 1), its cells, and the problems the reader
    found in them (control characters); a refused cell is passed on as empty."""

    number: int
    cells: Sequence  # a tuple from XLSX, a list from CSV
    problems: tuple[RowError, ...] = ()


def cell_text(cell) -> str:
    """A cell as text, as a person would read it: 12.0 from a spreadsheet is "12"."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def read_upload(upload, *, limits: Limits) -> bytes:
    """The bytes of an uploaded file, refused by its size before it is read into memory."""
    size = getattr(upload, "size", None)
    if size is not None and size > limits.max_bytes:
        raise FileRejected(limits.too_large())
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(limits.max_bytes + 1)
    if len(data) > limits.max_bytes:
        raise FileRejected(limits.too_large())
    return data


def decode(data: bytes) -> str:
    """UTF-16 (by its byte-order mark), UTF-8 with or without BOM, else Windows-1257."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8-sig", "cp1257"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileRejected(
        _("The file is not text in UTF-8 or Windows-1257 encoding. Save it from the spreadsheet as “CSV UTF-8”.")
    )


def sniff_delimiter(first_line: str) -> str:
    """The separator the header row uses most outside quotes; a comma when it has none."""
    bare = QUOTED.sub("", first_line)
    delimiter = max(DELIMITERS, key=bare.count)
    return delimiter if bare.count(delimiter) else ","


class Table:
    """The first sheet of an XLSX file or a CSV file: `headers`, then `rows()` (blank rows skipped).

    `Table(data, name, limits=...)` raises FileRejected for anything that is not a table within the
    limits; the header's width is checked before any row is read, the row count before any row is
    returned.
    """

    def __init__(self, data: bytes, file_name: str, *, limits: Limits | None = None):
        self.file_name = file_name
        self.limits = limits or Limits()
        if len(data) > self.limits.max_bytes:
            raise FileRejected(self.limits.too_large())
        lower = file_name.lower()
        if lower.endswith(".xlsx"):
            self.kind = "xlsx"
            self._data = data
            self._check_xlsx()
        elif lower.endswith((".csv", ".txt", ".tsv")):
            self.kind = "csv"
            self._text = decode(data)
            if not self._text.strip():
                raise FileRejected(_("The file is empty."))
            first_line = self._text.split("\n", 1)[0]
            self.delimiter = sniff_delimiter(first_line)
            width = QUOTED.sub("", first_line).count(self.delimiter) + 1
            if width > self.limits.max_columns:
                raise FileRejected(self.limits.too_many_columns(width))
            self._controls = CONTROL_CHARACTERS.search(self._text) is not None
        else:
            raise FileRejected(_("Upload a CSV or an XLSX file (Excel 2007 or newer)."))
        self.headers = self._read_headers()
        if not any(self.headers):
            raise FileRejected(_("The first row of the file should hold the column names, but it is empty."))
        self._check_row_count()

    # --- XLSX -------------------------------------------------------------------------------------

    def _check_xlsx(self) -> None:
        try:
            with zipfile.ZipFile(io.BytesIO(self._data)) as archive:
                unpacked = sum(info.file_size for info in archive.infolist())
        except zipfile.BadZipFile:
            raise FileRejected(_("The file is not a valid XLSX workbook. Save it again as .xlsx or .csv.")) from None
        if unpacked > XLSX_EXPANSION * max(self.limits.max_bytes, 1024 * 1024):
            raise FileRejected(self.limits.too_large())
        self._controls = True  # cells are checked one by one
        self._dimensions = None
        with self._sheet() as sheet:
            if sheet.max_column and sheet.max_column > self.limits.max_columns:
                raise FileRejected(self.limits.too_many_columns(sheet.max_column))
            if sheet.max_row and sheet.max_row > self.limits.max_rows + 1:
                self._dimensions = sheet.max_row  # maybe blank rows: counted for real below

    class _SheetContext:
        def __init__(self, table):
            self.table = table

        def __enter__(self):
            from openpyxl import load_workbook

            try:
                self.workbook = load_workbook(io.BytesIO(self.table._data), read_only=True, data_only=True)
                return self.workbook.worksheets[0]
            except Exception as exc:  # openpyxl raises many kinds for damaged or foreign files
                raise FileRejected(_("The XLSX file could not be read. Save it again as .xlsx or .csv.")) from exc

        def __exit__(self, *exc):
            self.workbook.close()
            return False

    def _sheet(self):
        return self._SheetContext(self)

    def _xlsx_rows(self) -> Iterator[tuple]:
        from openpyxl.utils.escape import unescape

        width = self.limits.max_columns
        with self._sheet() as sheet:
            for row in sheet.iter_rows(values_only=True):
                if len(row) > width:
                    extra = [cell for cell in row[width:] if cell not in (None, "")]
                    if extra:
                        raise FileRejected(self.limits.too_many_columns(len(row)))
                    row = row[:width]
                # Excel writes a character XML cannot hold as _xHHHH_ (a control character as
                # _x0001_); read the text as Excel shows it, so such a cell is refused like in CSV.
                yield tuple(unescape(c) if isinstance(c, str) and "_x" in c else c for c in row)

    # --- both -------------------------------------------------------------------------------------

    def _raw_rows(self) -> Iterator[Sequence]:  # tuples from XLSX, lists from CSV
        if self.kind == "xlsx":
            return self._xlsx_rows()
        return self._csv_rows()

    def _csv_rows(self) -> Iterator[list]:
        width = self.limits.max_columns
        for row in csv.reader(io.StringIO(self._text, newline=""), delimiter=self.delimiter):
            if len(row) > width:
                raise FileRejected(self.limits.too_many_columns(len(row)))
            yield row

    def _read_headers(self) -> list[str]:
        try:
            for row in self._raw_rows():
                headers = [cell_text(cell) for cell in row]
                while headers and not headers[-1]:
                    headers.pop()
                return [CONTROL_CHARACTERS.sub("", h) for h in headers]
        except csv.Error as exc:
            raise FileRejected(_("The file could not be read as CSV.")) from exc
        return []

    def _check_row_count(self) -> None:
        limit = self.limits.max_rows
        if self.kind == "csv" and self._text.count("\n") <= limit:
            return  # fewer lines than the limit: no need to count rows
        if self.kind == "xlsx" and self._dimensions is None:
            return  # the sheet says it is small enough; rows() still stops at the limit
        for count, _row in enumerate(self._data_rows(), start=1):
            if count > limit:
                raise FileRejected(self.limits.too_many_rows())

    def _data_rows(self) -> Iterator[tuple[int, Sequence]]:
        iterator = self._raw_rows()
        try:
            next(iterator, None)
            for number, cells in enumerate(iterator, start=2):
                for cell in cells:
                    if cell is not None and cell != "":
                        yield number, cells
                        break
        except csv.Error as exc:
            raise FileRejected(_("The file could not be read as CSV.")) from exc

    def rows(self) -> Iterator[Row]:
        """Every non-blank data row, numbered as in the spreadsheet (the header is row 1)."""
        limit = self.limits.max_rows
        check = self._controls
        headers = self.headers
        for count, (number, cells) in enumerate(self._data_rows(), start=1):
            if count > limit:
                raise FileRejected(self.limits.too_many_rows())
            if check:
                problems = []
                for index, cell in enumerate(cells):
                    if isinstance(cell, str) and CONTROL_CHARACTERS.search(cell):
                        column = headers[index] if index < len(headers) and headers[index] else str(index + 1)
                        problems.append(RowError(number, column, _("The cell holds a control character.")))
                if problems:
                    cells = tuple(None if isinstance(c, str) and CONTROL_CHARACTERS.search(c) else c for c in cells)
                    yield Row(number, cells, tuple(problems))
                    continue
            yield Row(number, cells)

    def preview(self, count: int = 5) -> list[tuple[int, list[str]]]:
        """The first rows as text, for the page that shows what was read."""
        shown = []
        for row in self.rows():
            shown.append((row.number, [cell_text(cell) for cell in row.cells]))
            if len(shown) >= count:
                break
        return shown


def read_table(upload, *, limits: Limits) -> Table:
    """An uploaded file (anything with .name and .read()) as a Table, its size checked first."""
    return Table(read_upload(upload, limits=limits), upload.name, limits=limits)
