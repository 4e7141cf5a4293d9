"""Demo directory: the organisations and contacts are in `data/demo.yaml`; this module adds what
cannot be data: the confirmation dates relative to today (some over a year ago, so the reminder
shows), links from the demo events' participating organisations to these entries, and idempotency
(an organisation is found by its name, a contact by name at its organisation). The networks and
councils follow, from `data/demo_networks.yaml` (`demo_networks.py`)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from loim.core.demo import demo_data, require_demo_mode
from loim.parties.demo import demo_keeper
from loim.parties.models import Party
from loim.places.models import Municipality

from .models import Contact, Organisation
from .selectors import link_for, organisations_named
from .services import ContactInput, OrganisationInput, contact_create, organisation_create


@transaction.atomic
def seed(*, out) -> None:
    require_demo_mode()
    parties = {p.slug: p for p in Party.objects.all()}
    places = {m.name: m for m in Municipality.objects.all()}
    today = timezone.localdate()
    created = 0
    for entry in demo_data("network")["organisations"]:
        if entry["party"] not in parties:
            continue
        organisation = Organisation.objects.filter(name=entry["name"], merged_into__isnull=True).first()
        if organisation is None:
            data = OrganisationInput(
                party=parties[entry["party"]],
                name=entry["name"],
                kind=entry["kind"],
                registry_code=entry.get("registry_code", ""),
                municipalities=[places[n] for n in entry.get("municipalities", []) if n in places],
                languages=entry.get("languages", []),
                website=entry.get("website", ""),
                email=entry.get("email", ""),
                phone=str(entry.get("phone", "")),
                note=entry.get("note", ""),
            )
            organisation = organisation_create(data=data, by=None)
            _confirmed(organisation, today, entry)
            created += 1
        for person in entry.get("contacts", []):
            if Contact.objects.filter(organisation=organisation, name=person["name"]).exists():
                continue
            contact = contact_create(
                data=ContactInput(
                    party=parties[person.get("party", entry["party"])],
                    organisation=organisation,
                    name=person["name"],
                    role=person.get("role", ""),
                    email=person.get("email", ""),
                    phone=str(person.get("phone", "")),
                    languages=person.get("languages", []),
                ),
                by=None,
            )
            _confirmed(contact, today, person)
    linked = _link_events()
    out.write(f"network: {created} directory organisations, {linked} event organisations linked\n")
    from . import demo_documents, demo_networks

    demo_networks.seed(out=out)
    demo_documents.seed(out=out)


def _confirmed(record, today: dt.date, entry: dict) -> None:
    """The demo's confirmation date: `confirmed_days_ago` (default 30) before today."""
    day = today - dt.timedelta(days=entry.get("confirmed_days_ago", 30))
    type(record)._base_manager.filter(pk=record.pk).update(confirmed_on=day, confirmed_by=demo_keeper(record.party))


def _link_events() -> int:
    """The demo events' participating organisations that name a directory entry, linked to it."""
    from loim.events.models import EventOrganisation

    rows = list(EventOrganisation.objects.filter(organisation__isnull=True))
    named = organisations_named({row.name for row in rows})
    linked = 0
    for row in rows:
        entry = link_for(row.name, named)
        if entry is not None:
            row.organisation = entry
            row.save(update_fields=["organisation"])
            linked += 1
    return linked
