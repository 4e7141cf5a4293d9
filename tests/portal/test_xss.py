"""Stored XSS: every text field the portal shows holds a script probe, and every portal page,
the feed and the sitemap are rendered: the probe never comes out as markup."""

import datetime as dt

from django.utils import timezone

from loim.network.models import Contact, Organisation
from loim.portal.contact_points import (
    ContactPointInput,
    ContactPointTextInput,
    contact_point_save,
    contact_point_translation_save,
)
from loim.services.models import TEXT_FIELDS, Area
from loim.services.services import TextInput, service_create, translation_save
from tests.events.helpers import make_event
from tests.network.search_data import document
from tests.portal.helpers import tartu
from tests.services.helpers import provider, service_input

PROBE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def probed(name: str) -> str:
    return f"{name}{PROBE}"


def test_no_portal_page_outputs_stored_markup(client, programme):
    party = programme["tartu"]
    department = Organisation.objects.create(
        party=party, name=probed("osakond"), kind="municipal", website="https://example.ee/?q=<script>"
    )
    department.municipalities.add(party.municipality)
    Contact.objects.create(party=party, organisation=department, name=probed("nimi"), role=probed("koordinaator"))
    text = TextInput(**{name: probed(name) for name in TEXT_FIELDS})
    data = service_input(
        provider(party), text=text, area=Area.MUNICIPALITIES, municipalities=[tartu()], address=probed("Riia 1")
    )
    service = service_create(party=party, data=data)
    unit = provider(party, "Tartu Linnavalitsus, " + probed("üksus"))  # named as the party, the unit kept
    service_create(party=party, data=service_input(unit, area=Area.MUNICIPALITIES, municipalities=[tartu()]))
    journey, stage = _journey(party, service)
    translation_save(
        service=service,
        language="ru",
        text=TextInput(name=probed("имя"), summary=probed("описание"), steps=probed("шаг")),
        made_from=service.source_version,
    )
    soon = timezone.localdate() + dt.timedelta(days=3)
    event = make_event(
        party,
        title=probed("üritus"),
        description=probed("kirjeldus"),
        address=probed("aadress"),
        is_public=True,
        day=soon,
    )
    parnu = programme["parnu"]
    parnu.name_ru = parnu.name_uk = probed("Пярну")
    parnu.save()
    point = contact_point_save(
        party=parnu,
        data=ContactPointInput(
            address=probed("Suur-Sepa 16"),
            opening_hours=probed("E–R 9–17"),
            coordinator_name=probed("Peeter"),
            coordinator_email="peeter@example.ee",
            notes=probed("märkus"),
        ),
    )
    contact_point_translation_save(
        contact_point=point,
        language="ru",
        text=ContactPointTextInput(opening_hours=probed("Пн–Пт"), notes=probed("заметка")),
        made_from=point.source_version,
    )
    doc = document(party, probed("juhend"), visibility="public")
    doc.description = probed("kirjeldus")
    doc.save()
    pages = []
    for language in ("et", "en", "ru", "uk"):
        pages += [
            f"/{language}/",
            f"/{language}/municipalities/tartu/",
            f"/{language}/municipalities/parnu/",
            f"/{language}/national/",
            f"/{language}/services/{service.pk}/",
            f"/{language}/events/",
            f"/{language}/events/{event.pk}/",
            f"/{language}/search/?q=juhend",
            f"/{language}/search/?q=teekond",  # the journey and its step found
            f"/{language}/journeys/{journey.pk}/",
            f"/{language}/journeys/{journey.pk}/stages/{stage.pk}/",
            f"/{language}/search/?q=%3Cscript%3Ealert",
            f"/{language}/search/?q=" + "x" * 5000,
            f"/{language}/accessibility/",
            f"/{language}/nowhere/%3Cscript%3E/",
        ]
    for address in pages:
        response = client.get(address)
        assert response.status_code in (200, 404), address
        body = response.content.decode()
        assert "<script" not in body, address
        assert "onerror=alert" not in body or "&lt;img" in body, address
    municipality = client.get("/ru/municipalities/tartu/").content.decode()
    assert "&lt;script&gt;" in municipality  # the probe is there, escaped
    parnu_page = client.get("/ru/municipalities/parnu/").content.decode()
    assert "Пн–Пт&lt;script&gt;" in parnu_page and "заметка&lt;script&gt;" in parnu_page
    long_query = client.get("/ru/search/?q=" + "x" * 5000)
    assert long_query.status_code == 200 and "не более 200 знаков" in long_query.content.decode()
    assert client.get("/ru/search/?q=%00abc").status_code == 200
    assert "<script" not in client.get("/sitemap.xml").content.decode()
    search = client.get("/ru/search/?q=teekond").content.decode()
    assert "путь&lt;script&gt;" in search and "текст <mark>teekond</mark>&lt;script&gt;" in search
    assert "шаг&lt;script&gt;" in client.get(f"/ru/journeys/{journey.pk}/").content.decode()


def _journey(party, service):
    from loim.services.journeys import (
        JourneyInput,
        JourneyTextInput,
        StageInput,
        journey_create,
        journey_translation_save,
        journey_update,
        stage_add,
    )

    data = JourneyInput(title=probed("teekond"), intro=probed("sissejuhatus"), municipality=party.municipality)
    journey = journey_create(party=party, data=data)
    stage_add(
        journey=journey,
        data=StageInput(title=probed("samm teekond"), text=probed("sammu tekst teekond"), services=[service]),
    )
    journey.refresh_from_db()
    journey = journey_update(journey=journey, data=JourneyInput(**{**data.__dict__, "status": "published"}))
    journey.refresh_from_db()
    stage = journey.stages.get()
    journey_translation_save(
        journey=journey,
        language="ru",
        text=JourneyTextInput(
            title=probed("путь"), stages={stage.pk: {"title": probed("шаг"), "text": probed("текст teekond")}}
        ),
        made_from=journey.source_version,
    )
    return journey, stage
