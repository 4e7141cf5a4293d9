"""The translate pages and the translation-file (XLIFF/PO) pages as the Tartu coordinator who uses them
(polish): at 390 px the document never scrolls sideways, at 390 px and at 1280 px axe-core finds no
serious violation, and a file in the wrong language is refused with the languages named in words.
The every-page walk leaves out URLs with "export" in them, so the exchange pages were not walked.

With LOIM_SHOTS=DIR set, full-page screenshots of every state go to DIR (to look at them)."""

import os
import re
from pathlib import Path

import pytest

from loim.services.journey_models import JourneyTranslation
from loim.services.journeys import (
    JourneyInput,
    JourneyTextInput,
    StageInput,
    journey_create,
    journey_translation_save,
    stage_add,
    stage_update,
)
from tests.browser.conftest import assert_accessible
from tests.events.helpers import make_event
from tests.services.helpers import make_service

WIDTHS = (390, 1280)
OVERFLOW = "document.documentElement.scrollWidth <= window.innerWidth"


def check(page, name: str) -> None:
    shots = os.environ.get("LOIM_SHOTS")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        if width == 390:
            assert page.evaluate(OVERFLOW), (
                f"{name}: the page is {page.evaluate('document.documentElement.scrollWidth')} px wide at 390 px"
            )
        assert_accessible(page)
        if shots:
            Path(shots).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(shots) / f"{name}-{width}.png"), full_page=True)


@pytest.fixture
def tartu(programme, member):
    user = member("tartu", "coordinator")
    service = make_service(programme["tartu"], user=user, name="Bussikaart")
    event = make_event(programme["tartu"], title="Keelekohvik", description="Räägime eesti keeles.", is_public=True)
    return {"service": service, "event": event, "journey": make_journey(programme["tartu"], user), "user": user}


def make_journey(party, user):
    """Tartu's journey of four stages, as the demo's (data/journeys.yaml) begins. Text versions: 1 at
    creation, 2–5 as the stages are added; English and Russian saved from 5; the bus card's text
    changed (6), English saved again from 6: English up to date, Russian outdated, Ukrainian missing."""
    data = JourneyInput(
        title="Esimesed sammud Tartus",
        intro="Tartusse elama asunud inimese esimesed kuud linnas samm-sammult – millest alustada, kuhu pöörduda "
        "ja millised teenused aitavad.",
        municipality=party.municipality,
    )
    journey = journey_create(party=party, data=data, user=user)
    stages = [
        ("arrival", "Saabumine Tartusse", "Kui olete Tartusse jõudnud, tutvuge linna kohanemisteenustega."),
        ("id_code", "Isikukoodi saamine", "Eesti isikukoodi on vaja peaaegu kõigeks."),
        ("residence", "Elukoha registreerimine", "Registreerige oma elukoht Tartus."),
        ("transport", "Bussikaart", "Isikustatud Ühiskaardiga sõidate Tartu linnaliinidel soodsamalt."),
    ]
    for kind, title, text in stages:
        stage_add(journey=journey, data=StageInput(kind=kind, title=title, text=text), user=user)
    english = ["Arriving in Tartu", "Getting a personal identification code", "Registering your residence", "Bus card"]
    russian = ["Приезд в Тарту", "Получение личного кода", "Регистрация места жительства", "Проездная карта"]

    def translate(language, title, titles):
        journey.refresh_from_db()
        texts = {stage.pk: {"title": t} for stage, t in zip(journey.stages.order_by("position"), titles, strict=True)}
        journey_translation_save(
            journey=journey,
            language=language,
            text=JourneyTextInput(title=title, stages=texts),
            made_from=journey.source_version,
            user=user,
        )

    translate("en", "First steps in Tartu", english)
    translate("ru", "Первые шаги в Тарту", russian)
    bus_card = journey.stages.get(position=4)
    stage_update(
        stage=bus_card,
        data=StageInput(kind="transport", title="Bussikaart", text="Kaardi saate bussijaamast."),
        user=user,
    )
    translate("en", "First steps in Tartu", english)
    journey.refresh_from_db()
    assert journey.source_version == 6
    return journey


REFUSED = {
    "et": ("Impordi", "Faili sihtkeel on vene keel, valitud sihtkeel aga inglise keel."),
    "en": ("Import", "The file's target language is Russian, but the language chosen is English."),
}


