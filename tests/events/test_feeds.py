"""A party's calendar feed behind a secret address, parsed back with `icalendar`."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from loim.events.models import CalendarFeed
from tests.events.helpers import make_event


def parse(response) -> Calendar:
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_party_feed(client, member, programme):
    soon = timezone.localdate() + dt.timedelta(days=10)
    own = make_event(
        programme["tartu"],
        title="Suhtlusklubi",
        day=soon,
        description="Tule rääkima!",
        online_url="https://meet.example/k",
    )
    make_event(programme["tartu"], title="Ammu möödunud", day=timezone.localdate() - dt.timedelta(days=800))
    make_event(programme["parnu"], title="Pärnu klubi", day=soon)
    client.force_login(member("tartu", "coordinator"))
    assert client.post(reverse("events:feed_renew", args=[programme["tartu"].pk])).status_code == 302
    page = client.get(reverse("events:feeds")).content.decode()
    token = CalendarFeed.objects.get(party=programme["tartu"]).token
    assert token in page

    client.logout()  # calendar programs do not sign in
    calendar = parse(client.get(reverse("events:feed", args=[token])))
    events = calendar.walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Suhtlusklubi"]
    event = events[0]
    assert str(event["UID"]) == f"event-{own.pk}@loim.elvl.ee"
    assert event.decoded("DTSTART") == own.start
    assert event.decoded("DTEND") == own.end
    assert str(event["DTSTART"].params["TZID"]) == "Europe/Tallinn"
    assert calendar.walk("VTIMEZONE"), "the time zone is defined in the feed"
    assert "Tartu linn" in str(event["LOCATION"])
    assert "https://meet.example/k" in str(event["DESCRIPTION"])
    assert str(event["URL"]).endswith(reverse("events:detail", args=[own.pk]))


def test_renewing_the_address_cuts_off_the_old_one(client, member, programme):
    client.force_login(member("tartu", "coordinator"))
    client.post(reverse("events:feed_renew", args=[programme["tartu"].pk]))
    old = CalendarFeed.objects.get().token
    client.post(reverse("events:feed_renew", args=[programme["tartu"].pk]))
    new = CalendarFeed.objects.get().token
    assert new != old
    assert client.get(reverse("events:feed", args=[old])).status_code == 404
    assert client.get(reverse("events:feed", args=[new])).status_code == 200


def test_only_the_partys_editors_create_or_renew_its_address(client, member, programme):
    client.force_login(member("tartu", "viewer"))
    assert client.post(reverse("events:feed_renew", args=[programme["tartu"].pk])).status_code == 404
    client.force_login(member("parnu", "coordinator"))
    assert client.post(reverse("events:feed_renew", args=[programme["tartu"].pk])).status_code == 404
    assert not CalendarFeed.objects.exists()
    assert client.get(reverse("events:feed", args=["guessed-token"])).status_code == 404
