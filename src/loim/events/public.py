"""What the public portal shows of an event, in the reader's language (issue 14).

`public_event_text(event, language)` picks, field by field, the text to show and says in which
language each is written, so the caller puts `lang` on a block that falls back to Estonian and labels
it. The rule (docs/decisions.md "Issue 14 — public event texts and feeds"):

- Estonian, or a language without a translation row: the Estonian text.
- A draft (in translation) is never shown: the Estonian text.
- Up to date or machine-made: the translation (machine-made is flagged, for a note).
- Outdated (made from an older Estonian text): the translation is still shown, flagged `outdated`,
  except for how to register and the cost, which fall back to Estonian: an old deadline or fee
  misleads a person into a missed sign-up or an unexpected bill, an old wording of a description
  does not.
- A field the translation leaves empty while the Estonian has it: the Estonian text.

The address, the links and the contact are not translated (a street address and a name are the
same in every language). `map_link(event)` is an OpenStreetMap search for the address: a plain link,
no script and no embedded map, so nothing is loaded from a third party until the reader clicks.

`with_public_text(queryset)` prefetches the translations of a list in one query.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import QuerySet

from loim.core.translations import SOURCE_LANGUAGE, TranslationStatus, status_of

from .models import TEXT_FIELDS, Event, EventFormat, EventTranslation

# Fields whose outdated translation is not shown (the Estonian is): see the module's rule.
NOT_SHOWN_WHEN_OUTDATED = ("registration", "cost")
OSM_SEARCH = "https://www.openstreetmap.org/search"


@dataclass(frozen=True)
class PublicEventText:
    """An event's public texts in one requested `language`; `languages[field]` is the language each
    text field is written in (`SOURCE_LANGUAGE` where it falls back to Estonian)."""

    language: str
    title: str
    description: str
    registration: str
    registration_url: str
    cost: str
    accessibility: str
    address: str  # the address or venue with the municipality, as in Estonian
    address_notes: str
    map_url: str | None
    online_url: str
    contact_name: str
    contact_email: str
    contact_phone: str
    languages: dict[str, str] = field(default_factory=dict)
    outdated: bool = False  # a translation shown was made from an older Estonian text
    machine_made: bool = False  # a translation shown is a machine translation not reviewed

    def language_of(self, name: str) -> str:
        return self.languages.get(name, SOURCE_LANGUAGE)

    def falls_back(self, name: str) -> bool:
        """True when the field is shown in Estonian although another language was asked for."""
        return self.language != SOURCE_LANGUAGE and self.language_of(name) != self.language


def _translation(event: Event, language: str) -> EventTranslation | None:
    # through the prefetched rows when the caller used with_public_text (no query per event)
    return next((t for t in event.translations.all() if t.language == language), None)


def place_text(event: Event) -> str:
    """The address or venue and the municipality, as the portal and the feeds show it."""
    parts = [event.address, event.municipality.name if event.municipality is not None else ""]
    return ", ".join(p for p in parts if p)


def map_link(event: Event) -> str | None:
    """An OpenStreetMap search URL for the event's address (None for an event with no place on a map:
    online only, or neither an address nor a municipality)."""
    if event.format == EventFormat.ONLINE:
        return None
    place = place_text(event)
    if not place:
        return None
    query = place if event.municipality_id is None else f"{place}, Eesti"
    return f"{OSM_SEARCH}?{urlencode({'query': query})}"


def public_event_text(event: Event, language: str) -> PublicEventText:
    """The event's texts to show in `language` (et, en, ru, uk), each with the language it is in."""
    translation = _translation(event, language) if language != SOURCE_LANGUAGE else None
    status = status_of(translation, event) if translation is not None else TranslationStatus.MISSING
    usable = status in (TranslationStatus.UP_TO_DATE, TranslationStatus.MACHINE, TranslationStatus.OUTDATED)
    texts: dict[str, str] = {}
    languages: dict[str, str] = {}
    shown_outdated = shown_machine = False
    for name in TEXT_FIELDS:
        source = getattr(event, name) or ""
        value = (getattr(translation, name) or "") if usable and translation is not None else ""
        if status == TranslationStatus.OUTDATED and name in NOT_SHOWN_WHEN_OUTDATED:
            value = ""
        if value.strip() and (source.strip() or name == "title"):
            texts[name], languages[name] = value, language
            shown_outdated = shown_outdated or status == TranslationStatus.OUTDATED
            shown_machine = shown_machine or status == TranslationStatus.MACHINE
        else:
            texts[name], languages[name] = source, SOURCE_LANGUAGE
    return PublicEventText(
        language=language,
        title=texts["title"],
        description=texts["description"],
        registration=texts["registration"],
        registration_url=event.registration_url,
        cost=texts["cost"],
        accessibility=texts["accessibility"],
        address=place_text(event),
        address_notes=texts["address_notes"],
        map_url=map_link(event),
        online_url=event.online_url,
        contact_name=event.contact_name,
        contact_email=event.contact_email,
        contact_phone=event.contact_phone,
        languages=languages,
        outdated=shown_outdated,
        machine_made=shown_machine,
    )


def with_public_text(queryset: QuerySet) -> QuerySet:
    """The events with what `public_event_text` and the feeds read, in a fixed number of queries
    however many events: the kind, party and municipality joined, the translations prefetched (one
    query for the whole list)."""
    return queryset.select_related("kind", "party", "municipality__county").prefetch_related("translations")


__all__ = ["PublicEventText", "map_link", "place_text", "public_event_text", "with_public_text"]
