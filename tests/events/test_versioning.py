"""Lost updates on events (issue 10 §4): two people changing one event cannot overwrite each other,
whether through the service, the edit form, the import or the API (core.versioning, api.versioning)."""

import datetime as dt
import threading
from dataclasses import replace

import pytest
from django.db import close_old_connections, connection
from django.urls import reverse

from loim.core.versioning import StaleVersion
from loim.events.importing import events_import
from loim.events.models import Event
from loim.events.services import EventInput, event_update
from tests.events.helpers import kind, make_event, municipality
from tests.events.test_tabular import csv_upload
from tests.events.test_views import form_data


def state(event: Event) -> tuple:
    event = Event.objects.get(pk=event.pk)
    return event.title, event.version, dict(event.counts.values_list("group", "count"))


# --- service ----------------------------------------------------------------------------------------


def test_the_second_of_two_writes_from_the_same_version_is_refused(programme):
    event = make_event(programme["tartu"], title="Keelekohvik", counts={"newcomer": 4})
    assert event.version == 1
    mari, jaan = Event.objects.get(pk=event.pk), Event.objects.get(pk=event.pk)  # both open version 1

    event_update(event=mari, data=replace(EventInput.from_event(mari), title="Keelekohvik (Mari)"), confirmed=True)
    assert state(event) == ("Keelekohvik (Mari)", 2, {"newcomer": 4})

    with pytest.raises(StaleVersion) as refused:
        event_update(event=jaan, data=replace(EventInput.from_event(jaan), counts={"newcomer": 40}), confirmed=True)
    assert (refused.value.expected, refused.value.current_version) == (1, 2)
    assert state(event) == ("Keelekohvik (Mari)", 2, {"newcomer": 4})  # neither the title nor the count


def test_an_explicit_old_version_is_refused_and_the_current_one_accepted(programme):
    event = make_event(programme["tartu"], title="Keelekohvik")
    event_update(event=event, data=replace(EventInput.from_event(event), title="Teine"), confirmed=True)
    fresh = Event.objects.get(pk=event.pk)
    with pytest.raises(StaleVersion):
        event_update(event=fresh, data=replace(EventInput.from_event(fresh), title="Kolmas"), version=1)
    assert state(event)[:2] == ("Teine", 2)
    event_update(event=fresh, data=replace(EventInput.from_event(fresh), title="Kolmas"), version=2)
    assert state(event)[:2] == ("Kolmas", 3)


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_writers_with_the_same_version_one_wins(programme):
    """Two threads, two database connections, both claiming version 1 at the same moment: exactly one
    write lands: the second UPDATE waits for the first's row lock, then re-checks the version."""
    if connection.vendor == "sqlite":
        pytest.skip("the in-memory SQLite test database reports a locked table at once instead of waiting")
    event = make_event(programme["tartu"], title="Algne")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def write(title: str) -> None:
        try:
            mine = Event.objects.get(pk=event.pk)
            barrier.wait(timeout=10)
            event_update(event=mine, data=replace(EventInput.from_event(mine), title=title), version=1)
            outcomes.append("saved " + title)
        except StaleVersion:
            outcomes.append("refused")
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=write, args=(title,)) for title in ("Mari", "Jaan")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(o.split()[0] for o in outcomes) == ["refused", "saved"]
    winner = next(o for o in outcomes if o.startswith("saved")).split()[1]
    assert state(event)[:2] == (winner, 2)


