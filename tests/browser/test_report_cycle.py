"""The reporting cycle in the browser (issue 11 §6): Tartu's coordinator submits its H1 part (refused
until the missed clubs are explained), ELVL returns it with a comment, Tartu resubmits, ELVL
approves; then Tartu changes a club of January — the form asks for the reason, and the part reads
"changed since approval" with what, why and by whom. axe checks every page on the way."""

import re

import pytest

from loim.events.models import Event
from loim.monitoring.models import ReportPart
from loim.plans.services import event_kinds_ensure
from tests.browser.conftest import assert_accessible

H1 = "/monitoring/2024/report/?period=h1"


@pytest.fixture(autouse=True)
def event_kinds(programme):
    event_kinds_ensure()  # the live server's transactional tests flush the migration's reference data


@pytest.fixture
def scenario(event_kinds, programme):
    from tests.monitoring.conftest import build_scenario

    return build_scenario(programme)


def part_row(page):
    return (
        page.locator("#report-review")
        .locator("..")
        .get_by_role("row")
        .filter(has=page.get_by_role("rowheader", name="Tartu LV"))
    )


def messages(page) -> str:
    return page.locator("#messages").inner_text()


def test_submit_return_resubmit_approve_and_change_with_reason(page, signed_in, member, scenario):
    tartu, elvl = member("tartu", "coordinator"), member("elvl", "coordinator")

    # Tartu submits: refused, the activity with the missed clubs is named
    signed_in(tartu)
    page.goto(H1)
    assert page.get_by_role("heading", level=1).inner_text() == "Tegevuskava 2024 täitmise poolaasta aruanne (1.1–30.6)"
    assert "koostamisel" in part_row(page).inner_text()
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("Esita aruandeosa Tartu LV")).click()
    page.wait_for_load_state()
    assert "3.5.2.1 „Sisutegevused Tartu linnas“" in messages(page)
    assert "jäi täitmata 21 perioodil" in messages(page)
    assert not ReportPart.objects.exists()
    assert_accessible(page)

    # Tartu explains the deviation for H1 and submits
    page.get_by_role("link", name=re.compile("Selgita selle tegevuse kõrvalekaldeid 2.1 3.5.2.1")).click()
    page.wait_for_url(re.compile(r"/report/notes/\d+/\?period=h1"))
    assert "I poolaasta (1.1–30.6)" in page.get_by_role("main").inner_text()
    assert_accessible(page)
    page.get_by_label("Kõrvalekallete selgitus").fill("Veebruarist juunini klubi ei toimunud: juhendaja lahkus.")
    page.get_by_role("button", name="Salvesta").click()
    page.wait_for_url(re.compile(r"/monitoring/2024/report/\?period=h1"))
    page.get_by_role("button", name=re.compile("Esita aruandeosa Tartu LV")).click()
    page.wait_for_load_state()
    assert "Tartu LV aruandeosa on esitatud." in messages(page)
    assert "esitatud" in part_row(page).inner_text()

    # ELVL returns it with a comment (an empty comment is refused first)
    signed_in(elvl)
    page.goto(H1)
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("Saada kommentaariga tagasi Tartu LV")).click()
    page.wait_for_load_state()
    assert "Kirjutage, mida parandada" in messages(page)
    page.get_by_label("Tartu LV aruandeosa kommentaar").fill("Lisage, kuidas klubid sügisel taastatakse.")
    page.get_by_role("button", name=re.compile("Saada kommentaariga tagasi Tartu LV")).click()
    page.wait_for_load_state()
    row = part_row(page).inner_text()
    assert "tagasi saadetud" in row and "Lisage, kuidas klubid sügisel taastatakse." in row

    # Tartu sees the comment and resubmits
    signed_in(tartu)
    page.goto(H1)
    assert "Lisage, kuidas klubid sügisel taastatakse." in part_row(page).inner_text()
    page.get_by_role("button", name=re.compile("Esita aruandeosa Tartu LV")).click()
    page.wait_for_load_state()
    assert "Tartu LV aruandeosa on esitatud." in messages(page)

    # ELVL approves
    signed_in(elvl)
    page.goto(H1)
    page.get_by_label("Tartu LV aruandeosa kommentaar").fill("Korras.")
    page.get_by_role("button", name=re.compile("^Kinnita Tartu LV")).click()
    page.wait_for_load_state()
    assert "Tartu LV aruandeosa on kinnitatud." in messages(page)
    assert ReportPart.objects.get().state == "approved"
    assert_accessible(page)

    # Tartu changes a January club: the locked period asks for a reason
    signed_in(tartu)
    club = Event.objects.get(title="Suhtlusklubi 10.01")
    page.goto(f"/events/{club.pk}/edit/")
    assert_accessible(page)
    page.get_by_label("Pealkiri").fill("Suhtlusklubi (parandatud)")
    page.get_by_role("button", name="Salvesta", exact=True).click()
    page.wait_for_load_state()
    alert = page.locator(".change-reason [role=alert]").inner_text()
    assert alert.startswith("Muudatuse põhjus: märkige see, sest kirje kuulub kinnitatud aruandeosasse")
    club.refresh_from_db()
    assert club.title == "Suhtlusklubi 10.01"
    assert_accessible(page)
    page.get_by_label("Muudatuse põhjus").fill("Pealkirjas oli kirjaviga.")
    page.get_by_role("button", name="Salvesta", exact=True).click()
    page.wait_for_url(re.compile(rf"/events/{club.pk}/$"))
    club.refresh_from_db()
    assert club.title == "Suhtlusklubi (parandatud)"

    # the report says what changed, why and by whom
    page.goto(H1)
    row = part_row(page).inner_text()
    assert "muudetud pärast kinnitamist" in row
    assert "üritus „Suhtlusklubi 10.01“ (10.01.2024) muudetud" in row
    assert "Pealkirjas oli kirjaviga." in row and str(tartu) in row
    assert ReportPart.objects.get().state == "changed"
    assert_accessible(page)
