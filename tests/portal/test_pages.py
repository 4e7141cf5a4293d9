"""The public portal's pages: language prefixes, hreflang, lang and fallback labels, 404s, the
municipality, national and service pages, and that nothing unpublished or private reaches any page,
feed or the sitemap."""

import pytest
from defusedxml.ElementTree import fromstring as defused_fromstring
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar

from tests.portal.helpers import PRIVATE_MARKERS, contact_point, content

LANGUAGES = ("et", "en", "ru", "uk")


@pytest.fixture
def things(programme):
    contact_point(programme["tartu"])
    return content(programme)


def url(name, language, **kwargs):
    with translation.override(language):
        return reverse(f"portal:{name}", kwargs=kwargs or None)


def all_pages(things):
    pages = []
    for language in LANGUAGES:
        pages += [
            url("index", language),
            url("national", language),
            url("municipality", language, slug="tartu"),
            url("service", language, pk=things["service"].pk),
            url("service", language, pk=things["national"].pk),
            url("events", language),
            url("events", language) + "?when=past",
            url("event_detail", language, pk=things["event"].pk),
            url("accessibility", language),
            url("journey", language, pk=things["journey"].pk),
            url("journey_stage", language, pk=things["journey"].pk, stage=things["journey"].stages.first().pk),
            url("search", language) + "?q=juhend",
            url("search", language) + "?q=Salajane",
            url("search", language) + "?q=protokoll",
        ]
    return pages


def test_every_page_has_its_language_in_the_address(client, things):
    assert url("index", "et") == "/et/"
    assert url("municipality", "uk", slug="tartu") == "/uk/municipalities/tartu/"
    for language in LANGUAGES:
        page = client.get(f"/{language}/municipalities/tartu/").content.decode()
        assert f'<html lang="{language}">' in page


def test_hreflang_alternates_and_the_language_switch_keep_the_page(client, things):
    page = client.get(f"/ru/services/{things['service'].pk}/").content.decode()
    for language in LANGUAGES:
        assert (
            f'<link rel="alternate" hreflang="{language}" href="http://testserver/{language}/services/{things["service"].pk}/">'
            in page
        )
        assert f'<a href="/{language}/services/{things["service"].pk}/" hreflang="{language}" lang="{language}"' in page
    assert f'hreflang="x-default" href="http://testserver/et/services/{things["service"].pk}/"' in page
    assert '<a href="/ru/services/' in page and 'aria-current="true">Русский</a>' in page
    # the query string is kept too
    events = client.get("/uk/events/?when=past").content.decode()
    assert 'href="/ru/events/?when=past"' in events


def test_the_logo_leads_to_the_portal_home(client, things):
    page = client.get("/uk/events/").content.decode()
    assert '<div class="brand"><a href="/uk/">Lõim</a>' in page


def test_a_translated_text_is_shown_and_a_missing_one_falls_back_labelled(client, things):
    service = things["service"]
    page = client.get(f"/ru/services/{service.pk}/").content.decode()
    assert "<h1>Регистрация места жительства</h1>" in page  # the Russian name, no label
    # the steps were not translated: the Estonian steps, marked lang="et" with the note in Russian
    assert (
        '<div class="fallback" lang="et"><p class="fallback-note" lang="ru">Текст на эстонском языке</p>'
        "<ol><li>Broneerige aeg.</li>"
    ) in page
    # in Ukrainian nothing is translated: the name falls back too, labelled in Ukrainian
    uk = client.get(f"/uk/services/{service.pk}/").content.decode()
    assert (
        '<h1><span lang="et">Elukoha registreerimine</span> '
        '<span class="fallback-note">(Текст естонською мовою)</span></h1>'
    ) in uk
    # Estonian has no fallback at all
    et = client.get(f"/et/services/{service.pk}/").content.decode()
    assert "fallback-note" not in et and "<h1>Elukoha registreerimine</h1>" in et


def test_a_draft_translation_is_not_shown(client, things):
    from loim.services.services import TextInput, translation_save

    service = things["service"]
    translation_save(
        service=service,
        language="uk",
        text=TextInput(name="Чернетка", summary="Ще не готово."),
        made_from=service.source_version,
        draft=True,
    )
    page = client.get(f"/uk/services/{service.pk}/").content.decode()
    assert "Чернетка" not in page and "Elukoha registreerimine" in page


def test_event_texts_fall_back_to_estonian_labelled(client, things):
    page = client.get(f"/en/events/{things['event'].pk}/").content.decode()
    assert (
        '<span lang="et">Eesti keele suhtlusklubi</span> <span class="fallback-note">(This text is in Estonian)</span>'
        in page
    )
    assert "openstreetmap.org/search?query=" in page  # a plain link, no map script
    assert "<script" not in page


