"""The service catalogue in the API (issue 13): filters as on the list page, translations per
language, writes through the service layer (400 naming the field, nothing written), versions, and
another party's service out of reach."""

import datetime as dt

import pytest
from django.utils import timezone

from loim.places.models import County, Municipality
from loim.services.models import Service
from loim.services.services import TextInput, translation_save
from tests.inquiries.helpers import topic
from tests.queries import page_queries
from tests.services.helpers import make_service, provider

URL = "/api/v1/services/"


@pytest.fixture
def tartu_api(client, member):
    client.force_login(member("tartu"))
    return client


@pytest.fixture
def places(programme):
    return {
        "tartu": Municipality.objects.get(ehak_code="0793"),
        "parnu": Municipality.objects.get(ehak_code="0624"),
        "tartumaa": County.objects.get(ehak_code="0079"),
    }


def names(response):
    assert response.status_code == 200, response.content
    return sorted(row["name"] for row in response.json()["results"])


def test_list_filters_as_the_catalogue_page(tartu_api, programme, places):
    bus = topic("bus-card")
    make_service(programme["elvl"], name="Riiklik", topics=[bus])
    make_service(programme["tartu"], name="Tartumaa oma", area="county", county=places["tartumaa"])
    make_service(programme["parnu"], name="Pärnu oma", area="municipalities", municipalities=[places["parnu"]])
    assert names(tartu_api.get(URL)) == ["Pärnu oma", "Riiklik", "Tartumaa oma"]  # a shared catalogue
    # Tartu linn: the national one and its county's, not Pärnu's
    assert names(tartu_api.get(URL, {"municipality": "0793"})) == ["Riiklik", "Tartumaa oma"]
    assert names(tartu_api.get(URL, {"municipality": "0624"})) == ["Pärnu oma", "Riiklik"]
    assert names(tartu_api.get(URL, {"topic": "bus-card"})) == ["Riiklik"]
    for name, value in [("topic", "no-such"), ("municipality", "9999"), ("provider", "x")]:
        response = tartu_api.get(URL, {name: value})
        assert response.status_code == 400 and name in response.json(), (name, response.content)


def test_detail_reads_the_translations_per_language(tartu_api, programme):
    service = make_service(programme["parnu"], name="Bussikaart", languages=["et", "ru"])
    translation_save(
        service=service,
        language="ru",
        text=TextInput(name="Проездная карта", summary="Карта."),
        made_from=service.source_version,
    )
    translation_save(
        service=service,
        language="en",
        text=TextInput(name="Bus card", summary="A card."),
        made_from=service.source_version,
        machine_made=True,
    )
    body = tartu_api.get(f"{URL}{service.pk}/").json()
    assert body["translation_status"] == {"en": "machine", "ru": "up_to_date", "uk": "missing"}
    assert {t["language"]: t["name"] for t in body["translations"]} == {"en": "Bus card", "ru": "Проездная карта"}
    assert body["party"] == "parnu" and body["languages"] == ["et", "ru"]
    only_ru = tartu_api.get(f"{URL}{service.pk}/", {"language": "ru"}).json()
    assert [(t["language"], t["status"], t["summary"]) for t in only_ru["translations"]] == [
        ("ru", "up_to_date", "Карта.")
    ]
    response = tartu_api.get(f"{URL}{service.pk}/", {"language": "fi"})
    assert response.status_code == 400 and "language" in response.json()


