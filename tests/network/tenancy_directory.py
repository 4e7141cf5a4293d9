"""Tenancy cases: directory (issue 12).

Directory entries are SHARED records: every member of any party reads them (Readers.EVERY_MEMBER),
only the keeping party's admins and coordinators change them. A contact is kept by the party that
added it, which need not keep the organisation (Pärnu adds its contact at a state agency ELVL keeps).
"""

import itertools

from django.urls import reverse

from loim.network.models import Contact, DirectoryImport, Organisation
from loim.network.services import ContactInput, OrganisationInput, contact_create, organisation_create
from loim.parties.models import Party
from tests.tenancy import API_ACTIONS, Form, Readers, TenancyCase

_n = itertools.count(1)


def make_organisation(party, **kwargs):
    data = OrganisationInput(party=party, name=f"MTÜ Kataloogikoht {next(_n)} {party.slug}", kind="ngo", **kwargs)
    return organisation_create(data=data, by=None)


def make_contact(party):
    n = next(_n)
    data = ContactInput(
        party=party,
        organisation=make_organisation(party),
        name=f"Kontakt Kadri {n} {party.slug}",
        role="nõustaja",
        email=f"kadri{n}@{party.slug}.example.ee",
        phone="+372 5555 0000",
    )
    return contact_create(data=data, by=None)


def organisation_payload(party_or_record):
    party = getattr(party_or_record, "party", party_or_record)
    return {
        "party": party.pk,
        "name": f"Ülevõetud {next(_n)}",
        "kind": "company",
        "registry_code": "",
        "languages": ["et"],
        "version": getattr(party_or_record, "version", 1),
    }


def organisation_edit_data(organisation):
    return {**organisation_payload(organisation), "version": organisation.version}


def contact_payload(party, organisation=None):
    return {"party": party.pk, "name": f"Loodud Kontakt {next(_n)}", "role": "juht", "email": "uus@example.ee"}


def contact_edit_data(contact):
    return {"name": "Ülevõetud Kontakt", "role": "juht", "version": contact.version}


def _some_organisation(contact=None):
    """The organisation a contact form adds to: a contact's own, or an ELVL entry (any member adds)."""
    if contact is not None:
        return contact.organisation
    return make_organisation(Party.objects.get(slug="elvl"))


def merge_data(organisation):
    """Merge the record into a fresh entry of ELVL's (one any member may choose as the entry kept)."""
    return {"keep": _some_organisation().pk, "version": organisation.version}


def confirm_data(record):
    return {"version": record.version}


EXPORTS = {"export_csv": ["network:directory_export_csv"], "export_xlsx": ["network:directory_export_xlsx"]}

CASES = [
    TenancyCase(
        model=Organisation,
        make=make_organisation,
        marker=lambda o: o.name,
        readers=Readers.EVERY_MEMBER,
        list=["network:directory", "/network/directory/?kind=ngo", "network:directory_vcard"],
        read=["network:organisation", "network:organisation_vcard"],
        edit=[
            Form("network:organisation_edit", organisation_edit_data),
            Form("network:organisation_confirm", confirm_data),
            Form("network:organisation_merge", merge_data),  # marks the record merged
        ],
        # the import page is two steps (check, then confirm a staged file): its party check is in
        # tests/network/test_import_undo.py, as the events import's is in its own tests
        create=[Form("network:organisation_create", organisation_payload)],
        **EXPORTS,
        absent={
            "delete": "an organisation is never deleted: a duplicate is merged into the entry kept (history stays)",
        },
        api="organisation",
    ),
    TenancyCase(
        model=Contact,
        make=make_contact,
        marker=lambda c: c.name,
        readers=Readers.EVERY_MEMBER,
        list=[
            lambda c: reverse("network:organisation", kwargs={"pk": c.organisation_id}),
            lambda c: reverse("network:organisation_vcard", kwargs={"pk": c.organisation_id}),
            "network:directory_vcard",
        ],
        read=[Form("network:organisation", kwargs=lambda c: {"pk": c.organisation_id}), "network:contact_vcard"],
        edit=[Form("network:contact_edit", contact_edit_data), Form("network:contact_confirm", confirm_data)],
        delete=["network:contact_delete"],
        create=[
            Form(
                lambda c: reverse("network:contact_create", kwargs={"pk": _some_organisation(c).pk}),
                contact_payload,
            )
        ],
        **EXPORTS,
        api="contact",
    ),
    TenancyCase(
        model=DirectoryImport,
        make=lambda party: DirectoryImport.objects.create(
            party=party, file_name=f"kataloog-{next(_n)}-{party.slug}.csv"
        ),
        marker=lambda batch: batch.file_name,
        readers=Readers.OWNER,  # the import page lists the files of the parties the user edits for
        list=["network:import"],
        delete=["network:import_undo"],  # undoing the import removes its entries and its record
        absent={
            "read": "an import has no page of its own: the import page lists it",
            "edit": "an import record is never edited",
            "export_csv": "imports are in no export",
            "export_xlsx": "imports are in no export",
            **dict.fromkeys(API_ACTIONS, "the API offers no imports"),
        },
    ),
]
