"""Reading coordinators' spreadsheets of inquiries (CSV or XLSX) and validating every row in memory.

Coordinators already keep inquiries in spreadsheets with their own column names and wordings, so an
import is: read the header, let the coordinator map columns to fields (guessed from the header),
then validate *all* rows against lookups fetched once (topics, channels, languages, referral targets
and municipalities by their Estonian or English names, codes and aliases, case-insensitively).
Nothing is written unless every row is valid (services.inquiries_import). Repeated values — the
same dates, topics and municipalities over and over — are parsed once and cached, which keeps a
100,000-row file within a small multiple of a bare bulk insert (the `inquiry_import` benchmark).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loim.core.vocabulary import Language
from loim.places.models import Municipality

from .models import MAX_MINUTES, NOTE_MAX_LENGTH, Category, Channel, ReferralTarget, Topic
from .privacy import MESSAGES as PERSONAL_DATA_MESSAGES
from .privacy import personal_data_in

MAX_FILE_BYTES = 25 * 1024 * 1024
MAX_ROWS = 200_000
MAX_LISTED_ERRORS = 200
LIST_SEPARATORS = re.compile(r"\s*[;|,\n]\s*")


class UnreadableFile(Exception):
    """The file is not a CSV or XLSX table we can read; the message says why."""


@dataclass(frozen=True)
class ImportField:
    name: str
    label: str
    required: bool
    header_names: tuple[str, ...]


FIELDS = [
    ImportField("date", gettext_lazy("date"), True, ("kuupäev", "kuupaev", "date", "pöördumise kuupäev", "kp")),
    ImportField("channel", gettext_lazy("channel"), True, ("kanal", "channel", "pöördumise viis", "viis", "kontakt")),
    ImportField("language", gettext_lazy("language"), True, ("keel", "language", "suhtluskeel", "suhtlemise keel")),
    ImportField("topics", gettext_lazy("topics"), True, ("teema", "teemad", "topic", "topics", "küsimus")),
    ImportField(
        "category", gettext_lazy("target group"), False, ("sihtrühm", "sihtgrupp", "kategooria", "category", "group")
    ),
    ImportField(
        "referrals",
        gettext_lazy("referred to"),
        False,
        ("suunatud", "suunamine", "suunatud asutusse", "referral", "referrals", "referred to"),
    ),
    ImportField(
        "minutes",
        gettext_lazy("time spent (minutes)"),
        False,
        ("aeg", "aeg (min)", "minutid", "kestus", "kulunud aeg", "minutes", "time", "time spent", "duration"),
    ),
    ImportField(
        "municipality",
        gettext_lazy("municipality of residence"),
        False,
        ("elukoht", "omavalitsus", "kov", "elukoha omavalitsus", "municipality", "residence"),
    ),
    ImportField("note", gettext_lazy("note"), False, ("märkus", "märge", "kommentaar", "note", "notes", "comment")),
]
FIELD_NAMES = [f.name for f in FIELDS]


def _norm(value) -> str:
    return " ".join(str(value).split()).casefold()


# --- Reading files -----------------------------------------------------------------------------


class TableReader:
    """Header and rows of the first sheet of an XLSX file or of a CSV file (comma, semicolon or
    tab separated; UTF-8 or the Windows Baltic code page Estonian Excel writes)."""

    def __init__(self, data: bytes, file_name: str):
        self.file_name = file_name
        if len(data) > MAX_FILE_BYTES:
            raise UnreadableFile(_("The file is larger than 25 MB. Split it into smaller files."))
        lower = file_name.lower()
        if lower.endswith(".xlsx"):
            self.kind = "xlsx"
            self._workbook_bytes = data
            self._check_xlsx()
        elif lower.endswith((".csv", ".txt")):
            self.kind = "csv"
            self._text = self._decode(data)
            self._dialect = self._sniff(self._text)
        else:
            raise UnreadableFile(_("Upload a CSV or an XLSX file (Excel 2007 or newer)."))
        self.headers = self._read_headers()
        if not any(self.headers):
            raise UnreadableFile(_("The first row of the file should hold the column names, but it is empty."))

    @staticmethod
    def _decode(data: bytes) -> str:
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return data.decode("cp1257", errors="replace")

    @staticmethod
    def _sniff(text: str):
        first_line = text.split("\n", 1)[0]
        delimiter = max((";", ",", "\t"), key=first_line.count)
        if first_line.count(delimiter) == 0:
            delimiter = ","

        class Dialect(csv.excel):
            pass

        Dialect.delimiter = delimiter
        return Dialect

    def _check_xlsx(self) -> None:
        import zipfile

        if not zipfile.is_zipfile(io.BytesIO(self._workbook_bytes)):
            raise UnreadableFile(_("The file is not a valid XLSX workbook. Save it again as .xlsx or .csv."))

    def _xlsx_rows(self) -> Iterator[tuple]:
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(self._workbook_bytes), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for damaged files
            raise UnreadableFile(_("The XLSX file could not be read. Save it again as .xlsx or .csv.")) from exc
        try:
            sheet = workbook.worksheets[0]
            yield from sheet.iter_rows(values_only=True)
        finally:
            workbook.close()

    def _raw_rows(self) -> Iterator[tuple]:
        if self.kind == "xlsx":
            return self._xlsx_rows()
        return csv.reader(io.StringIO(self._text, newline=""), self._dialect)

    def _read_headers(self) -> list[str]:
        for row in self._raw_rows():
            return [("" if cell is None else str(cell).strip()) for cell in row]
        return []

    def rows(self) -> Iterator[tuple[int, tuple]]:
        """(spreadsheet row number, cells) for every non-empty data row; the header is row 1."""
        iterator = self._raw_rows()
        next(iterator, None)
        for number, row in enumerate(iterator, start=2):
            if any(cell not in (None, "") for cell in row):
                yield number, row

    def preview(self, count: int = 5) -> list[tuple[int, list[str]]]:
        rows = []
        for number, row in self.rows():
            rows.append((number, [("" if cell is None else str(cell)) for cell in row]))
            if len(rows) >= count:
                break
        return rows


def guess_mapping(headers: list[str]) -> dict[str, int | None]:
    """Column index for each field whose name (Estonian or English) matches a header, else None."""
    normalised = [_norm(h) for h in headers]
    mapping: dict[str, int | None] = {}
    for import_field in FIELDS:
        names = {_norm(n) for n in import_field.header_names}
        for language in ("et", "en"):
            with translation.override(language):
                names.add(_norm(import_field.label))
        mapping[import_field.name] = next((i for i, h in enumerate(normalised) if h in names), None)
    return mapping


# --- Lookups -----------------------------------------------------------------------------------


def _choice_lookup(choices, synonyms: dict[str, str]) -> dict[str, str]:
    """Codes and Estonian/English labels of a TextChoices class, plus synonyms, folded to lowercase."""
    lookup = {_norm(value): value for value in choices.values}
    for language in ("et", "en"):
        with translation.override(language):
            for value, label in choices.choices:
                lookup[_norm(label)] = value
    lookup.update({_norm(k): v for k, v in synonyms.items()})
    return lookup


CHANNEL_SYNONYMS = {
    "kohapeal": Channel.IN_PERSON,
    "silmast silma": Channel.IN_PERSON,
    "isiklikult": Channel.IN_PERSON,
    "vastuvõtt": Channel.IN_PERSON,
    "face to face": Channel.IN_PERSON,
    "telefon": Channel.PHONE,
    "telefoni teel": Channel.PHONE,
    "tel": Channel.PHONE,
    "email": Channel.EMAIL,
    "e-mail": Channel.EMAIL,
    "e-kiri": Channel.EMAIL,
    "kiri": Channel.EMAIL,
    "veeb": Channel.WEB,
    "vestlus": Channel.WEB,
    "chat": Channel.WEB,
    "web": Channel.WEB,
    "facebook": Channel.WEB,
    "sotsiaalmeedia": Channel.WEB,
    "välitöö": Channel.OUTREACH,
    "tänavatöö": Channel.OUTREACH,
}
LANGUAGE_SYNONYMS = {
    "eesti": Language.ESTONIAN,
    "eesti keel": Language.ESTONIAN,
    "est": Language.ESTONIAN,
    "inglise": Language.ENGLISH,
    "inglise keel": Language.ENGLISH,
    "eng": Language.ENGLISH,
    "vene": Language.RUSSIAN,
    "vene keel": Language.RUSSIAN,
    "rus": Language.RUSSIAN,
    "русский": Language.RUSSIAN,
    "ukraina": Language.UKRAINIAN,
    "ukraina keel": Language.UKRAINIAN,
    "ukr": Language.UKRAINIAN,
    "українська": Language.UKRAINIAN,
    "ua": Language.UKRAINIAN,
    "muu": Language.OTHER,
    "muu keel": Language.OTHER,
    "other": Language.OTHER,
}
CATEGORY_SYNONYMS = {
    "uussisserändaja": Category.NEWCOMER,
    "uussisserändajad": Category.NEWCOMER,
    "newcomer": Category.NEWCOMER,
    "tagasipöörduja": Category.RETURNEE,
    "tagasipöördujad": Category.RETURNEE,
    "returnee": Category.RETURNEE,
    "erineva keele- ja kultuuritaustaga": Category.OTHER_BACKGROUND,
    "erineva taustaga": Category.OTHER_BACKGROUND,
    "teadmata": Category.UNKNOWN,
    "ei tea": Category.UNKNOWN,
    "unknown": Category.UNKNOWN,
}
AMBIGUOUS = object()


def _named_lookup(entries, names_of) -> dict[str, object]:
    lookup: dict[str, object] = {}
    for entry in entries:
        for name in names_of(entry):
            key = _norm(name)
            if key in lookup and lookup[key] != entry.pk:
                lookup[key] = AMBIGUOUS
            else:
                lookup[key] = entry.pk
    return lookup


def _municipality_names(municipality) -> list[str]:
    names = [municipality.name, municipality.ehak_code]
    names += [code.strip() for code in municipality.previous_codes.split(",") if code.strip()]
    return names


@dataclass
class Lookups:
    """Everything a row is checked against, fetched once per import."""

    channels: dict[str, str]
    languages: dict[str, str]
    categories: dict[str, str]
    topics: dict[str, object]
    referrals: dict[str, object]
    municipalities: dict[str, object]
    today: dt.date

    @classmethod
    def load(cls) -> Lookups:
        municipalities = list(Municipality.objects.all())
        lookup = _named_lookup(municipalities, _municipality_names)
        # "Pärnu" for "Pärnu linn": the short name where it is unique ("Tartu" is a city and a parish).
        short = _named_lookup(municipalities, lambda m: [re.sub(r"\s+(linn|vald)$", "", m.name, flags=re.IGNORECASE)])
        for key, value in short.items():
            lookup.setdefault(key, value)
        return cls(
            channels=_choice_lookup(Channel, CHANNEL_SYNONYMS),
            languages=_choice_lookup(Language, LANGUAGE_SYNONYMS),
            categories=_choice_lookup(Category, CATEGORY_SYNONYMS),
            topics=_named_lookup(Topic.objects.all(), Topic.import_names),
            referrals=_named_lookup(ReferralTarget.objects.all(), ReferralTarget.import_names),
            municipalities=lookup,
            today=timezone.localdate(),
        )


# --- Validating rows ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("Row %(row)s, column “%(column)s”: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class ParsedRow:
    row: int
    date: dt.date
    channel: str
    language: str
    category: str
    topic_ids: tuple[int, ...]
    referral_ids: tuple[int, ...]
    minutes: int | None
    municipality_id: int | None
    note: str


@dataclass
class Validation:
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    row_count: int = 0

    @property
    def ok(self) -> bool:
        return self.error_count == 0 and self.row_count > 0

    def add_error(self, error: RowError) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_LISTED_ERRORS:
            self.errors.append(error)


class _Invalid(Exception):
    def __init__(self, message: str):
        self.message = message


def _text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _parse_date(cell, today: dt.date) -> dt.date:
    if isinstance(cell, dt.datetime):
        value = cell.date()
    elif isinstance(cell, dt.date):
        value = cell
    else:
        text = _text(cell)
        if not text:
            raise _Invalid(_("The date is missing."))
        try:
            if "." in text:
                day, month, year = (int(part) for part in text.split(" ")[0].split("."))
                value = dt.date(year + 2000 if year < 100 else year, month, day)
            elif "/" in text:
                day, month, year = (int(part) for part in text.split("/"))
                value = dt.date(year + 2000 if year < 100 else year, month, day)
            else:
                value = dt.date.fromisoformat(text[:10])
        except ValueError as exc:
            raise _Invalid(
                _("“%(value)s” is not a date. Write it as dd.mm.yyyy or yyyy-mm-dd.") % {"value": text}
            ) from exc
    if value > today:
        raise _Invalid(_("The date %(date)s is in the future.") % {"date": f"{value:%d.%m.%Y}"})
    if value.year < 2000:
        raise _Invalid(_("The date %(date)s is before the year 2000.") % {"date": f"{value:%d.%m.%Y}"})
    return value


def _parse_choice(cell, lookup: dict[str, str], what: str) -> str:
    text = _text(cell)
    if not text:
        raise _Invalid(_("The %(what)s is missing.") % {"what": what})
    value = lookup.get(_norm(text))
    if value is None:
        raise _Invalid(_("Unknown %(what)s “%(value)s”.") % {"what": what, "value": text})
    return value


def _parse_names(cell, lookup: dict[str, object], what: str) -> tuple[int, ...]:
    text = _text(cell)
    if not text:
        return ()
    whole = lookup.get(_norm(text))
    parts = [text] if whole is not None else [p for p in LIST_SEPARATORS.split(text) if p]
    ids: list[int] = []
    for part in parts:
        found = lookup.get(_norm(part))
        if found is None:
            raise _Invalid(_("Unknown %(what)s “%(value)s”.") % {"what": what, "value": part})
        if found is AMBIGUOUS:
            raise _Invalid(_("“%(value)s” matches more than one %(what)s.") % {"what": what, "value": part})
        if found not in ids:
            ids.append(found)
    return tuple(ids)


def _parse_minutes(cell) -> int | None:
    text = _text(cell)
    if not text:
        return None
    try:
        value = int(float(text.replace(",", ".").split(" ")[0]))
    except ValueError as exc:
        raise _Invalid(_("“%(value)s” is not a number of minutes.") % {"value": text}) from exc
    if not 1 <= value <= MAX_MINUTES:
        raise _Invalid(_("The time spent must be between 1 and %(max)s minutes.") % {"max": MAX_MINUTES})
    return value


def _parse_municipality(cell, lookup: dict[str, object]) -> int | None:
    text = _text(cell)
    if not text:
        return None
    if text.isdigit() and len(text) < 4:
        text = text.zfill(4)  # EHAK codes lose leading zeros in spreadsheets
    found = lookup.get(_norm(text))
    if found is None:
        raise _Invalid(_("Unknown municipality “%(value)s”.") % {"value": text})
    if found is AMBIGUOUS:
        raise _Invalid(
            _("“%(value)s” matches more than one municipality; write e.g. “Tartu linn” or “Tartu vald”.")
            % {"value": text}
        )
    return found


def _parse_note(cell) -> str:
    text = _text(cell)
    if len(text) > NOTE_MAX_LENGTH:
        raise _Invalid(
            _("The note is %(length)s characters long; at most %(max)s are allowed.")
            % {"length": len(text), "max": NOTE_MAX_LENGTH}
        )
    found = personal_data_in(text)
    if found:
        raise _Invalid(str(PERSONAL_DATA_MESSAGES[found]))
    return text


class _Cache(dict):
    """Memoises a parser over the distinct values of a column; errors are cached too."""

    def __init__(self, parse):
        super().__init__()
        self.parse = parse

    def __missing__(self, key):
        try:
            value = self.parse(key)
        except _Invalid as exc:
            value = exc
        self[key] = value
        return value


def validate_table(reader: TableReader, mapping: dict[str, int | None], lookups: Lookups | None = None) -> Validation:
    """Check every row; return the parsed rows, or the errors naming row and column."""
    lookups = lookups or Lookups.load()
    result = Validation()
    missing = [f for f in FIELDS if f.required and mapping.get(f.name) is None]
    for import_field in missing:
        result.add_error(RowError(1, str(import_field.label), _("Choose the column that holds this field.")))
    if missing:
        return result
    headers = reader.headers
    width = len(headers)
    columns = {name: index for name, index in mapping.items() if index is not None}
    for name, index in columns.items():
        if not 0 <= index < width:
            result.add_error(RowError(1, name, _("There is no such column in the file.")))
    if result.error_count:
        return result

    category_label = str(gettext_lazy("target group"))
    parsers = {
        "date": _Cache(lambda v: _parse_date(v, lookups.today)),
        "channel": _Cache(lambda v: _parse_choice(v, lookups.channels, _("channel"))),
        "language": _Cache(lambda v: _parse_choice(v, lookups.languages, _("language"))),
        "category": _Cache(lambda v: _parse_choice(v, lookups.categories, category_label) if _text(v) else "unknown"),
        "topics": _Cache(lambda v: _required_topics(_parse_names(v, lookups.topics, _("topic")))),
        "referrals": _Cache(lambda v: _parse_names(v, lookups.referrals, _("referral target"))),
        "minutes": _Cache(_parse_minutes),
        "municipality": _Cache(lambda v: _parse_municipality(v, lookups.municipalities)),
        "note": _parse_note,
    }
    defaults = {"category": "unknown", "referrals": (), "minutes": None, "municipality": None, "note": ""}
    plan = [(name, index, parsers[name], headers[index] or name) for name, index in columns.items()]
    rows = result.rows
    for number, cells in reader.rows():
        result.row_count += 1
        if result.row_count > MAX_ROWS:
            result.add_error(
                RowError(number, "—", _("The file has more than %(max)s rows; split it.") % {"max": MAX_ROWS})
            )
            break
        values = dict(defaults)
        bad = False
        length = len(cells)
        for name, index, parse, header in plan:
            cell = cells[index] if index < length else None
            if name == "note":
                try:
                    value = parse(cell)
                except _Invalid as exc:
                    value = exc
            else:
                key = cell if not isinstance(cell, str) else cell.strip()
                try:
                    value = parse[key]
                except TypeError:  # an unhashable cell cannot occur from csv/openpyxl, but be safe
                    value = parse.parse(key)
            if isinstance(value, _Invalid):
                result.add_error(RowError(number, header, value.message))
                bad = True
            else:
                values[name] = value
        if not bad and not result.error_count:
            rows.append(
                ParsedRow(
                    number,
                    values["date"],
                    values["channel"],
                    values["language"],
                    values["category"],
                    values["topics"],
                    values["referrals"],
                    values["minutes"],
                    values["municipality"],
                    values["note"],
                )
            )
    if result.error_count:
        result.rows = []
    elif result.row_count == 0:
        result.add_error(RowError(2, "—", _("The file has no rows below the header.")))
    return result


def _required_topics(ids: tuple[int, ...]) -> tuple[int, ...]:
    if not ids:
        raise _Invalid(_("At least one topic is required."))
    return ids
