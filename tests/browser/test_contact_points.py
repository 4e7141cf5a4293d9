"""A partner's coordinator keeps the municipality's contact point in a browser: from the staff menu
to the edit page, then its Russian translation, and the Russian public page shows it (expected text
written out by hand); axe on each page."""

import re

from tests.browser.conftest import assert_accessible
from tests.factories import make_member


def test_a_coordinator_edits_the_contact_point_and_the_russian_page_shows_it(signed_in, programme):
    page = signed_in(make_member(programme["tartu"], "coordinator"))
    page.set_default_timeout(60_000)  # a shared machine: the staff home page can take a while under load
    page.goto("/")
    page.get_by_role("link", name="Kontaktpunktid").click()
    page.wait_for_url(re.compile(r"/portal/contact-points/$"))
    assert_accessible(page)
    page.get_by_role("link", name="Tartu Linnavalitsus").click()
    page.wait_for_url(re.compile(r"/portal/contact-points/tartu/$"))
    page.get_by_label("Aadress").fill("Raekoja plats 1, 51004 Tartu")
    page.get_by_label("Lahtiolekuajad (eesti keeles)").fill("E–N 9.00–17.00\nR 9.00–14.00")
    page.get_by_label("eesti keel", exact=True).check()
    page.get_by_label("vene keel", exact=True).check()
    page.get_by_label("Koordinaatori nimi").fill("Kristiina Org")
    page.get_by_label("Koordinaatori töötelefon").fill("+372 5550 2101")
    page.get_by_label("Koordinaatori töö-e-post").fill("kristiina.org@example.ee")
    page.get_by_label("Märkused (eesti keeles, soovi korral)").fill("Raekoda, 2. korrus, tuba 206.")
    assert_accessible(page)
    page.get_by_role("button", name="Salvesta").click()
    page.wait_for_url(re.compile(r"/portal/contact-points/$"))
    assert "Tartu Linnavalitsus: kontaktpunkt on salvestatud" in page.get_by_role("main").inner_text()

    page.locator('a[href="/portal/contact-points/tartu/ru/"]').click()
    page.wait_for_url(re.compile(r"/portal/contact-points/tartu/ru/$"))
    assert_accessible(page)
    page.get_by_label("Lahtiolekuajad").fill("Пн–Чт 9.00–17.00\nПт 9.00–14.00")
    page.get_by_label("Märkused").fill("Ратуша, 2-й этаж, кабинет 206.")
    page.get_by_role("button", name="Salvesta tõlge").click()
    page.wait_for_url(re.compile(r"/portal/contact-points/$"))

    page.goto("/ru/municipalities/tartu/")
    assert page.get_by_role("heading", level=1).inner_text() == "город Тарту"
    contact = page.locator("section.contact-point")
    assert contact.inner_text().split("\n") == [
        "К кому обратиться",
        "Адрес",
        "Raekoja plats 1, 51004 Tartu",
        "Карта (OpenStreetMap)",
        "Часы работы",
        "Пн–Чт 9.00–17.00",
        "Пт 9.00–14.00",
        "Языки общения",
        "эстонский, русский",
        "Координатор",
        "Kristiina Org",
        "Телефон: +372 5550 2101",
        "Эл. почта: kristiina.org@example.ee",
        "",  # the notes are a paragraph of their own below the facts
        "Ратуша, 2-й этаж, кабинет 206.",
    ]
    assert_accessible(page)
