"""An event's translations in the REST API (issue 14): read with their status in the event and per
language; written through the same service as the translate page, with the same refusals."""

import pytest

from loim.events.models import EventTranslation
from loim.events.translation import EventTextInput, event_translation_save
from tests.events.helpers import make_event


@pytest.fixture
def event(programme):
    return make_event(programme["tartu"], title="Infotund: elukoha registreerimine", is_public=True)


def url(event, language):
    return f"/api/v1/events/{event.pk}/translations/{language}/"


def test_the_event_lists_its_translations_with_their_status(client, member, event):
    event_translation_save(
        event=event, language="ru", text=EventTextInput(title="Инфочас: регистрация места жительства"), made_from=1
    )
    client.force_login(member("tartu"))
    data = client.get(f"/api/v1/events/{event.pk}/").json()
    assert set(data["translations"]) == {"en", "ru", "uk"}
    assert data["translations"]["en"]["status"] == "missing" and data["translations"]["en"]["title"] == ""
    russian = data["translations"]["ru"]
    assert (russian["status"], russian["title"], russian["made_from"], russian["version"]) == (
        "up_to_date",
        "Инфочас: регистрация места жительства",
        1,
        1,
    )


def test_a_translation_is_written_read_and_a_stale_change_refused(client, member, event):
    client.force_login(member("tartu"))
    body = {"title": "Інфогодина: реєстрація місця проживання", "cost": "Безкоштовно", "made_from": 1}
    created = client.put(url(event, "uk"), body, content_type="application/json")
    assert created.status_code == 200, created.content
    assert created["ETag"] == '"1"'
    assert (created.json()["status"], created.json()["cost"]) == ("up_to_date", "Безкоштовно")
    read = client.get(url(event, "uk"))
    assert read.json()["title"] == "Інфогодина: реєстрація місця проживання" and read["ETag"] == '"1"'

    without_version = client.put(url(event, "uk"), body, content_type="application/json")
    assert without_version.status_code == 428
    changed = client.put(
        url(event, "uk"), {**body, "cost": "5 євро"}, content_type="application/json", HTTP_IF_MATCH='"1"'
    )
    assert changed.status_code == 200 and changed.json()["version"] == 2
    stale = client.put(
        url(event, "uk"), {**body, "cost": "10 євро"}, content_type="application/json", HTTP_IF_MATCH='"1"'
    )
    assert stale.status_code == 412
    assert EventTranslation.objects.get(event=event, language="uk").cost == "5 євро"


def test_the_services_refusals_name_the_field(client, member, programme, event):
    client.force_login(member("tartu"))
    old = client.put(url(event, "en"), {"title": "Info hour", "made_from": 7}, content_type="application/json")
    assert old.status_code == 400 and "made_from" in old.json()
    no_title = client.put(url(event, "en"), {"made_from": 1}, content_type="application/json")
    assert no_title.status_code == 400 and "title" in no_title.json()
    internal = make_event(programme["tartu"], title="Sisekoosolek", is_public=False)
    refused = client.put(url(internal, "en"), {"title": "Meeting", "made_from": 1}, content_type="application/json")
    assert refused.status_code == 400 and "event" in refused.json()
    assert (
        client.put(url(event, "et"), {"title": "x", "made_from": 1}, content_type="application/json").status_code == 404
    )
    assert not EventTranslation.objects.exists()


def test_another_partys_event_translation_is_not_found(client, member, event):
    client.force_login(member("parnu"))
    missing = client.put(
        "/api/v1/events/999999/translations/en/", {"title": "x", "made_from": 1}, content_type="application/json"
    )
    refused = client.put(url(event, "en"), {"title": "Hacked", "made_from": 1}, content_type="application/json")
    assert (missing.status_code, refused.status_code) == (404, 404)
    assert refused.content == missing.content
    assert not EventTranslation.objects.exists()
    # reading is every reader's, as the event itself (events are owned, non-personal: ELVL reads all)
    client.force_login(member("elvl"))
    assert client.get(url(event, "en")).status_code == 200
    client.force_login(member("parnu"))
    assert client.get(url(event, "en")).status_code == 404