def test_the_import_raises_the_version_and_a_form_opened_before_it_is_refused(client, member, programme, rows):
    line = "k-1;conversation_club;Suhtlusklubi;03.01.2024;17:00;18:30;3.5.2.1/2.1;Tartu linn;et;jah;12;;;"
    events_import(party=programme["tartu"], upload=csv_upload([line]))
    event = Event.objects.get(import_id="k-1")
    client.force_login(member("tartu", "coordinator"))
    opened = client.get(reverse("events:edit", args=[event.pk])).context["form"]
    assert opened["version"].value() == 1

    events_import(party=programme["tartu"], upload=csv_upload([line.replace(";12;", ";20;")]))
    assert state(event) == ("Suhtlusklubi", 2, {"newcomer": 20})

    data = form_data(party=programme["tartu"].pk, title="Suhtlusklubi", date="03.01.2024", version=1)
    data.update(start_time="17:00", end_time="18:30", municipality=municipality("Tartu linn").pk, count_newcomer="13")
    response = client.post(reverse("events:edit", args=[event.pk]), data)
    assert response.status_code == 200
    assert state(event) == ("Suhtlusklubi", 2, {"newcomer": 20})


# --- form -------------------------------------------------------------------------------------------


@pytest.fixture
def two_coordinators(member):
    mari = member("tartu", "coordinator")
    mari.full_name = "Mari Maasikas"
    mari.save()
    jaan = member("tartu", "coordinator")
    jaan.full_name = "Jaan Tamm"
    jaan.save()
    return mari, jaan


def test_a_stale_form_is_refused_showing_what_changed_and_keeping_the_input(client, programme, two_coordinators):
    mari, jaan = two_coordinators
    event = make_event(programme["tartu"], title="Keelekohvik", counts={"newcomer": 4})
    base = form_data(party=programme["tartu"].pk, title="Keelekohvik", count_newcomer="4", count_other_background="")

    client.force_login(mari)
    assert (
        client.post(
            reverse("events:edit", args=[event.pk]), {**base, "title": "Keelekohvik Raekojas", "version": 1}
        ).status_code
        == 302
    )
    assert state(event) == ("Keelekohvik Raekojas", 2, {"newcomer": 4})

    client.force_login(jaan)  # Jaan opened the form at version 1 too, and changes the count
    response = client.post(reverse("events:edit", args=[event.pk]), {**base, "count_newcomer": "9", "version": 1})
    assert response.status_code == 200
    assert state(event) == ("Keelekohvik Raekojas", 2, {"newcomer": 4})  # nothing of Jaan's was written
    form = response.context["form"]
    differences = {d.label: (d.theirs, d.yours) for d in form.conflict.differences}
    assert differences == {"Pealkiri": ("Keelekohvik Raekojas", "Keelekohvik"), "uussisserändajad": ("4", "9")}
    assert form.conflict.change.who == "Mari Maasikas"
    page = response.content.decode()
    assert "Keegi teine muutis vahepeal seda kirjet" in page and "Mari Maasikas salvestas selle" in page
    assert 'name="count_newcomer" value="9"' in page  # Jaan's input is still in the form
    assert 'name="version" value="2"' in page  # saving again is a deliberate choice

    again = client.post(reverse("events:edit", args=[event.pk]), {**base, "count_newcomer": "9", "version": 2})
    assert again.status_code == 302
    assert state(event) == ("Keelekohvik", 3, {"newcomer": 9})


def test_a_form_without_its_version_is_refused(client, programme, two_coordinators):
    event = make_event(programme["tartu"], title="Keelekohvik")
    client.force_login(two_coordinators[0])
    response = client.post(reverse("events:edit", args=[event.pk]), form_data(party=programme["tartu"].pk))
    assert response.status_code == 200
    assert "selle versioon puudub" in response.content.decode()
    assert state(event)[:2] == ("Keelekohvik", 1)


def test_the_edit_form_carries_the_version(client, programme, two_coordinators):
    event = make_event(programme["tartu"])
    client.force_login(two_coordinators[0])
    assert 'name="version" value="1"' in client.get(reverse("events:edit", args=[event.pk])).content.decode()
    assert 'name="version"' not in client.get(reverse("events:create")).content.decode()


# --- API --------------------------------------------------------------------------------------------


@pytest.fixture
def api(client, two_coordinators):
    client.force_login(two_coordinators[0])
    return client


