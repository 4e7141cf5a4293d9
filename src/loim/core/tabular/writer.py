"""The one writer of every export: CSV streamed into the response, XLSX through openpyxl's write-only
workbook, both in memory that does not grow with the number of rows.

An app describes its file as `Table`s (a sheet title, `Column`s, an iterable of rows) and an `About`
(who exported what, when, with which filters and which small-cell rule); the writer does the rest, so
that no export can forget one of the things that make a file safe and readable:

- Text a spreadsheet would run as a formula (starting with "=", "+", "-", "@", a tab or a line break)
  never becomes one: in XLSX it is written as a text cell with Excel's "quote prefix" style (the text
  itself unchanged, as if typed with a leading apostrophe); in CSV, which has no types, it is
  prefixed with an apostrophe, the usual defence against CSV injection. Numbers stay numbers: only
  strings are touched, so -5 written as a number is -5.
- Control characters (NUL, \\x01 … \\x1f except tab and line breaks, DEL, C1 controls, and the
  non-characters XML forbids) are removed: one odd byte in one partner's text must not make the file
  fail for everyone. Line breaks become "\\n".
- A column may map stored codes to their labels (`choices`), so files show "Kohapeal", not "on_site".
- Dates and times are real date cells in XLSX (shown as yyyy-mm-dd) and ISO 8601 in CSV; aware
  datetimes are written in Tallinn time (a spreadsheet has no time zones).
- XLSX: bold, frozen header row with an autofilter over the data on every sheet, the "About" sheet
  (last) included. CSV is
  the data alone (so programs can read it), with ";" and a byte-order mark, which Excel with Estonian
  settings opens as columns.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from loim.core.routers import from_replica, reading_from_replica

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
FORMATS = ("csv", "xlsx")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
# C0 controls but tab, line feed and carriage return; DEL and the C1 controls; lone surrogates
# (they cannot be encoded); U+FFFE and U+FFFF (not characters in XML).
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
XLSX_CELL_LIMIT = 32767  # characters; Excel refuses a longer cell
SHEET_TITLE_LIMIT = 31
SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
LIST_SEPARATOR = "; "


def local_tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


# --- values ------------------------------------------------------------------------------------


def clean_text(value: str) -> str:
    """The text without control characters, with every line break as "\\n"."""
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    if CONTROL_CHARACTERS.search(value):
        value = CONTROL_CHARACTERS.sub("", value)
    return value


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_START)


def csv_text(text: str) -> str:
    """A cleaned string as a CSV field: an apostrophe before anything a spreadsheet would evaluate."""
    return "'" + text if looks_like_formula(text) else text


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


@dataclass(frozen=True)
class Column:
    """One column of a table: its heading (translated), and optionally the labels of stored codes and
    an XLSX number format or width. A plain string in a table's columns is a Column with that label."""

    label: str | Promise
    choices: Mapping[Any, Any] | Iterable[tuple[Any, Any]] | None = None
    number_format: str | None = None
    width: int | None = None
    # Values validated at the source to a shape that cannot carry a formula (E.164 phone numbers:
    # "+" and digits) and are wholly matched by this pattern are written into CSV as they are, for the
    # programs that read them (an SMS service wants "+3725…", not "'+3725…").
    verbatim: re.Pattern | None = None

    def labels(self) -> dict | None:
        if self.choices is None:
            return None
        pairs = self.choices.items() if isinstance(self.choices, Mapping) else self.choices
        return dict(pairs)


def as_column(column: Column | str | Promise) -> Column:
    return column if isinstance(column, Column) else Column(column)


def plain_value(value, labels: Mapping | None = None):
    """A value ready for a cell: labels for codes, text cleaned, lists joined, Decimals as numbers,
    aware datetimes in Tallinn time without the zone. Dates, times and numbers are kept typed."""
    if labels is not None and not isinstance(value, list | tuple | set | frozenset | dict):
        value = labels.get(value, value)
    if value is None:
        return None
    if isinstance(value, bool):
        return _yes_no(value)
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, int | float):
        return value
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = value.astimezone(local_tz()).replace(tzinfo=None)
        return value.replace(microsecond=0)
    if isinstance(value, dt.date | dt.time):
        return value
    if isinstance(value, list | tuple | set | frozenset):
        items = (plain_value(item, labels) for item in value)
        return clean_text(LIST_SEPARATOR.join(_as_text(item) for item in items if item not in (None, "")))
    return clean_text(str(value))


