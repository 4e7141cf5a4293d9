"""iCalendar (RFC 5545) feeds of events, for calendar programs (Outlook, Google Calendar, Thunderbird).

Two feeds use it: a party's own feed behind a secret address (`CalendarFeed`) and the public
portal's feed of published events. Feeds carry no personal data: titles, times, places and kinds.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as VEvent

from .models import Event

FEED_PAST_DAYS = 365  # a feed carries the last year and everything ahead: enough, and stays small
UID_DOMAIN = "loim.elvl.ee"


def feed_queryset(queryset):
    since = timezone.now() - dt.timedelta(days=FEED_PAST_DAYS)
    return queryset.filter(end__gte=since).select_related("kind", "party", "municipality").order_by("start", "pk")


def calendar_for(events, *, name: str, url_for=None) -> bytes:
    """The events as an iCalendar document. `url_for(event)` gives each event's page, if any."""
    calendar = Calendar()
    calendar.add("prodid", "-//ELVL//Lõim//ET")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Tallinn")
    stamp = timezone.now()
    for event in events:
        calendar.add_component(_vevent(event, stamp, url_for))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _vevent(event: Event, stamp, url_for) -> VEvent:
    item = VEvent()
    item.add("uid", f"event-{event.pk}@{UID_DOMAIN}")
    item.add("dtstamp", stamp)
    item.add("last-modified", event.updated_at)
    item.add("dtstart", timezone.localtime(event.start))
    item.add("dtend", timezone.localtime(event.end))
    item.add("summary", event.title)
    item.add("categories", [event.kind.name])
    if event.party.email:
        item.add("organizer", f"mailto:{event.party.email}", parameters={"cn": event.party.name})
    if event.place:
        item.add("location", event.place)
    description = event.description
    if event.online_url:
        description = f"{description}\n\n{event.online_url}".strip()
    if description:
        item.add("description", description)
    if url_for is not None:
        item.add("url", url_for(event))
    return item
