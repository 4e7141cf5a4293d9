"""Calendar feeds of a party's events (iCal) behind a secret address, and the page that shows it.

Calendar programs cannot sign in, so the feed's address carries a random secret (`CalendarFeed.token`):
the token is the credential, in the way Google Calendar's "secret address" is. The page shows the
address only to members of the party; its editors renew it, which cuts off every old copy.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from loim.core.permissions import parties_for, permits, policy, public
from loim.parties.models import Party

from ..ical import calendar_for, feed_queryset
from ..models import CalendarFeed, Event
from ..services import calendar_feed_for, calendar_feed_renew


@policy("signed_in")
def feed_settings(request):
    editable = parties_for(request.user, "record_work")
    parties = Party.objects.filter(pk__in=parties_for(request.user, "member")).order_by("name")
    feeds = {f.party_id: f for f in CalendarFeed.objects.visible_to(request.user).filter(party__in=parties)}
    rows = [
        {
            "party": party,
            "feed": feeds.get(party.pk),
            "url": request.build_absolute_uri(reverse("events:feed", args=[feeds[party.pk].token]))
            if party.pk in feeds
            else None,
            "can_edit": party.pk in editable,
        }
        for party in parties
    ]
    return render(request, "events/feeds.html", {"rows": rows})


@policy("record_work")
@require_POST
def feed_renew(request, party_pk):
    if not permits(request.user, "record_work", party_pk):
        raise Http404(_("No such record."))
    party = get_object_or_404(Party, pk=party_pk)
    if CalendarFeed.objects.filter(party=party).exists():
        calendar_feed_renew(party=party)
        messages.success(request, _("The calendar address of %s is renewed; the old one no longer works.") % party)
    else:
        calendar_feed_for(party=party)
        messages.success(request, _("The calendar address of %s is created.") % party)
    return redirect("events:feeds")


@public
def party_feed(request, token):
    """The party's events as iCal; no sign-in (the secret in the address is the key)."""
    feed = get_object_or_404(CalendarFeed.objects.select_related("party"), token=token)
    events = feed_queryset(Event.objects.filter(party=feed.party))
    body = calendar_for(
        events,
        name=f"Lõim: {feed.party}",
        url_for=lambda event: request.build_absolute_uri(reverse("events:detail", args=[event.pk])),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{feed.party.slug}.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response