def _as_text(value) -> str:
    """A plain value as CSV text: ISO 8601 dates, minutes for datetimes and times."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M") if not value.second else value.isoformat(sep=" ")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M") if not value.second else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


PHONE_NUMBER = re.compile(r"\+[0-9]{6,15}")  # E.164, as the register stores numbers


def csv_field(value, labels: Mapping | None = None, verbatim: re.Pattern | None = None) -> str:
    value = plain_value(value, labels)
    if not isinstance(value, str):
        return _as_text(value)
    if verbatim is not None and verbatim.fullmatch(value):
        return value
    return csv_text(value)


# --- what a file holds -------------------------------------------------------------------------


@dataclass
class Table:
    """One sheet: its title, its columns, and its rows (any iterable; read once, as it is written)."""

    title: str | Promise
    columns: Sequence[Column | str | Promise]
    rows: Iterable[Sequence]


@dataclass
class About:
    """Who exported what, when, with which filters and which small-cell rule. `filters` and `notes` are
    (label, value) pairs; `suppression` is the disclosure rule's note as the caller shows it (None: the
    file holds the user's own records, no published counts)."""

    title: str | Promise
    user: Any = None
    filters: Sequence[tuple[Any, Any]] = ()
    suppression: str | Promise | None = None
    notes: Sequence[tuple[Any, Any]] = ()
    at: dt.datetime = field(default_factory=timezone.now)

    def rows(self, counts: Sequence[tuple[str, int]] = ()) -> list[list]:
        who = ""
        if self.user is not None and getattr(self.user, "is_authenticated", False):
            email = getattr(self.user, "email", "")
            name = self.user.get_full_name() if hasattr(self.user, "get_full_name") else str(self.user)
            who = name if not email or name == email else f"{name} <{email}>"
        rows: list[list] = [
            [_("Export"), self.title],
            [_("Exported by"), who],
            [_("Exported at (Europe/Tallinn)"), self.at],
        ]
        if self.filters:
            rows += [[_("Filter: %(name)s") % {"name": label}, value] for label, value in self.filters]
        else:
            rows.append([_("Filters"), _("none: everything you may see")])
        no_rule = _("not applied: the file holds records, not published counts")
        rows.append([_("Small counts"), self.suppression or no_rule])
        rows += [[label, value] for label, value in self.notes]
        rows += [[_("Rows in “%(sheet)s”") % {"sheet": title}, count] for title, count in counts]
        return rows


def form_filters(form, *, skip: Iterable[str] = ()) -> list[tuple[str, str]]:
    """The filters a bound form (a Django form or a django-filter FilterSet's form) applied, as
    (label, shown value) pairs: choices by their labels, records by their names, dates in ISO."""
    if form is None or not form.is_bound or not form.is_valid():
        return []
    shown = []
    for name, value in form.cleaned_data.items():
        if name in skip or value in (None, "", [], ()) or (hasattr(value, "exists") and not value.exists()):
            continue
        bound = form.fields[name]
        label = bound.label or name.replace("_", " ")
        shown.append((str(label), _shown(bound, value)))
    return shown