def test_county_names_are_translated(client, things):
    assert "Tartu County" in client.get("/en/municipalities/tartu/").content.decode()
    assert "Тартумаа" in client.get("/ru/municipalities/tartu/").content.decode()
    assert "Тартумаа" in client.get("/uk/municipalities/tartu/").content.decode()
    assert "Tartu maakond" in client.get("/et/municipalities/tartu/").content.decode()
    assert "Harju County" in client.get("/en/events/").content.decode()  # the county filter


def test_the_home_page_lists_the_partner_municipalities(client, things):
    page = client.get("/en/").content.decode()
    for slug, name in [
        ("tartu", "City of Tartu"),
        ("tallinn", "Tallinn"),
        ("parnu", "City of Pärnu"),
        ("rakvere", "Town of Rakvere"),
        ("saaremaa", "Saaremaa Rural Municipality"),
    ]:
        assert f'<a href="/en/municipalities/{slug}/">{name}</a>' in page
    assert "/en/municipalities/elvl/" not in page and "/en/municipalities/ministry/" not in page
    assert client.get("/en/municipalities/elvl/").status_code == 404
    assert client.get("/en/municipalities/ministry/").status_code == 404


def test_the_municipality_page(client, things):
    page = client.get("/et/municipalities/tartu/").content.decode()
    assert "Kristiina Org" in page and "kristiina.org@example.ee" in page  # the coordinator's work contact
    assert "Mari Kask" not in page  # not a coordinator: the directory stays the parties'
    assert "Elukoha registreerimine" in page and "Eesti keele kursused" not in page  # local, not national
    assert "Tartu uussisserändaja juhend" in page and "Riiklik kohanemisjuhend" not in page
    assert "Eesti keele suhtlusklubi" in page


def test_the_national_page(client, things):
    page = client.get("/et/national/").content.decode()
    assert "Eesti keele kursused" in page and "Riiklik kohanemisjuhend" in page
    assert "Elukoha registreerimine" not in page


def test_nothing_unpublished_or_private_reaches_the_portal(client, things):
    bodies = []
    for address in all_pages(things):
        response = client.get(address)
        assert response.status_code == 200, address
        bodies.append((address, response.content.decode()))
    for language in LANGUAGES:  # every public feed: all events, Tartu's, and the internal event's kind
        for feed in (
            url("events_ical", language),
            url("municipality_ical", language, slug="tartu"),
            url("kind_ical", language, pk=things["internal"].kind_id),
        ):
            response = client.get(feed)
            assert response.status_code == 200, feed
            bodies.append((feed, response.content.decode()))
    bodies.append(("sitemap", client.get("/sitemap.xml").content.decode()))
    for address, body in bodies:
        for marker in PRIVATE_MARKERS:
            assert marker not in body, f"{marker} on {address}"
    # nor by their addresses
    for language in LANGUAGES:
        assert client.get(url("service", language, pk=things["draft"].pk)).status_code == 404
        assert client.get(url("event_detail", language, pk=things["internal"].pk)).status_code == 404
        assert client.get(url("journey", language, pk=things["draft_journey"].pk)).status_code == 404
        for key in ("private", "withdrawn"):
            assert client.get(url("document", language, pk=things[key].pk)).status_code == 404
    assert client.get(url("document", "ru", pk=things["guide"].pk)).status_code == 200
    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"/services/{things['draft'].pk}/" not in sitemap
    assert f"/events/{things['internal'].pk}/" not in sitemap


def test_the_feed_has_only_published_events(client, things):
    calendar = Calendar.from_ical(client.get("/ru/events.ics").content)
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["Eesti keele suhtlusklubi"]


