"""The portal's search over services, events, guidance and municipalities in the page's language
(the journeys' in test_journey_search.py), from the portal tests' content (tests/portal/helpers.py):
Tartu's service "Elukoha registreerimine" with the Russian name "Регистрация места жительства", a
draft service "Salajane mustand", the public guide "Tartu uussisserändaja juhend" and the internal
"Sisemine protokoll", the public event "Eesti keele suhtlusklubi" and an internal one."""

import pytest

from tests.portal.helpers import content


@pytest.fixture
def things(programme):
    return content(programme)


def _search(client, language, words):
    response = client.get(f"/{language}/search/", {"q": words})
    assert response.status_code == 200
    return response.content.decode()


def test_a_service_is_found_by_its_russian_name_on_the_russian_page(client, things):
    pk = things["service"].pk
    page = _search(client, "ru", "регистрация")
    assert f'<a href="/ru/services/{pk}/">Регистрация места жительства</a>' in page
    # on the Ukrainian page (no translation) by its Estonian name, marked and labelled
    page = _search(client, "uk", "elukoha")
    assert f'<a href="/uk/services/{pk}/" lang="et">Elukoha registreerimine</a>' in page
    assert "(Текст естонською мовою)" in page


def test_events_guidance_and_municipalities_are_found(client, things):
    page = _search(client, "en", "suhtlusklubi")
    assert f'/en/events/{things["event"].pk}/"' in page
    page = _search(client, "ru", "juhend")
    assert f'/ru/documents/{things["guide"].pk}/"' in page
    page = _search(client, "uk", "тарту")  # Tartu's Ukrainian public name, "місто Тарту"
    assert '<a href="/uk/municipalities/tartu/">місто Тарту</a>' in page


def test_nothing_unpublished_or_private_is_found(client, things):
    for language in ("et", "ru"):
        for words, private in (
            ("salajane", "Salajane mustand"),
            ("protokoll", "Sisemine protokoll"),
            ("tagasivõetud", "Tagasivõetud juhend"),
            ("sisekohtumine", "Võrgustiku sisekohtumine"),
        ):
            page = _search(client, language, words)
            assert private not in page, (language, words)
    # every page links the print stylesheet (static/portal/print.css: content only, links written out)
    assert '<link rel="stylesheet" href="/static/portal/print' in page and 'media="print"' in page
