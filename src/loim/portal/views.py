"""The public portal: pages anyone may read, in Estonian, English, Russian and Ukrainian, under
/et/, /en/, /ru/ and /uk/ (Django's `i18n_patterns`; the language is the address's, so a page is the
same for everyone who asks for it and is cached whole, `portal.cache`).

Everything shown is read through `portal.public` as the public role (`core.tenancy.visible_to_public`):
published services, public documents, published events, the partner municipalities and their contact
points. Texts come in the page's language with every fallback to Estonian marked (`portal.texts`).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language, get_language_from_request, pgettext_lazy
from django.utils.translation import gettext as _

from loim.core.permissions import public
from loim.core.tenancy import get_public_or_404
from loim.events import ical
from loim.places.models import County
from loim.plans.models import EventKind

from . import public as reads
from .cache import cached_page
from .pages import page
from .texts import contact_point_texts, event_texts, journey_texts, service_texts
from .vocabulary import LANGUAGES, county_label, format_label, language_label, language_labels

PAGE_SIZE = 20
#: the events app's public texts beyond title and description, with their labels on the event page
EVENT_EXTRA_LABELS = {
    "registration": pgettext_lazy("portal", "How to register"),
    "cost": pgettext_lazy("portal", "Cost"),
    "accessibility": pgettext_lazy("portal", "Accessibility"),
    "address_notes": pgettext_lazy("portal", "How to find the place"),
}


def _int(value) -> int | None:
    """A positive id, or None for anything else (ignored like any garbage in a public address): an
    id past the database's integers overflowed the SQLite driver and answered 500 to any visitor."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**63 else None


def _events(events, names=None):
    """Events with their texts, format, languages, county, place and organiser in the page's language."""
    language = get_language()
    events = list(events)
    if events and names is None:
        names = reads.public_names(language)
    for event in events:
        event.texts = event_texts(event, language)
        event.format_label = format_label(event.format)
        event.language_names = language_labels(event.languages)
        event.county_name = county_label(event.municipality.county) if event.municipality_id else ""
        event.place_name = names.municipality(event.municipality if event.municipality_id else None)
        event.organiser_name = names.party(event.party)
        event.extra_pieces = [
            (str(label), event.texts.pieces[name])
            for name, label in EVENT_EXTRA_LABELS.items()
            if name in event.texts.pieces and event.texts.pieces[name].text
        ]
    return events


def _services(services):
    language = get_language()
    services = list(services)
    for service in services:
        service.texts = service_texts(service, language)
        service.language_names = language_labels(service.languages)
        service.provider_name = reads.provider_name(service.provider, language)
    return services


def _documents(documents):
    documents = list(documents)
    for document in documents:
        document.language_name = language_label(document.language)
    return documents


def _party(party):
    party.county_name = county_label(party.municipality.county) if party.municipality_id else ""
    party.public = reads.Name(*party.public_name(get_language()))
    return party


@public
@cached_page
def index(request):
    parties = [_party(p) for p in reads.partner_parties()]
    coming = _events(reads.coming_events(limit=5))
    return page(request, "portal/index.html", {"parties": parties, "events": coming})


def _partner_or_404(slug: str):
    party = reads.partner_parties().filter(slug=slug).first()
    if party is None:
        raise Http404(_("There is no such municipality on the portal."))
    return _party(party)


@public
@cached_page
def municipality(request, slug):
    """A partner municipality's page: its contact point, services, journeys, coming events and
    guidance, one query per kind of content (tests/portal/test_queries.py counts them): the party is
    found among the public parties whose names the events need anyway."""
    names = reads.public_names(get_language())
    party = names.partner(slug)
    if party is None:
        raise Http404(_("There is no such municipality on the portal."))
    party = _party(party)
    point = reads.contact_point(party)
    point.language_names = language_labels(point.languages)
    if point.record is not None:
        point.texts = contact_point_texts(point.record, get_language())
        place = ", ".join((point.record.address, party.municipality.name, "Eesti"))
        point.map_url = "https://www.openstreetmap.org/search?" + urlencode({"query": place})
    return page(
        request,
        "portal/municipality.html",
        {
            "party": party,
            "point": point,
            "services": _services(reads.local_services(party.municipality)),
            "events": _events(reads.coming_events(party=party, municipality=party.municipality, limit=10), names),
            "documents": _documents(reads.documents(party=party)),
            "journeys": _journeys(party.municipality),
        },
    )


def _journeys(municipality):
    """The published adaptation journeys of the municipality (with the national ones), with their
    texts in the page's language (the services app's `journey_selectors`)."""
    language = get_language()
    journeys = list(reads.journeys(municipality=municipality, stages=False))
    for journey in journeys:
        journey.texts = journey_texts(journey, language)
    return journeys


def _journey_or_404(pk):
    journey = reads.journeys().filter(pk=_int(pk) or 0).first()
    if journey is None:
        raise Http404(_("There is no such journey on the portal."))
    journey.texts = journey_texts(journey, get_language())
    journey.place_name = reads.Name(*journey.party.public_name(get_language()))
    services = {s.pk: s for s in _services(reads.services().filter(pk__in=_journey_service_ids(journey)))}
    for stage_texts in journey.texts.stages:
        stage = stage_texts.stage
        stage.texts = stage_texts
        stage.public_services = [
            services[link.service_id] for link in stage.ordered_links if link.service_id in services
        ]
        stage.public_documents = _documents(stage.linked_documents)
    return journey