def _shown(form_field, value) -> str:
    if hasattr(value, "all") and callable(value.all):  # a queryset of a multiple choice
        value = list(value)
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(_shown(form_field, item) for item in value)
    if hasattr(form_field, "label_from_instance") and hasattr(value, "pk"):
        return str(form_field.label_from_instance(value))
    choices = getattr(form_field, "choices", None)
    if choices is not None and not hasattr(value, "pk"):
        for key, label in choices:
            if isinstance(label, list | tuple):  # grouped choices
                continue
            if str(key) == str(value):
                return str(label)
    if isinstance(value, bool):
        return _yes_no(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


# --- CSV ---------------------------------------------------------------------------------------


class _Echo:
    """A file-like object whose write() returns what it is given, for csv.writer line by line."""

    def write(self, value):
        return value


def csv_lines(table: Table) -> Iterator[str]:
    """The table as CSV text, a line at a time: a byte-order mark, the header, then each row."""
    columns = [as_column(c) for c in table.columns]
    specs = [(c.labels(), c.verbatim) for c in columns]
    plain = (None, None)
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff" + writer.writerow([csv_field(c.label) for c in columns])
    for row in table.rows:
        yield writer.writerow(
            [csv_field(value, *(specs[i] if i < len(specs) else plain)) for i, value in enumerate(row)]
        )


def csv_response(table: Table, *, filename: str) -> StreamingHttpResponse:
    return _streamed(csv_lines(table), filename=filename)


def _streamed(lines: Iterator[str], *, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(lines, content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- XLSX --------------------------------------------------------------------------------------


def sheet_title(title, taken: set[str]) -> str:
    """A valid, unique sheet name (Excel: at most 31 characters, none of []:*?/\\)."""
    base = SHEET_TITLE_FORBIDDEN.sub(" ", clean_text(str(title))).strip()[:SHEET_TITLE_LIMIT] or "Sheet"
    name, number = base, 2
    while name.lower() in taken:
        suffix = f" ({number})"
        name, number = base[: SHEET_TITLE_LIMIT - len(suffix)] + suffix, number + 1
    taken.add(name.lower())
    return name


class _Cells:
    """Turns plain values into write-only cells; styles are shared objects, created once per sheet."""

    def __init__(self, sheet):
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Font

        self.sheet = sheet
        self.cell_class = WriteOnlyCell
        self.bold = Font(bold=True)
        self.top = Alignment(vertical="top", wrap_text=True)

    def header(self, label) -> Any:
        cell = self.cell_class(self.sheet)
        self._text(cell, plain_value(label) or "")
        cell.font = self.bold
        cell.alignment = self.top
        return cell

    def _text(self, cell, text: str) -> None:
        """Set text without openpyxl deciding it is a formula; quote-prefixed if it looks like one."""
        if len(text) > XLSX_CELL_LIMIT:
            text = text[: XLSX_CELL_LIMIT - 1] + "…"
        cell._value = text
        cell.data_type = "s"
        if looks_like_formula(text):
            cell.quotePrefix = True

    def value(self, value, column: Column):
        if isinstance(value, str):
            if not looks_like_formula(value) and len(value) <= XLSX_CELL_LIMIT:
                return value
            cell = self.cell_class(self.sheet)
            self._text(cell, value)
            return cell
        if isinstance(value, dt.datetime):
            return self._formatted(value, column.number_format or "yyyy-mm-dd hh:mm")
        if isinstance(value, dt.date):
            return self._formatted(value, column.number_format or "yyyy-mm-dd")
        if isinstance(value, dt.time):
            return self._formatted(value, column.number_format or "hh:mm")
        if column.number_format and isinstance(value, int | float):
            return self._formatted(value, column.number_format)
        return value

    def _formatted(self, value, number_format: str):
        cell = self.cell_class(self.sheet, value=value)
        cell.number_format = number_format
        return cell


def _write_table(workbook, table: Table, title: str, *, filtered: bool = True) -> int:
    """Write one table as a sheet; returns the number of data rows."""
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(title=title)
    columns = [as_column(c) for c in table.columns]
    labels = [c.labels() for c in columns]
    for index, column in enumerate(columns, start=1):
        width = column.width or min(max(10, len(str(column.label)) + 2), 40)
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    cells = _Cells(sheet)
    sheet.append([cells.header(c.label) for c in columns])
    count, widest = 0, len(columns)
    extra = Column("")
    for row in table.rows:
        values = []
        for i, value in enumerate(row):
            column = columns[i] if i < len(columns) else extra
            values.append(cells.value(plain_value(value, labels[i] if i < len(labels) else None), column))
        widest = max(widest, len(values))
        sheet.append(values)
        count += 1
    if filtered and columns:
        sheet.auto_filter.ref = f"A1:{get_column_letter(widest)}{count + 1}"
    return count


def xlsx_file(tables: Sequence[Table], *, about: About | None):
    """A write-only workbook of the tables (and the About sheet, last) in a temporary file, rewound."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    taken: set[str] = set()
    counts = []
    for table in tables:
        title = sheet_title(table.title, taken)
        counts.append((title, _write_table(workbook, table, title)))
    if about is not None:
        about_title = sheet_title(pgettext("export sheet", "About"), taken)
        columns = [Column(_("Field"), width=32), Column(_("Value"), width=80)]
        about_table = Table(about_title, columns, about.rows(counts))
        _write_table(workbook, about_table, about_title)
    handle = tempfile.TemporaryFile()  # noqa: SIM115  (returned open; FileResponse closes it)
    workbook.save(handle)
    handle.seek(0)
    return handle


def xlsx_bytes(tables: Sequence[Table], *, about: About | None) -> bytes:
    """The workbook as bytes, for files stored rather than streamed (report builds)."""
    with xlsx_file(tables, about=about) as handle:
        return handle.read()


def xlsx_response(tables: Sequence[Table], *, about: About | None, filename: str) -> FileResponse:
    return FileResponse(xlsx_file(tables, about=about), as_attachment=True, filename=filename, content_type=XLSX_TYPE)


def export_response(
    fmt: str, tables: Sequence[Table] | Callable[[], Sequence[Table]], *, about: About | None, filename: str
):
    """The file in the asked format: CSV holds the first table, XLSX all of them and the About sheet.
    An unknown format is a missing page. An export only reads: its rows come from the read replica when
    one is configured (core.routers), the streamed CSV's too, which are read after the view returned."""
    if fmt not in FORMATS:
        raise Http404
    with reading_from_replica():
        tables = tables() if callable(tables) else tables
        if fmt == "xlsx":
            return xlsx_response(tables, about=about, filename=filename)
    return _streamed(from_replica(csv_lines(tables[0])), filename=filename)
