import datetime as dt
import itertools

from loim.inquiries.models import Inquiry, InquiryImport, ServiceGapNote
from loim.inquiries.services import service_gap_note_create
from tests.inquiries.helpers import marked_inquiry, topic
from tests.tenancy import TenancyCase

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


# Inquiries, their imports and service-gap notes are Scope.PARTY_ONLY: row-level data stays with the
# owning party, and ELVL's and the ministry's readers get statistics only (docs/decisions.md, "Issue
# 10 — disclosure"). Besides the coordinator of another party (tests/test_tenancy.py), these readers
# try every list, export and API endpoint of CASES in tests/inquiries/test_row_level.py.
CROSS_PARTY_READERS = [("elvl", "coordinator"), ("elvl", "admin"), ("ministry", "ministry_reader")]

CASES = [
    TenancyCase(
        model=Inquiry,
        make=marked_inquiry,
        marker=lambda inquiry: inquiry.note,
        list_urls=[
            "/inquiries/list/",
            "/inquiries/list/?start=01.01.2024&end=31.12.2024",
            "/inquiries/list/export.csv",
        ],  # the XLSX exports are read back with openpyxl in tests/inquiries/test_exports.py
        edit_url="inquiries:edit",
        delete_url="inquiries:delete",
        edit_data=inquiry_edit_data,
        api_list="v1:inquiry-list",
        api_detail="v1:inquiry-detail",
    ),
    TenancyCase(
        model=ServiceGapNote,
        make=make_note,
        marker=lambda note: note.text,
        list_urls=["/inquiries/service-gaps/?start=01.01.2024&end=31.12.2024&threshold=1"],
        delete_url="inquiries:service_gap_note_delete",
    ),
    TenancyCase(
        model=InquiryImport,
        make=make_import,
        marker=lambda batch: batch.file_name,
        list_urls=["inquiries:imports"],
        delete_url="inquiries:import_undo",
    ),
]
