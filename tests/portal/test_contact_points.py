"""A partner municipality's contact point (issue 14): kept by its own staff, translated by the one
mechanism (core.translations), shown on the municipality's public page in the page's language; and the
parties' public names in en/ru/uk. Expected texts are written out by hand."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from loim.core.translations import TranslationStatus, status_of
from loim.portal.contact_points import (
    ContactPointInput,
    ContactPointTextInput,
    contact_point_save,
    contact_point_translation_save,
)
from loim.portal.models import ContactPoint, ContactPointTranslation
from tests.test_tenancy import _assert_not_found_like_missing

TARTU = ContactPointInput(
    address="Raekoja plats 1, 51004 Tartu",
    opening_hours="E–N 9.00–17.00\n\n  R 9.00–14.00  ",
    languages=("et", "ru"),
    coordinator_name="Kristiina Org",
    coordinator_phone="+372  5550 2101",
    coordinator_email="kristiina.org@example.ee",
    notes="Raekoda, 2. korrus, tuba 206.",
)
RUSSIAN = ContactPointTextInput(opening_hours="Пн–Чт 9.00–17.00\nПт 9.00–14.00", notes="Ратуша, 2-й этаж, кабинет 206.")


def tartu_point(programme, *, russian=True):
    point = contact_point_save(party=programme["tartu"], data=TARTU)
    if russian:
        contact_point_translation_save(contact_point=point, language="ru", text=RUSSIAN, made_from=point.source_version)
    return point


def edit_data(point, **changes):
    data = {
        "address": point.address,
        "opening_hours": point.opening_hours,
        "languages": point.languages,
        "coordinator_name": point.coordinator_name,
        "coordinator_phone": point.coordinator_phone,
        "coordinator_email": point.coordinator_email,
        "notes": point.notes,
        "version": point.version,
    }
    return data | changes


# --- the service ------------------------------------------------------------------------------------


def test_saving_cleans_the_texts_and_the_phone(programme):
    point = tartu_point(programme, russian=False)
    assert point.opening_hours == "E–N 9.00–17.00\nR 9.00–14.00"  # blank line and spaces dropped
    assert point.coordinator_phone == "+372 5550 2101"
    assert point.languages == ["et", "ru"]
    assert (point.version, point.source_version) == (1, 1)


def test_a_changed_phone_keeps_the_translation_and_changed_hours_outdate_it(programme):
    point = tartu_point(programme)
    translation = ContactPointTranslation.objects.get(contact_point=point, language="ru")
    assert status_of(translation, point) == TranslationStatus.UP_TO_DATE

    point = contact_point_save(
        party=programme["tartu"], data=TARTU.__class__(**{**TARTU.__dict__, "coordinator_phone": "+372 5550 2102"})
    )
    assert (point.version, point.source_version) == (2, 1)
    assert status_of(translation, point) == TranslationStatus.UP_TO_DATE

    point = contact_point_save(
        party=programme["tartu"], data=TARTU.__class__(**{**TARTU.__dict__, "opening_hours": "E–R 9–17"})
    )
    assert (point.version, point.source_version) == (3, 2)
    assert status_of(translation, point) == TranslationStatus.OUTDATED


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("coordinator_phone", "tel 5550", "tel 5550 ei ole telefoninumber"),
        ("coordinator_email", "kristiina.org", "Sisestage kehtiv e-posti aadress."),
        ("address", "", "See väli ei saa olla tühi."),
        ("opening_hours", "  \n ", "See väli ei saa olla tühi."),
        ("languages", ("et", "fi"), "Valige keeled nende hulgast: et, en, ru, uk, other."),
    ],
)
def test_a_bad_value_is_refused_naming_the_field_and_nothing_is_written(programme, field, value, message):
    data = TARTU.__class__(**{**TARTU.__dict__, field: value})
    with pytest.raises(ValidationError) as refused:
        contact_point_save(party=programme["tartu"], data=data)
    assert list(refused.value.message_dict) == [field]
    assert message.lower() in " ".join(refused.value.message_dict[field]).lower()
    assert not ContactPoint.objects.exists()


def test_only_a_municipalitys_government_has_a_contact_point(programme):
    with pytest.raises(ValidationError) as refused:
        contact_point_save(party=programme["elvl"], data=TARTU)
    assert "party" in refused.value.message_dict
    assert not ContactPoint.objects.exists()


def test_a_stale_edit_and_a_translation_of_an_older_text_are_refused(programme):
    from loim.core.versioning import StaleVersion

    point = tartu_point(programme, russian=False)
    with pytest.raises(StaleVersion):
        contact_point_save(party=programme["tartu"], data=TARTU, expected_version=point.version + 1)
    with pytest.raises(ValidationError) as refused:
        contact_point_translation_save(
            contact_point=point, language="ru", text=RUSSIAN, made_from=point.source_version + 1
        )
    assert refused.value.code == "source_changed"
    with pytest.raises(ValidationError) as refused:
        contact_point_translation_save(contact_point=point, language="et", text=RUSSIAN, made_from=point.source_version)
    assert "language" in refused.value.message_dict
    assert not ContactPointTranslation.objects.exists()


# --- the public page --------------------------------------------------------------------------------


def test_the_russian_municipality_page_shows_the_contact_point_in_russian(client, programme):
    tartu_point(programme)
    page = client.get("/ru/municipalities/tartu/").content.decode()
    assert "<h1>город Тарту</h1>" in page
    assert "<title>город Тарту · Lõim</title>" in page
    assert "<dt>Адрес</dt><dd>Raekoja plats 1, 51004 Tartu<br>" in page
    assert (
        'href="https://www.openstreetmap.org/search?query=Raekoja+plats+1%2C+51004+Tartu%2C+Tartu+linn%2C+Eesti"'
        in page
    )
    assert (
        '<dt>Часы работы</dt><dd><div class=""><ul><li>Пн–Чт 9.00–17.00</li><li>Пт 9.00–14.00</li></ul></div></dd>'
        in page
    )
    assert "<dt>Языки общения</dt><dd>эстонский, русский</dd>" in page
    assert "<dt>Координатор</dt>" in page
    assert '<br>Телефон: <a href="tel:+37255502101">+372 5550 2101</a>' in page
    assert '<a href="mailto:kristiina.org@example.ee">kristiina.org@example.ee</a>' in page
    assert '<div class="prose"><p>Ратуша, 2-й этаж, кабинет 206.</p></div>' in page
    assert "Tekst on eesti keeles" not in page and "Этот текст на эстонском языке" not in page


def test_a_missing_translation_falls_back_to_estonian_labelled(client, programme):
    tartu_point(programme)  # no Ukrainian
    page = client.get("/uk/municipalities/tartu/").content.decode()
    assert "<h1>місто Тарту</h1>" in page
    assert '<div class="fallback" lang="et"><p class="fallback-note" lang="uk">' in page
    assert "<li>E–N 9.00–17.00</li><li>R 9.00–14.00</li>" in page


def test_a_draft_translation_is_not_shown_and_a_machine_one_is_labelled(client, programme):
    point = tartu_point(programme, russian=False)
    contact_point_translation_save(contact_point=point, language="ru", text=RUSSIAN, made_from=1, draft=True)
    contact_point_translation_save(
        contact_point=point,
        language="uk",
        text=ContactPointTextInput(opening_hours="Пн–Чт 9:00–17:00", notes=""),
        made_from=1,
        machine_made=True,
    )
    russian = client.get("/ru/municipalities/tartu/").content.decode()
    assert "Пн–Чт 9.00–17.00" not in russian and "<li>E–N 9.00–17.00</li>" in russian
    ukrainian = client.get("/uk/municipalities/tartu/").content.decode()
    assert "<li>Пн–Чт 9:00–17:00</li>" in ukrainian
    assert 'class="notice"' in ukrainian  # machine-made, said so


def test_the_estonian_page_and_a_save_seen_at_once_through_the_cache(client, programme):
    point = tartu_point(programme)
    page = client.get("/et/municipalities/tartu/").content.decode()
    assert "<h1>Tartu linn</h1>" in page and "<li>E–N 9.00–17.00</li>" in page
    contact_point_save(
        party=programme["tartu"], data=TARTU.__class__(**{**TARTU.__dict__, "address": "Küüni 5, Tartu"})
    )
    assert "Küüni 5, Tartu" in client.get("/et/municipalities/tartu/").content.decode()
    assert point.pk


@pytest.mark.parametrize(
    ("language", "tartu", "county", "elvl"),
    [
        ("et", "Tartu linn", "Tartu maakond", "Eesti Linnade ja Valdade Liit"),
        ("en", "City of Tartu", "Tartu County", "Association of Estonian Cities and Municipalities"),
        ("ru", "город Тарту", "Тартумаа", "Союз городов и волостей Эстонии"),
        ("uk", "місто Тарту", "Тартумаа", "Асоціація міст і волостей Естонії"),
    ],
)
def test_party_and_county_names_are_in_the_pages_language(client, programme, language, tartu, county, elvl):
    home = client.get(f"/{language}/").content.decode()
    assert f'<a href="/{language}/municipalities/tartu/">{tartu}</a> <span class="muted">{county}</span>' in home
    national = client.get(f"/{language}/national/").content.decode()
    assert f"<p>{elvl} · " in national


def test_the_five_partners_public_names(programme):
    names = {
        slug: programme[slug].public_name("ru")[0] for slug in ("tartu", "tallinn", "rakvere", "saaremaa", "parnu")
    }
    assert names == {
        "tartu": "город Тарту",
        "tallinn": "Таллин",
        "rakvere": "город Раквере",
        "saaremaa": "волость Сааремаа",
        "parnu": "город Пярну",
    }
    assert programme["saaremaa"].public_name("en") == ("Saaremaa Rural Municipality", "en")
    assert programme["tallinn"].public_name("uk") == ("Таллінн", "uk")
    assert programme["saaremaa"].public_name("et") == ("Saaremaa vald", "et")
    assert programme["ministry"].public_name("ru") == ("Rakendusasutus (ministeerium)", "et")  # none: Estonian


# --- the staff pages --------------------------------------------------------------------------------


def test_a_coordinator_creates_and_edits_the_contact_point_audited(client, programme, member):
    user = member("tartu")
    client.force_login(user)
    assert client.get("/portal/contact-points/tartu/").status_code == 200
    data = edit_data(ContactPoint(**{k: v for k, v in TARTU.__dict__.items() if k != "languages"}, languages=["et"]))
    del data["version"]
    response = client.post("/portal/contact-points/tartu/", data)
    assert response.status_code == 302, response.content.decode()
    point = ContactPoint.objects.get(party=programme["tartu"])
    assert point.address == "Raekoja plats 1, 51004 Tartu"
    entry = LogEntry.objects.get_for_object(point).get()
    assert entry.actor == user

    response = client.post("/portal/contact-points/tartu/", edit_data(point, coordinator_phone="5550 abc"))
    assert response.status_code == 400
    assert "5550 abc ei ole telefoninumber" in response.content.decode()

    response = client.post("/portal/contact-points/tartu/", edit_data(point, address="Küüni 5, Tartu"))
    assert response.status_code == 302
    stale = client.post("/portal/contact-points/tartu/", edit_data(point, address="Vanemuise 1, Tartu"))
    assert stale.status_code == 409
    assert ContactPoint.objects.get(pk=point.pk).address == "Küüni 5, Tartu"


def test_a_coordinator_translates_the_contact_point(client, programme, member):
    point = tartu_point(programme, russian=False)
    client.force_login(member("tartu"))
    page = client.get("/portal/contact-points/tartu/uk/")
    assert page.status_code == 200
    response = client.post(
        "/portal/contact-points/tartu/uk/",
        {"opening_hours": "Пн–Чт 9:00–17:00\nПт 9:00–14:00", "notes": "", "made_from": point.source_version},
    )
    assert response.status_code == 302
    translation = ContactPointTranslation.objects.get(contact_point=point, language="uk")
    assert status_of(translation, point) == TranslationStatus.UP_TO_DATE
    assert client.get("/portal/contact-points/tartu/et/").status_code == 404


def test_another_partys_staff_cannot_edit_a_contact_point(client, programme, member):
    point = tartu_point(programme)
    client.force_login(member("rakvere"))
    for address, missing in [
        ("/portal/contact-points/tartu/", "/portal/contact-points/xxxxx/"),
        ("/portal/contact-points/tartu/ru/", "/portal/contact-points/xxxxx/ru/"),
    ]:
        _assert_not_found_like_missing(client, "get", address, missing, address)
    assert client.post("/portal/contact-points/tartu/", edit_data(point, address="Häkitud 1")).status_code == 404
    assert (
        client.post(
            "/portal/contact-points/tartu/ru/", {"opening_hours": "x", "notes": "", "made_from": point.source_version}
        ).status_code
        == 404
    )
    point.refresh_from_db()
    assert (point.address, point.version) == ("Raekoja plats 1, 51004 Tartu", 1)
    assert ContactPointTranslation.objects.get(contact_point=point, language="ru").opening_hours.startswith("Пн–Чт")
    assert not ContactPoint.objects.filter(party=programme["rakvere"]).exists()
    listing = client.get("/portal/contact-points/").content.decode()
    # every member reads the (public) contact points; only one's own is linked to its edit page
    assert "Raekoja plats" in listing and 'href="/portal/contact-points/rakvere/"' in listing
    assert 'href="/portal/contact-points/tartu/"' not in listing


@pytest.mark.parametrize(
    ("slug", "role", "sees"),
    [("tartu", "coordinator", True), ("tartu", "viewer", False), ("ministry", "ministry_reader", False)],
)
def test_the_staff_menu_links_the_contact_points_and_the_feedback(client, programme, member, slug, role, sees):
    client.force_login(member(slug, role))
    page = client.get("/").content.decode()
    assert ('href="/portal/contact-points/"' in page) is sees
    assert ('href="/portal/feedback/"' in page) is sees
    assert client.get("/portal/contact-points/").status_code == (200 if sees else 404)
