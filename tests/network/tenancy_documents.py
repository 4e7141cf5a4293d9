"""Tenancy cases: the platform's documents (issue 12). A document for one network is read by its
owning party, the network's party, ELVL and the ministry (docs/decisions.md "Issue 12 — platform
documents"); the cases build each party's document for its own network, so another partner reads
none of it. Its versions are read with it (the document's page lists them, the download serves them)."""

import datetime as dt
import itertools

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from loim.network.documents import DocumentInput, document_create
from loim.network.models import Document, DocumentVersion, Network
from tests.tenancy import API_ACTIONS, Form, TenancyCase

_n = itertools.count(1)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
NO_API = dict.fromkeys(API_ACTIONS, "the API offers no documents yet")
NO_EXPORT = {"export_csv": "documents are in no export", "export_xlsx": "documents are in no export"}


def pdf(name="protokoll.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def make_document(party):
    n = next(_n)
    network = Network.objects.create(
        party=party, name=f"Dokumentide võrgustik {n} {party.slug}", kind="local", founded_on=dt.date(2024, 1, 1)
    )
    return document_create(
        party=party,
        data=DocumentInput(
            kind="minutes", title=f"Protokoll {n} {party.slug}", language="et", visibility="network", network=network
        ),
        upload=pdf(f"protokoll-{n}-{party.slug}.pdf"),
    )


def make_version(party):
    return make_document(party).versions.get()


def create_data(party):
    return {
        "party": party.pk,
        "kind": "guidance",
        "title": "Uus juhend",
        "language": "et",
        "visibility": "all_networks",
        "file": pdf("juhend.pdf"),
    }


def translation_data(document):
    return {"kind": "guidance", "title": "Ülevõetud", "language": "en", "visibility": "all_networks", "file": pdf()}


def document_page(version):
    return reverse("network:document_detail", kwargs={"pk": version.document_id})


CASES = [
    TenancyCase(
        model=Document,
        make=make_document,
        marker=lambda d: d.title,
        list=["network:document_list"],
        read=["network:document_detail"],
        edit=[
            Form("network:version_create", lambda d: {"version": d.version, "file": pdf()}),
            Form("network:translation_create", translation_data),
            Form(
                "network:document_edit",
                lambda d: {
                    "version": d.version,
                    "kind": "guidance",
                    "title": "Ülevõetud",
                    "visibility": "all_networks",
                },
            ),
            Form("network:document_withdraw", lambda d: {"version": d.version, "reason": "Ülevõetud"}),
        ],
        create=[Form("network:document_create", create_data)],
        absent={
            "delete": "a document is withdrawn (the withdraw page, under edit), never deleted, with its versions",
            **NO_EXPORT,
            **NO_API,
        },
    ),
    TenancyCase(
        model=DocumentVersion,
        make=make_version,
        marker=lambda v: v.original_name,
        list=[document_page],
        read=["network:version_download"],
        absent={
            "edit": "a version is never changed: a new one is uploaded",
            "delete": "a version is history of its document",
            **NO_EXPORT,
            **NO_API,
        },
    ),
]
