"""Tenancy cases: networks (issue 12). A network is an OWNED record of the party running it: its own
members, ELVL and the ministry read it, another partner does not (docs/decisions.md "Issue 12 —
networks and councils"); its members and meetings are shown on its page only."""

import datetime as dt
import itertools

from django.urls import reverse

from loim.network.models import (
    Announcement,
    AnnouncementDelivery,
    Network,
    NetworkMeeting,
    NetworkMember,
    Organisation,
)
from loim.network.network_services import MeetingInput, meeting_create
from tests.events.helpers import municipality
from tests.tenancy import API_ACTIONS, Form, Readers, TenancyCase

_n = itertools.count(1)
NO_API = dict.fromkeys(API_ACTIONS, "the API offers no networks yet")
NO_EXPORT = {"export_csv": "networks are in no export", "export_xlsx": "networks are in no export"}


def make_network(party, kind="local"):
    n = next(_n)
    return Network.objects.create(
        party=party, name=f"Võrgustik {n} {party.slug}", kind=kind, founded_on=dt.date(2024, 1, 1)
    )


def make_member(party):
    """A council member: the organisation is the directory's (every member reads it), so the marker is
    the community the member represents, which only the council's page shows."""
    network = make_network(party, kind="council")
    organisation = Organisation.objects.create(party=party, name=f"Ühing {next(_n)} {party.slug}", kind="ngo")
    return NetworkMember.objects.create(
        network=network,
        organisation=organisation,
        joined_on=dt.date(2024, 2, 1),
        represents=f"Kogukond {next(_n)} {party.slug}",
    )


def make_meeting(party):
    network = make_network(party)
    data = MeetingInput(
        title=f"Kohtumine {next(_n)} {party.slug}",
        day=dt.date(2024, 3, 5),
        start=dt.time(10),
        end=dt.time(12),
        municipality=municipality("Tartu linn"),
    )
    return meeting_create(network=network, data=data)


def make_announcement(party):
    n = next(_n)
    return Announcement.objects.create(
        network=make_network(party), title=f"Teade {n} {party.slug}", text="Kohtumine lükkub edasi."
    )


def make_delivery(party):
    announcement = make_announcement(party)
    return AnnouncementDelivery.objects.create(announcement=announcement, email=f"liige{next(_n)}@{party.slug}.test")


def announcement_page(delivery):
    return reverse("network:announcement_detail", kwargs={"pk": delivery.announcement_id})


def of_network(record):
    return {"pk": record.network_id}


def network_edit_data(network):
    return {
        "version": network.version,
        "name": "Ülevõetud",
        "kind": "local",
        "founded_on": "2024-01-01",
    }


def cadence_data(network):
    return {
        "version": network.version,
        "cadence_agreed": "on",
        "cadence_period": "month",
        "cadence_min": "1",
        "cadence_agreed_on": "2024-04-01",
    }


def network_create_data(party):
    return {"party": party.pk, "name": "Uus võrgustik", "kind": "local", "founded_on": "2024-01-01"}


def network_page(record):
    return reverse("network:network_detail", kwargs=of_network(record))


CASES = [
    TenancyCase(
        model=Network,
        make=make_network,
        marker=lambda n: n.name,
        list=["network:network_list"],
        read=["network:network_detail"],
        edit=[
            Form("network:network_edit", network_edit_data),
            Form("network:cadence_edit", cadence_data),
            # an event of the attacker's own party posted to the other party's network: 404, nothing linked
            Form("network:meeting_link", lambda n: {"event": ""}),
            Form("network:member_create", lambda n: {"organisation": "", "joined_on": "2024-03-01"}),
            Form(
                "network:meeting_add",
                lambda n: {
                    "title": "Ülevõetud",
                    "day": "2024-03-01",
                    "start": "10:00",
                    "end": "11:00",
                    "format": "online",
                    "online_url": "https://example.org/kohtumine",
                },
            ),
        ],
        create=[Form("network:network_create", network_create_data)],
        api="network",
        absent={
            "delete": "a network is ended (its end date), never deleted: the indicators read its history",
            **NO_EXPORT,
        },
    ),
    TenancyCase(
        model=NetworkMember,
        make=make_member,
        marker=lambda m: m.represents,
        list=[network_page],
        edit=[
            Form("network:member_end", lambda m: {"left_on": "2024-06-01"}),
            Form("network:member_invite", lambda m: {}),
        ],
        absent={
            "read": "a membership has no page of its own: its network's page lists it",
            "delete": "a member leaves (left on), the membership stays as history",
            **NO_EXPORT,
            **NO_API,
        },
    ),
    TenancyCase(
        model=NetworkMeeting,
        make=make_meeting,
        marker=lambda m: m.event.title,
        list=[network_page],
        read=[Form("events:detail", kwargs=lambda m: {"pk": m.event_id})],
        edit=[Form("network:minutes_add", lambda m: {})],
        # removing the meeting from its network (the event stays): 404, the link is kept
        delete=[Form("network:meeting_unlink", lambda m: {})],
        absent={
            **NO_EXPORT,
            **NO_API,
        },
    ),
    TenancyCase(
        model=Announcement,
        make=make_announcement,
        marker=lambda a: a.title,
        list=[network_page],
        read=["network:announcement_detail"],
        # writing one to the other party's network: the page answers 404, nothing is written
        edit=[
            Form(
                "network:announcement_create",
                lambda a: {"network": a.network_id, "title": "Ülevõetud", "text": "X"},
                kwargs=of_network,
            )
        ],
        absent={
            "delete": "an announcement was mailed to the members: it stays as it was sent",
            "export_csv": "announcements are in no export",
            "export_xlsx": "announcements are in no export",
            **dict.fromkeys(API_ACTIONS, "the API offers no announcements"),
        },
    ),
    TenancyCase(
        model=AnnouncementDelivery,
        make=make_delivery,
        marker=lambda d: d.email,
        # to whom it was mailed: shown to the network party's editors only (addresses of its members)
        readers=Readers.OWNER,
        list=[announcement_page],
        absent={
            "read": "a sent e-mail has no page: the announcement's page lists them",
            "edit": "the sending is recorded by the worker, never changed by a person",
            "delete": "the record of sending keeps a retry from mailing anyone twice",
            "export_csv": "e-mails sent are in no export",
            "export_xlsx": "e-mails sent are in no export",
            **dict.fromkeys(API_ACTIONS, "the API offers no announcements"),
        },
    ),
]
