"""The directory's import: an existing list (CSV or XLSX) of organisations and their contact persons,
read by the tabular core, written all or nothing through the directory's services (each row's
`full_clean()` included).

One row is an organisation and, optionally, one contact person at it (the export's layout, so an
exported file imports as it is). A row names its organisation by registry code, or by name when it
has none: an organisation already in the directory (or on an earlier row) is not created again — the
row adds its contact person; a contact of the same name already at the organisation is left as it is.
Every problem is reported by row and by the column as the file names it; nothing is written then.

Upload → check (`check_only`: the rows are written in a transaction that is rolled back, so the
counts, the preview and the services' own refusals are exactly those of the real import) → confirm
→ one transaction. The import's record links the organisations and contacts it created, so
`services.directory_import_undo` removes exactly those.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from loim.core.tabular import CellError, Errors, FileRejected, ImportRejected, Limits, RowError, read_table
from loim.core.tabular import parsers as parse
from loim.core.tabular.errors import MISSING
from loim.core.tabular.lookups import Municipalities
from loim.core.tabular.pipeline import write_rows
from loim.core.tabular.writer import looks_like_formula
from loim.core.vocabulary import Language

from .models import Contact, DirectoryImport, Organisation, OrganisationKind
from .services import ContactInput, OrganisationInput, contact_create, organisation_create
from .tabular import CONTACT_KEYS, KEYS, REQUIRED, header_keys

LIMITS = Limits(max_bytes=5 * 1024 * 1024, max_rows=5000, max_columns=60)


@dataclass
class ImportResult:
    rows: int = 0
    organisations: int = 0
    contacts: int = 0
    unchanged: int = 0  # rows that add nothing: the organisation and its contact are already there
    errors: list[RowError] = field(default_factory=list)
    batch: DirectoryImport | None = None
    preview: list[dict] = field(default_factory=list)  # the first rows as they will be saved (a check)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class Planned:
    number: int
    organisation: OrganisationInput
    contact: dict | None  # ContactInput's fields but the organisation
    key: tuple


class _Columns:
    """The file's own heading for each key, so a message names the column as the user sees it."""

    def __init__(self, table):
        names = header_keys()
        self.keys = [names.get(parse.norm(h), parse.norm(h)) for h in table.headers]
        self.heading = {key: h for key, h in zip(self.keys, table.headers, strict=False) if key}
        unknown = [h for h, key in zip(table.headers, self.keys, strict=False) if key and key not in names.values()]
        if unknown:
            raise FileRejected(_("Unknown columns: %s. Use the template's columns.") % ", ".join(unknown))
        missing = sorted(REQUIRED - set(self.keys))
        if missing:
            raise FileRejected(_("Missing columns: %s.") % ", ".join(missing))

    def of(self, key: str) -> str:
        return self.heading.get(key, key)

    def for_field(self, name: str) -> str:
        """A service error's field (a contact's prefixed "contact_") as the file's column ("" for none)."""
        return self.of(name) if name in KEYS else ""


class _Lookups:
    def __init__(self):
        self.municipalities = Municipalities()
        self.kinds = parse.choice_lookup(OrganisationKind)
        self.languages = parse.choice_lookup(Language, languages=("et", "en", "ru", "uk"))


def _text(value) -> str:
    """A cell as text; the apostrophe our export puts before formula-like text is taken off again."""
    result = parse.text(value)
    if result.startswith("'") and looks_like_formula(result[1:]):
        return result[1:]
    return result


def _languages(value, lookups: _Lookups) -> list[str]:
    found = []
    for item in parse.items(value):
        code = lookups.languages.get(parse.norm(item))
        if code is None:
            raise CellError(_("“%s” is not a language code (et, en, ru, uk, other).") % item)
        if code not in found:
            found.append(code)
    return found


def _parse(record: dict, *, party, lookups: _Lookups, columns: _Columns, errors: Errors, number: int):
    def take(key, read, default=None):
        raw = record.get(key)
        if parse.cell_text(raw) == "":
            if key in REQUIRED:
                errors.add(number, columns.of(key), str(MISSING))
            return default
        try:
            return read(raw)
        except CellError as exc:
            errors.add(number, columns.of(key), exc.message)
            return default

    text = _text
    organisation = OrganisationInput(
        party=party,
        name=take("name", text, ""),
        kind=take("kind", lambda v: parse.choice(v, lookups.kinds, what=_("kind of organisation")), ""),
        registry_code=take("registry_code", lambda v: text(v).replace(" ", ""), ""),
        municipalities=take("municipalities", lookups.municipalities.get_many, []),
        languages=take("languages", lambda v: _languages(v, lookups), []),
        website=take("website", text, ""),
        email=take("email", text, ""),
        phone=take("phone", text, ""),
        note=take("note", text, ""),
    )
    contact = None
    if any(parse.cell_text(record.get(key)) for key in CONTACT_KEYS):
        contact = {
            "party": party,
            "name": take("contact_name", text, ""),
            "role": take("contact_role", text, ""),
            "email": take("contact_email", text, ""),
            "phone": take("contact_phone", text, ""),
            "languages": take("contact_languages", lambda v: _languages(v, lookups), []),
        }
        if not contact["name"]:
            errors.add(number, columns.of("contact_name"), _("A contact person needs a name."))
    key = (
        ("code", organisation.registry_code) if organisation.registry_code else ("name", parse.norm(organisation.name))
    )
    return Planned(number, organisation, contact, key)


