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
    with page.expect_navigation():
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
