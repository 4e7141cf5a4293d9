"""Public event texts and their translations (issue 14): statuses after edits, what the portal is
given in each language, the map link, bad input, and the translator's view.

Hand-worked: Tartu's public "Keelekohvik" starts at text version 1. An English translation saved from
version 1 is up to date, a Russian one saved as a draft is in translation, a Ukrainian one marked
machine-made is machine-made. Moving the event to another day keeps version 1 (no status changes);
changing the Estonian cost raises it to 2: English and Ukrainian become outdated, the Russian draft
stays in translation (a draft wins), and a language never translated stays missing.
"""

import dataclasses
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from loim.core import translations
from loim.events.models import Event, EventTranslation
from loim.events.public import map_link, public_event_text, with_public_text
from loim.events.services import EventInput, event_create, event_update, local_datetime
from loim.events.translation import EventTextInput, event_translation_save
from tests.events.helpers import event_input, make_event


def public_event(party, **overrides):
    values = {
        "title": "Keelekohvik",
        "description": "Räägime eesti keeles.",
        "registration": "Registreeru 10. märtsiks.",
        "cost": "tasuta",
        "accessibility": "Lift ja ratastooliga ligipääs.",
        "address": "Tartu Linnaraamatukogu, Kompanii 3/5",
        "is_public": True,
    }
    values.update(overrides)
    return make_event(party, **values)


def translate(event, language, title, **kwargs):
    text = EventTextInput(
        title=title, **{k: kwargs.pop(k) for k in ("description", "registration", "cost") if k in kwargs}
    )
    return event_translation_save(event=event, language=language, text=text, made_from=event.source_version, **kwargs)


def update(event, **changes):
    data = dataclasses.replace(EventInput.from_event(event), **changes)
    return event_update(event=Event.objects.get(pk=event.pk), data=data, confirmed=True)


def statuses(event):
    event = Event.objects.get(pk=event.pk)
    return translations.statuses(event, event.translations.all())


def test_statuses_after_editing_the_date_and_then_an_estonian_text(programme):
    event = public_event(programme["tartu"])
    translate(event, "en", "Language café")
    translate(event, "ru", "Языковое кафе", draft=True)
    translate(event, "uk", "Мовне кафе", machine_made=True)
    assert statuses(event) == {"en": "up_to_date", "ru": "in_translation", "uk": "machine"}

    moved = update(
        event,
        start=local_datetime(dt.date(2024, 3, 13), dt.time(17)),
        end=local_datetime(dt.date(2024, 3, 13), dt.time(19)),
    )
    assert (moved.version, moved.source_version) == (2, 1)
    assert statuses(event) == {"en": "up_to_date", "ru": "in_translation", "uk": "machine"}

    changed = update(event, cost="5 eurot")
    assert (changed.version, changed.source_version) == (3, 2)
    assert statuses(event) == {"en": "outdated", "ru": "in_translation", "uk": "outdated"}

    other = public_event(programme["tartu"], title="Teine")
    assert statuses(other) == {"en": "missing", "ru": "missing", "uk": "missing"}


