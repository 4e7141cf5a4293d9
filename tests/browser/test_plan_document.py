"""Importing the action plan from its Word document in a browser: upload → preview (checked with
axe-core) → confirm; a document with an error shows its place and offers no import."""

import re

import pytest
from playwright.sync_api import expect

from loim.plans.models import Plan
from loim.plans.services import event_kinds_ensure
from tests.browser.conftest import assert_accessible
from tests.plans.wordimport.conftest import build_docx, seed_blocks


@pytest.fixture
def advisor(programme, member):
    event_kinds_ensure()  # the live server's transactional tests flush the migration's reference data
    return member("elvl", "coordinator")


def test_upload_preview_and_confirm(advisor, signed_in, tmp_path):
    path = tmp_path / "tegevuskava-2024.docx"
    path.write_bytes(build_docx(seed_blocks()))
    page = signed_in(advisor)
    page.goto("/plans/")
    page.get_by_role("link", name="Impordi tegevuskava Wordi dokumendist").click()
    assert_accessible(page)
    page.get_by_label("Tegevuskava dokument").set_input_files(str(path))
    with page.expect_navigation():
        page.get_by_role("button", name="Loe dokument").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tegevuskava eelvaade")
    expect(page.get_by_role("table", name="Tegevuse 3.5.2.1 ajakava")).to_contain_text("Tartu LV")
    commitments = page.get_by_role("table", name="Kohustused koos lausega, millest need leiti")
    expect(commitments).to_contain_text("Tegevus toimub kord nädalas I, II ja IV kvartalis, olles III kvartalis pausil")
    expect(commitments).to_contain_text("week; min 1; excluded Q3; kinds conversation_club")
    expect(page.get_by_text("Kogu dokument loeti.")).to_be_visible()
    assert_accessible(page)
    assert not Plan.objects.exists()
    with page.expect_navigation(timeout=60_000):  # the document is read, checked and imported: slow on a busy CI
        page.get_by_role("button", name="Impordi tegevuskava").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tegevuskava 2024")
    expect(page.get_by_text(re.compile(r"2024\. aasta tegevuskava imporditi dokumendist"))).to_be_visible()
    assert Plan.objects.get(year=2024).obligations.count() == 15


def test_a_document_with_an_unknown_party(advisor, signed_in, tmp_path):
    document = seed_blocks()
    tables = [b for b in document.blocks if hasattr(b, "rows")]
    tables[8].rows[2][3] = "Narva LV"
    path = tmp_path / "tegevuskava-2024.docx"
    path.write_bytes(build_docx(document, merge=False))
    page = signed_in(advisor)
    page.goto("/plans/import/document/")
    page.get_by_label("Tegevuskava dokument").set_input_files(str(path))
    with page.expect_navigation():
        page.get_by_role("button", name="Loe dokument").click()
    problems = page.get_by_role("table", name="Probleemid koos kohaga dokumendis")
    expect(problems).to_contain_text("3.5.2.1, tabel 9, rida 3")
    expect(problems).to_contain_text("Tundmatu vastutaja „Narva LV“.")
    expect(page.get_by_role("button", name="Impordi tegevuskava")).to_have_count(0)
    assert_accessible(page)
    assert not Plan.objects.exists()


