"""iCalendar (RFC 5545) feeds of events, for calendar programs (Outlook, Google Calendar, Thunderbird).

A party's own feed behind a secret address (`CalendarFeed`) carries the Estonian texts as recorded.
The public feeds (issue 14) carry only public events, in the reader's language: every public event
(`public_feed`), a municipality's (`municipality_feed`) and an event kind's (`kind_feed`), each with
the translated title and description where a translation may be shown (`events.public`), else the
Estonian. Feeds carry no personal data: titles, times, places, kinds and the organiser's work contact.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as VEvent

from loim.core.translations import SOURCE_LANGUAGE
from loim.core.vocabulary import localized

from .models import Event
from .public import public_event_text, with_public_text

FEED_PAST_DAYS = 365  # a feed carries the last year and everything ahead: enough, and stays small
UID_DOMAIN = "loim.elvl.ee"


def feed_queryset(queryset):
    since = timezone.now() - dt.timedelta(days=FEED_PAST_DAYS)
    return queryset.filter(end__gte=since).select_related("kind", "party", "municipality").order_by("start", "pk")


def calendar_for(events, *, name: str, url_for=None, language: str | None = None) -> bytes:
    """The events as an iCalendar document. `url_for(event)` gives each event's page, if any. With a
    `language`, each event's public texts in it (`events.public.public_event_text`: the translation
    where one may be shown, else the Estonian), the feed's LANGUAGE said on each text."""
    calendar = Calendar()
    calendar.add("prodid", "-//ELVL//Lõim//ET")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Tallinn")
    stamp = timezone.now()
    places = municipality_names(language) if language is not None else {}
    for event in events:
        if language is None:
            calendar.add_component(_vevent(event, stamp, url_for))
        else:
            calendar.add_component(_public_vevent(event, stamp, url_for, language, places))
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


# --- Public feeds (issue 14): only public events, in the reader's language --------------------------


def municipality_names(language: str) -> dict[int, tuple[str, str]]:
    """Municipality id → the public name of the partner party governing it in `language` and the
    language that name is in ("город Тарту", "ru"); one query. A municipality with no partner party
    keeps its Estonian name (the caller's fallback)."""
    from loim.parties.models import Party, PartyKind

    parties = Party.objects.filter(kind=PartyKind.PARTNER, municipality__isnull=False).select_related("municipality")
    return {party.municipality_id: party.public_name(language) for party in parties if party.municipality_id}


def _place(event: Event, places: dict[int, tuple[str, str]]) -> str:
    """The address or venue and the municipality's name in the feed's language."""
    municipality = ""
    if event.municipality_id is not None and event.municipality is not None:
        municipality = places.get(event.municipality_id, (event.municipality.name, SOURCE_LANGUAGE))[0]
    return ", ".join(p for p in (event.address, municipality) if p)


def _public_vevent(event: Event, stamp, url_for, language: str, places: dict[int, tuple[str, str]]) -> VEvent:
    text = public_event_text(event, language)
    item = VEvent()
    item.add("uid", f"event-{event.pk}@{UID_DOMAIN}")
    item.add("dtstamp", stamp)
    item.add("last-modified", event.updated_at)
    item.add("dtstart", timezone.localtime(event.start))
    item.add("dtend", timezone.localtime(event.end))
    item.add("summary", text.title, parameters={"language": text.language_of("title")})
    with translation.override(language):
        item.add("categories", [localized(event.kind)])
        # the labels outside f-strings, so that makemessages finds them ("Map" was never translated)
        labelled = [
            (_("How to register"), text.registration),
            ("", text.registration_url),
            (_("Cost"), text.cost),
            (_("Accessibility"), text.accessibility),
            (_("Map"), text.map_url or ""),
        ]
        lines = [text.description] + [f"{label}: {value}" if label else value for label, value in labelled if value]
    if text.online_url:
        lines.append(text.online_url)
    description = "\n\n".join(line for line in lines if line).strip()
    if description:
        item.add("description", description, parameters={"language": text.language_of("description")})
    location = ", ".join(p for p in (_place(event, places), text.address_notes) if p)
    if location:
        item.add("location", location)
    email = event.contact_email or event.party.email
    if email:
        # a contact person's name is the same in every language; the party's is translated
        name, name_language = (event.contact_name, "") if event.contact_name else event.party.public_name(language)
        parameters = {"cn": name, **({"language": name_language} if name_language else {})}
        item.add("organizer", f"mailto:{email}", parameters=parameters)
    if url_for is not None:
        item.add("url", url_for(event))
    return item


def public_feed_events(queryset: QuerySet | None = None) -> QuerySet:
    """The public events a public feed carries (the last year and ahead), with their translations
    prefetched: never an event not public, whatever queryset is given."""
    base = Event.objects.all() if queryset is None else queryset
    return with_public_text(feed_queryset(base.filter(is_public=True)))


def events_in_municipality(municipality) -> QuerySet:
    """A municipality's public events: those held there, and those its own party organises with no
    place in any municipality (online, or abroad), which its newcomers are meant for too."""
    return Event.objects.filter(
        Q(municipality=municipality) | Q(municipality__isnull=True, party__municipality=municipality)
    )


def public_feed(*, language: str = SOURCE_LANGUAGE, url_for: Callable | None = None) -> bytes:
    """Every public event of the last year and ahead, in `language`."""
    with translation.override(language):
        name = _("Lõim: public events")
    return calendar_for(public_feed_events(), name=name, url_for=url_for, language=language)


def municipality_feed(municipality, *, language: str = SOURCE_LANGUAGE, url_for: Callable | None = None) -> bytes:
    """A municipality's public events (`events_in_municipality`) of the last year and ahead, in `language`."""
    place = municipality_names(language).get(municipality.pk, (municipality.name, SOURCE_LANGUAGE))[0]
    with translation.override(language):
        name = _("Lõim: events in %(place)s") % {"place": place}
    return calendar_for(
        public_feed_events(events_in_municipality(municipality)),
        name=name,
        url_for=url_for,
        language=language,
    )


def kind_feed(kind, *, language: str = SOURCE_LANGUAGE, url_for: Callable | None = None) -> bytes:
    """The public events of one event kind, all over Estonia, of the last year and ahead, in `language`."""
    with translation.override(language):
        name = _("Lõim: %(kind)s") % {"kind": localized(kind)}
    return calendar_for(
        public_feed_events(Event.objects.filter(kind=kind)),
        name=name,
        url_for=url_for,
        language=language,
    )
