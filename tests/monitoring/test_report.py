"""The yearly report: its rows, and the files read back for real (openpyxl, pypdf, json)."""

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook
from pypdf import PdfReader

from loim.monitoring.access import Viewer
from loim.monitoring.models import ActivityReportNote, ReportPart
from loim.monitoring.rendering import render
from loim.monitoring.report import build_report

LATER = dt.date(2025, 2, 1)


@pytest.fixture
def noted(scenario):
    parties = scenario["parties"]
    ActivityReportNote.objects.create(
        party=parties["tartu"], activity=scenario["activities"]["tartu"], text="Suvel klubid puhkasid; sügisel jätkati."
    )
    ReportPart.objects.create(
        party=parties["tartu"], plan=scenario["plan"], period="year", state="approved", comment="Korras."
    )
    return scenario


def test_rows_reproduce_the_plan_numbering_and_what_was_done(noted):
    report = build_report(noted["plan"], Viewer.system(), as_of=LATER)
    assert [r.number for r in report.activities] == [
        "1.1 3.5.1.3",
        "1",
        "1.2 3.5.1.4",
        "1",
        "2.1 3.5.2.1",
        "1.1",
        "2.1",
    ]
    info, training, tartu, clubs = (
        report.activities[0],
        report.activities[2],
        report.activities[4],
        report.activities[6],
    )
    assert (info.events, info.kinds_text) == (2, "infopäev 2")
    assert (training.events, training.participants, training.participations, training.municipalities) == (2, 34, 5, 4)
    assert (clubs.events, clubs.participants) == (5, 40)
    assert tartu.events == 5 and tartu.notes[0].text.startswith("Suvel klubid")
    indicators = {row.key: row for row in report.indicators}
    assert (indicators["info-days"].actual, indicators["info-days"].target, indicators["info-days"].deviation) == (
        2,
        3,
        -1,
    )
    assert indicators["kov-coordinators"].actual == 3
    assert indicators["local-networks"].actual == 1 and indicators["local-networks"].method == "manual"
    obligations = {row.key: row for row in report.obligations}
    assert (obligations["info-days-half-year"].met, obligations["info-days-half-year"].missed) == (1, 1)
    assert (obligations["tartu-clubs-weekly"].met, obligations["tartu-clubs-weekly"].excluded) == (5, 13)
    assert [(r.party, r.reviewed) for r in report.reviews] == [("ELVL", False), ("Tartu LV", True)]


def test_a_partner_report_holds_its_own_part(noted, member):
    report = build_report(noted["plan"], Viewer(user=member("tartu", "viewer")), as_of=LATER)
    assert [row.number for row in report.activities] == ["2.1 3.5.2.1", "1.1", "2.1"]
    assert [row.key for row in report.obligations] == ["tartu-clubs-weekly"]
    assert [row.key for row in report.indicators] == ["local-networks"]
    assert [r.party for r in report.reviews] == ["Tartu LV"]


def test_xlsx_read_back(noted, tmp_path):
    path = tmp_path / "aruanne.xlsx"
    call_command("report", year=2024, format="xlsx", output=str(path), as_of=LATER, stdout=io.StringIO())
    book = load_workbook(path)
    assert book.sheetnames == [
        "Aruanne",
        "Tegevused",
        "Näitajad",
        "Kohustused",
        "Väljundid",
        "Nõustamine",
        "Plaanireata",
        "Selgitused",
        "Ülevaatus",
        "Kommunikatsioon",  # issue 15: outputs per party, kind and language
        "Tõlketööd",
        "Teave",  # who exported what, when (the writer's About sheet)
    ]
    activities = list(book["Tegevused"].iter_rows(values_only=True))
    assert activities[1][:3] == ("1.1 3.5.1.3", "3.5.1.3", "Kommunikatsiooni tagamine KOV-ide seas")
    assert activities[1][4] == dt.datetime(2024, 1, 1)  # a real date cell …
    assert book["Tegevused"].cell(row=2, column=5).number_format == "yyyy-mm-dd"  # … shown in ISO 8601
    indicators = {row[1]: row for row in book["Näitajad"].iter_rows(min_row=2, values_only=True)}
    assert indicators["Korraldatud infopäevade arv"][4:7] == (3, 2, -1)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"formula in {sheet.title}!{cell.coordinate}"
    notes = list(book["Selgitused"].iter_rows(min_row=2, values_only=True))
    assert notes[0][2:4] == ("Tartu LV", "Suvel klubid puhkasid; sügisel jätkati.")


def test_pdf_text_read_back_in_estonian(noted, tmp_path):
    path = tmp_path / "aruanne.pdf"
    call_command("report", year=2024, format="pdf", output=str(path), as_of=LATER, stdout=io.StringIO())
    reader = PdfReader(path)
    content = " ".join(page.extract_text() for page in reader.pages)
    for expected in (
        "Tegevuskava 2024 täitmise aruanne",
        "1.1 3.5.1.3",
        "Korraldatud infopäevade arv",
        "Suvel klubid puhkasid",
        "Kohustused",
    ):
        assert expected in content, expected


def test_html_and_json(noted):
    html = render(noted["plan"], Viewer.system(), "html", as_of=LATER).decode()
    assert html.startswith("<!DOCTYPE html>") and 'lang="et"' in html and "<svg" in html
    data = json.loads(render(noted["plan"], Viewer.system(), "json", as_of=LATER))
    assert data["plan"]["year"] == 2024 and data["as_of"] == "2024-12-31" and data["final"] is True
    info = next(row for row in data["indicators"] if row["key"] == "info-days")
    assert (info["actual"], info["target"], info["deviation"], info["frame_target"]) == (2, 3, -1, 12)
    assert data["activities"][0]["start"] == "2024-01-01"


def test_report_command_errors(scenario, tmp_path):
    with pytest.raises(CommandError, match="no action plan for 2030"):
        call_command("report", year=2030, format="json", stdout=io.StringIO())
    with pytest.raises(CommandError, match="-o FILE"):
        call_command("report", year=2024, format="pdf", stdout=io.StringIO())
    with pytest.raises(CommandError, match="Unknown party"):
        call_command("report", year=2024, format="json", party="atlantis", stdout=io.StringIO())


def test_the_half_year_report_is_final_once_30_june_is_over(scenario):
    """Read in 2026, the 2024 H1 report is counted to 30.06.2024 and final (it used to say "the year
    is in progress", since the plan year's window ends on 31.12); counted to 01.05.2024 it is not."""
    report = build_report(scenario["plan"], Viewer.system(), period="h1")
    assert report.as_of == dt.date(2024, 6, 30) and report.final
    assert not build_report(scenario["plan"], Viewer.system(), period="h1", as_of=dt.date(2024, 5, 1)).final
    assert build_report(scenario["plan"], Viewer.system(), period="year").final
