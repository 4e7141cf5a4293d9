"""Demo documents (`data/demo_documents.yaml`): ELVL's guidance material with an English translation and
one network's minutes. A document already seeded by title and party is left alone."""

from __future__ import annotations

from loim.core.demo import demo_data
from loim.parties.models import Party
from loim.plans.models import Activity

from .demo_networks import minutes_pdf
from .documents import DocumentInput, document_create, translation_add
from .models import Document, Network


def _input(entry: dict, base: dict | None = None) -> DocumentInput:
    values = (base or {}) | entry
    network = None
    if values.get("network"):
        network = Network.objects.filter(name=values["network"]).first()
    activity = Activity.objects.filter(title=values["plan_row"]).first() if values.get("plan_row") else None
    return DocumentInput(
        kind=values["kind"],
        title=values["title"],
        language=values["language"],
        visibility=values["visibility"] if network is not None or values["visibility"] != "network" else "",
        network=network,
        activity=activity,
        tags=list(values.get("tags", [])),
    )


def seed(*, out) -> None:
    data = demo_data("network", "demo_documents")
    parties = {party.slug: party for party in Party.objects.all()}
    created = 0
    for entry in data["documents"]:
        party = parties[entry["party"]]
        if Document.objects.filter(party=party, title=entry["title"]).exists():
            continue
        data_in = _input(entry)
        if not data_in.visibility:
            continue  # its network is not in the demo
        source = document_create(party=party, data=data_in, upload=minutes_pdf(entry["file"], entry["title"]))
        created += 1
        for translation in entry.get("translations", []):
            translation_add(
                source=source,
                data=_input(translation, base=entry),
                upload=minutes_pdf(translation["file"], translation["title"]),
            )
            created += 1
    out.write(f"Documents: {created} created ({Document.objects.count()} in all)\n")
