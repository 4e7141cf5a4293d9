"""ELVL's advisor reads the 2024 dashboard, drills down to the info days counted, reads the
commitments calendar and downloads the yearly report; a partner sees its own figures. axe checks
every page on the way."""

import re

import pytest
from openpyxl import load_workbook

from loim.plans.services import event_kinds_ensure
from tests.browser.conftest import assert_accessible


@pytest.fixture(autouse=True)
def event_kinds(programme):
    event_kinds_ensure()  # the live server's transactional tests flush the migration's reference data


@pytest.fixture
def scenario(event_kinds, programme):
    from tests.monitoring.conftest import build_scenario

    return build_scenario(programme)


@pytest.fixture
def advisor(member, signed_in, scenario):
    return signed_in(member("elvl", "coordinator"))


def test_dashboard_and_drill_down(advisor):
    page = advisor
    page.goto("/monitoring/")
    page.wait_for_url(re.compile(r"/monitoring/2024/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Tegevuskava 2024: näitajad"
    card = page.get_by_role("article").filter(has=page.get_by_role("heading", name="Korraldatud infopäevade arv"))
    assert "Sihttase 2024\n3" in card.inner_text()
    assert "ohus" in card.inner_text()  # 2029 at risk at the pace so far
    assert_accessible(page)
    card.get_by_role("link", name=re.compile("näita selle arvu aluseks olevaid kirjeid")).click()
    page.wait_for_url(re.compile(r"/monitoring/2024/indicators/info-days/"))
    records = page.get_by_role("table", name="Arvu aluseks olevad kirjed")
    assert records.get_by_role("row").count() == 3  # the header and the two info days
    assert "Infopäev Narvas" in records.inner_text() and "Infopäev Võrus" in records.inner_text()
    assert_accessible(page)


def test_commitments_calendar(advisor):
    page = advisor
    page.goto("/monitoring/2024/commitments/")
    assert_accessible(page)
    week = page.get_by_role("link", name=re.compile(r"Tartu clubs weekly, 2\. nädal .*: täidetud"))
    assert week.count() == 1
    paused = page.get_by_role("link", name=re.compile(r"Tartu clubs weekly, 30\. nädal .*: paus"))
    assert paused.count() == 1
    page.get_by_role("link", name=re.compile(r"Info days half year, 2024\. aasta II poolaasta: täitmata")).click()
    page.wait_for_url(re.compile(r"/commitments/info-days-half-year/2024-H2/"))
    assert "Sel perioodil ei lähe arvesse ühtegi sündmust." in page.get_by_role("main").inner_text()
    assert_accessible(page)
    page.goto("/monitoring/2024/commitments/")
    page.get_by_label("Seisuga", exact=True).fill("2024-12-19")
    page.get_by_role("button", name="Näita").click()
    page.wait_for_url(re.compile(r"as_of=2024-12-19"))
    hints = page.get_by_role("region", name="Varajased hoiatused")
    assert "jäänud 12 päeva" in hints.inner_text()
    assert_accessible(page)


def test_report_download(advisor, tmp_path):
    page = advisor
    page.goto("/monitoring/2024/report/")
    assert_accessible(page)
    page.get_by_label("Vorming").select_option("xlsx")
    page.get_by_role("button", name="Koosta fail").click()
    page.wait_for_url(re.compile(r"/monitoring/reports/\d+/$"))
    page.get_by_text("Fail on valmis.").wait_for()
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile(r"Laadi alla tegevuskava-2024-aruanne\.xlsx")).click()
    path = tmp_path / "aruanne.xlsx"
    download_info.value.save_as(path)
    book = load_workbook(path)
    indicators = {row[1]: row[4:6] for row in book["Näitajad"].iter_rows(min_row=2, values_only=True)}
    assert indicators["Korraldatud infopäevade arv"] == (3, 2)


def test_partner_sees_its_own_part(member, signed_in, scenario):
    page = signed_in(member("tartu", "coordinator"))
    page.goto("/monitoring/2024/")
    assert "Loetakse ainult Teie osapoole kirjeid" in page.get_by_role("main").inner_text()
    page.goto("/monitoring/2024/report/")
    main = page.get_by_role("main").inner_text()
    assert "2.1 3.5.2.1" in main and "1.1 3.5.1.3" not in main
    page.get_by_role("link", name=re.compile("Selgita selle tegevuse kõrvalekaldeid")).click()
    page.get_by_label("Kõrvalekallete selgitus").fill("Klubid toimusid plaanipäraselt.")
    page.get_by_role("button", name="Salvesta").click()
    page.wait_for_url(re.compile(r"/monitoring/2024/report/"))
    assert "Klubid toimusid plaanipäraselt." in page.get_by_role("main").inner_text()
    assert_accessible(page)
    page.goto("/monitoring/2024/participation/")
    assert_accessible(page)
