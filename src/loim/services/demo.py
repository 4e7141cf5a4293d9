"""Demo service catalogue (`data/demo.yaml`): Tartu's registry services and Pärnu's inventory with
translations, some outdated and one machine-made. A service already seeded (by name and party) is
left alone; dates of the last check are relative to today. The adaptation journeys' demo follows
(`journey_demo.py`, `data/journeys.yaml`), then the journey-model rollout's (`rollout_demo.py`,
`data/rollout.yaml`)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from loim.core.demo import demo_data
from loim.inquiries.models import Topic
from loim.network.models import Organisation
from loim.parties.demo import demo_keeper
from loim.parties.models import Party
from loim.places.models import County, Municipality

from . import journey_demo, rollout_demo
from .models import TEXT_FIELDS, Service
from .services import ServiceInput, TextInput, service_create, service_update, translation_save


def _text(values: dict) -> TextInput:
    return TextInput(**{name: values.get(name, "") or "" for name in TEXT_FIELDS})


def _input(entry: dict, text: TextInput) -> ServiceInput:
    return ServiceInput(
        provider=Organisation.objects.listed().get(name=entry["provider"]),
        text=text,
        area=entry.get("area", "national"),
        county=County.objects.get(name=entry["county"]) if entry.get("county") else None,
        municipalities=list(Municipality.objects.filter(name__in=entry.get("municipalities", []))),
        topics=list(Topic.objects.filter(code__in=entry.get("topics", []))),
        languages=list(entry.get("languages", [])),
        by_appointment=bool(entry.get("by_appointment")),
        email=entry.get("email", ""),
        phone=str(entry.get("phone", "")),
        address=entry.get("address", ""),
        links=list(entry.get("links", [])),
    )


def _translate(service: Service, entry: dict, languages) -> None:
    for language in languages:
        values = entry["translations"][language]
        translation_save(
            service=service,
            language=language,
            text=_text(values),
            made_from=service.source_version,
            machine_made=language in entry.get("machine", []),
        )


def seed(*, out) -> None:
    parties = {party.slug: party for party in Party.objects.all()}
    created = 0
    for entry in demo_data("services")["services"]:
        party = parties.get(entry["party"])
        if party is None or Service.objects.filter(party=party, name=entry["name"]).exists():
            continue
        if not Organisation.objects.listed().filter(name=entry["provider"]).exists():
            continue  # its provider is not in the directory's demo
        service = service_create(party=party, data=_input(entry, _text(entry)))
        translations = entry.get("translations", {})
        _translate(service, entry, translations)
        if entry.get("change"):
            changed = _text(entry | entry["change"])
            service = service_update(service=service, data=_input(entry, changed))
            _translate(service, entry, [code for code in translations if code not in entry.get("outdated", [])])
        checked = timezone.localdate() - dt.timedelta(days=entry.get("checked_days_ago", 20))
        Service.objects.filter(pk=service.pk).update(confirmed_on=checked, confirmed_by=demo_keeper(party))
        created += 1
    out.write(f"Services: {created} created ({Service.objects.count()} in all)\n")
    journey_demo.seed(out=out)  # the adaptation journeys (issue 13), data/journeys.yaml
    rollout_demo.seed(out=out)  # the journey-model rollout (issue 13), data/rollout.yaml
