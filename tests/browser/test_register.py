"""The newcomer register in a browser: add a person with consent, find them, export their data,
erase them and check they are gone everywhere; the retention purge, the access log, the counts with
suppression, and axe on every page of the register."""

import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from loim.places.models import Municipality
from loim.register.models import AccessLog, ErasureTombstone, Person
from loim.register.services.people import consent_withdraw
from tests.browser.conftest import assert_accessible
from tests.register.factories import default_purpose, make_event, make_person
from tests.register.traces import find_traces

NAME, EMAIL, PHONE = "Zlata Unikalna", "zlata.unikalna@example.test", "5987 6543"


@pytest.fixture
def coordinator(member, signed_in, programme):
    default_purpose(programme["saaremaa"])
    return signed_in(member("saaremaa", "coordinator", register_access=True))


def test_add_find_export_and_erase_a_person(coordinator, programme):
    page = coordinator
    page.goto("/register/")
    assert_accessible(page)
    page.get_by_role("link", name="Lisa isik").first.click()
    page.wait_for_url(re.compile(r"/register/people/add/"))
    assert_accessible(page)
    page.get_by_label(re.compile("^Nimi:?$")).fill(NAME)
    page.get_by_role("checkbox", name="ukraina").check()
    page.get_by_label(re.compile("^Telefon:?$")).fill(PHONE)
    page.get_by_label(re.compile("^E-post:?$")).fill(EMAIL)
    page.get_by_label("Sihtrühm").select_option("newcomer")
    page.get_by_label("Elukoha omavalitsus").select_option(label="Saaremaa vald (Saare maakond)")
    page.get_by_label("Asustusüksus").fill("Orissaare")
    page.get_by_label("Eesmärk").select_option(label="Teave ürituste ja teenuste kohta")
    page.get_by_label("Nõusoleku tekst").select_option(index=1)
    page.get_by_label("Antud").fill(dt.date.today().isoformat())
    page.get_by_label("Kuidas anti").select_option("paper")
    page.get_by_role("button", name="Lisa registrisse").click()
    page.wait_for_url(re.compile(r"/register/people/\d+/$"))
    assert NAME not in page.url and "Zlata" not in page.title()
    main = page.get_by_role("main").inner_text()
    assert NAME in main and "+37259876543" in main and "Orissaare" in main
    assert_accessible(page)
    person = Person.objects.get()

    page.goto("/register/search/")
    assert_accessible(page)
    page.get_by_label("Nimi, e-post või telefon").fill("zlata")
    page.get_by_label("Milleks vajate isikuandmeid?").select_option(label="Teave ürituste ja teenuste kohta")
    page.locator("main").get_by_role("button", name="Otsi", exact=True).click()  # not the header's search
    results = page.locator("#search-results")
    results.get_by_text(NAME).wait_for()
    assert "/register/search/" in page.url  # the search is a POST: nothing personal in the address
    assert_accessible(page)
    results.get_by_role("link", name=person.reference).click()
    page.wait_for_url(re.compile(rf"/register/people/{person.pk}/$"))

    with page.expect_download() as download:
        page.get_by_role("button", name="Väljavõte kõigest (JSON)").click()
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert data["name"] == NAME and data["email"] == EMAIL
    assert download.value.suggested_filename == f"register-{person.reference}.json"
    with page.expect_download() as download:
        page.get_by_role("button", name="Väljavõte kõigest (PDF)").click()
    pdf = PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert NAME in "".join(p.extract_text() for p in pdf.pages)

    page.get_by_role("link", name="Kustuta", exact=True).click()
    page.wait_for_url(re.compile(rf"/register/people/{person.pk}/erase/$"))
    assert_accessible(page)
    page.get_by_label("isiku taotlus").check()
    page.get_by_label("Saan aru").check()
    page.get_by_role("button", name="Kustuta jäädavalt").click()
    page.wait_for_url(re.compile(r"/register/people/$"))
    assert f"Kirje {person.reference} kustutati" in page.get_by_role("main").inner_text()
    assert_accessible(page)

    assert not Person.objects.exists()
    assert find_traces(NAME, "Unikalna", EMAIL, "+37259876543", "59876543") == []
    assert ErasureTombstone.objects.count() == 1
    page.goto("/register/search/")
    page.get_by_label("Nimi, e-post või telefon").fill("zlata")
    page.get_by_label("Milleks vajate isikuandmeid?").select_option("accuracy")
    page.locator("main").get_by_role("button", name="Otsi", exact=True).click()  # not the header's search
    page.locator("#search-results").get_by_text("Leiti 0 isikut").wait_for()