def _existing() -> dict[tuple, Organisation]:
    found: dict[tuple, Organisation] = {}
    for organisation in Organisation._base_manager.filter(merged_into__isnull=True):
        if organisation.registry_code:
            found[("code", organisation.registry_code)] = organisation
        found.setdefault(("name", parse.norm(organisation.name)), organisation)
    return found


PREVIEW_ROWS = 10


class _Checked(Exception):
    """Raised inside the check's transaction to roll the rows back once they are counted."""


def directory_import(*, party, upload, created_by=None, check_only: bool = False) -> ImportResult:
    """Check every row, then write all of them in one transaction, or nothing and every error.
    `check_only` writes nothing: the counts and `preview` say what the import would do."""
    result = ImportResult()
    try:
        table = read_table(upload, limits=LIMITS)
        columns = _Columns(table)
        errors = Errors()
        records = []
        for number, cells, problems in table.rows():
            errors.extend(problems)
            records.append((number, {k: cells[i] if i < len(cells) else None for i, k in enumerate(columns.keys)}))
    except FileRejected as exc:
        result.errors = exc.errors
        return result
    result.rows = len(records)
    lookups = _Lookups()
    planned = [
        _parse(record, party=party, lookups=lookups, columns=columns, errors=errors, number=number)
        for number, record in records
    ]
    failed = {e.row for e in errors.listed}
    known = _existing()
    contacts_at: dict[int, set[str]] = {}
    created_organisations: list[int] = []
    created_contacts: list[int] = []

    def write(item: Planned):
        organisation = known.get(item.key)
        new_organisation = organisation is None
        contact_added = False
        if organisation is None:
            organisation = organisation_create(data=item.organisation, by=created_by)
            created_organisations.append(organisation.pk)
        if item.contact is not None:
            names = contacts_at.get(organisation.pk)
            if names is None:
                existing = Contact._base_manager.filter(organisation=organisation).values_list("name", flat=True)
                names = contacts_at[organisation.pk] = {parse.norm(n) for n in existing}
            if parse.norm(item.contact["name"]) not in names:
                try:
                    contact = contact_create(
                        data=ContactInput(organisation=organisation, **item.contact), by=created_by
                    )
                except ValidationError as exc:  # said on the contact's columns
                    raise ValidationError(_on_contact_columns(exc)) from exc
                names.add(parse.norm(item.contact["name"]))
                created_contacts.append(contact.pk)
                contact_added = True
        # only now, when the row's savepoint will be kept: later rows find the organisation
        known[item.key] = organisation
        if organisation.registry_code:
            known.setdefault(("name", parse.norm(organisation.name)), organisation)
        return {
            "row": item.number,
            "organisation": organisation.name,
            "registry_code": organisation.registry_code,
            "new_organisation": new_organisation,
            "contact": item.contact["name"] if item.contact else "",
            "contact_added": contact_added,
        }

    outcomes: list[dict] = []
    try:
        with transaction.atomic():
            batch = DirectoryImport(party=party, file_name=upload.name[:200], created_by=created_by)
            batch.full_clean()
            batch.save()
            try:
                outcomes = write_rows(
                    [(p.number, p) for p in planned if p.number not in failed], write, column_for=columns.for_field
                )
            except ImportRejected as exc:
                errors.extend(exc.errors)
            if errors:  # the rows that could not be read, and those the services refused: nothing stays
                raise ImportRejected(errors.listed, errors.count)
            result.organisations, result.contacts = len(created_organisations), len(created_contacts)
            result.unchanged = sum(1 for o in outcomes if not o["new_organisation"] and not o["contact_added"])
            result.preview = outcomes[:PREVIEW_ROWS]
            if check_only:
                raise _Checked
            batch.organisations_created, batch.contacts_created = result.organisations, result.contacts
            batch.save(update_fields=["organisations_created", "contacts_created"])
            batch.organisations.set(created_organisations)
            batch.contacts.set(created_contacts)
    except _Checked:
        return result
    except ImportRejected as exc:
        result.organisations = result.contacts = result.unchanged = 0
        result.preview = []
        result.errors = sorted(exc.errors, key=lambda e: e.row)
        return result
    result.batch = batch
    return result


def _on_contact_columns(exc: ValidationError) -> dict:
    if not hasattr(exc, "error_dict"):
        return {"contact___all__": exc.messages}
    return {
        ("contact___all__" if name == "__all__" else f"contact_{name}"): errs for name, errs in exc.error_dict.items()
    }
