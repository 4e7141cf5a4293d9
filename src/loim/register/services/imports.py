"""Import of people with their consents from a CSV or XLSX file: all rows or none.

Every row is a person with one consent. Reading the file (encodings, separators, XLSX, limits,
control characters) is the tabular core's; this module holds the register's columns and how a row
becomes a person. The file is checked completely first; if any row is wrong nothing is written and
the report names each row and column — never the value, which is personal (so the core parsers'
messages, which quote the value, are replaced here by ones that do not). Columns the register does
not know are refused rather than ignored, so a spreadsheet with, say, personal identification codes
cannot slip extra data in (data minimisation).
"""

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from loim.core.tabular import CellError, Errors, FileRejected, ImportRejected, Limits, Table
from loim.core.tabular import parsers as parse
from loim.core.tabular.errors import MISSING
from loim.core.tabular.lookups import Municipalities
from loim.core.tabular.pipeline import write_rows
from loim.core.vocabulary import Language, TargetGroup
from loim.inquiries.models import Topic

from ..access import Why
from ..models import AccessReason, ConsentMethod, ConsentText, ErasureTrigger, Person, PersonImport, Purpose
from ..validators import normalise_email, normalise_name, normalise_phone, search_key
from .erasure import person_erase
from .people import ConsentInput, PersonInput, person_create

LIMITS = Limits(max_bytes=2 * 1024 * 1024, max_rows=5000, max_columns=100)
MAX_ROWS = LIMITS.max_rows
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
SERVICE_COLUMNS = {
    "text_version": "consent_version",
    "given_on": "consent_given_on",
    "ends_on": "consent_ends_on",
    "method": "consent_method",
    "retention_until": "consent_ends_on",
    "__all__": "",
}

__all__ = ["COLUMNS", "MAX_ROWS", "REQUIRED", "ImportRejected", "people_import", "people_import_undo"]


@dataclass
class ImportReport:
    created: list[Person] = field(default_factory=list)
    batch: PersonImport | None = None
    count: int = 0  # people written, or that would be written (a check)


def _date(value) -> dt.date:
    try:
        return parse.date(value)
    except CellError:
        raise ValidationError(_("Enter a date as YYYY-MM-DD or DD.MM.YYYY.")) from None


def _codes(value) -> list[str]:
    return parse.cell_text(value).replace(",", " ").replace(";", " ").replace("|", " ").split()


def choice_labels(choices) -> str:
    """The labels a user reads in the form (never the internal codes), for instructions and errors."""
    return ", ".join(str(label) for label in choices.labels)


class _Row:
    """Turns one row into inputs for person_create, collecting one message per bad column."""

    def __init__(self, number: int, values: dict, lookups: dict, errors: Errors):
        self.number, self.values, self.lookups, self.errors = number, values, lookups, errors
        self.bad = False

    def error(self, column: str, message) -> None:
        self.bad = True
        self.errors.add(self.number, column, str(message))

    def get(self, column: str) -> str:
        return parse.cell_text(self.values.get(column))

    def parse(self, column, convert, *, required=False):
        value = self.get(column)
        if not value:
            if required:
                self.error(column, MISSING)
            return None
        try:
            return convert(value)
        except (ValidationError, ValueError, KeyError) as exc:
            messages = getattr(exc, "messages", None) or [_("The value is not valid.")]
            self.error(column, " ".join(str(m) for m in messages))
            return None

    def choice(self, column, choices, *, required=False):
        """A code, or its Estonian or English label (as the events import takes them)."""
        lookup = parse.choice_lookup(choices)

        def convert(value):
            found = lookup.get(parse.norm(value))
            if found is None:
                raise ValidationError(_("Use one of: %(labels)s.") % {"labels": choice_labels(choices)})
            return found

        return self.parse(column, convert, required=required)

    def languages(self) -> list[str]:
        lookup = parse.choice_lookup(Language)

        def convert(value):
            # labels may hold a space ("muu keel"): commas or semicolons separate them; codes may
            # still be separated by spaces ("et ru")
            parts = parse.items(value) if ("," in value or ";" in value) else [value]
            if len(parts) == 1 and parse.norm(parts[0]) not in lookup:
                parts = _codes(value)
            codes = [lookup.get(parse.norm(item)) for item in parts]
            if not codes or None in codes:
                raise ValidationError(_("Use one of: %(labels)s.") % {"labels": choice_labels(Language)})
            return list(dict.fromkeys(codes))

        return self.parse("languages", convert, required=True) or []

    def municipality(self):
        def convert(value):
            try:
                return self.lookups["municipalities"].get(value)
            except CellError:
                raise ValidationError(_("Unknown municipality: use its EHAK code or exact name.")) from None

        return self.parse("municipality", convert)

    def topics(self) -> list:
        def convert(value):
            topics = [self.lookups["topics"].get(code) for code in _codes(value)]
            if None in topics:
                raise ValidationError(_("Unknown topic code."))
            return topics

        return self.parse("topics", convert) or []

    def purpose(self, value: str) -> Purpose:
        found = self.lookups["purposes"].get(parse.norm(value))
        if found is None:
            raise ValidationError(_("No purpose in use has this name."))
        return found

    def year(self):
        def convert(value):
            try:
                return parse.integer(value, minimum=1900, maximum=2100)
            except CellError:
                raise ValidationError(_("Enter a year, e.g. 2023.")) from None

        return self.parse("arrival_year", convert)