def test_public_text_per_language_with_the_fallback_named(programme):
    event = public_event(programme["tartu"])
    translate(event, "ru", "Языковое кафе", description="Говорим по-эстонски.", cost="бесплатно")
    translate(event, "en", "Language café", cost="free", registration="Register by 10 March.")
    translate(event, "uk", "Мовне кафе", draft=True)
    update(event, description="Räägime eesti keeles. Kohvi saab.")  # version 2: en and ru outdated
    translate(
        Event.objects.get(pk=event.pk), "ru", "Языковое кафе", description="Говорим. Есть кофе.", cost="бесплатно"
    )
    event = with_public_text(Event.objects.filter(pk=event.pk)).get()

    ru = public_event_text(event, "ru")
    assert (ru.title, ru.description, ru.cost) == ("Языковое кафе", "Говорим. Есть кофе.", "бесплатно")
    assert ru.registration == "Registreeru 10. märtsiks." and ru.falls_back("registration")  # not translated
    assert ru.languages == {
        "title": "ru",
        "description": "ru",
        "registration": "et",
        "cost": "ru",
        "accessibility": "et",
        "address_notes": "et",
    }
    assert not ru.outdated and not ru.machine_made

    en = public_event_text(event, "en")  # outdated: shown, flagged; registration and cost in Estonian
    assert en.title == "Language café" and en.outdated
    assert (en.cost, en.language_of("cost")) == ("tasuta", "et")
    assert (en.registration, en.language_of("registration")) == ("Registreeru 10. märtsiks.", "et")
    assert (en.description, en.language_of("description")) == ("Räägime eesti keeles. Kohvi saab.", "et")

    uk = public_event_text(event, "uk")  # a draft is never shown
    assert uk.title == "Keelekohvik" and uk.falls_back("title") and set(uk.languages.values()) == {"et"}

    et = public_event_text(event, "et")
    assert et.title == "Keelekohvik" and not et.falls_back("title")
    assert et.address == "Tartu Linnaraamatukogu, Kompanii 3/5, Tartu linn"


def test_map_link_is_a_plain_openstreetmap_search(programme):
    event = public_event(programme["tartu"])
    assert map_link(event) == (
        "https://www.openstreetmap.org/search?query=Tartu+Linnaraamatukogu%2C+Kompanii+3%2F5%2C+Tartu+linn%2C+Eesti"
    )
    online = make_event(programme["tartu"], format="online", municipality=None, online_url="https://meet.example/x")
    assert map_link(online) is None
    abroad = make_event(programme["elvl"], municipality=None, address="Helsingin kaupunginkirjasto Oodi")
    assert map_link(abroad) == "https://www.openstreetmap.org/search?query=Helsingin+kaupunginkirjasto+Oodi"


def test_a_list_reads_its_translations_in_one_query(programme, django_assert_num_queries):
    for n in range(6):
        event = public_event(programme["tartu"], title=f"Kohvik {n}")
        translate(event, "ru", f"Кафе {n}")
    with django_assert_num_queries(2):  # the events (kind, party, municipality joined) and their translations
        titles = [public_event_text(e, "ru").title for e in with_public_text(Event.objects.order_by("title"))]
    assert titles == [f"Кафе {n}" for n in range(6)]


def test_bad_public_fields_are_refused_naming_the_field_and_nothing_is_written(programme):
    for field, value, words in [
        ("registration_url", "ftp://example.org/registreeru", "https://"),
        ("registration_url", "javascript:alert(1)", "https://"),
        ("contact_email", "mari(at)tartu.ee", "e-posti"),
        ("contact_phone", "helista mulle", "telefoninumber"),
    ]:
        with pytest.raises(ValidationError) as refused:
            event_create(data=event_input(programme["tartu"], **{field: value}), confirmed=True)
        assert field in refused.value.message_dict
        assert words in " ".join(refused.value.message_dict[field])
    assert not Event.objects.exists()


def test_a_translation_of_an_event_not_public_is_refused(programme):
    event = make_event(programme["tartu"], title="Sisekoosolek")
    with pytest.raises(ValidationError) as refused:
        translate(event, "ru", "Совещание")
    assert "avalik" in " ".join(refused.value.messages) and "Sisekoosolek" in " ".join(refused.value.messages)
    assert not EventTranslation.objects.exists()


def test_a_translation_into_estonian_is_refused_clearly(programme):
    event = public_event(programme["tartu"])
    with pytest.raises(ValidationError) as refused:
        translate(event, "et", "Keelekohvik")
    assert "eesti keeles" in refused.value.message_dict["language"][0]
    assert not EventTranslation.objects.exists()


def test_a_translation_from_an_old_text_version_is_refused(programme):
    event = public_event(programme["tartu"])
    update(event, title="Keelekohvik raamatukogus")
    with pytest.raises(ValidationError) as refused:
        event_translation_save(event=event, language="en", text=EventTextInput(title="Language café"), made_from=1)
    assert refused.value.code == "source_changed"
    assert not EventTranslation.objects.exists()