def test_create_goes_through_the_service_layer(tartu_api, programme, places):
    org = provider(programme["tartu"], "Tartu Linnavalitsus")
    payload = {
        "party": "tartu",
        "provider": org.pk,
        "name": "Elukoha registreerimine",
        "summary": "Registreerige oma elukoht.",
        "area": "municipalities",
        "municipalities": ["0793"],
        "topics": ["residence-registration"],
        "languages": ["et", "en"],
        "links": ["https://www.tartu.ee/elukoht"],
    }
    response = tartu_api.post(URL, payload, content_type="application/json")
    assert response.status_code == 201, response.content
    service = Service.objects.get(name="Elukoha registreerimine")
    assert service.party == programme["tartu"] and service.confirmed_on == timezone.localdate()
    assert list(service.municipalities.all()) == [places["tartu"]]
    assert response.json()["municipalities"] == ["0793"] and response.json()["version"] == service.version


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"summary": ""}, "summary"),
        ({"provider": None}, "provider"),
        ({"area": "county"}, "county"),  # a county's service without its county
        ({"area": "municipalities"}, "municipalities"),  # without municipalities
        ({"area": "planet"}, "area"),
        ({"county": "9999"}, "county"),  # no such county
        ({"links": ["ftp://example.ee"]}, "links"),
        ({"languages": ["fi"]}, "languages"),
        ({"phone": "helistage"}, "phone"),
        ({"topics": ["no-such"]}, "topics"),
        ({"name": "x" * 201}, "name"),
    ],
)
def test_bad_input_is_refused_naming_the_field(tartu_api, programme, change, field):
    org = provider(programme["tartu"])
    payload = {"party": "tartu", "provider": org.pk, "name": "Teenus", "summary": "Kirjeldus.", **change}
    response = tartu_api.post(URL, payload, content_type="application/json")
    assert response.status_code == 400 and field in response.json(), response.content
    assert not Service.objects.exists()


def test_a_merged_provider_is_refused(tartu_api, programme):
    kept = provider(programme["tartu"], "Alles")
    merged = provider(programme["tartu"], "Liidetud")
    merged.merged_into = kept
    merged.save()
    payload = {"party": "tartu", "provider": merged.pk, "name": "Teenus", "summary": "Kirjeldus."}
    response = tartu_api.post(URL, payload, content_type="application/json")
    assert response.status_code == 400 and "provider" in response.json()


def test_another_partys_service_is_read_not_written(tartu_api, programme):
    other = make_service(programme["parnu"], name="Pärnu teenus")
    response = tartu_api.post(
        URL,
        {"party": "parnu", "provider": other.provider_id, "name": "Ülevõetud", "summary": "x"},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert tartu_api.get(f"{URL}{other.pk}/").status_code == 200  # the catalogue is shared
    response = tartu_api.patch(
        f"{URL}{other.pk}/", {"name": "Muudetud"}, content_type="application/json", HTTP_IF_MATCH=f'"{other.version}"'
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.name == "Pärnu teenus"


def test_update_needs_the_version_and_outdates_the_translations(tartu_api, programme):
    service = make_service(programme["tartu"], name="Bussikaart")
    translation_save(
        service=service, language="ru", text=TextInput(name="Карта", summary="Карта."), made_from=service.source_version
    )
    detail = f"{URL}{service.pk}/"
    assert tartu_api.patch(detail, {"name": "Uus"}, content_type="application/json").status_code == 428
    stale = tartu_api.patch(
        detail, {"name": "Uus"}, content_type="application/json", HTTP_IF_MATCH=f'"{service.version + 1}"'
    )
    assert stale.status_code == 412
    Service.objects.filter(pk=service.pk).update(confirmed_on=dt.date(2020, 1, 1))
    response = tartu_api.patch(
        detail, {"steps": "Uus samm."}, content_type="application/json", HTTP_IF_MATCH=f'"{service.version}"'
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["name"] == "Bussikaart" and body["steps"] == "Uus samm."  # PATCH keeps what it does not name
    assert body["translation_status"]["ru"] == "outdated"  # the Estonian text changed: version 1 → 2
    assert body["source_version"] == 2 and body["confirmed_on"] == timezone.localdate().isoformat()
    refused = tartu_api.patch(
        detail, {"party": "parnu"}, content_type="application/json", HTTP_IF_MATCH=f'"{body["version"]}"'
    )
    assert refused.status_code in (400, 404)
    assert Service.objects.get(pk=service.pk).party == programme["tartu"]


def test_list_queries_do_not_grow_with_services(tartu_api, programme, places):
    make_service(programme["tartu"], topics=[topic("bus-card")])

    def count():
        response, queries = page_queries(tartu_api, URL)
        assert response.status_code == 200
        return queries

    count()
    small = count()
    for _ in range(5):
        service = make_service(
            programme["parnu"],
            area="municipalities",
            municipalities=[places["parnu"]],
            topics=[topic("housing"), topic("bus-card")],
        )
        translation_save(
            service=service, language="en", text=TextInput(name="S", summary="S."), made_from=service.source_version
        )
    assert count() == small
