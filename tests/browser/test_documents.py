"""ELVL publishes a guidance material with an English translation, uploads a new version of the
source and sees the translation marked outdated on both pages (issue 12, the platform)."""

import re

from loim.network.models import Document
from tests.browser.conftest import assert_accessible

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name):
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF}


def test_elvl_publishes_guidance_with_a_translation_and_a_new_version_makes_it_outdated(page, signed_in, member):
    signed_in(member("elvl", "coordinator"))
    page.goto("/network/networks/")
    page.get_by_role("link", name="Võrgustike dokumendid").click()
    page.wait_for_url(re.compile(r"/network/documents/$"))
    page.get_by_role("link", name="Avalda dokument").click()
    assert_accessible(page)
    page.locator("#id_kind").select_option("guidance")
    page.locator("#id_title").fill("Juhend: kohanemisprogramm")
    page.locator("#id_language").select_option("et")
    page.locator("#id_visibility").select_option("all_networks")
    page.locator("#id_tags").fill("kohanemisprogramm, infopäev")
    page.locator("#id_file").set_input_files(pdf("juhend.pdf"))
    page.get_by_role("button", name="Salvesta").click()
    page.wait_for_url(re.compile(r"/network/documents/\d+/$"))
    source = Document.objects.get(title="Juhend: kohanemisprogramm")

    page.get_by_role("link", name="Lisa tõlge").click()
    page.locator("#id_title").fill("Guide: the adaptation programme")
    page.locator("#id_language").select_option("en")
    page.locator("#id_file").set_input_files(pdf("guide.pdf"))
    page.get_by_role("button", name="Salvesta").click()
    page.wait_for_url(re.compile(r"/network/documents/\d+/$"))
    english = source.translations.get()
    assert "aegunud" not in page.locator("main").inner_text()

    page.goto(f"/network/documents/{source.pk}/")
    page.get_by_role("link", name="Laadi üles uus versioon").click()
    assert_accessible(page)
    page.locator("#id_file").set_input_files(pdf("juhend-2.pdf"))
    page.locator("#id_note").fill("Uued kontaktid")
    page.get_by_role("button", name="Salvesta").click()
    page.wait_for_url(re.compile(rf"/network/documents/{source.pk}/$"))
    assert "tõlge on aegunud" in page.locator("main").inner_text()
    assert page.get_by_role("link", name="juhend-2.pdf").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Guide: the adaptation programme").click()
    page.wait_for_url(re.compile(rf"/network/documents/{english.pk}/$"))
    notice = page.get_by_role("status").filter(has_text="See tõlge on aegunud")
    assert "versioonist 1, lähtedokumendil on nüüd versioon 2" in notice.inner_text()
    assert_accessible(page)
