"""The home page of a network's member (docs/decisions.md "Issue 12 — platform, second part"): their
networks, the networks' meetings, the documents shared with those networks and the announcements to
them. Everything through `core.tenancy` (`visible_to`, whose models read `Access.networks`); a user
who is an active member of no network gets no panel."""

from __future__ import annotations

from django.utils import timezone

from loim.core.permissions import permits
from loim.core.tenancy import network_ids

from .models import Announcement, Document, Network, NetworkMeeting, Visibility

ANNOUNCEMENTS_SHOWN = 10
MEETINGS_SHOWN = 10
DOCUMENTS_SHOWN = 20


def member_panel(request):
    user = request.user
    if not permits(user, "network_member"):
        return None
    mine = network_ids(user)
    networks = list(Network.objects.visible_to(user).filter(pk__in=mine).select_related("party").order_by("name"))
    now = timezone.now()
    meetings = (
        NetworkMeeting.objects.visible_to(user)
        .filter(network__in=mine)
        .select_related("network", "event__municipality")
    )
    upcoming = list(meetings.filter(event__end__gte=now).order_by("event__start")[:MEETINGS_SHOWN])
    past = list(meetings.filter(event__end__lt=now).order_by("-event__start")[:MEETINGS_SHOWN])
    documents = list(
        Document.objects.visible_to(user)
        .filter(visibility=Visibility.NETWORK, network__in=mine)
        .select_related("network")
        .order_by("-updated_at", "pk")[:DOCUMENTS_SHOWN]
    )
    announcements = list(
        Announcement.objects.visible_to(user)
        .filter(network__in=mine)
        .select_related("network")
        .order_by("-published_at", "-pk")[:ANNOUNCEMENTS_SHOWN]
    )
    return "network/_member_panel.html", {
        "networks": networks,
        "announcements": announcements,
        "upcoming": upcoming,
        "past": past,
        "documents": documents,
    }