def walk_services(page, ui, made, tmp_path) -> None:
    service = made["service"]
    page.goto(f"/services/{service.pk}/translate/en/")
    check(page, f"{ui}-service-translate-en")
    page.goto("/services/translations/export/")
    check(page, f"{ui}-service-exchange")
    russian = tmp_path / "teenused-ru.xlf"
    russian.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" '
        f'version="2.0" srcLang="et" trgLang="ru"><file id="f1"><unit id="service.{service.pk}.v1.name">'
        "<segment><source>Bussikaart</source><target>Проездной</target></segment></unit></file></xliff>",
        encoding="utf-8",
    )
    button, message = REFUSED[ui]
    page.locator("#import_language").select_option("en")
    page.locator("#import_file").set_input_files(str(russian))
    page.get_by_role("button", name=button, exact=True).click()
    page.wait_for_load_state()
    assert message in page.locator("main").inner_text()
    check(page, f"{ui}-service-exchange-refused")


def walk_events(page, ui, made, tmp_path) -> None:
    page.goto(f"/events/{made['event'].pk}/translate/ru/")
    check(page, f"{ui}-event-translate-ru")
    page.goto("/events/translations/export/")
    check(page, f"{ui}-event-exchange")
    assert not re.search(r"[„“]\s*(en|ru|uk)\s*[“”]", page.locator("main").inner_text())


def walk_journeys(page, ui, made, tmp_path) -> None:
    journey = made["journey"]
    page.goto(f"/services/journeys/{journey.pk}/")
    check(page, f"{ui}-journey")
    page.locator(f'a[href$="/services/journeys/{journey.pk}/translate/ru/"]').click()
    page.wait_for_url(f"**/services/journeys/{journey.pk}/translate/ru/")
    check(page, f"{ui}-journey-translate-ru")
    page.goto(f"/services/journeys/{journey.pk}/translate/uk/")
    check(page, f"{ui}-journey-translate-uk")
    page.locator("#id_title").fill("Перші кроки в Тарту")
    page.locator("#id_draft").check()
    page.get_by_role("button", name=SAVE[ui], exact=True).click()
    page.wait_for_url(f"**/services/journeys/{journey.pk}/")
    assert SAVED[ui] in page.locator("#messages").inner_text()
    saved = JourneyTranslation.objects.get(journey=journey, language="uk")
    assert (saved.title, saved.draft, saved.source_version) == ("Перші кроки в Тарту", True, 6)
    check(page, f"{ui}-journey-translated-uk")

    page.goto("/services/translations/")
    check(page, f"{ui}-journey-translator")
    page.goto("/services/translations/export/")
    stale = tmp_path / "teekond-en.xlf"
    stale.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" '
        f'version="2.0" srcLang="et" trgLang="en"><file id="f1"><unit id="journey.{journey.pk}.v5.title">'
        "<segment><source>Esimesed sammud Tartus</source><target>First steps</target></segment></unit>"
        f'<unit id="journey.{journey.pk}.v6.intro"><segment><source>Tartusse</source><target>To Tartu</target>'
        "</segment></unit></file></xliff>",
        encoding="utf-8",
    )
    page.locator("#import_language").select_option("en")
    page.locator("#import_file").set_input_files(str(stale))
    page.get_by_role("button", name=REFUSED[ui][0], exact=True).click()
    page.wait_for_load_state()
    assert STALE[ui].format(pk=journey.pk) in page.locator("main").inner_text()
    check(page, f"{ui}-journey-exchange-refused")


STALE = {
    "et": "Üksus journey.{pk}.v5.title: teekonna „Esimesed sammud Tartus“ eestikeelne tekst on pärast "
    "eksporti muutunud (versioon 5, nüüd 6); eksportige see uuesti.",
    "en": "Unit journey.{pk}.v5.title: the Estonian text of the journey “Esimesed sammud Tartus” changed "
    "since the export (version 5, now 6); export it again.",
}
SAVE = {"et": "Salvesta tõlge", "en": "Save the translation"}
SAVED = {
    "et": "Teekonna „Esimesed sammud Tartus“ tõlge (ukraina keel) salvestati.",
    "en": "The Ukrainian translation of “Esimesed sammud Tartus” was saved.",
}


WALKS = {"services": walk_services, "events": walk_events, "journeys": walk_journeys}


@pytest.mark.parametrize("content", list(WALKS))
@pytest.mark.parametrize("ui", ["et", "en"])
def test_translate_and_exchange_pages_fit_a_phone(ui, content, browser, live_server, tartu, tmp_path):
    from django.conf import settings
    from django.test import Client

    context = browser.new_context(
        base_url=live_server.url, locale={"et": "et-EE", "en": "en-GB"}[ui], timezone_id="Europe/Tallinn"
    )
    context.set_default_timeout(15_000)
    client = Client()
    client.force_login(tartu["user"])
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    page = context.new_page()
    try:
        page.goto("/")
        assert page.locator("html").get_attribute("lang") == ui
        WALKS[content](page, ui, tartu, tmp_path)
    finally:
        context.close()  # also when the walk fails: no live-server thread kept on a keep-alive socket