def test_correct_one_field_in_the_preview_then_confirm(advisor, signed_in, tmp_path):
    """A document naming an unknown party cannot be imported; the advisor corrects the row's responsible
    party in the preview's own form (no JavaScript needed), the plan is checked again, and only then
    is the import offered; the plan written has the corrected party."""
    document = seed_blocks()
    tables = [b for b in document.blocks if hasattr(b, "rows")]
    tables[8].rows[2][3] = "Narva LV"
    path = tmp_path / "tegevuskava-2024.docx"
    path.write_bytes(build_docx(document, merge=False))
    page = signed_in(advisor)
    page.goto("/plans/import/document/")
    page.get_by_label("Tegevuskava dokument").set_input_files(str(path))
    with page.expect_navigation():
        page.get_by_role("button", name="Loe dokument").click()
    expect(page.get_by_role("button", name="Impordi tegevuskava")).to_have_count(0)
    schedule = page.get_by_role("table", name="Tegevuse 3.5.2.1 ajakava")
    with page.expect_navigation():
        schedule.get_by_role("link", name=re.compile(r"^Paranda 1\. Teenuste arendamine")).click()
    expect(page.get_by_role("heading", name=re.compile(r"Parandamine: 3\.5\.2\.1, tabel 9, rida 3"))).to_be_visible()
    field = page.get_by_label("Vastutaja dokumendi sõnastuses")
    expect(field).to_have_value("Narva LV")
    assert_accessible(page)
    # a wrong correction is refused beside its field, naming the place
    page.get_by_label("Lõpp tegevuskava perioodil").fill("2025-01-31")
    with page.expect_navigation():
        page.get_by_role("button", name="Salvesta parandus").click()
    expect(page.get_by_text("3.5.2.1, tabel 9, rida 3: parandusel on vead; midagi ei muudetud.").first).to_be_visible()
    expect(
        page.get_by_text("Kuupäev 31.01.2025 jääb väljapoole tegevuskava perioodi 01.01.2024–31.12.2024.").first
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Lõpp tegevuskava perioodil").fill("2024-12-31")
    page.get_by_label("Vastutaja dokumendi sõnastuses").fill("Tartu LV")
    with page.expect_navigation():
        page.get_by_role("button", name="Salvesta parandus").click()
    expect(page.get_by_text("3.5.2.1, tabel 9, rida 3 parandatud; tegevuskava kontrolliti uuesti.")).to_be_visible()
    expect(page.get_by_role("heading", name="1 parandus eelvaates")).to_be_visible()
    expect(page.get_by_text("Kogu dokument loeti.")).to_be_visible()
    assert_accessible(page)
    assert not Plan.objects.exists()
    with page.expect_navigation(timeout=60_000):  # the document is read, checked and imported: slow on a busy CI
        page.get_by_role("button", name="Impordi tegevuskava").click()
    row = Plan.objects.get(year=2024).activities.get(code="3.5.2.1/1")
    assert (row.responsible_text, [p.slug for p in row.responsible_parties.all()]) == ("Tartu LV", ["tartu"])


def test_the_demo_changes_page(programme, member, signed_in):
    """The demo's 2025 plan (plans.demo: its document imported through the Word import) against the 2024
    plan, as the implementing agency reads it."""
    from io import StringIO

    from loim.plans import demo
    from loim.plans.services import plan_file_import
    from tests.plans.conftest import PLAN_2024

    event_kinds_ensure()
    plan_file_import(PLAN_2024)
    demo.seed(out=StringIO())
    page = signed_in(member("ministry", "ministry_reader"))
    page.goto("/plans/2025/changes/")
    expect(page.get_by_role("heading", level=1)).to_have_text("2025. aasta tegevuskava muudatused")
    dates = page.get_by_role("table", name="Kuupäevad")
    expect(dates).to_contain_text("3.5.1.4/2")
    expect(dates).to_contain_text("01.01.2024–31.12.2024")
    expect(dates).to_contain_text("01.04.2025–30.09.2025")
    expect(page.get_by_role("table", name="Tegevusi ja ridu")).to_contain_text(
        "Kohaliku tasandi sisutegevuste korraldamine Narva linnas"
    )
    expect(page.get_by_role("table", name="Näitajad ja sihttasemed")).to_contain_text(
        "Korraldatud infopäevade arv (2024 → 2025)"
    )
    expect(page.get_by_role("table", name="Kohustused")).to_contain_text(
        "week; min 2; excluded Q3; kinds conversation_club"
    )
    assert_accessible(page)
