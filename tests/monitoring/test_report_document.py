"""The report as a document (issue 16): the PDF read back with pypdf (tagged, in Estonian, titled,
no heading left alone at a page's end), the DOCX with python-docx (every section a Word heading), the
XLSX with openpyxl (filters, frozen headers, date cells, no internal codes), and the one function that
names periods. Expected values are worked out by hand from the scenario (tests/monitoring/conftest.py):

- ELVL's info days on 15.02 and 20.05 (county reach): the half-year commitment "at least 1 county
  info day per half-year" is met in I poolaasta and missed in II poolaasta; the quarterly one added
  here, "at least 2 info days per quarter", is missed in every quarter (1, 1, 0, 0).
- Tartu's clubs on the five Wednesdays of January (weeks 1–5) against "1 a week, except Q3": 5 weeks
  met; weeks 6–26 (21), 40–52 (13) and the partial week of 30.–31.12 missed: 35; Q3's 13 excluded.
"""

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.utils import translation
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from loim.monitoring.access import Viewer
from loim.monitoring.periods import period_label
from loim.monitoring.report import build_report
from loim.monitoring.report.document import outline
from tests.monitoring.builders import make_obligation

pytestmark = pytest.mark.django_db

LATER = dt.date(2025, 2, 1)
CODES = {
    "on_track",
    "at_risk",
    "behind",
    "reached",
    "no_target",
    "in_progress",
    "not_due",
    "excluded",
    "met",
    "missed",
    "approved",
    "submitted",
    "returned",
    "draft",
    "changed",
    "broken",
    "manual",
    "rule",
    "planned",
    "late",
    "dropped",
    "half_year",
    "quarter",
    "week",
    "info_day",
    "conversation_club",
}


@pytest.fixture
def report_data(scenario):
    elvl = scenario["parties"]["elvl"]
    info_row = scenario["plan"].activities.get(row_key="1", parent__title="Kommunikatsiooni tagamine KOV-ide seas")
    make_obligation(
        scenario["plan"], info_row, "info-days-quarterly", elvl, kinds=["info_day"], period="quarter", min_count=2
    )
    return scenario


def pdf_of(tmp_path, fmt="pdf"):
    path = tmp_path / f"aruanne.{fmt}"
    call_command("report", year=2024, format=fmt, output=str(path), as_of=LATER, stdout=io.StringIO())
    return path


def test_period_labels_in_estonian_and_english():
    with translation.override("et"):
        assert [period_label(key) for key in ("2024-Q1", "2024-Q4", "2024-H1", "2024-W14", "2024-03")] == [
            "I kvartal",
            "IV kvartal",
            "I poolaasta",
            "nädal 14",
            "märts",
        ]
        assert period_label("2024-H2", with_year=True) == "2024. aasta II poolaasta"
        assert period_label("2024", with_year=True) == "2024. aasta"
    with translation.override("en"):
        assert [period_label(key) for key in ("2024-Q1", "2024-H2", "2024-W14")] == ["Q1", "H2", "week 14"]


def test_the_commitments_in_the_report_are_counted_as_worked_out_by_hand(report_data):
    report = build_report(report_data["plan"], Viewer.system(), as_of=LATER)
    by_key = {row.key: row for row in report.obligations}
    assert (by_key["tartu-clubs-weekly"].met, by_key["tartu-clubs-weekly"].missed) == (5, 35)
    assert by_key["tartu-clubs-weekly"].excluded == 13
    assert (by_key["info-days-quarterly"].met, by_key["info-days-quarterly"].missed) == (0, 4)
    assert (by_key["info-days-half-year"].met, by_key["info-days-half-year"].missed) == (1, 1)


def _lines(page) -> list[str]:
    footer = re.compile(r"^\d+ / \d+$")
    return [
        line.strip() for line in page.extract_text().splitlines() if line.strip() and not footer.match(line.strip())
    ]


def test_the_pdf_is_tagged_in_estonian_titled_and_no_heading_ends_a_page(report_data, tmp_path):
    reader = PdfReader(pdf_of(tmp_path))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root  # tagged: a structure tree …
    assert bool(root["/MarkInfo"]["/Marked"])  # … and marked content
    assert root["/Lang"] == "et"
    assert reader.metadata.title == "Tegevuskava 2024 täitmise aruanne"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])  # PDF/UA: the title, not the file name

    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    for expected in (
        "Tegevuskava 2024 täitmise aruanne",  # the cover
        "Kinnitamise seis",
        "1. Kokkuvõte",
        "Korraldatud infopäevade arv",
        "2. ELVL",
        "Tartu LV",
        "Lisa: tegevuskava vastuolud ja nende tõlgendamine",
        "I kvartal, II kvartal, III kvartal, IV kvartal",  # the quarterly commitment's missed periods
        "II poolaasta",
        "nädal 6, nädal 7",  # Tartu's first missed weeks
        "Joonise andmed",  # every chart with its data table
    ):
        assert expected in text, expected
    assert not re.search(r"\bQ[1-4]\b|\bH[12]\b", text)  # no period codes

    with translation.override("et"):
        headings = outline(build_report(report_data["plan"], Viewer.system(), as_of=LATER)).labels
    for number, page in enumerate(reader.pages, start=1):
        lines = _lines(page)
        assert lines, f"page {number} is empty"
        assert not set(lines) <= headings, f"page {number} holds only headings: {lines}"
        assert lines[-1] not in headings, f"page {number} ends with the heading {lines[-1]!r}"


