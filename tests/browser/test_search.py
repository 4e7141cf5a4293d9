"""Issue 12's "done when": a member finds a document by a word inside its uploaded PDF; an outsider (a
user of another partner, for a network-only document) does not. The search page is checked with axe,
and at a phone's width (390 px) it does not scroll sideways."""

import datetime as dt
import re

import weasyprint

from loim.network.models import Document, Network
from tests.browser.conftest import assert_accessible
from tests.browser.test_every_page import OVERFLOW

WORD = "Kassiopeia"


def minutes_pdf():
    html = f"<h1>Protokoll</h1><p>Arutati tähistaeva õhtut: {WORD} ja teised tähtkujud raamatukogus.</p>"
    return {"name": "protokoll.pdf", "mimeType": "application/pdf", "buffer": weasyprint.HTML(string=html).write_pdf()}


def search_from_the_header(page, text):
    page.goto("/")
    page.get_by_role("search").get_by_role("searchbox", name="Otsing").fill(text)
    page.get_by_role("search").get_by_role("button", name="Otsi").click()
    page.wait_for_url(re.compile(r"/search/\?q="))


def test_a_member_finds_minutes_by_a_word_in_the_pdf_and_an_outsider_does_not(page, signed_in, member, programme):
    Network.objects.create(
        party=programme["tartu"], name="Tartu koostöövõrgustik", kind="local", founded_on=dt.date(2024, 1, 1)
    )
    signed_in(member("tartu", "coordinator"))
    page.goto("/network/documents/new/")
    page.locator("#id_kind").select_option("minutes")
    page.locator("#id_title").fill("Võrgustiku kohtumise protokoll")
    page.locator("#id_language").select_option("et")
    page.locator("#id_visibility").select_option("network")
    page.locator("#id_network").select_option(label="Tartu koostöövõrgustik")
    page.locator("#id_file").set_input_files(minutes_pdf())
    page.get_by_role("button", name="Salvesta").click()
    page.wait_for_url(re.compile(r"/network/documents/\d+/$"))
    assert "tekst loetud" in page.locator("main").inner_text()  # the editor sees the extraction's state
    document = Document.objects.get(title="Võrgustiku kohtumise protokoll")

    search_from_the_header(page, WORD.lower())
    status = page.get_by_role("status").filter(has_text="tulemus")
    assert status.inner_text().strip() == "1 tulemus."
    results = page.get_by_role("region", name="Dokumendid (1)")
    assert results.get_by_role("link", name="Võrgustiku kohtumise protokoll").get_attribute("href") == (
        f"/network/documents/{document.pk}/"
    )
    assert results.locator("mark").inner_text() == WORD
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 800})
    assert page.evaluate(OVERFLOW) == []

    page.context.clear_cookies()
    signed_in(member("parnu", "coordinator"))
    search_from_the_header(page, WORD)
    assert page.get_by_role("status").filter(has_text="Midagi ei leitud").is_visible()
    assert "Võrgustiku kohtumise protokoll" not in page.locator("main").inner_text()
    assert_accessible(page)


def test_a_too_short_query_is_explained_on_the_page(page, signed_in, member):
    signed_in(member("tartu", "viewer"))
    page.goto("/search/?q=a")
    assert "vähemalt 2 tähte" in page.get_by_role("status").filter(has_text="Kirjutage").inner_text()
    assert page.get_by_role("searchbox", name="Otsitavad sõnad").get_attribute("aria-invalid") == "true"
    assert_accessible(page)
