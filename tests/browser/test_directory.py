"""An ELVL coordinator adds an organisation with a contact person to the directory; a partner's
coordinator finds it and downloads the contact's vCard. axe checks each page; screenshots at 1280 and
390 px (var/screenshots/, not in git). A coordinator imports a list: preview, confirmation, undo."""

import re
from pathlib import Path

from loim.network.models import Contact, Organisation
from tests.browser.conftest import assert_accessible

SHOTS = "var/screenshots"


def shoot(page, name):
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{SHOTS}/directory-{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_elvl_adds_an_organisation_with_a_contact_and_a_partner_downloads_the_vcard(page, signed_in, member):
    signed_in(member("elvl", "coordinator"))
    page.goto("/")
    page.get_by_role("link", name="Kataloog", exact=True).click()
    page.wait_for_url(re.compile(r"/network/directory/$"))
    page.get_by_role("link", name="Lisa organisatsioon").click()
    assert_accessible(page)
    page.get_by_label("Nimi").fill("Eesti Töötukassa")
    page.get_by_label("Liik").select_option(label="riigiasutus")
    # a wrong check digit first: the message names the field, nothing is saved
    page.get_by_label("Registrikood").fill("70009771")
    page.get_by_role("button", name="Salvesta").click()
    assert "70009771 ei ole kehtiv Eesti registrikood" in page.locator(".field.has-error").inner_text()
    assert not Organisation.objects.exists()
    assert_accessible(page)
    page.get_by_label("Registrikood").fill("70009770")
    page.get_by_label("Teenindatavad omavalitsused").select_option(label="Pärnu linn")
    page.get_by_label("Vene").check()
    page.get_by_label("Veebileht").fill("https://www.tootukassa.ee")
    page.get_by_role("button", name="Salvesta").click()
    page.wait_for_url(re.compile(r"/network/directory/\d+/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Eesti Töötukassa"

    page.get_by_role("link", name="Lisa kontaktisik").click()
    page.get_by_label("Kontaktisiku nimi").fill("Mari Maasikas")
    page.get_by_label("Roll või ametikoht").fill("karjäärinõustaja")
    page.get_by_label("Töö e-post").fill("mari.maasikas@example.ee")
    page.get_by_label("Töötelefon").fill("+372 5555 0101")
    assert_accessible(page)
    page.get_by_role("button", name="Salvesta").click()
    page.wait_for_url(re.compile(r"/network/directory/\d+/$"))
    assert "Mari Maasikas" in page.get_by_role("main").inner_text()
    assert_accessible(page)
    shoot(page, "organisation")

    # a Pärnu coordinator reads it, filtered by the municipality it serves, and takes the vCard
    page.context.clear_cookies()
    signed_in(member("parnu", "coordinator"))
    page.goto("/network/directory/")
    page.get_by_label("Teenindab omavalitsust").select_option(label="Pärnu linn")
    with page.expect_navigation():
        page.get_by_role("button", name="Filtreeri").click()
    assert_accessible(page)
    shoot(page, "list")
    page.get_by_role("link", name="Eesti Töötukassa").click()
    assert "Muuda" not in page.locator(".actions").all_inner_texts()  # ELVL keeps the entry
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile(r"^vCard.*Mari Maasikas")).click()
    download = download_info.value
    text = Path(download.path()).read_bytes().decode("utf-8")  # CRLF kept
    assert text.startswith("BEGIN:VCARD\r\nVERSION:4.0\r\n")
    assert "FN:Mari Maasikas\r\n" in text and "TEL;VALUE=uri;TYPE=work,voice:tel:+372-5555-0101\r\n" in text
    assert download.suggested_filename == "mari-maasikas.vcf"
    assert Contact.objects.get().party.slug == "elvl"


def test_a_coordinator_imports_a_list_after_the_preview_and_undoes_it(page, signed_in, member, tmp_path):
    """Upload → preview (nothing written) → confirm → undo: the two organisations and the contact go."""
    signed_in(member("parnu", "coordinator"))
    upload = tmp_path / "kataloog.csv"
    upload.write_text(
        "name;kind;contact_name\nMTÜ Pärnu Vene Kultuuriselts;minority;Olga Ivanova\nPärnu Keskraamatukogu;library;\n",
        encoding="utf-8",
    )
    page.goto("/network/directory/import/")
    assert_accessible(page)
    page.locator("#id_file").set_input_files(str(upload))
    with page.expect_navigation():
        page.get_by_role("button", name="Kontrolli faili").click()
    assert "Fail on korras" in page.get_by_role("main").inner_text()
    assert "uusi organisatsioone 2, uusi kontaktisikuid 1" in page.locator("#import-result").inner_text()
    assert not Organisation.objects.exists()
    assert_accessible(page)
    shoot(page, "import-preview")
    page.get_by_role("button", name="Impordi", exact=True).click()
    page.wait_for_url(re.compile(r"/network/directory/import/$"))
    assert sorted(Organisation.objects.values_list("name", flat=True)) == [
        "MTÜ Pärnu Vene Kultuuriselts",
        "Pärnu Keskraamatukogu",
    ]
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(r"^Võta import tagasi")).click()
    assert_accessible(page)
    page.get_by_role("button", name="Võta import tagasi").click()
    page.wait_for_url(re.compile(r"/network/directory/import/$"))
    assert "import on tagasi võetud" in page.get_by_role("main").inner_text()
    assert not Organisation.objects.exists() and not Contact.objects.exists()
    assert_accessible(page)