def test_every_page_of_an_open_record_is_accessible(coordinator, programme):
    page = coordinator
    person = make_person(programme["saaremaa"], name="Ivan Petrenko")
    page.goto(f"/register/people/{person.pk}/")
    assert "Ivan Petrenko" not in page.get_by_role("main").inner_text()
    assert_accessible(page)
    page.get_by_label("Milleks vajate isikuandmeid?").select_option("subject_request")
    page.get_by_role("button", name="Ava kirje").click()
    page.get_by_role("heading", name="Isikuandmed").wait_for()
    assert_accessible(page)
    for path, heading in [
        ("edit/", f"Kirje {person.reference} parandamine"),
        ("consents/add/", f"Kirje {person.reference} nõusolek"),
        ("contacts/add/", f"Ühenduse võtmine, kirje {person.reference}"),
        ("inquiries/add/", f"Seo pöördumine kirjega {person.reference}"),
    ]:
        page.goto(f"/register/people/{person.pk}/{path}")
        assert page.get_by_role("heading", level=1).inner_text() == heading
        assert_accessible(page)
    page.goto(f"/register/people/{person.pk}/contacts/add/")
    page.get_by_label("Kanal").select_option("phone")
    page.get_by_label("Eesmärk").select_option(index=1)
    page.get_by_role("button", name="Kanna ühendus sisse").click()
    page.wait_for_url(re.compile(rf"/register/people/{person.pk}/$"))
    assert "telefonikõne" in page.get_by_role("main").inner_text()
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=re.compile("Kanna tagasivõtmine sisse")).click()
    page.get_by_text("Isikul ei ole enam kehtivat nõusolekut").wait_for()
    assert_accessible(page)
    # logged: the record shown three times and the correction form, which shows the data
    assert AccessLog.objects.filter(person=person, action="view").count() == 4


def test_register_lists_and_settings_pages_are_accessible(coordinator, programme):
    page = coordinator
    make_person(programme["saaremaa"])
    for path, heading in [
        ("/register/people/", "Kirjed"),
        ("/register/invitations/", "Kutse kontaktnimekiri"),
        ("/register/import/", "Impordi isikud"),
        ("/register/purposes/", "Töötlemise eesmärgid"),
        ("/register/purposes/add/", "Lisa eesmärk"),
        ("/register/settings/", "Säilitamise seaded"),
        ("/register/processing-record/", "Isikuandmete töötlemise toimingute register"),
        ("/register/counts/", "Isikustamata koondarvud"),
    ]:
        page.goto(path)
        assert page.get_by_role("heading", level=1).inner_text() == heading
        assert_accessible(page)
    page.goto("/register/invitations/")
    page.get_by_label("Eesmärk").select_option(label="Teave ürituste ja teenuste kohta")
    page.get_by_label("e-postiga").check()
    page.get_by_role("button", name="Loe kokku").click()
    page.get_by_text("Nimekirja tuleks 1 isik.").wait_for()
    assert_accessible(page)
    page.goto("/register/import/")
    page.get_by_label("CSV- või XLSX-fail").set_input_files(
        files=[{"name": "people.csv", "mimeType": "text/csv", "buffer": b"name;isikukood\nA;1\n"}]
    )
    page.get_by_role("button", name="Kontrolli faili").click()
    page.get_by_text("Midagi ei imporditud").wait_for()
    assert "isikukood" in page.get_by_role("alert").first.inner_text()
    assert_accessible(page)

    # A good file (XLSX), listed on the page, then undone: its people are erased.
    page.get_by_label("CSV- või XLSX-fail").set_input_files(
        files=[{"name": "inimesed.xlsx", "mimeType": "application/octet-stream", "buffer": _people_xlsx()}]
    )
    page.get_by_role("button", name="Kontrolli faili").click()
    expect(page.locator("#import-result")).to_contain_text("lisab 1 isiku")
    assert_accessible(page)
    page.get_by_role("button", name="Impordi 1 isik").click()
    page.get_by_text("Registrisse lisati 1 isik.").wait_for()
    page.goto("/register/import/")
    assert "inimesed.xlsx" in page.get_by_role("table", name="Imporditud failid").inner_text()
    assert_accessible(page)
    page.get_by_role("link", name="Tühista faili inimesed.xlsx import").click()
    assert_accessible(page)
    page.get_by_role("button", name="Tühista import").click()
    page.get_by_text("Import tühistati: kustutati 1 isik.").wait_for()
    assert not Person.objects.filter(name="Xlsx Imporditud").exists()


