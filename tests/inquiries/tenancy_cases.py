import datetime as dt
import itertools

from loim.inquiries.models import Inquiry, InquiryImport, ServiceGapNote
from loim.inquiries.services import service_gap_note_create
from tests.inquiries.helpers import marked_inquiry, topic
from tests.tenancy import API_ACTIONS, Form, Readers, TenancyCase

_n = itertools.count(1)


def make_note(party):
    return service_gap_note_create(
        party=party,
        topic=topic("bus-card"),
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 12, 31),
        inquiry_count=12,
        text=f"Ettepanek {next(_n)}: bussikaardi teenus",
    )


def make_import(party):
    return InquiryImport.objects.create(party=party, file_name=f"poordumised-{next(_n)}.csv", row_count=0)


def inquiry_edit_data(inquiry):
    return {
        "date": "06.03.2024",
        "channel": "phone",
        "language": "ru",
        "category": "unknown",
        "topics": [topic("housing").pk],
        "note": "muudetud",
        "version": inquiry.version,  # a current version: only tenancy may refuse it
    }


def inquiry_create_data(party):
    return {
        "party": party.pk,
        "date": "06.03.2024",
        "channel": "phone",
        "language": "ru",
        "category": "unknown",
        "topics": [topic("housing").pk],
        "note": f"Loodud lehel {next(_n)}",
    }


def inquiry_api_create(party):
    return {"party": party.slug, "date": "2024-03-06", "channel": "phone", "language": "ru", "topics": ["housing"]}


NO_API = dict.fromkeys(API_ACTIONS, "the API offers no such records")
NO_FILES = {"export_csv": "in no export", "export_xlsx": "in no export"}

# Inquiries, their imports and service-gap notes are Scope.PARTY_ONLY: row-level data stays with the
# owning party, and ELVL's and the ministry's readers get statistics only (docs/decisions.md, "Issue
# 10 — disclosure"). Besides the coordinator of another party (tests/test_tenancy.py), these readers
# try every list, export and API endpoint of CASES in tests/inquiries/test_row_level.py.
# So every case here is Readers.OWNER.
CROSS_PARTY_READERS = [("elvl", "coordinator"), ("elvl", "admin"), ("ministry", "ministry_reader")]

CASES = [
    TenancyCase(
        model=Inquiry,
        make=marked_inquiry,
        marker=lambda inquiry: inquiry.note,
        readers=Readers.OWNER,
        list=["/inquiries/list/", "/inquiries/list/?start=01.01.2024&end=31.12.2024"],
        edit=[Form("inquiries:edit", inquiry_edit_data)],
        delete=["inquiries:delete"],
        create=[Form("inquiries:index", inquiry_create_data)],
        export_csv=["/inquiries/list/export.csv?start=01.01.2024&end=31.12.2024"],
        export_xlsx=["/inquiries/list/export.xlsx?start=01.01.2024&end=31.12.2024"],
        api="inquiry",
        api_update=lambda inquiry: {"note": "muudetud", "channel": "phone"},
        api_create=inquiry_api_create,
        absent={"read": "an inquiry has no page of its own: the list shows it, the edit page changes it"},
    ),
    TenancyCase(
        model=ServiceGapNote,
        make=make_note,
        marker=lambda note: note.text,
        readers=Readers.OWNER,
        list=["/inquiries/service-gaps/?start=01.01.2024&end=31.12.2024&threshold=1"],
        delete=["inquiries:service_gap_note_delete"],
        create=[
            Form(
                "inquiries:service_gap_accept",
                lambda party: {
                    "party": party.pk,
                    "topic": topic("bus-card").pk,
                    "start": "01.01.2024",
                    "end": "31.12.2024",
                    "text": f"Uus ettepanek {next(_n)}",
                },
            )
        ],
        absent={
            "read": "a note has no page of its own: the service-gap page lists it",
            "edit": "a note is accepted once and deleted, never edited",
            **NO_FILES,
            **NO_API,
        },
    ),
    TenancyCase(
        model=InquiryImport,
        make=make_import,
        marker=lambda batch: batch.file_name,
        readers=Readers.OWNER,
        list=["inquiries:imports"],
        delete=["inquiries:import_undo"],
        absent={
            "read": "an import has no page of its own: the imports page lists it",
            "edit": "an import is undone (delete), never edited",
            **NO_FILES,
            **NO_API,
        },
    ),
]
