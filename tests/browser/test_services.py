"""Tartu publishes a service in four languages, changes its Estonian text and sees the three
translations marked outdated, exports them to XLIFF 2.0 and imports a translated file back (issue 13)."""

import re
import xml.etree.ElementTree as ET

import defusedxml.ElementTree as SafeET

from loim.core.translation_files import XLIFF_NS
from loim.network.models import Organisation
from loim.services.models import Service
from tests.browser.conftest import assert_accessible

TRANSLATIONS = {
    "en": ("Getting a bus card", "The card for Tartu's city buses."),
    "ru": ("Оформление проездной карты", "Карта для городских автобусов Тарту."),
    "uk": ("Оформлення проїзної картки", "Картка для міських автобусів Тарту."),
}


def statuses(page) -> list[str]:
    rows = page.locator("main table.data").last.locator("tbody tr")
    return [rows.nth(i).locator("td").nth(1).inner_text() for i in range(rows.count())]


def test_a_service_in_four_languages_goes_outdated_and_comes_back_through_xliff(
    page, signed_in, member, programme, tmp_path
):
    Organisation.objects.create(party=programme["tartu"], name="Tartu Linnavalitsus", kind="municipal")
    signed_in(member("tartu", "coordinator"))
    page.goto("/services/")
    assert_accessible(page)
    page.get_by_role("link", name="Lisa teenus").click()
    assert_accessible(page)
    page.locator("#id_provider").select_option(label="Tartu Linnavalitsus")
    page.locator("#id_name").fill("Bussikaardi taotlemine")
    page.locator("#id_summary").fill("Tartu linnaliinide bussikaart.")
    page.locator("#id_steps").fill("Ostke kaart.\nSiduge kaart isikukoodiga.")
    page.locator("#id_cost").fill("2 eurot")
    page.get_by_role("button", name="Salvesta").click()
    page.wait_for_url(re.compile(r"/services/\d+/$"))
    service = Service.objects.get(name="Bussikaardi taotlemine")
    assert statuses(page) == ["puudub"] * 3
    assert_accessible(page)

    for language, (name, summary) in TRANSLATIONS.items():
        page.goto(f"/services/{service.pk}/translate/{language}/")
        assert "Tartu linnaliinide bussikaart." in page.locator(".source-text").inner_text()
        page.locator("#id_name").fill(name)
        page.locator("#id_summary").fill(summary)
        page.get_by_role("button", name="Salvesta tõlge").click()
        page.wait_for_url(re.compile(rf"/services/{service.pk}/$"))
    assert statuses(page) == ["ajakohane"] * 3

    page.get_by_role("link", name="Muuda", exact=True).click()
    page.locator("#id_steps").fill("Ostke kaart bussijaamast.\nSiduge kaart isikukoodiga.")
    page.get_by_role("button", name="Salvesta").click()
    page.wait_for_url(re.compile(rf"/services/{service.pk}/$"))
    assert statuses(page) == ["aegunud"] * 3
    assert_accessible(page)

    page.goto("/services/translations/")
    assert "Bussikaardi taotlemine" in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_role("link", name="Ekspordi tõlkepakett või impordi tõlgitud fail").click()
    assert_accessible(page)
    page.locator("#id_language").select_option("en")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Laadi alla").click()
    exported = tmp_path / "export.xlf"
    download_info.value.save_as(exported)

    root = SafeET.fromstring(exported.read_bytes())
    assert root.get("trgLang") == "en" and root.get("version") == "2.0"
    for segment in root.iter(f"{{{XLIFF_NS}}}segment"):
        source = segment.find(f"{{{XLIFF_NS}}}source")
        segment.find(f"{{{XLIFF_NS}}}target").text = "EN: " + source.text
    translated = tmp_path / "translated.xlf"
    translated.write_bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))

    import_form = page.locator("form[enctype='multipart/form-data']")
    page.locator("#import_language").select_option("en")
    import_form.locator("input[type=file]").set_input_files(str(translated))
    import_form.get_by_role("button", name="Impordi").click()
    page.wait_for_url(re.compile(r"/services/translations/$"))
    assert "salvestati" in page.locator(".message-success, [role=status]").first.inner_text()
    page.goto(f"/services/{service.pk}/")
    assert statuses(page) == ["ajakohane", "aegunud", "aegunud"]
    assert service.translations.get(language="en").steps == "EN: Ostke kaart bussijaamast.\nSiduge kaart isikukoodiga."