def patch(api, event, body, **headers):
    return api.patch(
        reverse("v1:event-detail", args=[event.pk]), body, content_type="application/json", headers=headers
    )


def test_the_detail_has_an_etag_and_a_version(api, programme):
    event = make_event(programme["tartu"])
    response = api.get(reverse("v1:event-detail", args=[event.pk]))
    assert response["ETag"] == '"1"' and response.json()["version"] == 1


def test_if_match_current_saves_and_returns_the_new_etag(api, programme):
    event = make_event(programme["tartu"], title="Algne")
    response = patch(api, event, {"title": "Uus"}, if_match='"1"')
    assert response.status_code == 200, response.json()
    assert response["ETag"] == '"2"' and response.json()["version"] == 2
    assert state(event)[:2] == ("Uus", 2)
    assert patch(api, event, {"title": "Kolmas"}, if_match=response["ETag"]).status_code == 200
    assert state(event)[:2] == ("Kolmas", 3)


def test_a_stale_if_match_is_412_with_the_current_version(api, programme):
    event = make_event(programme["tartu"], title="Algne")
    assert patch(api, event, {"title": "Mari"}, if_match='"1"').status_code == 200
    response = patch(api, event, {"title": "Jaan"}, if_match='"1"')
    assert response.status_code == 412
    assert response.json()["current_version"] == 2 and response["ETag"] == '"2"'
    assert "praegune versioon on 2" in response.json()["detail"]
    assert state(event)[:2] == ("Mari", 2)


def test_a_put_is_guarded_like_a_patch(api, programme):
    event = make_event(programme["tartu"], title="Algne")
    body = api.get(reverse("v1:event-detail", args=[event.pk])).json()
    body.update(title="Täielik")
    for key in ("id", "activity_code", "series", "created_at", "updated_at", "version"):
        body.pop(key)
    url = reverse("v1:event-detail", args=[event.pk])
    assert api.put(url, body, content_type="application/json", headers={"if-match": '"7"'}).status_code == 412
    assert api.put(url, body, content_type="application/json").status_code == 428
    assert state(event)[:2] == ("Algne", 1)
    assert api.put(url, body, content_type="application/json", headers={"if-match": '"1"'}).status_code == 200
    assert state(event)[:2] == ("Täielik", 2)


def test_without_if_match_the_body_version_is_accepted_else_428(api, programme):
    event = make_event(programme["tartu"], title="Algne")
    missing = patch(api, event, {"title": "Pime"})
    assert missing.status_code == 428 and missing.json()["current_version"] == 1
    assert state(event)[:2] == ("Algne", 1)
    assert patch(api, event, {"title": "Vana", "version": 0}).status_code == 412
    assert patch(api, event, {"title": "Vigane", "version": "neli"}).status_code == 400
    assert patch(api, event, {"title": "Kehas", "version": 1}).status_code == 200
    assert state(event)[:2] == ("Kehas", 2)


def test_a_form_save_makes_the_apis_etag_stale(api, client, programme, two_coordinators):
    event = make_event(programme["tartu"], kind_code="conversation_club", title="Algne")
    etag = api.get(reverse("v1:event-detail", args=[event.pk]))["ETag"]
    data = form_data(party=programme["tartu"].pk, kind=kind("conversation_club").pk, title="Vormist", version=1)
    assert client.post(reverse("events:edit", args=[event.pk]), data).status_code == 302
    assert patch(api, event, {"title": "API-st"}, if_match=etag).status_code == 412
    assert Event.objects.get(pk=event.pk).title == "Vormist"


def test_other_parties_still_get_404_before_any_precondition(client, member, programme):
    event = make_event(programme["tartu"], day=dt.date(2024, 3, 6))
    client.force_login(member("parnu", "coordinator"))
    assert patch(client, event, {"title": "x"}, if_match='"1"').status_code == 404
    assert patch(client, event, {"title": "x"}).status_code == 404
