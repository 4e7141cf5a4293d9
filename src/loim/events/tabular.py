"""Events in spreadsheets: the import template, the all-or-nothing import, and the CSV/XLSX export.

One column list serves all three, so an exported file can be edited and imported back. Columns are
stable English keys (the page explains each one in the user's language). CSV files use ";" and a
UTF-8 byte-order mark, which Excel with Estonian settings opens as columns; the import also reads
"," and tab, and Windows-1257 (Baltic) text.

Re-importing a file does not duplicate: a row with an `import_id` updates the party's event with that
id; a row without one updates the party's event of the same kind, start and title.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from loim.core.vocabulary import Language, ParticipantGroup
from loim.places.models import Municipality
from loim.plans.models import Activity, EventKind

from .models import Event, EventFormat, Reach
from .services import ConfirmationRequired, EventInput, event_create, event_update, event_validate
from .services import local_datetime as at

MAX_ROWS = 5000
LIST_SEPARATORS = (";", "\n")

COUNT_COLUMNS = {f"participants_{group.value}": group for group in ParticipantGroup}
COLUMNS: list[tuple[str, object]] = [
    ("import_id", gettext_lazy("Your identifier of the row (optional); importing again updates that event.")),
    ("kind", gettext_lazy("Kind: a code such as info_day, training, conversation_club, or its name.")),
    ("title", gettext_lazy("Title (required).")),
    ("date", gettext_lazy("Date: dd.mm.yyyy or yyyy-mm-dd (required).")),
    ("start_time", gettext_lazy("Start time hh:mm (required).")),
    ("end_time", gettext_lazy("End time hh:mm (required).")),
    ("end_date", gettext_lazy("Last day, if the event lasts several days.")),
    ("activity", gettext_lazy("Plan row code, e.g. 3.5.2.1/2.1 (optional).")),
    ("format", gettext_lazy("on_site, online or hybrid (default on_site).")),
    ("municipality", gettext_lazy("Municipality where it is held: name or EHAK code.")),
    ("address", gettext_lazy("Address or venue.")),
    ("online_url", gettext_lazy("Link of an online event.")),
    ("languages", gettext_lazy("Languages used, separated by ;: et, en, ru, uk, other.")),
    ("reach", gettext_lazy("local, county or national (default local).")),
    ("public", gettext_lazy("yes to show it on the public portal.")),
    *[(key, group.label) for key, group in COUNT_COLUMNS.items()],
    (
        "participating_municipalities",
        gettext_lazy("Municipalities taking part (names or EHAK codes), separated by ; or ,."),
    ),
    ("organisations", gettext_lazy("Organisations taking part, separated by ;.")),
    ("description", gettext_lazy("Description.")),
]
KEYS = [key for key, _help in COLUMNS]
EXPORT_ONLY = ["organiser"]
REQUIRED = {"kind", "title", "date", "start_time", "end_time"}
TRUE_WORDS = {"yes", "jah", "true", "1", "x", "да", "так"}
FALSE_WORDS = {"no", "ei", "false", "0", "", "нет", "ні"}
# Where an error about an event field is reported.
COLUMN_FOR = {
    "start": "date",
    "end": "end_time",
    "party": "organiser",
    **{f"count_{g.value}": k for k, g in COUNT_COLUMNS.items()},
}


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.warnings


class FileError(ValueError):
    """The file as a whole cannot be read; the message says why."""


# --- reading files ------------------------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1257"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileError(_("The file is not text in UTF-8 or Windows-1257 encoding."))


def _csv_rows(raw: bytes) -> list[list]:
    text = _decode(raw)
    first_line = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first_line.count)
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def _xlsx_rows(upload) -> list[list]:
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file
        raise FileError(_("The file is not a readable XLSX workbook.")) from exc
    try:
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def read_table(upload) -> tuple[list[str], list[tuple[int, dict]]]:
    """(headers, [(spreadsheet row number, {column: value})]) with blank rows skipped."""
    upload.seek(0)
    rows = _xlsx_rows(upload) if upload.name.lower().endswith(".xlsx") else _csv_rows(upload.read())
    if not rows:
        raise FileError(_("The file is empty."))
    headers = [_text(h).lower() for h in rows[0]]
    unknown = [h for h in headers if h and h not in KEYS and h not in EXPORT_ONLY]
    if unknown:
        raise FileError(_("Unknown columns: %s. Use the template's columns.") % ", ".join(unknown))
    missing = sorted(REQUIRED - set(headers))
    if missing:
        raise FileError(_("Missing columns: %s.") % ", ".join(missing))
    records = []
    for number, row in enumerate(rows[1:], start=2):
        if all(_text(v) == "" for v in row):
            continue
        records.append((number, {h: row[i] if i < len(row) else None for i, h in enumerate(headers) if h}))
    if len(records) > MAX_ROWS:
        raise FileError(
            _("The file has %(rows)d rows; import at most %(max)d at a time.") % {"rows": len(records), "max": MAX_ROWS}
        )
    return headers, records


# --- parsing values -------------------------------------------------------------------------------


class Lookups:
    """Kinds, municipalities and plan rows by every name a file may use, loaded once per import."""

    def __init__(self):
        self.kinds: dict[str, EventKind] = {}
        for kind in EventKind.objects.all():
            for name in (kind.code, kind.name_et, kind.name_en):
                self.kinds.setdefault(name.strip().lower(), kind)
        self.municipalities: dict[str, Municipality] = {}
        for municipality in Municipality.objects.all():
            for name in (municipality.name, municipality.ehak_code, *municipality.previous_codes.split(",")):
                if name.strip():
                    self.municipalities.setdefault(name.strip().lower(), municipality)
        self.activities: dict[tuple[int, str], Activity] = {
            (a.plan.year, a.code.lower()): a for a in Activity.objects.select_related("plan")
        }

    def activity(self, code: str, year: int) -> Activity | None:
        return self.activities.get((year, code.strip().lower()))


def _choice(value: str, choices, default: str) -> str:
    value = value.strip().lower()
    if not value:
        return default
    for key, label in choices:
        if value in (key, str(label).lower()):
            return key
    raise ValueError(
        _("“%(value)s” is not one of: %(keys)s.") % {"value": value, "keys": ", ".join(k for k, _l in choices)}
    )


def _date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    for pattern in ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(_("“%s” is not a date (dd.mm.yyyy).") % text)


def _time(value) -> dt.time:
    if isinstance(value, dt.datetime):
        return value.time()
    if isinstance(value, dt.time):
        return value
    text = _text(value).replace(".", ":")
    for pattern in ("%H:%M", "%H:%M:%S"):
        try:
            return dt.datetime.strptime(text, pattern).time()
        except ValueError:
            continue
    raise ValueError(_("“%s” is not a time (hh:mm).") % text)


def _count(value) -> int | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer() and value >= 0:
            return int(value)
        raise ValueError(_("“%s” is not a whole number, 0 or more.") % value)
    text = _text(value)
    if not text:
        return None
    if not text.isdigit():
        raise ValueError(_("“%s” is not a whole number, 0 or more.") % text)
    return int(text)


def _items(value) -> list[str]:
    text = _text(value)
    for separator in LIST_SEPARATORS[1:]:
        text = text.replace(separator, LIST_SEPARATORS[0])
    return [item.strip() for item in text.split(LIST_SEPARATORS[0]) if item.strip()]


def _languages(value) -> list[str]:
    names = {str(label).lower(): code for code, label in Language.choices}
    result = []
    for item in _items(_text(value).replace(",", ";")):
        code = item.lower() if item.lower() in Language.values else names.get(item.lower())
        if code is None:
            raise ValueError(_("“%s” is not a language code (et, en, ru, uk, other).") % item)
        result.append(code)
    return result


def parse_row(record: dict, *, party, lookups: Lookups) -> tuple[EventInput | None, list[tuple[str, str]]]:
    """The row as an EventInput, or the (column, message) pairs of everything wrong with it."""
    errors: list[tuple[str, str]] = []

    def take(column, parse, default=None):
        """The parsed cell; its default when blank (a blank required cell is reported above)."""
        raw = record.get(column)
        if _text(raw) == "":
            return default
        try:
            return parse(raw)
        except ValueError as exc:
            errors.append((column, str(exc)))
            return default

    for column in REQUIRED:
        if _text(record.get(column)) == "":
            errors.append((column, _("This column is required.")))
    organiser = _text(record.get("organiser"))
    if organiser and organiser.lower() not in {party.slug, party.short_name.lower(), party.name.lower()}:
        errors.append(("organiser", _("The row belongs to another organiser (%s).") % organiser))
    kind_name = _text(record.get("kind"))
    kind = lookups.kinds.get(kind_name.lower())
    if kind_name and kind is None:
        errors.append(("kind", _("Unknown kind “%s”.") % kind_name))
    day = take("date", _date)
    start_time = take("start_time", _time)
    end_time = take("end_time", _time)
    end_day = take("end_date", _date, default=day)
    municipality = None
    if name := _text(record.get("municipality")):
        municipality = lookups.municipalities.get(name.lower())
        if municipality is None:
            errors.append(("municipality", _("Unknown municipality “%s”.") % name))
    participating = []
    for name in _items(_text(record.get("participating_municipalities")).replace(",", ";")):
        found = lookups.municipalities.get(name.lower())
        if found is None:
            errors.append(("participating_municipalities", _("Unknown municipality “%s”.") % name))
        else:
            participating.append(found)
    activity = None
    if (code := _text(record.get("activity"))) and day:
        activity = lookups.activity(code, day.year)
        if activity is None:
            errors.append(
                ("activity", _("No plan row “%(code)s” in the %(year)d plan.") % {"code": code, "year": day.year})
            )
    fmt = take("format", lambda v: _choice(_text(v), EventFormat.choices, EventFormat.ON_SITE), EventFormat.ON_SITE)
    reach = take("reach", lambda v: _choice(_text(v), Reach.choices, Reach.LOCAL), Reach.LOCAL)
    public = _text(record.get("public")).lower()
    if public not in TRUE_WORDS | FALSE_WORDS:
        errors.append(("public", _("Write yes or no, not “%s”.") % public))
    languages = take("languages", _languages, [])
    counts = {group.value: take(key, _count) for key, group in COUNT_COLUMNS.items()}
    if not (kind and day and start_time and end_time):
        return None, errors
    # Built even when other columns failed, so the service can report the remaining problems too.
    return (
        EventInput(
            party=party,
            kind=kind,
            title=_text(record.get("title")),
            start=at(day, start_time),
            end=at(end_day or day, end_time),
            activity=activity,
            format=fmt,
            municipality=municipality,
            address=_text(record.get("address")),
            online_url=_text(record.get("online_url")),
            languages=languages,
            reach=reach,
            is_public=public in TRUE_WORDS,
            description=_text(record.get("description")),
            counts=counts,
            municipalities=participating,
            organisations=_items(record.get("organisations")),
            import_id=_text(record.get("import_id")),
        ),
        errors,
    )


# --- the import -----------------------------------------------------------------------------------


def _natural_key(data: EventInput) -> tuple:
    return (data.kind.pk, data.start, data.title.strip().lower())


def _existing(party) -> tuple[dict[str, Event], dict[tuple, list[Event]]]:
    by_id: dict[str, Event] = {}
    by_key: dict[tuple, list[Event]] = {}
    for event in Event.objects.filter(party=party).select_related("kind", "activity__plan"):
        if event.import_id:
            by_id[event.import_id] = event
        by_key.setdefault((event.kind_id, event.start, event.title.strip().lower()), []).append(event)
    return by_id, by_key


def events_import(*, party, upload, confirmed: bool = False) -> ImportResult:
    """Validate every row; write all of them in one transaction only if every row passes. Returns the
    counts, or every error (row, column, message) with nothing written."""
    result = ImportResult()
    try:
        _headers, records = read_table(upload)
    except FileError as exc:
        result.errors.append(RowError(0, "", str(exc)))
        return result
    result.rows = len(records)
    lookups = Lookups()
    by_id, by_key = _existing(party)
    planned: list[tuple[Event | None, EventInput]] = []
    seen: dict[tuple, int] = {}
    for number, record in records:
        data, errors = parse_row(record, party=party, lookups=lookups)
        result.errors.extend(RowError(number, column, message) for column, message in errors)
        if data is None:
            continue
        reported = {column for column, _message in errors}
        key = ("id", data.import_id) if data.import_id else ("key", *_natural_key(data))
        if key in seen:
            result.errors.append(
                RowError(
                    number,
                    "import_id" if data.import_id else "title",
                    _("The same event is already on row %d.") % seen[key],
                )
            )
            continue
        seen[key] = number
        if data.import_id:
            target = by_id.get(data.import_id)
        else:
            matches = by_key.get(_natural_key(data), [])
            if len(matches) > 1:
                result.errors.append(
                    RowError(number, "import_id", _("Several events match this row; give it an import id."))
                )
                continue
            target = matches[0] if matches else None
        try:
            event_validate(data, event=target, confirmed=confirmed)
        except ConfirmationRequired as exc:
            result.warnings.extend(RowError(number, "date", w) for w in exc.warnings)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                column = COLUMN_FOR.get(name, name if name in KEYS else "")
                if column not in reported:
                    result.errors.extend(RowError(number, column, m) for m in messages)
        if errors:
            continue
        planned.append((target, data))
    if result.errors or result.warnings:
        return result
    with transaction.atomic():
        for target, data in planned:
            if target is None:
                event_create(data=data, confirmed=True)
                result.created += 1
            else:
                event_update(event=target, data=data, confirmed=True)
                result.updated += 1
    return result


# --- template and export --------------------------------------------------------------------------

EXAMPLE = {
    "import_id": "klubi-2024-03-06",
    "kind": "conversation_club",
    "title": "Eesti keele suhtlusklubi",
    "date": "06.03.2024",
    "start_time": "17:00",
    "end_time": "18:30",
    "format": "on_site",
    "municipality": "Tartu linn",
    "address": "Raekoja plats 1",
    "languages": "et; en",
    "reach": "local",
    "public": "yes",
    "participants_newcomer": "12",
    "participants_other_background": "4",
    "organisations": "Tartu Linnaraamatukogu",
}


def template_rows() -> list[list]:
    return [KEYS, [EXAMPLE.get(key, "") for key in KEYS]]


def column_help() -> list[tuple[str, str]]:
    return [(key, str(text)) for key, text in COLUMNS]
