"""Import of communication outputs from CSV or XLSX through the tabular core (core.tabular).

Columns are found by their heading (Estonian or English, case and spaces ignored; the export's own
headings read back): date, kind, channel, languages, title, link, reach, reach counted as, plan row.
Each cell is parsed by the shared parsers; each row then goes through `output_create` (the form's and
the API's service, with its `full_clean()`) inside ONE transaction (`pipeline.write_rows`): a single
refused row rejects the whole file, every refused row is named by row and column, nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loim.core import tabular
from loim.core.tabular import parsers, pipeline
from loim.core.tabular.errors import CellError, Errors
from loim.core.vocabulary import Language
from loim.plans.models import Activity

from .models import Channel, OutputKind, ReachUnit
from .services import OutputInput, output_create

LIMITS = tabular.Limits(max_bytes=5 * 1024 * 1024, max_rows=5000)


@dataclass(frozen=True)
class ImportColumn:
    name: str  # the service's field
    label: object
    headings: tuple[str, ...]
    required: bool = False


COLUMNS = (
    ImportColumn("date", gettext_lazy("Date"), ("kuupäev", "date"), True),
    ImportColumn("kind", gettext_lazy("Kind of output"), ("liik", "väljundi liik", "kind", "kind of output"), True),
    ImportColumn("channel", gettext_lazy("Channel"), ("kanal", "channel"), True),
    ImportColumn("languages", gettext_lazy("Languages"), ("keeled", "keel", "languages", "language"), True),
    ImportColumn("title", gettext_lazy("Title"), ("pealkiri", "title"), True),
    ImportColumn("link", gettext_lazy("Link"), ("link", "viide", "url")),
    ImportColumn("reach", gettext_lazy("Reach"), ("ulatus", "reach")),
    ImportColumn("reach_unit", gettext_lazy("Reach counted as"), ("ulatuse mõõt", "reach counted as", "reach unit")),
    ImportColumn("activity", gettext_lazy("Plan row"), ("tegevuskava rida", "plan row", "row")),
)


def _find_columns(headers) -> tuple[dict[str, int], dict[str, str], list[str]]:
    folded = {parsers.norm(h): i for i, h in enumerate(headers) if h}
    found, names, missing = {}, {}, []
    for column in COLUMNS:
        index = next(
            (folded[parsers.norm(h)] for h in (*column.headings, str(column.label)) if parsers.norm(h) in folded), None
        )
        if index is None:
            if column.required:
                missing.append(str(column.label))
            continue
        found[column.name] = index
        names[column.name] = str(headers[index])
    return found, names, missing


def _languages(value) -> list[str]:
    lookup = parsers.choice_lookup(Language)
    return [parsers.choice(item, lookup, what=_("language")) for item in parsers.items(value)]


def _activity(value, party) -> Activity | None:
    """A plan row by its code ("3.5.2.1/1.2"), optionally after the plan year ("2024 3.5.2.1/1.2")."""
    raw = parsers.cell_text(value)
    if not raw:
        return None
    year, _space, code = raw.partition(" ")
    query = Activity.objects.filter(code=code.strip(), plan__year=int(year)) if year.isdigit() and code else None
    if query is None:
        query = Activity.objects.filter(code=raw)
    found = list(query.select_related("plan").order_by("-plan__year")[:1])
    if not found:
        raise CellError(_("No plan row “%(value)s”.") % {"value": raw})
    return found[0]


def read_rows(table: tabular.Table, party) -> tuple[list[tuple[int, OutputInput]], Errors, dict[str, str]]:
    """Every row parsed into the service's input, with the cells that could not be read."""
    errors = Errors()
    found, names, missing = _find_columns(table.headers)
    for label in missing:
        errors.add(1, label, _("This column is missing from the file."))
    if missing:
        return [], errors, names
    channels = {parsers.norm(c.name): c for c in Channel.objects.filter(party=party)}
    kinds = parsers.choice_lookup(OutputKind)
    units = parsers.choice_lookup(ReachUnit)
    today = timezone.localdate()
    rows = []
    for row in table.rows():
        for problem in row.problems:
            errors.add(problem.row, problem.column, problem.message)
        values: dict = {}

        parse = {
            "date": lambda v: parsers.date(v, today=today),
            "kind": lambda v: parsers.choice(v, kinds, what=_("kind of output")),
            "channel": lambda v: _channel(v, channels),
            "languages": _languages,
            "title": lambda v: parsers.text(v, max_length=300),
            "link": lambda v: parsers.text(v, max_length=500),
            "reach": lambda v: parsers.integer(v) if parsers.cell_text(v) else None,
            "reach_unit": lambda v: parsers.choice(v, units, what=_("reach unit")) if parsers.cell_text(v) else "",
            "activity": lambda v: _activity(v, party),
        }
        ok = True
        for column in COLUMNS:
            if column.name not in found:
                continue
            index = found[column.name]
            raw = row.cells[index] if index < len(row.cells) else None
            if column.required and not parsers.cell_text(raw):
                errors.add(row.number, names[column.name], _("This cell is empty."))
                ok = False
                continue
            try:
                values[column.name] = parse[column.name](raw)
            except CellError as exc:
                errors.add(row.number, names[column.name], exc.message)
                ok = False
        if ok:
            rows.append((row.number, OutputInput(**values)))
    return rows, errors, names


def _channel(value, channels: dict) -> Channel:
    raw = parsers.cell_text(value)
    channel = channels.get(parsers.norm(raw))
    if channel is None:
        raise CellError(_("Unknown channel “%(value)s”: add it to your party's channels first.") % {"value": raw})
    return channel


def outputs_import(*, party, data: bytes, file_name: str, created_by=None) -> int:
    """Import every row or none: FileRejected for an unreadable file, ImportRejected naming every
    refused row (parsing and the service's checks alike). Returns the number of outputs written."""
    table = tabular.Table(data, file_name, limits=LIMITS)
    rows, errors, names = read_rows(table, party)
    if not rows and not errors:
        raise tabular.FileRejected(_("The file has no rows to import."))
    field_column = dict(names)

    def column_for(name: str) -> str:
        return field_column.get(name, "" if name == "__all__" else name)

    with transaction.atomic():  # rows read well are written only if every row of the file is good
        written: list = []
        try:
            written = pipeline.write_rows(
                rows,
                lambda data: output_create(party=party, data=data, created_by=created_by),
                column_for=column_for,
            )
        except tabular.ImportRejected as exc:
            errors.extend(exc.errors)
        if errors:
            raise tabular.ImportRejected(sorted(errors.listed, key=lambda e: e.row), errors.count)
    return len(written)
