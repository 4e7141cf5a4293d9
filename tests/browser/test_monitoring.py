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
    assert "Veel ei saa öelda" in card.inner_text()  # one year of info days: no pace (issue 11 §2)
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
    assert "Sel perioodil ei lähe arvesse ühtegi üritust." in page.get_by_role("main").inner_text()
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


SHOTS = "var/screenshots"


@pytest.fixture
def programme_2024(event_kinds, programme):
    """The shipped 2024 plan; five partners under agreements, Tallinn with two coordinators and
    Rakvere's post vacant since June; ELVL's info days with Tartu taking part twice."""
    import datetime as dt

    from loim.plans.apps import shipped_plans_dir
    from loim.plans.services import plan_file_import
    from tests.monitoring.builders import make_agreement, make_event, make_position, municipality

    plan_file_import(shipped_plans_dir() / "2024.yaml")
    agreements = {
        slug: make_agreement(programme[slug]) for slug in ("tartu", "tallinn", "rakvere", "saaremaa", "parnu")
    }
    make_position(
        programme["tartu"], dt.date(2023, 3, 1), agreement=agreements["tartu"], title="Kohanemise koordinaator"
    )
    make_position(programme["tallinn"], dt.date(2023, 4, 1), agreement=agreements["tallinn"])
    make_position(programme["tallinn"], dt.date(2024, 1, 22), agreement=agreements["tallinn"])
    make_position(programme["rakvere"], dt.date(2023, 3, 1), dt.date(2024, 6, 14), agreement=agreements["rakvere"])
    make_position(programme["saaremaa"], dt.date(2023, 11, 15), agreement=agreements["saaremaa"])
    make_position(programme["parnu"], dt.date(2024, 2, 1), agreement=agreements["parnu"])
    tartu_m = municipality("Tartu linn")
    elvl = programme["elvl"]
    make_event(elvl, "info_day", dt.date(2024, 2, 15), reach="county", participations=[tartu_m])
    make_event(elvl, "info_day", dt.date(2024, 5, 20), reach="county", participations=[tartu_m])
    make_event(elvl, "info_day", dt.date(2024, 10, 3), reach="county")


def _shots(page, name, *cards):
    """Whole-page screenshots at 1280 and 390 px (var/screenshots/, not in git), and each card named
    at 390 px, to look at."""
    import pathlib

    pathlib.Path(SHOTS).mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
    for n, card in enumerate(cards):
        card_of(page, card).screenshot(path=f"{SHOTS}/{name}-card{n}-390.png")
    page.set_viewport_size({"width": 1280, "height": 900})


def card_of(page, name):
    return page.get_by_role("article").filter(has=page.get_by_role("heading", name=name, exact=True))


def test_tartu_sees_its_own_truth(member, signed_in, programme_2024):
    page = signed_in(member("tartu", "coordinator"))
    page.goto("/monitoring/2024/?as_of=2024-12-31")
    coordinators = card_of(page, "KOV koordinaatorite arv").inner_text()
    assert "Teie 2024\n1" in coordinators and "Teie sihttase 2024\n1" in coordinators
    assert "täidetud" in coordinators and "ohus" not in coordinators and "−80" not in coordinators
    info = card_of(page, "Korraldatud infopäevade arv").inner_text()
    assert "Selle indikaatori eest vastutab ELVL." in info
    assert "Teie KOV osales 2024. aastal 2 korda." in info
    assert "Hinnang" not in info and "%" not in info
    assert_accessible(page)
    _shots(page, "dashboard-tartu", "KOV koordinaatorite arv", "Korraldatud infopäevade arv")


def test_elvl_sees_the_programme_with_each_partys_part(member, signed_in, programme_2024):
    page = signed_in(member("elvl", "coordinator"))
    page.goto("/monitoring/2024/?as_of=2024-12-31")
    card = card_of(page, "KOV koordinaatorite arv")
    text = card.inner_text()
    assert "5 ametikohta" in text and "KOV-e, kus on koordinaator: 4 / 5" in text
    assert "Vaba ametikoht: Rakvere LV" in text
    parts = card.get_by_role("table", name=re.compile("Osapoolte osa 2024. aastal"))
    assert "Rakvere LV\t0\t1\tvaba, täitmata" in parts.inner_text()
    assert "Tallinna LV\t1\t1\ttäidetud" in parts.inner_text()
    assert card.locator("svg.trend-chart").count() == 1
    assert card.get_by_role("table", name="Aastate kaupa").count() == 1
    assert_accessible(page)
    _shots(page, "dashboard-elvl", "KOV koordinaatorite arv", "Korraldatud infopäevade arv")
    card.get_by_role("link", name=re.compile("näita selle arvu aluseks olevaid kirjeid")).click()
    page.wait_for_url(re.compile(r"/indicators/kov-coordinators/"))
    assert "Vaba ametikoht: Rakvere LV" in page.get_by_role("main").inner_text()
    assert_accessible(page)
    _shots(page, "drill-coordinators-elvl")
