"""Demo networks and councils (`data/demo_networks.yaml`): what cannot be data is here: idempotency
(a network already seeded by name and party is left alone), finding the directory's demo entries its
members name, links to the events' demo meetings, and the minutes files (uploaded by the party's demo
coordinator; without users, as in the directory's own demo test, none are attached)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from loim.core.demo import clock, demo_data
from loim.core.tenancy import can_edit_party
from loim.events.models import Event, EventFormat
from loim.parties.models import Party
from loim.places.models import County, Municipality

from .announcements import AnnouncementInput, announcement_create
from .models import Contact, Network, NetworkMeeting, NetworkMember, Organisation
from .network_services import MeetingInput, MemberInput, meeting_create, meeting_link, member_add, minutes_attach


def minutes_pdf(name: str, title: str) -> SimpleUploadedFile:
    """A one-page PDF of minutes (no personal data) whose text names the meeting."""
    text = title.encode("latin-1", "replace")
    stream = b"BT /F1 14 Tf 72 720 Td (Protokoll: " + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    body, offsets = b"%PDF-1.4\n", []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % number + content + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def _member(entry: dict) -> MemberInput | None:
    """The directory's organisation (and person) a member entry names; None when the directory's demo
    lacks it (the member is left out rather than an entry invented here)."""
    organisation = Organisation.objects.filter(name=entry["organisation"], merged_into=None).first()
    if organisation is None:
        return None
    contact = None
    if entry.get("contact"):
        contact = Contact.objects.filter(organisation=organisation, name=entry["contact"]).first()
    return MemberInput(
        organisation=organisation,
        contact=contact,
        joined_on=entry["joined_on"],
        left_on=entry.get("left_on"),
        represents=entry.get("represents", ""),
    )


def _member_account(member: NetworkMember) -> None:
    """A demo account for a member who is no party's user: their work e-mail and the demo password,
    linked to the membership as an invitation would (`member_invite`), without sending mail."""
    from django.contrib.auth import get_user_model

    from loim.core.demo import DEMO_PASSWORD

    assert member.contact is not None
    users = get_user_model().objects
    user = users.filter(email=member.contact.email).first() or users.create_user(
        email=member.contact.email, password=DEMO_PASSWORD, full_name=member.contact.name
    )
    member.user = user
    member.invited_at = timezone.now()
    member.save(update_fields=["user", "invited_at", "updated_at"])


def member_accounts() -> list[NetworkMember]:
    """The demo's network members who have an account of no party (printed with the demo accounts)."""
    return list(NetworkMember.objects.exclude(user=None).select_related("user", "network").order_by("pk"))


def _network(entry: dict, parties: dict, author) -> Network:
    party = parties[entry["party"]]
    network = Network(
        party=party,
        name=entry["name"],
        kind=entry["kind"],
        municipality=Municipality.objects.get(name=entry["municipality"]) if "municipality" in entry else None,
        county=County.objects.get(name=entry["county"]) if "county" in entry else None,
        purpose=entry.get("purpose", ""),
        communities=entry.get("communities", ""),
        founded_on=entry["founded_on"],
    )
    network.full_clean()
    network.save()
    for member in entry.get("members", []):
        data = _member(member)
        if data is not None:
            added = member_add(network=network, data=data)
            if member.get("account") and data.contact is not None:
                _member_account(added)
    for meeting in entry.get("meetings", []):
        online = meeting.get("online", "")
        created = meeting_create(
            network=network,
            data=MeetingInput(
                title=meeting["title"],
                day=meeting["date"],
                start=clock(meeting["start"]),
                end=clock(meeting["end"]),
                format=EventFormat.ONLINE if online else EventFormat.ON_SITE,
                online_url=online,
            ),
        )
        if meeting.get("minutes") and author is not None:
            minutes_attach(meeting=created, upload=minutes_pdf(meeting["minutes"], meeting["title"]), user=author)
    if entry.get("announcement") and author is not None and can_edit_party(author, party.pk):
        text = entry["announcement"]
        announcement_create(data=AnnouncementInput(network=network, title=text["title"], text=text["text"]), by=author)
    link = entry.get("link_events")
    if link:
        events = Event.objects.filter(
            party=party, kind__code=link["kind"], title__startswith=link["title_starts"], network_meeting__isnull=True
        ).order_by("start")
        for number, event in enumerate(events):
            linked = meeting_link(network=network, event=event)
            if number == 0 and entry.get("minutes_for_linked") and author is not None:
                upload = minutes_pdf(entry["minutes_for_linked"], event.title)
                minutes_attach(meeting=linked, upload=upload, user=author)
    return network


def _author(slug: str):
    """Who uploads a party's demo minutes: its demo coordinator (or admin), else the first user."""
    from django.contrib.auth import get_user_model

    from loim.parties.demo import DEMO_ACCOUNTS

    emails = [email for email, _name, party, role, *_ in DEMO_ACCOUNTS if party == slug and role != "viewer"]
    users = get_user_model().objects.order_by("pk")
    return users.filter(email__in=emails).first() or users.first()


def seed(*, out) -> None:
    data = demo_data("network", "demo_networks")
    parties = {party.slug: party for party in Party.objects.all()}
    created = 0
    for entry in data["networks"]:
        if Network.objects.filter(party=parties[entry["party"]], name=entry["name"]).exists():
            continue
        _network(entry, parties, _author(entry["party"]))
        created += 1
    meetings = NetworkMeeting.objects.count()
    out.write(f"Networks: {created} created ({Network.objects.count()} in all, {meetings} meetings)\n")
    from loim.core.demo import DEMO_PASSWORD

    for member in member_accounts():
        email = member.user.email if member.user else ""
        out.write(f"  Network member of no party: {email} (password {DEMO_PASSWORD}), {member.network.name}\n")
