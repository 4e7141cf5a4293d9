"""Tartu's coordinator records a deliverable as done: refused without evidence, then saved with an
evidence file and a link; the list shows it done. axe checks every page on the way."""

import datetime as dt
import re

import pytest

from loim.plans.models import Deliverable
from loim.plans.services import event_kinds_ensure
from tests.browser.conftest import assert_accessible

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def deliverable(programme):
    event_kinds_ensure()
    from tests.monitoring.conftest import build_scenario

    scenario = build_scenario(programme)
    plan = scenario["plan"]
    activity = plan.activities.get(code="3.5.2.1/2.1")  # Tartu's clubs row
    return Deliverable.objects.create(
        plan=plan,
        party=plan.party,
        activity=activity,
        key="tartu-club-room",
        title="Suhtlusklubi ruum on sisustatud",
        owner=programme["tartu"],
        due_date=dt.date(2024, 12, 31),
        quote="Sotsiaalse suhtluse võimaluse loomine eesti ja inglise (või vene) keeles.",
    )


def test_a_partner_marks_a_deliverable_done_with_evidence(deliverable, member, signed_in, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    page = signed_in(member("tartu", "coordinator"))
    page.goto("/monitoring/2024/deliverables/")
    table = page.get_by_role("table", name="Väljundid")
    row = table.get_by_role("row").filter(has_text="Suhtlusklubi ruum on sisustatud")
    assert "hilinenud" in row.inner_text()  # due 31.12.2024, nothing recorded: late
    assert_accessible(page)
    row.get_by_role("link", name="Suhtlusklubi ruum on sisustatud").click()
    page.wait_for_url(re.compile(r"/monitoring/2024/deliverables/tartu-club-room/$"))
    assert_accessible(page)
    page.get_by_role("link", name="Kanna sisse olek ja tõend").click()
    page.wait_for_url(re.compile(r"/tartu-club-room/edit/$"))
    assert_accessible(page)

    page.get_by_label("Olek").select_option(label="tehtud")
    page.get_by_label("Tehtud").fill("2024-11-05")
    with page.expect_navigation():
        page.get_by_role("button", name="Salvesta").click()
    alert = page.get_by_role("alert").filter(has_text="peab olema tõend")
    assert alert.count() == 1  # done without evidence is refused, naming what is missing
    assert_accessible(page)

    evidence = tmp_path / "sisustus.pdf"
    evidence.write_bytes(PDF)
    page.get_by_label("Olek").select_option(label="tehtud")
    page.get_by_label("Tehtud").fill("2024-11-05")
    page.locator("input[type=file]").set_input_files(str(evidence))
    page.get_by_label("Dokumentide lingid").fill("https://www.tartu.ee/et/suhtlusklubi")
    page.get_by_role("button", name="Salvesta").click()
    page.wait_for_url(re.compile(r"/monitoring/2024/deliverables/tartu-club-room/$"))
    main = page.get_by_role("main").inner_text()
    assert "Väljundi kanne on salvestatud." in main
    assert "sisustus.pdf" in main and "https://www.tartu.ee/et/suhtlusklubi" in main
    assert "tehtud (tehtud 05.11.2024)" in main
    assert "Olek: — → tehtud" in page.get_by_role("table", name="Ajalugu").inner_text()
    assert_accessible(page)

    page.goto("/monitoring/2024/deliverables/?state=done")
    row = page.get_by_role("table", name="Väljundid").get_by_role("row").filter(has_text="Suhtlusklubi ruum")
    assert "tehtud" in row.inner_text() and "sisustus.pdf" in row.inner_text()
    assert_accessible(page)