def test_the_sitemap_lists_every_public_page_in_four_languages(client, things):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = defused_fromstring(response.content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    locations = [loc.text for loc in root.findall("s:url/s:loc", ns)]
    service = things["service"].pk
    for language in LANGUAGES:
        assert f"http://testserver/{language}/services/{service}/" in locations
        assert f"http://testserver/{language}/municipalities/tartu/" in locations
    # x-default is the Estonian page, never the staff site's root
    defaults = {link.get("href") for link in root.findall("s:url/x:link", ns) if link.get("hreflang") == "x-default"}
    assert "http://testserver/" not in defaults and "http://testserver/et/" in defaults
    # 4 static pages + 5 municipalities + 2 services + 1 event, each in 4 languages
    assert len(locations) == (4 + 5 + 2 + 1) * 4


def test_robots_txt(client, db):
    body = client.get("/robots.txt").content.decode()
    assert "Allow: /ru/" in body and "Disallow: /\n" in body and "Sitemap: http://testserver/sitemap.xml" in body


def test_old_addresses_redirect_permanently_to_the_visitors_language(client, things):
    response = client.get("/public/events/?when=past", HTTP_ACCEPT_LANGUAGE="uk,ru;q=0.8")
    assert response.status_code == 301 and response["Location"] == "/uk/events/?when=past"
    assert client.get("/public/").headers["Location"] == "/et/"
    pk = things["event"].pk
    assert client.get(f"/public/events/{pk}/", HTTP_ACCEPT_LANGUAGE="ru").headers["Location"] == f"/ru/events/{pk}/"


@pytest.mark.parametrize(
    ("address", "accept", "lang", "text"),
    [
        ("/ru/no-such-page/", "", "ru", "Страница не найдена"),
        ("/uk/municipalities/nowhere/", "", "uk", "Сторінку не знайдено"),
        ("/en/services/987654321/", "", "en", "Page not found"),
        ("/de/", "ru", "ru", "Страница не найдена"),  # an unknown language: the visitor's browser's
        ("/fr/events/", "", "et", "Lehte ei leitud"),  # … or Estonian
    ],
)
def test_404_pages_are_in_the_pages_language(client, things, address, accept, lang, text):
    response = client.get(address, HTTP_ACCEPT_LANGUAGE=accept) if accept else client.get(address)
    assert response.status_code == 404
    body = response.content.decode()
    assert f'<html lang="{lang}">' in body and text in body
    if address in ("/de/", "/fr/events/"):
        assert '<a href="/uk/" lang="uk" hreflang="uk">Українська</a>' in body


def test_the_staff_site_is_not_prefixed(client, programme):
    assert client.get("/accounts/login/").status_code == 200
    assert client.get("/events/").status_code == 302  # to sign in, as before
    staff_404 = client.get("/no-such-staff-page/")
    assert staff_404.status_code == 404 and "portal" not in staff_404.content.decode().split("<main")[0]


def test_the_accessibility_statement_in_four_languages(client, db):
    headings = {
        "et": "Ligipääsetavuse teave",
        "en": "Accessibility statement",
        "ru": "Заявление о доступности",
        "uk": "Заява про доступність",
    }
    for language, heading in headings.items():
        page = client.get(f"/{language}/accessibility/").content.decode()
        assert f"<h1>{heading}</h1>" in page
        assert 'href="mailto:loim@elvl.ee"' in page


def test_a_journey_and_its_stages(client, things):
    journey = things["journey"]
    first, second = list(journey.stages.order_by("position"))
    municipality = client.get("/ru/municipalities/tartu/").content.decode()
    assert f'<a href="/ru/journeys/{journey.pk}/">Первые шаги в Тарту</a>' in municipality
    page = client.get(f"/ru/journeys/{journey.pk}/").content.decode()
    assert "<h1>Первые шаги в Тарту</h1>" in page
    # the stages were not translated: Estonian, labelled
    assert f'<a href="/ru/journeys/{journey.pk}/stages/{first.pk}/"><span lang="et">Saabumine</span>' in page
    assert f'/ru/services/{things["service"].pk}/">Регистрация места жительства</a>' in page
    stage = client.get(f"/ru/journeys/{journey.pk}/stages/{first.pk}/").content.decode()
    assert "Шаг 1 из 2" in stage and "Tartu uussisserändaja juhend" in stage
    assert f'href="/ru/journeys/{journey.pk}/stages/{second.pk}/" rel="next"' in stage
    assert client.get(f"/ru/journeys/{journey.pk}/stages/987654/").status_code == 404
    assert client.get(f"/uk/journeys/{journey.pk}/").status_code == 200


def test_a_partners_event_is_in_its_municipalitys_feed(client, things, programme):
    import datetime as dt

    from django.utils import timezone

    from tests.events.helpers import make_event, municipality

    parnu_event = make_event(
        programme["parnu"],
        title="Pärnu infotund",
        is_public=True,
        municipality=municipality("Pärnu linn"),
        day=timezone.localdate() + dt.timedelta(days=3),
    )
    tartu_feed = Calendar.from_ical(client.get("/uk/municipalities/tartu/events.ics").content)
    assert [str(e["SUMMARY"]) for e in tartu_feed.walk("VEVENT")] == ["Eesti keele suhtlusklubi"]
    parnu_feed = Calendar.from_ical(client.get("/uk/municipalities/parnu/events.ics").content)
    assert [str(e["SUMMARY"]) for e in parnu_feed.walk("VEVENT")] == ["Pärnu infotund"]
    assert str(parnu_feed["X-WR-CALNAME"]) == "Lõim: заходи – місто Пярну"  # parties.yaml's Ukrainian name
    assert str(parnu_feed.walk("VEVENT")[0]["URL"]).endswith(f"/uk/events/{parnu_event.pk}/")
    kind = Calendar.from_ical(client.get(f"/ru/events/kinds/{parnu_event.kind_id}.ics").content)
    assert "Pärnu infotund" in [str(e["SUMMARY"]) for e in kind.walk("VEVENT")]
    assert client.get("/ru/municipalities/nowhere/events.ics").status_code == 404
    assert client.get("/ru/events/kinds/987654.ics").status_code == 404
