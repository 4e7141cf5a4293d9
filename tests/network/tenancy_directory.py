"""Tenancy cases: directory (issue 12).

Directory entries are SHARED records: every member of any party reads them (Readers.EVERY_MEMBER),
only the keeping party's admins and coordinators change them. A contact is kept by the party that
added it, which need not keep the organisation (Pärnu adds its contact at a state agency ELVL keeps).
"""

import itertools

from django.urls import reverse

from loim.network.models import Contact, Organisation
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


def confirm_data(record):
    return {"version": record.version}


NO_API = dict.fromkeys(API_ACTIONS, "the directory's API comes later (docs/decisions.md, Issue 12 — directory)")
NO_EXPORT = {
    "export_csv": "the directory's export comes with the next part",
    "export_xlsx": "the directory's export comes with the next part",
}

CASES = [
    TenancyCase(
        model=Organisation,
        make=make_organisation,
        marker=lambda o: o.name,
        readers=Readers.EVERY_MEMBER,
        list=["network:directory", "/network/directory/?kind=ngo"],
        read=["network:organisation"],
        edit=[
            Form("network:organisation_edit", organisation_edit_data),
            Form("network:organisation_confirm", confirm_data),
        ],
        create=[Form("network:organisation_create", organisation_payload)],
        absent={
            "delete": "an organisation is never deleted: a duplicate is merged into the entry kept (history stays)",
            **NO_EXPORT,
            **NO_API,
        },
    ),
    TenancyCase(
        model=Contact,
        make=make_contact,
        marker=lambda c: c.name,
        readers=Readers.EVERY_MEMBER,
        list=[lambda c: reverse("network:organisation", kwargs={"pk": c.organisation_id})],
        read=[Form("network:organisation", kwargs=lambda c: {"pk": c.organisation_id})],
        edit=[Form("network:contact_edit", contact_edit_data), Form("network:contact_confirm", confirm_data)],
        delete=["network:contact_delete"],
        create=[
            Form(
                lambda c: reverse("network:contact_create", kwargs={"pk": _some_organisation(c).pk}),
                contact_payload,
            )
        ],
        absent={**NO_EXPORT, **NO_API},
    ),
]