def _people_xlsx() -> bytes:
    from openpyxl import Workbook

    from loim.register.services.imports import REQUIRED

    workbook = Workbook()
    sheet = workbook.active
    sheet.append([*REQUIRED, "phone"])
    given = dt.date.today() - dt.timedelta(days=1)
    sheet.append(
        ["Xlsx Imporditud", "ru", "newcomer", "Teave ürituste ja teenuste kohta", "2024-1", given, "paper", "5123 9876"]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_retention_purge_from_the_page(coordinator, programme):
    page = coordinator
    person = make_person(programme["saaremaa"], name="Vera Withdrawn")
    consent_withdraw(consent=person.consents.get())
    page.goto("/register/retention/")
    assert_accessible(page)
    assert "Vera" not in page.get_by_role("main").inner_text()
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Kustuta aegunud andmed kohe").click()
    page.get_by_text("Aegunud andmete kustutamine käivitati.").wait_for()
    assert "nõusolek võeti tagasi või lõppes" in page.get_by_role("main").inner_text()
    assert not Person.objects.exists()
    assert find_traces("Vera Withdrawn") == []
    assert_accessible(page)


def test_the_data_protection_contact_reads_the_access_log(member, signed_in, programme):
    saaremaa = programme["saaremaa"]
    coordinator = member("saaremaa", "coordinator", register_access=True)
    person = make_person(saaremaa, name="Ivan Petrenko")
    from loim.register.access import SUBJECT_REQUEST, log_access

    log_access(actor=coordinator, people=[person], action="view", why=SUBJECT_REQUEST)
    page = signed_in(member("saaremaa", "viewer", data_protection_contact=True))
    page.goto("/register/access-log/")
    main = page.get_by_role("main").inner_text()
    assert person.reference in main and "avas kirje" in main and "isiku enda taotlus" in main
    assert "Ivan Petrenko" not in main
    assert_accessible(page)
    page.get_by_label("Kirje number").fill("R-999999")
    page.get_by_role("button", name="Filtreeri").click()
    page.get_by_text("Midagi ei ole veel loetud.").wait_for()


def test_county_counts_hide_small_cells(member, signed_in, programme):
    rakvere = programme["rakvere"]
    for name, group, n in [
        ("Rakvere linn", "newcomer", 7),
        ("Rakvere linn", "returnee", 3),
        ("Tapa vald", "newcomer", 5),
        ("Tapa vald", "returnee", 5),
    ]:
        for _ in range(n):
            make_person(rakvere, municipality=Municipality.objects.get(name=name), target_group=group)
    page = signed_in(member("rakvere", "viewer"))
    page.goto("/register/counts/")
    table = page.get_by_role("table")
    row = table.get_by_role("row", name=re.compile("^Rakvere linn"))
    assert "x" in row.inner_text().split()
    assert "varjatud" in row.inner_text()  # read out to screen readers
    assert page.get_by_role("row", name=re.compile("^Kokku")).inner_text().split()[-1] == "20"
    assert_accessible(page)
    assert page.goto("/register/people/").status == 404


def test_named_attendance_page(coordinator, programme):
    page = coordinator
    saaremaa = programme["saaremaa"]
    event = make_event(saaremaa, title="Keelekohvik Kuressaares")
    make_person(saaremaa, name="Ivan Petrenko")
    page.goto(f"/register/events/{event.pk}/attendance/")
    assert_accessible(page)
    page.get_by_label("Milleks vajate isikuandmeid?").select_option(label="Teave ürituste ja teenuste kohta")
    page.get_by_role("button", name="Ava nimekiri").click()
    page.get_by_label("Nimi, e-post või telefon").fill("ivan")
    page.locator("main").get_by_role("button", name="Otsi", exact=True).click()  # not the header's search
    page.get_by_role("button", name=re.compile("^Osales")).click()
    page.get_by_text("lisati osalejate nimekirja").wait_for()
    assert "Ivan Petrenko" in page.get_by_role("table").first.inner_text()
    assert_accessible(page)
