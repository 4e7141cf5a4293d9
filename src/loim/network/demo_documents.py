"""Demo documents (`data/demo_documents.yaml`): ELVL's guidance material with an English translation and
one network's minutes. A document already seeded by title and party is left alone.

Each file is a real PDF of the entry's `body` (WeasyPrint, as the reports), and its text is extracted
at once rather than by the worker, so the search finds it in `make run`'s demo from the start (the
queued task, when the worker runs it, writes the same text again)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape

from loim.core.demo import demo_data
from loim.parties.models import Party
from loim.plans.models import Activity

from .documents import DocumentInput, document_create, translation_add
from .extraction import version_text_store
from .models import Document, DocumentVersion, Network


def document_pdf(name: str, title: str, body: str) -> SimpleUploadedFile:
    import weasyprint

    html = f'<html lang="et"><h1>{escape(title)}</h1><p>{escape(body)}</p></html>'
    return SimpleUploadedFile(name, weasyprint.HTML(string=html).write_pdf(), content_type="application/pdf")


def _extract(document: Document) -> None:
    for version_id in DocumentVersion.objects.filter(document=document).values_list("pk", flat=True):
        version_text_store(version_id)


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
        source = document_create(
            party=party, data=data_in, upload=document_pdf(entry["file"], entry["title"], entry["body"])
        )
        _extract(source)
        created += 1
        for translation in entry.get("translations", []):
            translated = translation_add(
                source=source,
                data=_input(translation, base=entry),
                upload=document_pdf(translation["file"], translation["title"], translation["body"]),
            )
            _extract(translated)
            created += 1
    out.write(f"Documents: {created} created ({Document.objects.count()} in all)\n")
