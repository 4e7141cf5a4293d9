"""Tenancy cases: the service catalogue and its translations (issue 13).

A service is a SHARED record (docs/decisions.md "Issue 13 — service catalogue and translations"):
every member of any party reads the catalogue (Readers.EVERY_MEMBER), only the owning party's admins
and coordinators change, check and translate it. The translator's view and the export list only the
services the user may translate (`editable_by`): they are in NO_RECORD_PAGES, and
tests/services/test_exchange.py checks that another party's service shows on neither; the import
matches units of the importer's own services only (its create case below).
"""

import itertools

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from loim.core.translation_files import write_xliff
from loim.parties.models import Party
from loim.services.exchange import export_batch
from loim.services.models import Service, ServiceTranslation
from loim.services.services import TextInput, translation_save
from tests.services.helpers import make_service, provider
from tests.tenancy import Form, Readers, TenancyCase

_n = itertools.count(1)
NO_EXPORT = {"export_csv": "the catalogue is in no CSV export", "export_xlsx": "the catalogue is in no XLSX export"}


def make(party):
    return make_service(party, name=f"Kataloogiteenus {next(_n)} {party.slug}")


def make_translation(party):
    service = make(party)
    return translation_save(
        service=service,
        language="en",
        text=TextInput(name=f"Catalogue service {next(_n)} {party.slug}", summary="A service."),
        made_from=service.source_version,
    )


def service_payload(party_or_service):
    party = getattr(party_or_service, "party", party_or_service)
    return {
        "party": party.pk,
        "provider": provider(Party.objects.get(slug="elvl")).pk,
        "name": f"Ülevõetud teenus {next(_n)}",
        "summary": "Ülevõetud.",
        "area": "national",
        "published": "on",
        "version": getattr(party_or_service, "version", 1),
    }


def api_create(party):
    return {
        "party": party.slug,
        "provider": provider(Party.objects.get(slug="elvl")).pk,
        "name": f"API teenus {next(_n)} {party.slug}",
        "summary": "Loodud API kaudu.",
    }


def translation_payload(translation):
    return {
        "name": "Taken over",
        "summary": "Taken over.",
        "made_from": translation.service.source_version,
        "version": translation.version,
    }


def import_payload(party):
    """An XLIFF file translating a fresh service of the party into English."""
    service = make(party)
    batch = export_batch(
        None, language="en", services=Service.objects.filter(pk=service.pk).prefetch_related("translations")
    )
    units = [u.__class__(id=u.id, source=u.source, target=f"EN {u.source}") for u in batch.units]
    content = write_xliff(batch.__class__(source_language="et", target_language="en", units=units))
    return {"language": "en", "file": SimpleUploadedFile("teenused.xlf", content, content_type="application/xliff+xml")}


def translation_page(translation):
    return reverse("services:detail", kwargs={"pk": translation.service_id})


CASES = [
    TenancyCase(
        model=Service,
        make=make,
        marker=lambda s: s.name,
        readers=Readers.EVERY_MEMBER,
        list=["services:list"],
        read=["services:detail"],
        edit=[
            Form("services:edit", service_payload),
            Form("services:check", lambda s: {"version": s.version}),
        ],
        create=[Form("services:create", service_payload)],
        api="service",
        api_update=lambda s: {"name": f"Ülevõetud {s.name}"},
        api_create=api_create,
        absent={"delete": "a service is kept (deleting one is not offered in this part)", **NO_EXPORT},
    ),
    TenancyCase(
        model=ServiceTranslation,
        make=make_translation,
        marker=lambda t: t.name,
        readers=Readers.EVERY_MEMBER,
        list=[translation_page],
        read=[Form("services:detail", kwargs=lambda t: {"pk": t.service_id})],
        edit=[
            Form(
                "services:translate",
                translation_payload,
                kwargs=lambda t: {"pk": t.service_id, "language": t.language},
                editors_only=True,
            )
        ],
        create=[Form("services:import", import_payload)],
        # read in its service's API answer; written on the pages and through XLIFF/PO only
        api="service",
        api_record=lambda t: t.service,
        absent={"delete": "a translation is replaced, never deleted", **NO_EXPORT},
    ),
]
