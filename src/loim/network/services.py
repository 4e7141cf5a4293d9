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


@transaction.atomic
def organisation_merge(*, duplicate: Organisation, keep: Organisation, by, version: int | None = None) -> Organisation:
    """Merge a duplicate entry into the one kept: its contacts, network memberships, events' links
    and referral targets move to the kept entry (each change audited), and the duplicate stays as
    history, marked `merged_into`. All or nothing; a stale duplicate (changed since the user looked)
    is refused."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    if keep.pk == duplicate.pk:
        raise ValidationError({"keep": _("An entry cannot be merged into itself.")})
    if keep.merged_into_id is not None:
        raise ValidationError({"keep": _("This entry is itself merged into another; choose that one.")})
    if duplicate.merged_into_id is not None:
        raise ValidationError({"keep": _("This entry is already merged.")})
    for contact in Contact._base_manager.filter(organisation=duplicate):
        contact.organisation = keep
        contact.save(update_fields=["organisation", "updated_at"])
    for related in _links_to(duplicate):
        related.organisation = keep
        related.save(update_fields=["organisation"])
    duplicate.merged_into = keep
    save_versioned(duplicate, expected=version, update_fields=["merged_into", "updated_at"])
    if not keep.registry_code and duplicate.registry_code:  # the kept entry takes the code it lacked
        keep.registry_code = duplicate.registry_code
        keep.full_clean()
        save_versioned(keep, update_fields=["registry_code", "updated_at"])
    return keep


def _links_to(organisation: Organisation) -> list:
    """The records of other apps pointing at an organisation: network members, events' participating
    organisations, inquiries' referral targets (each app's model, when it has the link)."""
    from django.apps import apps

    found = []
    for label in ("network.NetworkMember", "events.EventOrganisation", "inquiries.ReferralTarget"):
        model = apps.get_model(label)
        if any(f.name == "organisation" for f in model._meta.get_fields()):
            found += list(model._base_manager.filter(organisation=organisation))
    return found


def _in_use(record, *, own_contacts: set[int]) -> str:
    """What points at a record the import created, other than the import itself and its own
    contacts (a network membership, an event's link, a referral target, a service…); "" if nothing."""
    from .models import DirectoryImport

    for rel in record._meta.get_fields(include_hidden=True):
        if not (rel.is_relation and rel.auto_created and not rel.concrete):
            continue
        model = rel.related_model
        if model is DirectoryImport or model._meta.auto_created:  # the import's links, the through tables
            continue
        used = model._base_manager.filter(**{rel.field.name: record})
        if model is Contact:
            used = used.exclude(pk__in=own_contacts)
        if used.exists():
            return str(model._meta.verbose_name_plural)
    return ""


@transaction.atomic
def directory_import_undo(*, batch) -> tuple[int, int]:
    """Remove exactly the organisations and contacts one imported file created, and its record (each
    delete audited). Refused, with nothing removed, when any of them was changed, confirmed or merged
    since, or is in use (a membership, an event's link, a referral target, a service, another
    party's contact…). Returns (organisations, contacts) removed."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from .models import DirectoryImport

    batch = DirectoryImport._base_manager.select_for_update().get(pk=batch.pk)
    organisations = list(batch.organisations.order_by("name", "pk"))
    contacts = list(batch.contacts.order_by("name", "pk"))
    if len(organisations) < batch.organisations_created or len(contacts) < batch.contacts_created:
        raise ValidationError(
            _(
                "This import cannot be undone: it was made before imports kept what they created, "
                "or some of its entries were deleted since."
            )
        )
    own = {contact.pk for contact in contacts}
    for organisation in organisations:
        if organisation.merged_into_id is not None:
            raise ValidationError(
                _("The import was not undone: “%s” was merged into another entry since.") % organisation.name
            )
        if organisation.version > 1:
            raise ValidationError(
                _("The import was not undone: “%s” was changed or confirmed since the import.") % organisation.name
            )
        used = _in_use(organisation, own_contacts=own)
        if used:
            raise ValidationError(
                _("The import was not undone: “%(name)s” is in use since the import (%(what)s).")
                % {"name": organisation.name, "what": used}
            )
    for contact in contacts:
        if contact.version > 1:
            raise ValidationError(
                _("The import was not undone: the contact person “%s” was changed or confirmed since the import.")
                % contact.name
            )
        used = _in_use(contact, own_contacts=set())
        if used:
            raise ValidationError(
                _("The import was not undone: the contact person “%(name)s” is in use since the import (%(what)s).")
                % {"name": contact.name, "what": used}
            )
    for contact in contacts:
        contact.delete()
    for organisation in organisations:
        organisation.delete()
    batch.delete()
    return len(organisations), len(contacts)
