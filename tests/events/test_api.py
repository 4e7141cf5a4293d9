"""The events API: the same rules as the pages, tenancy, filters."""

import datetime as dt

import pytest
from django.urls import reverse

from loim.events.models import Event
from tests.events.helpers import make_event


@pytest.fixture
def api(client, member):
    client.force_login(member("tartu", "coordinator"))
    return client


def payload(**overrides):
    data = {
        "party": "tartu",
        "kind": "conversation_club",
        "title": "Suhtlusklubi",
        "start": "2024-03-06T17:00:00+02:00",
        "end": "2024-03-06T18:30:00+02:00",
        "municipality": "0793",
        "languages": ["et", "en"],
        "participants": {"newcomer": 12, "official": 1},
        "participating_municipalities": ["0171"],
        "organisations": ["Tartu Linnaraamatukogu"],
    }
    data.update(overrides)
    return data


def test_create_read_and_update(api, rows):
    response = api.post(
        reverse("v1:event-list"), payload(activity=rows["3.5.2.1/2.1"].pk), content_type="application/json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["participants"] == {
        "newcomer": 12,
        "official": 1,
        "returnee": None,
        "other_background": None,
        "stakeholder": None,
    }
    assert body["participating_municipalities"] == ["0171"] and body["activity_code"] == "3.5.2.1/2.1"
    url = reverse("v1:event-detail", args=[body["id"]])
    patched = api.patch(
        url,
        {"title": "Keelekohvik", "participants": {"newcomer": 15}},
        content_type="application/json",
        headers={"If-Match": api.get(url)["ETag"]},
    )
    assert patched.status_code == 200, patched.json()
    assert patched.json()["participants"] == {
        "newcomer": 15,
        "official": None,
        "returnee": None,
        "other_background": None,
        "stakeholder": None,
    }
    event = Event.objects.get()
    assert event.title == "Keelekohvik" and event.organisations.get().name == "Tartu Linnaraamatukogu"
    assert api.get(url).json()["start"].startswith("2024-03-06T17:00:00")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"end": "2024-03-06T16:00:00+02:00"}, "end"),
        ({"participants": {"newcomer": -1}}, "participants"),
        ({"participants": {"aliens": 3}}, "participants"),
        ({"municipality": "9999"}, "municipality"),
        ({"kind": "party"}, "kind"),
        ({"languages": ["fi"]}, "languages"),
        ({"municipality": None}, "municipality"),
    ],
)
def test_the_same_validation_as_the_pages(api, changes, field):
    response = api.post(reverse("v1:event-list"), payload(**changes), content_type="application/json")
    assert response.status_code == 400 and field in response.json(), response.json()
    assert not Event.objects.exists()


def test_warnings_need_confirm_warnings(api, rows):
    data = payload(activity=rows["3.5.2.1/2.1"].pk, start="2024-10-02T17:00:00+03:00", end="2024-10-02T18:00:00+03:00")
    response = api.post(reverse("v1:event-list"), data, content_type="application/json")
    assert response.status_code == 400 and "confirm_warnings" in response.json()
    assert not Event.objects.exists()
    assert (
        api.post(
            reverse("v1:event-list"), {**data, "confirm_warnings": True}, content_type="application/json"
        ).status_code
        == 201
    )


def test_creating_for_another_party_is_not_found(api):
    response = api.post(reverse("v1:event-list"), payload(party="parnu"), content_type="application/json")
    assert response.status_code == 404 and not Event.objects.exists()


def test_list_filters_and_ministry_reads_all(client, member, programme):
    make_event(programme["tartu"], title="Tartu klubi", day=dt.date(2024, 3, 6))
    make_event(programme["parnu"], title="Pärnu infotund", kind_code="info_session", day=dt.date(2024, 5, 8))
    client.force_login(member("ministry", "ministry_reader"))
    every = client.get(reverse("v1:event-list")).json()
    assert every["count"] == 2
    filtered = client.get(
        reverse("v1:event-list"), {"kind": Event.objects.get(title="Pärnu infotund").kind_id, "date_from": "2024-04-01"}
    )
    assert [e["title"] for e in filtered.json()["results"]] == ["Pärnu infotund"]
    event = Event.objects.get(title="Tartu klubi")
    assert (
        client.patch(
            reverse("v1:event-detail", args=[event.pk]), {"title": "x"}, content_type="application/json"
        ).status_code
        == 404
    )


def test_events_are_not_deleted_through_the_api(api, programme):
    event = make_event(programme["tartu"])
    assert api.delete(reverse("v1:event-detail", args=[event.pk])).status_code == 405
    assert Event.objects.filter(pk=event.pk).exists()


def test_api_errors_speak_the_users_language(api):
    response = api.post(reverse("v1:event-list"), payload(participants={"aliens": 3}), content_type="application/json")
    assert response.json()["participants"] == ["Tundmatud osalejarühmad: aliens."]


def test_format_filter_is_event_format_so_format_json_works(api, programme):
    """`?format=` is the API's response format (the root's links carry ?format=json): the filter on
    on site / online / hybrid is `event_format`, on the list page, its exports and the API alike."""
    make_event(programme["tartu"], title="Kohapeal")
    make_event(
        programme["tartu"], title="Veebis", format="online", municipality=None, online_url="https://meet.example/x"
    )
    response = api.get(reverse("v1:event-list"), {"format": "json"})
    assert response.status_code == 200 and response.json()["count"] == 2
    online = api.get(reverse("v1:event-list"), {"format": "json", "event_format": "online"}).json()
    assert [e["title"] for e in online["results"]] == ["Veebis"]
    page = api.get(reverse("events:list"), {"event_format": "online"})
    assert "Veebis" in page.content.decode() and "Kohapeal" not in page.content.decode()