def test_the_docx_holds_every_section_as_a_word_heading(report_data, tmp_path):
    document = Document(str(pdf_of(tmp_path, "docx")))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    with translation.override("et"):
        expected = outline(build_report(report_data["plan"], Viewer.system(), as_of=LATER)).headings
    assert headings == expected
    assert "1. Kokkuvõte" in headings and "Lisa: tegevuskava vastuolud ja nende tõlgendamine" in headings
    assert [p.text for p in document.paragraphs if p.style.name == "Title"] == ["Tegevuskava 2024 täitmise aruanne"]
    assert document.core_properties.title == "Tegevuskava 2024 täitmise aruanne"
    assert document.core_properties.language == "et"
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "I kvartal, II kvartal, III kvartal, IV kvartal" in cells
    assert "Tartu LV" in cells


def test_the_xlsx_has_filters_frozen_headers_dates_and_no_codes(report_data, tmp_path):
    book = load_workbook(pdf_of(tmp_path, "xlsx"))
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:"), sheet.title
    facts = {row[0]: row[1] for row in book["Aruanne"].iter_rows(min_row=2, values_only=True)}
    assert facts["Tegevuskava perioodi algus"] == dt.datetime(2024, 1, 1)  # a date cell, not "2024-01-01/…"
    assert facts["Tegevuskava perioodi lõpp"] == dt.datetime(2024, 12, 31)
    assert facts["Aruandlusperiood"] == "2024. aasta (01.01.2024–31.12.2024)"
    assert book["Selgitused"]["B1"].value == "Pealkiri"  # the title of an activity, not a job title
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                assert not (isinstance(value, str) and value in CODES), (sheet.title, value)
                assert not (isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\d/\d{4}-\d\d-\d\d", value))


def _party_records(plan, party, n: int) -> None:
    """One partner's share of a report: an activity with two rows, events, a count, inquiries,
    a commitment, an explanation and a submitted part."""
    from loim.monitoring.models import ActivityReportNote, ReportPart
    from tests.inquiries.helpers import make_inquiry
    from tests.monitoring.builders import make_activity, make_event

    activity = make_activity(plan, f"3.5.2.{n}", section="partner", responsible=[party], title=f"Tegevus {n}")
    rows = [make_activity(plan, f"3.5.2.{n}", parent=activity, row_key=f"{k}.1", responsible=[party]) for k in (1, 2)]
    for day in (3, 10, 17):
        make_event(party, "conversation_club", dt.date(2024, 1, day), activity=rows[0], counts={"newcomer": 5})
    make_event(party, "info_day", dt.date(2024, 4, 2), activity=rows[1])
    for day in range(1, 7):
        make_inquiry(party, date=dt.date(2024, 3, day), topics=["bus-card"])
    make_obligation(plan, rows[0], f"clubs-{n}", party, kinds=["conversation_club"], period="month", min_count=1)
    ActivityReportNote.objects.create(party=party, activity=activity, text=f"Selgitus {n}")
    ReportPart.objects.create(party=party, plan=plan, period="year", state="submitted")


def _report_queries(plan) -> tuple[int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        report = build_report(plan, Viewer.system(), as_of=LATER)
    return len(captured.captured_queries), len(report.activities)


def test_the_report_query_count_does_not_grow_with_parties_or_rows(scenario):
    plan, parties = scenario["plan"], scenario["parties"]
    partners = [parties[slug] for slug in ("tartu", "tallinn", "rakvere", "saaremaa", "parnu")]
    for n, party in enumerate(partners[:2], start=2):
        _party_records(plan, party, n)
    two, rows_two = _report_queries(plan)
    for n, party in enumerate(partners[2:], start=4):
        _party_records(plan, party, n)
    five, rows_five = _report_queries(plan)
    assert rows_five == rows_two + 9  # three more activities of two rows each
    assert five == two, f"{two} queries with 2 parties, {five} with 5"


def test_the_report_page_builds_a_docx_for_download(client, scenario, member, django_capture_on_commit_callbacks):
    from django.urls import reverse

    client.force_login(member("elvl", "coordinator"))
    page = client.get(reverse("monitoring:report", kwargs={"year": 2024})).content.decode()
    assert '<option value="docx">DOCX (Word)</option>' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("monitoring:report_request", kwargs={"year": 2024}), {"format": "docx"})
    download = client.get(response.url + "download/")
    assert download["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert 'filename="tegevuskava-2024-aruanne.docx"' in download["Content-Disposition"]
    document = Document(io.BytesIO(b"".join(download.streaming_content)))
    assert "1. Kokkuvõte" in [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
