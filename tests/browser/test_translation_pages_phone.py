"""The translate pages and the translation-file (XLIFF/PO) pages as the Tartu coordinator who uses them
(polish): at 390 px the document never scrolls sideways, at 390 px and at 1280 px axe-core finds no
serious violation, and a file in the wrong language is refused with the languages named in words.
The every-page walk leaves out URLs with "export" in them, so the exchange pages were not walked.

With LOIM_SHOTS=DIR set, full-page screenshots of every state go to DIR (to look at them)."""

import os
import re
from pathlib import Path

import pytest

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
    return service, event, user


REFUSED = {
    "et": ("Impordi", "Faili sihtkeel on vene keel, valitud sihtkeel aga inglise keel."),
    "en": ("Import", "The file's target language is Russian, but the language chosen is English."),
}


@pytest.mark.parametrize("ui", ["et", "en"])
def test_translate_and_exchange_pages_fit_a_phone(ui, browser, live_server, tartu, tmp_path):
    from django.conf import settings
    from django.test import Client

    service, event, user = tartu
    context = browser.new_context(
        base_url=live_server.url, locale={"et": "et-EE", "en": "en-GB"}[ui], timezone_id="Europe/Tallinn"
    )
    context.set_default_timeout(15_000)
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    try:
        walk(context.new_page(), ui, service, event, tmp_path)
    finally:
        context.close()  # also when the walk fails: no live-server thread kept on a keep-alive socket


def walk(page, ui, service, event, tmp_path) -> None:
    page.goto(f"/services/{service.pk}/translate/en/")
    assert page.locator("html").get_attribute("lang") == ui
    check(page, f"{ui}-service-translate-en")
    page.goto(f"/events/{event.pk}/translate/ru/")
    check(page, f"{ui}-event-translate-ru")

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

    page.goto("/events/translations/export/")
    check(page, f"{ui}-event-exchange")
    assert not re.search(r"[„“]\s*(en|ru|uk)\s*[“”]", page.locator("main").inner_text())
