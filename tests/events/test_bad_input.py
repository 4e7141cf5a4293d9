"""Defects of issue 10 §4 in events: absurd participant counts and plan rows of another year are
refused with a field-named error by the form, the API and the service (which the import calls)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from loim.events.models import MAX_PARTICIPANTS, Event, ParticipantCount
from loim.events.services import event_create, event_validate
from tests.events.helpers import event_input, make_event
from tests.events.test_api import payload
from tests.events.test_views import form_data

HUGE = 10**20


# --- participant counts ------------------------------------------------------------------------


def test_the_model_field_has_a_maximum(programme):
    event = make_event(programme["tartu"])
    for count in (HUGE, MAX_PARTICIPANTS + 1):
        with pytest.raises(ValidationError) as excinfo:
            ParticipantCount(event=event, group="newcomer", count=count).full_clean()
        assert "count" in excinfo.value.message_dict
    ParticipantCount(event=event, group="newcomer", count=MAX_PARTICIPANTS).full_clean()


@pytest.mark.parametrize("count", [HUGE, MAX_PARTICIPANTS + 1])
def test_the_service_refuses_a_huge_count_naming_the_group(programme, count):
    with pytest.raises(ValidationError) as excinfo:
        event_create(data=event_input(programme["tartu"], counts={"newcomer": count}))
    assert "count_newcomer" in excinfo.value.message_dict
    assert not Event.objects.exists() and not ParticipantCount.objects.exists()


def test_the_largest_count_is_kept(programme):
    event = event_create(data=event_input(programme["tartu"], counts={"newcomer": MAX_PARTICIPANTS}))
    assert event.counts.get().count == MAX_PARTICIPANTS


def test_the_form_refuses_a_huge_count(client, member, programme):
    client.force_login(member("tartu", "coordinator"))
    response = client.post(reverse("events:create"), form_data(party=programme["tartu"].pk, count_newcomer=str(HUGE)))
    assert response.status_code == 200
    assert "count_newcomer" in response.context["form"].errors
    assert not Event.objects.exists()


def test_the_api_refuses_a_huge_count(client, member):
    client.force_login(member("tartu", "coordinator"))
    response = client.post(
        reverse("v1:event-list"), payload(participants={"newcomer": HUGE}), content_type="application/json"
    )
    assert response.status_code == 400 and "participants" in response.json(), response.json()
    assert not Event.objects.exists()


# --- a plan row takes only events of its plan year ----------------------------------------------


def test_the_service_refuses_an_event_of_another_year_even_confirmed(programme, rows):
    data = event_input(programme["tartu"], activity=rows["3.5.2.1/3.1"], day=dt.date(2025, 1, 8))
    with pytest.raises(ValidationError) as excinfo:
        event_validate(data, confirmed=True)
    assert "2024" in excinfo.value.message_dict["activity"][0]
    with pytest.raises(ValidationError):
        event_create(data=data, confirmed=True)
    assert not Event.objects.exists()


def test_moving_a_linked_event_into_another_year_is_refused(programme, rows):
    event = make_event(programme["tartu"], activity=rows["3.5.2.1/3.1"], day=dt.date(2024, 12, 31))
    with pytest.raises(ValidationError) as excinfo:
        event_validate(
            event_input(programme["tartu"], activity=rows["3.5.2.1/3.1"], day=dt.date(2025, 1, 1)),
            event=event,
            confirmed=True,
        )
    assert "activity" in excinfo.value.message_dict


def test_the_form_refuses_an_event_of_another_year_even_confirmed(client, member, programme, rows):
    client.force_login(member("tartu", "coordinator"))
    data = form_data(party=programme["tartu"].pk, activity=rows["3.5.2.1/3.1"].pk, date="08.01.2025", confirm="on")
    response = client.post(reverse("events:create"), data)
    assert response.status_code == 200
    assert "activity" in response.context["form"].errors
    assert not Event.objects.exists()


def test_the_api_refuses_an_event_of_another_year_even_confirmed(client, member, rows):
    client.force_login(member("tartu", "coordinator"))
    data = payload(
        activity=rows["3.5.2.1/3.1"].pk,
        start="2025-01-08T17:00:00+02:00",
        end="2025-01-08T18:00:00+02:00",
        confirm_warnings=True,
    )
    response = client.post(reverse("v1:event-list"), data, content_type="application/json")
    assert response.status_code == 400 and "activity" in response.json(), response.json()
    assert not Event.objects.exists()


def test_inside_the_plan_year_but_outside_the_rows_dates_is_still_a_warning(programme, rows):
    data = event_input(programme["tartu"], activity=rows["3.5.2.1/2.1"], day=dt.date(2024, 10, 2))
    assert event_create(data=data, confirmed=True).activity == rows["3.5.2.1/2.1"]


# --- the import reaches the same rules through the service ----------------------------------------


def test_the_import_refuses_a_row_of_another_year_and_a_huge_count(programme, rows):
    from loim.events.importing import events_import
    from tests.events.test_tabular import csv_upload

    lines = [
        "k-1;conversation_club;Klubi;08.01.2025;17:00;18:30;3.5.2.1/3.1;Tartu linn;et;;;;;",
        f"k-2;conversation_club;Klubi;10.01.2024;17:00;18:30;;Tartu linn;et;;{HUGE};;;",
        "k-3;conversation_club;Klubi\x01;10.01.2024;17:00;18:30;;Tartu linn;et;;;;;",
    ]
    result = events_import(party=programme["tartu"], upload=csv_upload(lines), confirmed=True)
    assert not Event.objects.exists()
    found = {e.row for e in result.errors}
    assert found == {2, 3, 4}, result.errors
    columns = {(e.row, e.column) for e in result.errors}
    assert (2, "activity") in columns and (3, "participants_newcomer") in columns and (4, "title") in columns, columns


# --- the list page, its calendar and files take the same filters ----------------------------------


@pytest.mark.parametrize("page", ["events:list", "events:calendar", "events:export_csv", "events:export_xlsx"])
def test_absurd_filter_values_on_the_event_pages(client, member, programme, page):
    from loim.events.filters import EventFilter

    make_event(programme["tartu"])
    client.force_login(member("tartu", "coordinator"))
    for name in EventFilter.base_filters:
        for value in ("9" * 30, "-1", "\x00"):
            response = client.get(reverse(page), {name: value})
            assert response.status_code == 200, (page, name, value, response.status_code)


@pytest.mark.parametrize("name", ["county", "kind", "page"])
def test_the_public_events_page_ignores_an_id_past_the_databases_integers(client, programme, name):
    response = client.get(reverse("portal:events"), {name: "9" * 30})
    assert response.status_code == 200  # was an OverflowError (500) for any visitor
