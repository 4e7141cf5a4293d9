"""The public side of events: the portal's list and detail pages in four languages, and the public
iCal feed. Only published events (`is_public`) ever appear."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from tests.events.helpers import make_event, municipality


@pytest.fixture
def events(programme):
    soon = timezone.localdate() + dt.timedelta(days=7)
    return {
        "club": make_event(
            programme["tartu"], title="Eesti keele suhtlusklubi", is_public=True, day=soon, languages=["et", "en"]
        ),
        "info": make_event(
            programme["parnu"],
            title="Infotund: elamisluba",
            kind_code="info_session",
            is_public=True,
            day=soon + dt.timedelta(days=1),
            languages=["ru", "uk"],
            municipality=municipality("Pärnu linn"),
        ),
        "internal": make_event(programme["tartu"], title="Võrgustiku sisekohtumine", day=soon),
        "past": make_event(
            programme["tartu"], title="Möödunud klubi", is_public=True, day=timezone.localdate() - dt.timedelta(days=30)
        ),
    }


def titles(response) -> list[str]:
    return [event.title for event in response.context["page"].object_list]


def test_only_published_coming_events_are_listed(client, events):
    response = client.get(reverse("portal:events"))
    assert response.status_code == 200
    assert titles(response) == ["Eesti keele suhtlusklubi", "Infotund: elamisluba"]
    assert "Võrgustiku sisekohtumine" not in response.content.decode()
    assert titles(client.get(reverse("portal:events"), {"when": "past"})) == ["Möödunud klubi"]


def test_public_filters(client, events):
    parnu = municipality("Pärnu linn")
    assert titles(client.get(reverse("portal:events"), {"county": parnu.county_id})) == ["Infotund: elamisluba"]
    assert titles(client.get(reverse("portal:events"), {"language": "uk"})) == ["Infotund: elamisluba"]
    assert titles(client.get(reverse("portal:events"), {"kind": events["club"].kind_id})) == [
        "Eesti keele suhtlusklubi"
    ]
    assert client.get(reverse("portal:events"), {"county": "x", "language": "xx", "page": "zz"}).status_code == 200


def test_unpublished_events_are_not_found(client, events):
    assert client.get(reverse("portal:event_detail", args=[events["internal"].pk])).status_code == 404
    page = client.get(reverse("portal:event_detail", args=[events["club"].pk])).content.decode()
    assert "Eesti keele suhtlusklubi" in page and "Tartu linn" in page


@pytest.mark.parametrize(
    ("language", "heading", "kind_name", "language_name"),
    [
        ("et", "Tulevased üritused", "infotund", "vene"),
        ("en", "Coming events", "info session", "Russian"),
        ("ru", "Предстоящие мероприятия", "информационный час", "русский"),
        ("uk", "Майбутні заходи", "інформаційна година", "російська"),
    ],
)
def test_the_portal_speaks_four_languages(client, events, language, heading, kind_name, language_name):
    page = client.get(f"/{language}/events/").content.decode()
    assert f'<html lang="{language}">' in page
    assert heading in page and kind_name in page and language_name in page
    assert 'hreflang="uk" lang="uk"' in page and ">Українська</a>" in page  # every language in the switch


def test_the_public_feed_has_only_published_events(client, events):
    response = client.get(reverse("portal:events_ical"))
    calendar = Calendar.from_ical(response.content)
    summaries = sorted(str(e["SUMMARY"]) for e in calendar.walk("VEVENT"))
    assert summaries == ["Eesti keele suhtlusklubi", "Infotund: elamisluba", "Möödunud klubi"]
    urls = {str(e["URL"]) for e in calendar.walk("VEVENT")}
    assert any(u.endswith(reverse("portal:event_detail", args=[events["club"].pk])) for u in urls)


def test_the_portal_index_shows_coming_public_events(client, events):
    page = client.get(reverse("portal:index")).content.decode()
    assert "Eesti keele suhtlusklubi" in page and "Võrgustiku sisekohtumine" not in page
