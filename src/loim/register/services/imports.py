"""Import of people with their consents from a CSV file: all rows or none.

Every row is a person with one consent. The file is checked completely first; if any line is wrong
nothing is written and the report names each line and column — never the value, which is personal.
Columns the register does not know are refused rather than ignored, so a spreadsheet with, say,
personal identification codes cannot slip extra data in (data minimisation).
"""

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from loim.core.vocabulary import Language, TargetGroup
from loim.inquiries.models import Topic
from loim.places.models import Municipality

from ..models import ConsentMethod, ConsentText, Person, Purpose
from ..validators import normalise_email, normalise_name, normalise_phone, search_key
from .people import ConsentInput, PersonInput, person_create

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
REQUIRED = ["name", "languages", "target_group", "purpose", "consent_version", "consent_given_on", "consent_method"]
OPTIONAL = [
    "phone",
    "email",
    "municipality",
    "settlement",
    "arrival_year",
    "arrival_date",
    "topics",
    "consent_language",
    "consent_ends_on",
]
COLUMNS = REQUIRED + OPTIONAL


@dataclass
class ImportReport:
    created: list[Person] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class ImportRejected(Exception):
    """The file was refused; `errors` says where. Nothing was written."""

    def __init__(self, errors: list[str]):
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors


def _decode(raw: bytes) -> str:
    if len(raw) > MAX_BYTES:
        raise ImportRejected([_("The file is larger than 2 MB. Split it into smaller files.")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRejected([_("The file is not UTF-8 text. Save it from the spreadsheet as “CSV UTF-8”.")]) from None


def _date(value: str) -> dt.date:
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise ValidationError(_("Enter a date as YYYY-MM-DD or DD.MM.YYYY."))


class _Row:
    """Turns one line into inputs for person_create, collecting one message per bad column."""

    def __init__(self, line: int, values: dict, lookups: dict):
        self.line, self.values, self.lookups, self.errors = line, values, lookups, []

    def error(self, column: str, message) -> None:
        self.errors.append(
            _("Line %(line)d, column “%(column)s”: %(message)s")
            % {"line": self.line, "column": column, "message": message}
        )

    def get(self, column: str) -> str:
        return (self.values.get(column) or "").strip()

    def parse(self, column, convert, *, required=False):
        value = self.get(column)
        if not value:
            if required:
                self.error(column, _("This column is required."))
            return None
        try:
            return convert(value)
        except (ValidationError, ValueError, KeyError) as exc:
            messages = getattr(exc, "messages", None) or [_("The value is not valid.")]
            self.error(column, " ".join(str(m) for m in messages))
            return None

    def choice(self, column, choices, *, required=False):
        def convert(value):
            if value not in choices.values:
                raise ValidationError(_("Use one of: %(codes)s.") % {"codes": ", ".join(choices.values)})
            return value

        return self.parse(column, convert, required=required)

    def languages(self) -> list[str]:
        def convert(value):
            codes = value.replace(",", " ").replace(";", " ").replace("|", " ").split()
            unknown = [code for code in codes if code not in Language.values]
            if unknown or not codes:
                raise ValidationError(_("Use language codes: %(codes)s.") % {"codes": ", ".join(Language.values)})
            return codes

        return self.parse("languages", convert, required=True) or []

    def municipality(self):
        def convert(value):
            found = self.lookups["municipalities"].get(value) or self.lookups["municipalities"].get(value.casefold())
            if found is None:
                raise ValidationError(_("Unknown municipality: use its EHAK code or exact name."))
            return found

        return self.parse("municipality", convert)

    def topics(self) -> list:
        def convert(value):
            codes = value.replace(",", " ").replace(";", " ").replace("|", " ").split()
            topics = [self.lookups["topics"].get(code) for code in codes]
            if None in topics:
                raise ValidationError(_("Unknown topic code."))
            return topics

        return self.parse("topics", convert) or []

    def purpose(self, value: str) -> Purpose:
        found = self.lookups["purposes"].get(value.casefold())
        if found is None:
            raise ValidationError(_("No purpose in use has this name."))
        return found

    def year(self):
        def convert(value):
            if not value.isdigit():
                raise ValidationError(_("Enter a year, e.g. 2023."))
            return int(value)

        return self.parse("arrival_year", convert)


def _lookups(party) -> dict:
    municipalities = {}
    for municipality in Municipality.objects.all():
        municipalities[municipality.ehak_code] = municipality
        municipalities[municipality.name.casefold()] = municipality
    purposes = {p.name.casefold(): p for p in Purpose.objects.filter(party=party, active=True)}
    texts = {
        (t.purpose_id, t.version, t.language): t for t in ConsentText.objects.filter(party=party, purpose__active=True)
    }
    topics = {t.code: t for t in Topic.objects.filter(active=True)}
    return {"municipalities": municipalities, "purposes": purposes, "texts": texts, "topics": topics}


def _read_rows(text: str) -> tuple[list[str], list[dict]]:
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    reader.fieldnames = header
    rows = []
    for values in reader:
        if len(rows) >= MAX_ROWS:
            raise ImportRejected([_("The file has more than %(limit)d rows.") % {"limit": MAX_ROWS}])
        rows.append(values)
    return header, rows


def people_import(*, party, raw: bytes, today: dt.date | None = None) -> ImportReport:
    """Import the file's people, all or none. Raises ImportRejected with line-by-line messages."""
    today = today or dt.date.today()
    try:
        header, rows = _read_rows(_decode(raw))
    except csv.Error:
        raise ImportRejected([_("The file could not be read as CSV.")]) from None
    errors = []
    unknown = [name for name in header if name not in COLUMNS]
    missing = [name for name in REQUIRED if name not in header]
    if unknown:
        errors.append(
            _("Unknown columns, the register does not take them: %(columns)s.") % {"columns": ", ".join(unknown)}
        )
    if missing:
        errors.append(_("Required columns are missing: %(columns)s.") % {"columns": ", ".join(missing)})
    if len(set(header)) != len(header):
        errors.append(_("A column appears twice in the header."))
    if errors:
        raise ImportRejected(errors)
    if not rows:
        raise ImportRejected([_("The file has no rows after the header.")])
    lookups = _lookups(party)
    inputs, seen = [], {}
    for number, values in enumerate(rows, start=2):
        if None in values:
            errors.append(_("Line %(line)d has more values than the header has columns.") % {"line": number})
            continue
        row = _Row(number, values, lookups)
        person, consent = _inputs(row)
        if row.errors:
            errors.extend(row.errors)
            continue
        name_key = search_key(" ".join(person.name.split()))
        contacts = [person.email.strip().lower(), "".join(ch for ch in person.phone if ch.isdigit())]
        keys = [(name_key, contact) for contact in contacts if contact]
        first = next((seen[key] for key in keys if key in seen), None)
        if first is not None:
            errors.append(_("Line %(line)d repeats the person on line %(first)d.") % {"line": number, "first": first})
        for key in keys:
            seen.setdefault(key, number)
        inputs.append((number, person, consent))
    if errors:
        raise ImportRejected(errors)
    report = ImportReport()
    with transaction.atomic():
        for number, person, consent in inputs:
            try:
                with transaction.atomic():
                    report.created.append(person_create(party=party, data=person, consent=consent, today=today))
            except ValidationError as exc:
                for column, messages in (
                    exc.message_dict.items() if hasattr(exc, "error_dict") else [("", exc.messages)]
                ):
                    label = column if column in COLUMNS else _column_for(column)
                    errors.append(
                        _("Line %(line)d, column “%(column)s”: %(message)s")
                        % {"line": number, "column": label, "message": " ".join(messages)}
                    )
        if errors:
            transaction.set_rollback(True)
            raise ImportRejected(errors)
    return report


def _column_for(field_name: str) -> str:
    return {
        "text_version": "consent_version",
        "given_on": "consent_given_on",
        "ends_on": "consent_ends_on",
        "method": "consent_method",
        "retention_until": "consent_ends_on",
        "__all__": "—",
    }.get(field_name, field_name)


def _inputs(row: _Row) -> tuple[PersonInput | None, ConsentInput | None]:
    name = row.parse("name", normalise_name, required=True)
    phone = row.parse("phone", normalise_phone) or ""
    email = row.parse("email", normalise_email) or ""
    if not phone and not email and not row.get("phone") and not row.get("email"):
        row.error("phone", _("Give a phone number, an e-mail address or both."))
    languages = row.languages()
    target_group = row.choice("target_group", TargetGroup, required=True)
    municipality = row.municipality()
    topics = row.topics()
    arrival_year = row.year()
    arrival_date = row.parse("arrival_date", _date)
    purpose = row.parse("purpose", row.purpose, required=True)
    language = row.choice("consent_language", Language) or Language.ESTONIAN
    given_on = row.parse("consent_given_on", _date, required=True)
    method = row.choice("consent_method", ConsentMethod, required=True)
    ends_on = row.parse("consent_ends_on", _date)
    text_version = None
    if purpose is not None and row.get("consent_version"):
        text_version = row.lookups["texts"].get((purpose.pk, row.get("consent_version"), language))
        if text_version is None:
            row.error("consent_version", _("The purpose has no consent text of this version in this language."))
    elif not row.get("consent_version"):
        row.error("consent_version", _("This column is required."))
    if row.errors:
        return None, None
    person = PersonInput(
        name=name,
        languages=languages,
        target_group=target_group,
        phone=phone,
        email=email,
        municipality=municipality,
        settlement=row.get("settlement"),
        arrival_year=arrival_year,
        arrival_date=arrival_date,
        topics=topics,
    )
    consent = ConsentInput(
        purpose=purpose, text_version=text_version, given_on=given_on, method=method, ends_on=ends_on
    )
    return person, consent
