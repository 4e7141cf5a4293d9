"""The public portal: pages anyone may read, in Estonian, English, Russian and Ukrainian.

The language is the visitor's choice (the language switch, a cookie) or their browser's
(Accept-Language), through Django's LocaleMiddleware. So far the portal shows the events their
organisers have published and their calendar feed; later issues add services and guidance.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from loim.core.permissions import public
from loim.events.ical import calendar_for, feed_queryset
from loim.events.selectors import public_events
from loim.places.models import County
from loim.plans.models import EventKind

from .vocabulary import LANGUAGES, format_label, language_labels

PAGE_SIZE = 20


def _int(value) -> int | None:
    """A positive id, or None for anything else (ignored like any garbage in a public address): an
    id past the database's integers overflowed the SQLite driver and answered 500 to any visitor."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**63 else None


@public
def index(request):
    coming = public_events().filter(end__gte=timezone.now()).order_by("start")[:5]
    return render(request, "portal/index.html", {"events": _decorate(coming)})


def _decorate(events):
    """Events with their format and languages in the visitor's language."""
    events = list(events)
    for event in events:
        event.format_label = format_label(event.format)
        event.language_names = language_labels(event.languages)
    return events


@public
def event_list(request):
    """Published events: the coming ones, or the past ones, by county, kind and language."""
    events = public_events()
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
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = _decorate(page.object_list)
    return render(
        request,
        "portal/event_list.html",
        {
            "page": page,
            "past": past,
            "counties": County.objects.all(),
            "kinds": EventKind.objects.filter(active=True),
            "language_choices": list(LANGUAGES.items()),
            "chosen": {"county": county, "kind": kind, "language": language},
        },
    )


@public
def event_detail(request, pk):
    event = public_events().filter(pk=pk).first()
    if event is None:
        raise Http404(_("There is no such public event."))
    return render(request, "portal/event_detail.html", {"event": _decorate([event])[0]})


@public
def events_ical(request):
    """Every published event of the last year and ahead, for calendar programs."""
    body = calendar_for(
        feed_queryset(public_events()),
        name=_("Lõim: public events"),
        url_for=lambda event: request.build_absolute_uri(reverse("portal:event_detail", args=[event.pk])),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="loim-events.ics"'
    response["Cache-Control"] = "public, max-age=900"
    return response
