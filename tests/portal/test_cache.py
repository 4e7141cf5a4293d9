"""Whole public pages cached under their address, language and data generation (portal.cache): a hit
costs one query with the generation read each time (the test suite's setting) and none with the
production setting, any write to what the portal reads shows at once (an unsignalled bulk write within
PORTAL_GENERATION_SECONDS in production), and the headers let a browser or a CDN cache and revalidate.
A public response sets no cookie and does not vary on it."""

import time

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from loim.events.models import Event
from loim.services.models import Service
from tests.portal.helpers import contact_point, content


@pytest.fixture
def things(programme):
    contact_point(programme["tartu"])
    return content(programme)


PAGES = ["/ru/", "/ru/municipalities/tartu/", "/uk/national/", "/en/events/", "/et/accessibility/"]


@pytest.mark.parametrize("address", PAGES)
def test_with_the_generation_read_each_time_a_cached_hit_costs_one_query(client, things, address):
    first = client.get(address)
    assert first.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        again = client.get(address)
    assert again.content == first.content
    assert len(queries) == 1, [q["sql"] for q in queries]
    assert "core_datageneration" in queries[0]["sql"]


def test_the_service_page_costs_a_constant_number_of_queries(client, things):
    with CaptureQueriesContext(connection) as queries:
        client.get("/ru/municipalities/tartu/")
    computed = len(queries)
    from loim.services.models import Area
    from tests.portal.helpers import tartu
    from tests.services.helpers import make_service

    for n in range(3):
        make_service(
            things["service"].party, name=f"Lisateenus {n}", area=Area.MUNICIPALITIES, municipalities=[tartu()]
        )
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/ru/municipalities/tartu/").content.decode()
    assert "Lisateenus 2" in page
    assert len(queries) == computed  # no query per service


def test_a_write_shows_on_the_next_visit(client, things):
    service = things["service"]
    assert "Elukoha registreerimine" in client.get("/et/municipalities/tartu/").content.decode()
    Service.objects.filter(pk=service.pk).update(name="Elukoha registreerimine Tartus")  # no save(), no signal
    assert "Elukoha registreerimine Tartus" in client.get("/et/municipalities/tartu/").content.decode()
    Service.objects.filter(pk=service.pk).update(published=False)
    assert "Elukoha registreerimine" not in client.get("/et/municipalities/tartu/").content.decode()
    assert client.get(f"/et/services/{service.pk}/").status_code == 404
    event = things["event"]
    assert "Eesti keele suhtlusklubi" in client.get("/ru/events/").content.decode()
    Event.objects.filter(pk=event.pk).update(is_public=False)
    assert "Eesti keele suhtlusklubi" not in client.get("/ru/events/").content.decode()


def test_each_language_is_its_own_page(client, things):
    assert '<html lang="ru">' in client.get("/ru/").content.decode()
    assert '<html lang="uk">' in client.get("/uk/").content.decode()
    assert '<html lang="ru">' in client.get("/ru/").content.decode()


def test_headers_for_browsers_and_a_cdn(client, things):
    response = client.get("/uk/municipalities/tartu/")
    assert response["Cache-Control"] == "public, max-age=300"
    etag, modified = response["ETag"], response["Last-Modified"]
    assert etag.startswith('"') and modified.endswith("GMT")
    assert "Set-Cookie" not in response.headers and not response.cookies
    assert "Cookie" not in response.get("Vary", "")
    assert "Accept-Language" not in response.get("Vary", "")  # the language is the address's
    assert client.get("/uk/municipalities/tartu/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/uk/municipalities/tartu/", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    Service.objects.filter(pk=things["service"].pk).update(name="Uus nimi")
    assert client.get("/uk/municipalities/tartu/", HTTP_IF_NONE_MATCH=etag).status_code == 200


@pytest.mark.parametrize(
    "address",
    [
        "/et/",
        "/ru/events/",
        "/uk/search/?q=juhend",
        "/en/accessibility/",
        "/sitemap.xml",
        "/robots.txt",
        "/ru/nowhere/",
    ],
)
def test_public_responses_set_no_cookie_and_do_not_vary_on_it(client, things, address):
    response = client.get(address)
    assert not response.cookies, address
    assert "Cookie" not in response.get("Vary", ""), address


def test_a_signed_in_visitor_gets_the_same_public_page(client, things, member):
    anonymous = client.get("/ru/municipalities/tartu/").content
    client.force_login(member("tartu", "coordinator"))
    response = client.get("/ru/municipalities/tartu/")
    assert response.content == anonymous and not response.cookies


@override_settings(PORTAL_GENERATION_SECONDS=1)
@pytest.mark.parametrize("address", PAGES)
def test_in_production_a_cached_hit_needs_no_database_query(client, things, address):
    first = client.get(address)
    assert first.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        again = client.get(address)
    assert again.content == first.content
    assert [q["sql"] for q in queries] == []


@override_settings(PORTAL_GENERATION_SECONDS=1)
def test_in_production_a_saved_change_shows_at_once_and_a_bulk_one_within_the_bound(client, things):
    service = things["service"]
    assert "Elukoha registreerimine" in client.get("/et/municipalities/tartu/").content.decode()
    service.name = "Elukoha registreerimine linnas"
    service.save()  # post_save forgets the cached generation
    assert "Elukoha registreerimine linnas" in client.get("/et/municipalities/tartu/").content.decode()
    Service.objects.filter(pk=service.pk).update(name="Elukoha registreerimine Tartus")  # no signal
    time.sleep(1.1)  # PORTAL_GENERATION_SECONDS: the cached generation has expired
    assert "Elukoha registreerimine Tartus" in client.get("/et/municipalities/tartu/").content.decode()
