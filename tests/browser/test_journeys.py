"""Tartu's coordinator builds an adaptation journey for Tartu end to end (issue 13): creates it, adds
three stages, links a service and a public guidance document, moves the last stage up and publishes
it. axe checks every page; at 390 px the journey's page has no sideways overflow."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from loim.network.documents import DocumentInput, document_create
from loim.services.journey_models import Journey
from tests.browser.conftest import assert_accessible
from tests.browser.test_every_page import OVERFLOW
from tests.services.helpers import make_service

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def stage_titles(page) -> list[str]:
    return [t.strip() for t in page.locator(".journey-stage h3").all_inner_texts()]


def save(page, button: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=button, exact=True).click()


def test_tartus_coordinator_builds_and_publishes_a_journey(page, signed_in, member, programme):
    tartu = programme["tartu"]
    make_service(tartu, name="Elukoha registreerimine Tartus")
    data = DocumentInput(kind="guidance", title="Uussisserändaja meelespea", language="et", visibility="public")
    document_create(party=tartu, data=data, upload=SimpleUploadedFile("meelespea.pdf", PDF, "application/pdf"))
    signed_in(member("tartu", "coordinator"))

    page.goto("/services/")
    page.get_by_role("link", name="Kohanemisteekonnad").click()
    page.wait_for_url(re.compile(r"/services/journeys/$"))
    assert_accessible(page)
    page.get_by_role("link", name="Lisa teekond").click()
    assert_accessible(page)
    page.locator("#id_title").fill("Esimesed sammud Tartus")
    page.locator("#id_intro").fill("Tartusse elama asujale: millest alustada ja kuhu pöörduda.")
    assert page.locator("#id_municipality option:checked").inner_text() == "Tartu linn"
    save(page, "Salvesta teekond")
    page.wait_for_url(re.compile(r"/services/journeys/\d+/$"))
    journey = Journey.objects.get(title="Esimesed sammud Tartus")
    assert_accessible(page)

    stages = [
        ("arrival", "Saabumine Tartusse", None),
        ("residence", "Elukoha registreerimine", "Elukoha registreerimine Tartus"),
        ("transport", "Bussikaart", "Uussisserändaja meelespea"),
    ]
    for kind, title, link in stages:
        page.get_by_role("link", name="Lisa etapp").click()
        assert_accessible(page)
        page.locator("#id_kind").select_option(kind)
        page.locator("#id_title").fill(title)
        page.locator("#id_text").fill(f"{title}: mida teha.")
        if link:
            page.get_by_label(re.compile("^" + re.escape(link))).check()
        save(page, "Salvesta etapp")
        page.wait_for_url(re.compile(rf"/services/journeys/{journey.pk}/$"))
    assert stage_titles(page) == [
        "Saabumine Tartusse (saabumine)",
        "Elukoha registreerimine (elukoha registreerimine)",
        "Bussikaart (bussikaart)",
    ]
    main = page.locator("main").inner_text()
    assert "Elukoha registreerimine Tartus" in main and "Uussisserändaja meelespea" in main
    assert_accessible(page)

    save(page, "Liiguta üles etapp Bussikaart")
    assert [t.split(" (")[0] for t in stage_titles(page)] == [
        "Saabumine Tartusse",
        "Bussikaart",
        "Elukoha registreerimine",
    ]
    assert "on nüüd 2. etapp" in page.locator("#messages").inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="Muuda teekonda").click()
    page.wait_for_url(re.compile(rf"/services/journeys/{journey.pk}/edit/$"))
    assert_accessible(page)
    page.get_by_label("avaldatud").check()
    save(page, "Salvesta teekond")
    page.wait_for_url(re.compile(rf"/services/journeys/{journey.pk}/$"))
    assert "A draft" not in page.content() and "Mustand" not in page.locator("main").inner_text()
    journey.refresh_from_db()
    assert journey.status == "published"
    assert [s.title for s in journey.stages.order_by("position")] == [
        "Saabumine Tartusse",
        "Bussikaart",
        "Elukoha registreerimine",
    ]
    assert_accessible(page)

    page.get_by_role("link", name=re.compile("^Tõlgi keelde: inglise")).click()
    assert_accessible(page)

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/services/journeys/{journey.pk}/")
    assert page.evaluate(OVERFLOW) == []
    assert_accessible(page)