def _lookups(party) -> dict:
    purposes = {parse.norm(p.name): p for p in Purpose.objects.filter(party=party, active=True)}
    texts = {
        (t.purpose_id, t.version, t.language): t for t in ConsentText.objects.filter(party=party, purpose__active=True)
    }
    topics = {t.code: t for t in Topic.objects.filter(active=True)}
    return {"municipalities": Municipalities(), "purposes": purposes, "texts": texts, "topics": topics}


def _header(table: Table) -> list[str]:
    header = [name.strip().lower() for name in table.headers]
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
        raise FileRejected(" ".join(errors))
    return header


def people_import(
    *,
    party,
    raw: bytes,
    file_name: str = "people.csv",
    today: dt.date | None = None,
    created_by=None,
    check_only: bool = False,
) -> ImportReport:
    """Import the file's people, all or none. Raises ImportRejected naming each row and column (row
    0 when the file is refused as a whole). The report's `batch` undoes the file as a whole.
    `check_only` runs the whole import, the services' checks included, and rolls it back: the
    report's `count` says how many people the file would add."""
    today = today or dt.date.today()
    try:
        table = Table(raw, file_name, limits=LIMITS)
        header = _header(table)
        return _import(table, header, party=party, today=today, created_by=created_by, check_only=check_only)
    except FileRejected as exc:
        raise ImportRejected(exc.errors) from None


@transaction.atomic
def people_import_undo(*, batch: PersonImport, actor) -> int:
    """Erase the people an import created — each through the register's erasure (access-log entry,
    every trace removed, a tombstone) — and the import's record. Returns how many were erased."""
    people = list(batch.people.all())
    for person in people:
        person_erase(person=person, actor=actor, trigger=ErasureTrigger.IMPORT_UNDONE, why=Why(AccessReason.ACCURACY))
    batch.delete()
    return len(people)


def _import(table: Table, header: list[str], *, party, today: dt.date, created_by, check_only: bool) -> ImportReport:
    lookups = _lookups(party)
    errors = Errors()
    inputs, seen, rows = [], {}, 0
    for number, cells, problems in table.rows():
        rows += 1
        errors.extend(problems)
        if len(cells) > len(header) and any(parse.cell_text(c) for c in cells[len(header) :]):
            errors.add(number, "", _("Row %(line)d has more values than the header has columns.") % {"line": number})
            continue
        row = _Row(number, dict(zip(header, cells, strict=False)), lookups, errors)
        person, consent = _inputs(row)
        if row.bad or problems:
            continue
        name_key = search_key(" ".join(person.name.split()))
        contacts = [person.email.strip().lower(), "".join(ch for ch in person.phone if ch.isdigit())]
        keys = [(name_key, contact) for contact in contacts if contact]
        first = next((seen[key] for key in keys if key in seen), None)
        if first is not None:
            errors.add(
                number,
                "name",
                _("Row %(line)d repeats the person on row %(first)d.") % {"line": number, "first": first},
            )
        for key in keys:
            seen.setdefault(key, number)
        inputs.append((number, (person, consent)))
    if not rows:
        raise FileRejected(_("The file has no rows after the header."))
    if errors:
        raise ImportRejected(sorted(errors.listed, key=lambda e: e.row), errors.count)
    report = ImportReport()

    def write(item):
        person, consent = item
        return person_create(party=party, data=person, consent=consent, today=today)

    with transaction.atomic():
        report.batch = PersonImport(party=party, file_name=table.file_name[:200], created_by=created_by)
        report.batch.full_clean()
        report.batch.save()
        report.created = write_rows(inputs, write, column_for=lambda name: SERVICE_COLUMNS.get(name, name))
        Person.objects.filter(pk__in=[p.pk for p in report.created]).update(import_batch=report.batch)
        report.count = report.batch.row_count = len(report.created)
        report.batch.save(update_fields=["row_count"])
        if check_only:  # every check the services make, then nothing kept
            transaction.set_rollback(True)
            report.created, report.batch = [], None
    return report


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
        row.error("consent_version", MISSING)
    if row.bad:
        return None, None
    person = PersonInput(
        name=name,
        languages=languages,
        target_group=target_group,
        phone=phone,
        email=email,
        municipality=municipality,
        settlement=parse.text(row.values.get("settlement")),
        arrival_year=arrival_year,
        arrival_date=arrival_date,
        topics=topics,
    )
    consent = ConsentInput(
        purpose=purpose, text_version=text_version, given_on=given_on, method=method, ends_on=ends_on
    )
    return person, consent
