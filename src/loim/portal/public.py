"""What the public reads: the public rules of the models the portal shows (registered with
`core.tenancy.public_rule` when the portal app is ready) and the portal's reads, all through
`core.tenancy.visible_to_public` — the role of a visitor who has not signed in.

- a service: `published`; its translation: not a draft, of a published service;
- a journey: `published` (its status); its stages: of a published journey; its translation: not a
  draft, of a published journey;
- a document: public (`Visibility.PUBLIC`) and not withdrawn; its file versions likewise;
- an event: published by its organiser (`is_public`);
- a party: the implementer and the partner municipalities (their names and general e-mail are public);
- a partner's contact point (`portal.ContactPoint`: published as saved); its translation when not a draft;
- a directory organisation and its work contacts: only a partner's own municipal department and the
  people in it whose role is a coordinator's — shown for a municipality that has no contact point yet.
  Nothing else of the directory, and nothing from the newcomer register, ever reaches the portal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone

from loim.core.tenancy import public_rule, visible_to_public

#: a directory contact is the municipality's contact point when their role names one of these
COORDINATOR_ROLES = ("koordinaator", "coordinator")


def _coordinator_role() -> Q:
    condition = Q()
    for word in COORDINATOR_ROLES:
        condition |= Q(role__icontains=word)
    return condition


def register_rules() -> None:
    from loim.events.models import Event
    from loim.network.models import Contact, Document, DocumentVersion, Organisation, OrganisationKind, Visibility
    from loim.parties.models import Party, PartyKind
    from loim.services.models import (
        Journey,
        JourneyStage,
        JourneyStatus,
        JourneyTranslation,
        Service,
        ServiceTranslation,
    )

    from .models import ContactPoint, ContactPointTranslation

    partner = Q(party__kind=PartyKind.PARTNER, party__municipality__isnull=False)
    public_rule(ContactPoint, lambda: partner)
    public_rule(
        ContactPointTranslation,
        lambda: Q(
            draft=False, contact_point__party__kind=PartyKind.PARTNER, contact_point__party__municipality__isnull=False
        ),
    )
    public_rule(Service, lambda: Q(published=True))
    public_rule(ServiceTranslation, lambda: Q(draft=False, service__published=True))
    public_rule(Journey, lambda: Q(status=JourneyStatus.PUBLISHED))
    public_rule(JourneyStage, lambda: Q(journey__status=JourneyStatus.PUBLISHED))
    public_rule(JourneyTranslation, lambda: Q(draft=False, journey__status=JourneyStatus.PUBLISHED))
    public_rule(Document, lambda: Q(visibility=Visibility.PUBLIC, withdrawn_at__isnull=True))
    public_rule(DocumentVersion, lambda: Q(document__visibility=Visibility.PUBLIC, document__withdrawn_at__isnull=True))
    public_rule(Event, lambda: Q(is_public=True))
    public_rule(
        Party,
        lambda: Q(kind=PartyKind.IMPLEMENTER) | Q(kind=PartyKind.PARTNER, municipality__isnull=False),
    )
    municipal = Q(kind=OrganisationKind.MUNICIPAL, merged_into__isnull=True, party__kind=PartyKind.PARTNER)
    public_rule(Organisation, lambda: municipal)
    public_rule(
        Contact,
        lambda: (
            _coordinator_role()
            & Q(organisation__kind=OrganisationKind.MUNICIPAL, organisation__merged_into__isnull=True)
            & Q(organisation__party__kind=PartyKind.PARTNER)
        ),
    )


# --- reads ------------------------------------------------------------------------------------------


def partner_parties():
    """The partner municipalities the portal has a page for, by name."""
    from loim.parties.models import Party, PartyKind

    return (
        visible_to_public(Party)
        .filter(kind=PartyKind.PARTNER)
        .select_related("municipality__county")
        .order_by("municipality__name", "name")
    )


def implementer():
    from loim.parties.models import Party, PartyKind

    return visible_to_public(Party).filter(kind=PartyKind.IMPLEMENTER).order_by("pk").first()


def services(*, municipality=None, national_only: bool = False):
    """Published services: those offered in the municipality (national ones, its county's and those
    naming it), or only the national ones. Translations that may be shown come prefetched."""
    from django.db.models import Prefetch

    from loim.services.models import Area, Service, ServiceTranslation

    queryset = (
        visible_to_public(Service)
        .select_related("provider__party__municipality", "county")
        .prefetch_related(Prefetch("translations", queryset=visible_to_public(ServiceTranslation)))
        .order_by("name", "pk")
    )
    if national_only:
        queryset = queryset.filter(area=Area.NATIONAL)
    elif municipality is not None:
        queryset = queryset.filter(
            Q(area=Area.NATIONAL)
            | Q(area=Area.COUNTY, county_id=municipality.county_id)
            | Q(area=Area.MUNICIPALITIES, municipalities=municipality)
        ).distinct()
    return queryset


def local_services(municipality):
    """The services offered in this municipality that are not national (those are on the national page)."""
    from loim.services.models import Area

    return services(municipality=municipality).exclude(area=Area.NATIONAL)


def journeys(*, municipality=None, stages: bool = True):
    """Published journeys (of a municipality, with the national ones) with their stages, stage services
    and documents prefetched (the services app's `published_journeys`), through the public rule;
    `stages=False`: titles and introductions only, for a list."""
    from loim.services.journey_selectors import published_journeys

    return visible_to_public(published_journeys(municipality=municipality, stages=stages))


def documents(*, party=None):
    """Public guidance materials (not withdrawn) of a party, newest first, with their current version."""
    from loim.network.models import Document

    queryset = visible_to_public(Document).filter(current_number__gt=0).order_by("title", "pk")
    if party is not None:
        queryset = queryset.filter(party=party)
    return queryset


def events():
    """Published events with what their pages show."""
    from loim.events.models import Event

    return (
        visible_to_public(Event)
        .select_related("kind", "party", "municipality__county")
        .prefetch_related("translations")
    )


def coming_events(*, party=None, municipality=None, limit: int | None = None):
    queryset = events().filter(end__gte=timezone.now()).order_by("start", "pk")
    if party is not None or municipality is not None:
        condition = Q()
        if party is not None:
            condition |= Q(party=party)
        if municipality is not None:
            condition |= Q(municipality=municipality)
        queryset = queryset.filter(condition)
    return queryset[:limit] if limit else queryset


@dataclass
class ContactPoint:
    """Where a newcomer turns in a municipality: the contact point its staff keep (`record`: address,
    opening hours, languages, the coordinator's work contacts, notes) and the party's general e-mail.
    A municipality without one yet shows its municipal department(s) from the directory with the
    coordinators' work contacts instead (`organisations`)."""

    email: str = ""
    record: Any = None  # portal.models.ContactPoint with its public translations prefetched
    texts: Any = None  # its opening hours and notes in the page's language (portal.texts), set by the view
    map_url: str = ""
    organisations: list = field(default_factory=list)  # each with .public_contacts
    languages: list[str] = field(default_factory=list)
    language_names: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.email or self.record or self.organisations)


def contact_point(party) -> ContactPoint:
    from django.db.models import Prefetch

    from loim.network.models import Contact, Organisation

    from .models import ContactPoint as Record
    from .models import ContactPointTranslation

    record = (
        visible_to_public(Record)
        .filter(party=party)
        .prefetch_related(Prefetch("translations", queryset=visible_to_public(ContactPointTranslation)))
        .first()
    )
    if record is not None:
        return ContactPoint(email=party.email, record=record, languages=list(record.languages))

    organisations = list(
        visible_to_public(Organisation)
        .filter(party=party)
        .filter(Q(municipalities=party.municipality_id) | Q(municipalities__isnull=True))
        .distinct()
        .prefetch_related(
            Prefetch("contacts", queryset=visible_to_public(Contact).order_by("name"), to_attr="public_contacts")
        )
        .order_by("name")
    )
    organisations = [o for o in organisations if o.public_contacts or o.email or o.phone or o.website]
    languages: list[str] = []
    for organisation in organisations:
        for code in [
            *organisation.languages,
            *(c for contact in organisation.public_contacts for c in contact.languages),
        ]:
            if code not in languages:
                languages.append(code)
    return ContactPoint(email=party.email, organisations=organisations, languages=languages)


@dataclass(frozen=True)
class Name:
    """A public name in the page's language and the language it is really in (a name without a
    translation is the Estonian one, marked `lang="et"` by the templates)."""

    text: str
    language: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class PublicNames:
    by_party: dict[int, Name]
    by_municipality: dict[int, Name]
    partners: dict[str, Any] = field(default_factory=dict)  # slug → the partner Party (its county joined)

    def partner(self, slug: str):
        """The partner municipality's party with this slug, as `partner_parties()` has it, or None."""
        return self.partners.get(slug)

    def party(self, party) -> Name:
        return self.by_party.get(party.pk) or Name(party.name, "et")

    def municipality(self, municipality) -> Name:
        if municipality is None:
            return Name("", "et")
        return self.by_municipality.get(municipality.pk) or Name(municipality.name, "et")


def public_names(language: str) -> PublicNames:
    """The public parties' names in `language` (one query): a partner's is its municipality's name
    translated ("City of Tartu", "город Тарту"), which also names its municipality on the portal;
    any other municipality keeps its EHAK name (it has no partner party to carry a translation)."""
    from loim.parties.models import Party, PartyKind

    by_party: dict[int, Name] = {}
    by_municipality: dict[int, Name] = {}
    partners: dict[str, Any] = {}
    for party in visible_to_public(Party).select_related("municipality__county"):
        name = Name(*party.public_name(language))
        by_party[party.pk] = name
        if party.municipality_id:
            by_municipality[party.municipality_id] = name
        if party.kind == PartyKind.PARTNER:
            partners[party.slug] = party
    return PublicNames(by_party, by_municipality, partners)


@dataclass(frozen=True)
class ProviderName:
    """A service provider's name on a page: `name` in the page's language where its party has one,
    and `unit`, the part of the directory name below the party ("sotsiaal- ja tervishoiuosakond"),
    kept in Estonian (the directory has no translation of it)."""

    name: Name
    unit: str = ""


def provider_name(organisation, language: str) -> ProviderName:
    """The provider (a directory organisation) named as the portal names its party: an organisation
    that is its party itself or a unit of it — its name is the party's, or begins with it and a comma
    ("Tartu Linnavalitsus, sotsiaal- ja tervishoiuosakond") — is named by the party's public name in
    `language` ("City of Tartu", from parties.yaml) with the unit after it. Any other organisation
    (a state agency, an NGO) keeps its Estonian name, marked `lang="et"` by the template. Uses the
    provider's party and municipality as `services()` joins them: no query."""
    party = organisation.party
    whole = organisation.name
    if party is not None and language != "et" and (whole == party.name or whole.startswith(party.name + ",")):
        text, code = party.public_name(language)
        if code == language:
            return ProviderName(Name(text, code), whole[len(party.name) :].lstrip(", ").strip())
    return ProviderName(Name(whole, "et"))