def test_the_translator_view_lists_public_events_of_the_users_party_only(client, member, programme):
    mine = public_event(programme["tartu"], title="Avalik kohvik")
    make_event(programme["tartu"], title="Mitteavalik koosolek")
    public_event(programme["parnu"], title="Pärnu avalik kohvik")
    translate(mine, "ru", "Открытое кафе")
    client.force_login(member("tartu"))
    page = client.get(reverse("services:translations")).content.decode()
    assert "Avalik kohvik" in page
    assert "Mitteavalik koosolek" not in page and "Pärnu avalik kohvik" not in page
    assert reverse("events:translate", kwargs={"pk": mine.pk, "language": "uk"}) in page


def test_the_event_form_saves_public_fields_and_names_a_bad_one(client, member, programme):
    event = make_event(programme["tartu"], title="Infotund")
    client.force_login(member("tartu"))
    data = {
        "party": event.party_id,
        "kind": event.kind_id,
        "title": "Infotund",
        "date": "2024-03-06",
        "start_time": "17:00",
        "end_time": "18:30",
        "format": "on_site",
        "municipality": event.municipality_id,
        "reach": "local",
        "is_public": "on",
        "registration": "Registreeru e-kirjaga.",
        "registration_url": "ftp://tartu.ee/reg",
        "cost": "tasuta",
        "contact_email": "info@tartu.ee",
        "version": event.version,
    }
    refused = client.post(reverse("events:edit", args=[event.pk]), data)
    assert refused.status_code == 200 and "registration_url" in refused.context["form"].errors
    assert Event.objects.get(pk=event.pk).registration == ""
    data["registration_url"] = "https://tartu.ee/reg"
    assert client.post(reverse("events:edit", args=[event.pk]), data).status_code == 302
    saved = Event.objects.get(pk=event.pk)
    assert (saved.is_public, saved.registration, saved.registration_url, saved.cost, saved.source_version) == (
        True,
        "Registreeru e-kirjaga.",
        "https://tartu.ee/reg",
        "tasuta",
        2,  # registration and cost are Estonian texts: the text version rose
    )


def test_the_translate_page_saves_and_then_shows_outdated(client, member, programme):
    event = public_event(programme["tartu"])
    client.force_login(member("tartu"))
    url = reverse("events:translate", kwargs={"pk": event.pk, "language": "ru"})
    assert client.get(url).status_code == 200
    response = client.post(url, {"title": "Языковое кафе", "cost": "бесплатно", "made_from": 1})
    assert response.status_code == 302
    assert statuses(event)["ru"] == "up_to_date"
    update(event, title="Keelekohvik raamatukogus")
    detail = client.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert "Языковое кафе" in detail and "status-outdated" in detail
    stale = client.post(url, {"title": "Языковое кафе", "made_from": 1, "version": 1})
    assert stale.status_code == 400 and "eestikeelne tekst" in stale.content.decode().lower()


def test_the_api_takes_the_public_fields_with_the_same_rules(client, member, programme):
    client.force_login(member("tartu"))
    body = {
        "party": "tartu",
        "kind": "conversation_club",
        "municipality": programme["tartu"].municipality.ehak_code,
        "title": "API kohvik",
        "start": "2024-03-06T17:00:00+02:00",
        "end": "2024-03-06T18:00:00+02:00",
        "is_public": True,
        "registration_url": "ftp://tartu.ee/reg",
        "contact_email": "pole-aadress",
    }
    refused = client.post(reverse("v1:event-list"), body, content_type="application/json")
    assert refused.status_code == 400 and {"registration_url", "contact_email"} <= set(refused.json())
    assert not Event.objects.exists()
    body |= {"registration_url": "https://tartu.ee/reg", "contact_email": "info@tartu.ee", "cost": "tasuta"}
    created = client.post(reverse("v1:event-list"), body, content_type="application/json")
    assert created.status_code == 201, created.json()
    assert (created.json()["cost"], created.json()["source_version"]) == ("tasuta", 1)