def _journey_service_ids(journey) -> set[int]:
    return {link.service_id for stage in journey.stages.all() for link in stage.ordered_links}


@public
@cached_page
def journey_detail(request, pk):
    journey = _journey_or_404(pk)
    return page(request, "portal/journey.html", {"journey": journey})


@public
@cached_page
def journey_stage(request, pk, stage):
    journey = _journey_or_404(pk)
    stages = [texts.stage for texts in journey.texts.stages]
    index = next((i for i, s in enumerate(stages) if s.pk == _int(stage)), None)
    if index is None:
        raise Http404(_("There is no such journey on the portal."))
    return page(
        request,
        "portal/journey_stage.html",
        {
            "journey": journey,
            "stage": stages[index],
            "number": index + 1,
            "count": len(stages),
            "previous": stages[index - 1] if index > 0 else None,
            "next": stages[index + 1] if index + 1 < len(stages) else None,
        },
    )


@public
@cached_page
def national(request):
    elvl = reads.implementer()
    if elvl is not None:
        elvl.public = reads.Name(*elvl.public_name(get_language()))
    return page(
        request,
        "portal/national.html",
        {
            "elvl": elvl,
            "services": _services(reads.services(national_only=True)),
            "documents": _documents(reads.documents(party=elvl)) if elvl else [],
        },
    )


@public
@cached_page
def service_detail(request, pk):
    service = reads.services().filter(pk=_int(pk) or 0).first()
    if service is None:
        raise Http404(_("There is no such service on the portal."))
    service = _services([service])[0]
    names = reads.public_names(get_language())
    service.municipality_names = [names.municipality(m) for m in service.municipalities.all()]
    service.county_name = county_label(service.county) if service.county_id else ""
    return page(request, "portal/service_detail.html", {"service": service})


@public
@cached_page
def event_list(request):
    """Published events: the coming ones, or the past ones, by county, kind and language."""
    events = reads.events()
    past = request.GET.get("when") == "past"
    now = timezone.now()
    events = events.filter(end__lt=now).order_by("-start") if past else events.filter(end__gte=now).order_by("start")
    county = _int(request.GET.get("county"))
    if county:
        events = events.filter(municipality__county_id=county)
    kind = _int(request.GET.get("kind"))
    if kind:
        events = events.filter(kind_id=kind)
    language = request.GET.get("language")
    if language in LANGUAGES:
        events = events.in_language(language)
    else:
        language = None
    events_page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    events_page.object_list = _events(events_page.object_list)
    counties = [(item.pk, county_label(item)) for item in County.objects.all()]
    return page(
        request,
        "portal/event_list.html",
        {
            "page": events_page,
            "past": past,
            "counties": counties,
            "kinds": EventKind.objects.filter(active=True),
            "language_choices": [(code, str(label)) for code, label in LANGUAGES.items()],
            "chosen": {"county": county, "kind": kind, "language": language},
            "query_params": request.GET,
        },
    )


@public
@cached_page
def event_detail(request, pk):
    event = reads.events().filter(pk=_int(pk) or 0).first()
    if event is None:
        raise Http404(_("There is no such public event."))
    return page(request, "portal/event_detail.html", {"event": _events([event])[0]})


def _calendar(request, body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _event_url(request):
    return lambda event: request.build_absolute_uri(reverse("portal:event_detail", args=[event.pk]))


@public
@cached_page
def events_ical(request):
    """Every published event of the last year and ahead, in the page's language (events.ical)."""
    return _calendar(request, ical.public_feed(language=get_language(), url_for=_event_url(request)), "loim-events.ics")


@public
@cached_page
def municipality_ical(request, slug):
    """A partner municipality's published events (events.ical.municipality_feed)."""
    party = _partner_or_404(slug)
    body = ical.municipality_feed(party.municipality, language=get_language(), url_for=_event_url(request))
    return _calendar(request, body, f"loim-{party.slug}.ics")


@public
@cached_page
def kind_ical(request, pk):
    """The published events of one event kind (events.ical.kind_feed)."""
    kind = EventKind.objects.filter(pk=_int(pk) or 0, active=True).first()
    if kind is None:
        raise Http404(_("There is no such public event."))
    return _calendar(
        request, ical.kind_feed(kind, language=get_language(), url_for=_event_url(request)), f"loim-kind-{kind.pk}.ics"
    )


@public
def document_file(request, pk):
    """The current file of a public document (never a withdrawn or non-public one)."""
    from loim.network.models import DocumentVersion

    document = get_public_or_404(reads.documents(), pk=_int(pk) or 0)
    version = get_public_or_404(DocumentVersion, document=document, number=document.current_number)
    response = FileResponse(
        version.file.open("rb"), content_type=version.content_type, as_attachment=True, filename=version.original_name
    )
    response["Cache-Control"] = "public, max-age=300"
    return response


@public
@cached_page
def accessibility(request):
    return page(request, "portal/accessibility.html", {"feedback_email": settings.PORTAL_FEEDBACK_EMAIL})


@public
def old_address(request, rest: str = ""):
    """/public/… (the portal's address before issue 14): permanently to the same page in the visitor's
    language (their language cookie or browser), so old links and bookmarks keep working."""
    language = get_language_from_request(request)
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    target = f"/{language}/{rest}"
    if request.META.get("QUERY_STRING"):
        target += "?" + request.META["QUERY_STRING"]
    response = HttpResponsePermanentRedirect(target)
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response
