"""The inquiries' import: the columns of coordinators' spreadsheets and how each is read.

Coordinators already keep inquiries in spreadsheets with their own column names and wordings, so an
import is: read the file (`core.tabular`: encodings, separators, XLSX, limits), let the coordinator
map columns to fields (guessed from the header), then check *all* rows against lookups fetched once
(topics, channels, languages, referral targets and municipalities by their Estonian or English
names, codes and aliases, case-insensitively). Nothing is written unless every row is valid
(services.inquiries_import). Repeated values — the same dates, topics and municipalities over and
over — are parsed once and cached, which keeps a 100,000-row file within a small multiple of a bare
bulk insert (the `inquiry_import` benchmark).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loim.core.tabular import CellError, Errors, Limits, RowError, Table
from loim.core.tabular import parsers as parse
from loim.core.tabular.errors import MAX_LISTED_ERRORS, MISSING
from loim.core.tabular.lookups import Municipalities, NameLookup
from loim.core.tabular.parsers import norm
from loim.core.vocabulary import Language

from .models import MAX_MINUTES, NOTE_MAX_LENGTH, Category, Channel, Inquiry, ReferralTarget, Topic

LIMITS = Limits(max_bytes=25 * 1024 * 1024, max_rows=200_000, max_columns=100)
MAX_FILE_BYTES = LIMITS.max_bytes
MAX_ROWS = LIMITS.max_rows
EARLIEST = dt.date(2000, 1, 1)

__all__ = ["MAX_LISTED_ERRORS", "RowError"]


class TableReader(Table):
    """An inquiries file: the core's table with this import's limits."""

    def __init__(self, data: bytes, file_name: str):
        super().__init__(data, file_name, limits=LIMITS)


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


def guess_mapping(headers: list[str]) -> dict[str, int | None]:
    """Column index for each field whose name (Estonian or English) matches a header, else None."""
    normalised = [norm(h) for h in headers]
    mapping: dict[str, int | None] = {}
    for import_field in FIELDS:
        names = {norm(n) for n in import_field.header_names}
        for language in ("et", "en"):
            with translation.override(language):
                names.add(norm(import_field.label))
        mapping[import_field.name] = next((i for i, h in enumerate(normalised) if h in names), None)
    return mapping


# --- Lookups -----------------------------------------------------------------------------------


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


class _Names(NameLookup):
    def __init__(self, what: str, entries):
        super().__init__()
        self.what = what
        for entry in entries:
            for name in entry.import_names():
                self.add(name, entry.pk)


@dataclass
class Lookups:
    """Everything a row is checked against, fetched once per import."""

    channels: dict[str, str]
    languages: dict[str, str]
    categories: dict[str, str]
    topics: NameLookup
    referrals: NameLookup
    municipalities: Municipalities
    today: dt.date

    @classmethod
    def load(cls) -> Lookups:
        return cls(
            channels=parse.choice_lookup(Channel, CHANNEL_SYNONYMS),
            languages=parse.choice_lookup(Language, LANGUAGE_SYNONYMS),
            categories=parse.choice_lookup(Category, CATEGORY_SYNONYMS),
            topics=_Names(_("topic"), Topic.objects.all()),
            referrals=_Names(_("referral target"), ReferralTarget.objects.all()),
            municipalities=Municipalities(),
            today=timezone.localdate(),
        )


# --- Validating rows ---------------------------------------------------------------------------


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
    problems: Errors = field(default_factory=Errors)
    row_count: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems and self.row_count > 0

    @property
    def errors(self) -> list[RowError]:
        return self.problems.listed

    @property
    def error_count(self) -> int:
        return self.problems.count

    def add_error(self, error: RowError) -> None:
        self.problems.add(error.row, error.column, error.message)


def _required(value):
    if parse.cell_text(value) == "":
        raise CellError(str(MISSING))
    return value


def _choice(lookup: dict[str, str], what: str):
    return lambda value: parse.choice(_required(value), lookup, what=what)


def _minutes(value) -> int | None:
    text = parse.cell_text(value)
    if not text:
        return None
    for unit in ("minutit", "min"):  # "15 min" as people write it
        if text.casefold().endswith(unit):
            text = text[: -len(unit)].strip()
            break
    return parse.integer(text, minimum=1, maximum=MAX_MINUTES)


NOTE_FIELD = Inquiry._meta.get_field("note")


def _note(value) -> str:
    text = parse.text(value, max_length=NOTE_MAX_LENGTH)
    if not text:
        return text
    try:  # the model field's own validators, as full_clean() would run them (personal data included)
        NOTE_FIELD.run_validators(text)
    except ValidationError as exc:
        raise CellError(" ".join(exc.messages)) from None
    return text


def _topics(lookups: Lookups):
    def read(value) -> tuple[int, ...]:
        ids = tuple(lookups.topics.get_many(value))
        if not ids:
            raise CellError(_("At least one topic is required."))
        return ids

    return read


class _Cache(dict):
    """Memoises a parser over the distinct values of a column; errors are cached too."""

    def __init__(self, parse):
        super().__init__()
        self.parse = parse

    def __missing__(self, key):
        try:
            value = self.parse(key)
        except CellError as exc:
            value = exc
        self[key] = value
        return value


def validate_table(reader: Table, mapping: dict[str, int | None], lookups: Lookups | None = None) -> Validation:
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
        "date": _Cache(lambda v: parse.date(_required(v), earliest=EARLIEST, today=lookups.today)),
        "channel": _Cache(_choice(lookups.channels, _("channel"))),
        "language": _Cache(_choice(lookups.languages, _("language"))),
        "category": _Cache(
            lambda v: parse.choice(v, lookups.categories, what=category_label) if parse.cell_text(v) else "unknown"
        ),
        "topics": _Cache(_topics(lookups)),
        "referrals": _Cache(lambda v: tuple(lookups.referrals.get_many(v))),
        "minutes": _Cache(_minutes),
        "municipality": _Cache(lambda v: getattr(lookups.municipalities.get(v), "pk", None)),
        "note": _note,
    }
    defaults = {"category": "unknown", "referrals": (), "minutes": None, "municipality": None, "note": ""}
    plan = [(name, index, parsers[name], headers[index] or name) for name, index in columns.items()]
    rows = result.rows
    problems = result.problems
    for number, cells, refused in reader.rows():
        result.row_count += 1
        if refused:
            problems.extend(refused)
        values = dict(defaults)
        bad = bool(refused)
        length = len(cells)
        for name, index, parser, header in plan:
            cell = cells[index] if index < length else None
            if name == "note":
                try:
                    value = parser(cell)
                except CellError as exc:
                    value = exc
            else:
                value = parser[cell.strip() if isinstance(cell, str) else cell]
            if isinstance(value, CellError):
                problems.add(number, header, value.message)
                bad = True
            else:
                values[name] = value
        if not bad and not problems:
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
    if problems:
        result.rows = []
    elif result.row_count == 0:
        result.add_error(RowError(2, "", _("The file has no rows below the header.")))
    return result
