"""Every write to the directory: organisations and their work contacts (issue 12).

The pages, the import and the API build an `OrganisationInput` / `ContactInput` and call these
functions, so a rule (an invalid registry code, a duplicate, a phone that is no number) is enforced
once, by the model's `full_clean()`. A change made from an old version is refused
(`core.versioning.StaleVersion`); so is a confirmation of a version the user did not see.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from django.db import transaction
from django.utils import timezone

from loim.core.versioning import save_versioned

from .models import Contact, Organisation


@dataclass
class OrganisationInput:
    party: object
    name: str
    kind: str
    registry_code: str = ""
    municipalities: list = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    website: str = ""
    email: str = ""
    phone: str = ""
    note: str = ""

    @classmethod
    def from_organisation(cls, organisation: Organisation) -> OrganisationInput:
        values = {f.name: getattr(organisation, f.name) for f in fields(cls) if f.name != "municipalities"}
        return cls(**values, municipalities=list(organisation.municipalities.all()))


@dataclass
class ContactInput:
    party: object
    organisation: Organisation
    name: str
    role: str = ""
    email: str = ""
    phone: str = ""
    languages: list[str] = field(default_factory=list)

    @classmethod
    def from_contact(cls, contact: Contact) -> ContactInput:
        return cls(**{f.name: getattr(contact, f.name) for f in fields(cls)})


def _apply(record, data, skip=("municipalities",)) -> None:
    for f in fields(data):
        if f.name not in skip:
            value = getattr(data, f.name)
            setattr(record, f.name, value.strip() if isinstance(value, str) else value)


def _confirm(record, by) -> None:
    record.confirmed_on = timezone.localdate()
    record.confirmed_by = by if getattr(by, "is_authenticated", False) else None


@transaction.atomic
def organisation_create(*, data: OrganisationInput, by) -> Organisation:
    """A new directory entry, confirmed by its author today."""
    organisation = Organisation()
    _apply(organisation, data)
    _confirm(organisation, by)
    organisation.full_clean()
    save_versioned(organisation)
    organisation.municipalities.set(data.municipalities)
    return organisation


@transaction.atomic
def organisation_update(*, organisation: Organisation, data: OrganisationInput, by, version: int | None = None):
    """Change an entry; saving it also confirms it (the editor has just looked at every field)."""
    _apply(organisation, data)
    _confirm(organisation, by)
    organisation.full_clean()
    save_versioned(organisation, expected=version)
    organisation.municipalities.set(data.municipalities)
    return organisation


@transaction.atomic
def organisation_confirm(*, organisation: Organisation, by, version: int | None = None) -> Organisation:
    """ "Still correct": who confirmed it and when. Refused (StaleVersion) if the entry changed after
    the user loaded the page, since they would confirm values they have not seen."""
    _confirm(organisation, by)
    save_versioned(organisation, expected=version, update_fields=["confirmed_on", "confirmed_by", "updated_at"])
    return organisation


@transaction.atomic
def contact_create(*, data: ContactInput, by) -> Contact:
    contact = Contact()
    _apply(contact, data, skip=())
    _confirm(contact, by)
    contact.full_clean()
    save_versioned(contact)
    return contact


@transaction.atomic
def contact_update(*, contact: Contact, data: ContactInput, by, version: int | None = None) -> Contact:
    _apply(contact, data, skip=())
    _confirm(contact, by)
    contact.full_clean()
    save_versioned(contact, expected=version)
    return contact


@transaction.atomic
def contact_confirm(*, contact: Contact, by, version: int | None = None) -> Contact:
    _confirm(contact, by)
    save_versioned(contact, expected=version, update_fields=["confirmed_on", "confirmed_by", "updated_at"])
    return contact


@transaction.atomic
def contact_delete(*, contact: Contact) -> None:
    contact.delete()
