"""Every write to networks and councils: the network itself, its members, its meetings with their
minutes, and the agreement of its meeting cadence that turns the plan's open commitment into one the
obligation checker follows (the Lõimumiskoda case). Each function is atomic, checks everything
(`full_clean`) before it writes and raises ValidationError by field; nothing is written on error.
(The directory's writes, organisations and contacts, are in `services.py`.)"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from loim.core.accounts import account_link
from loim.core.versioning import save_versioned
from loim.events import attachments
from loim.events.models import AttachmentKind, Event, EventAttachment, EventFormat
from loim.events.services import EventInput, event_create, local_datetime
from loim.places.models import Municipality
from loim.plans.models import Obligation, ObligationSubject, Plan

from .models import Contact, Network, NetworkKind, NetworkMeeting, NetworkMember, Organisation

NETWORK_FIELDS = ("name", "kind", "municipality", "county", "purpose", "communities", "founded_on", "ended_on")
CADENCE_FIELDS = ("cadence_agreed", "cadence_period", "cadence_min", "cadence_max", "cadence_agreed_on")


def _day(value: dt.date | None) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else "…"


@transaction.atomic
def network_save(*, network: Network, values: dict, expected_version: int | None = None) -> Network:
    """Create or change a network (not its cadence: `cadence_agree`)."""
    for name in NETWORK_FIELDS:
        if name in values:
            setattr(network, name, values[name])
    if network.kind != NetworkKind.COUNCIL and network.communities:
        raise ValidationError({"communities": _("Only a participation council records the communities represented.")})
    network.full_clean()
    save_versioned(network, expected=expected_version)
    return network


def _overlaps(member: NetworkMember) -> NetworkMember | None:
    """Another membership of the same organisation or person in the network whose dates overlap."""
    same = (
        Q(contact_id=member.contact_id)
        if member.contact_id
        else Q(organisation_id=member.organisation_id, contact=None)
    )
    others = NetworkMember.objects.filter(same, network_id=member.network_id).exclude(pk=member.pk)
    others = others.filter(Q(left_on__isnull=True) | Q(left_on__gte=member.joined_on))
    if member.left_on:
        others = others.filter(joined_on__lte=member.left_on)
    return others.order_by("joined_on").first()


@dataclass(frozen=True)
class MemberInput:
    organisation: Organisation | None
    contact: Contact | None
    joined_on: dt.date
    left_on: dt.date | None = None
    represents: str = ""


@transaction.atomic
def member_add(*, network: Network, data: MemberInput) -> NetworkMember:
    """Add an organisation or a person to the network. The same member twice with overlapping dates
    is refused (naming the member's field); a second membership after leaving is kept apart."""
    organisation = data.organisation or (data.contact.organisation if data.contact else None)
    member = NetworkMember(
        network=network,
        party_id=network.party_id,
        organisation=organisation,
        contact=data.contact,
        joined_on=data.joined_on,
        left_on=data.left_on,
        represents=data.represents,
    )
    member.full_clean()
    if data.represents and network.kind != NetworkKind.COUNCIL:
        raise ValidationError({"represents": _("Only a council member represents a community.")})
    if data.joined_on < network.founded_on:
        raise ValidationError(
            {
                "joined_on": _("The network was founded on %(day)s: no one joins before.")
                % {"day": _day(network.founded_on)}
            }
        )
    clash = _overlaps(member)
    if clash is not None:
        field = "contact" if member.contact_id else "organisation"
        raise ValidationError(
            {
                field: _("%(member)s is already a member of this network from %(start)s to %(end)s: the dates overlap.")
                % {"member": clash, "start": _day(clash.joined_on), "end": _day(clash.left_on)}
            }
        )
    member.save()
    return member


@transaction.atomic
def member_leave(*, member: NetworkMember, left_on: dt.date) -> NetworkMember:
    member.left_on = left_on
    member.full_clean()
    member.save(update_fields=["left_on", "updated_at"])
    return member


@transaction.atomic
def member_invite(*, member: NetworkMember, base_url: str, today: dt.date | None = None) -> NetworkMember:
    """Invite a member who is a contact person to an account that reads the network's documents
    (docs/decisions.md "Issue 12 — platform, second part"): the account of the contact's work e-mail,
    created without a password when new (allauth's set-password link is mailed, the system has no
    sign-up), is linked to the membership. No party membership is given. Inviting again re-sends the
    mail. Refused on `contact` for an organisation member, a contact without an e-mail, or a member
    who is not active today."""
    from django.contrib.auth import get_user_model

    from loim.core.tenancy import forget_access

    today = today or timezone.localdate()
    contact = member.contact
    if contact is None:
        raise ValidationError({"contact": _("Only a contact person can be invited; this member is an organisation.")})
    if not contact.email:
        raise ValidationError(
            {"contact": _("%(contact)s has no work e-mail in the directory: add it first.") % {"contact": contact}}
        )
    if member.joined_on > today or (member.left_on is not None and member.left_on < today):
        raise ValidationError({"contact": _("%(contact)s is not a member today.") % {"contact": contact}})
    User = get_user_model()
    email = User.objects.normalize_email(contact.email).lower()
    user = member.user if member.user_id else User.objects.filter(email__iexact=email).first()
    new_account = user is None
    if user is None:
        user = User(email=email, full_name=contact.name)
        user.set_unusable_password()
        user.full_clean()
        user.save()
    new_account = new_account or not user.has_usable_password()
    member.user = user
    member.invited_at = timezone.now()
    member.save(update_fields=["user", "invited_at", "updated_at"])
    forget_access(user)
    context = {
        "user": user,
        "network": member.network,
        "party": member.network.party,
        "url": account_link(user, new_account=new_account, base_url=base_url),
        "new_account": new_account,
    }
    subject = render_to_string("network/networks/invitation_subject.txt", context).strip()
    body = render_to_string("network/networks/invitation_email.txt", context)
    transaction.on_commit(lambda: send_mail(subject, body, None, [user.email]))
    return member


def _reach(network: Network) -> str:
    reaches: dict[str, str] = {NetworkKind.NATIONAL: "national", NetworkKind.COUNTY: "county"}
    return reaches.get(network.kind, "local")


@dataclass(frozen=True)
class MeetingInput:
    title: str
    day: dt.date
    start: dt.time
    end: dt.time
    address: str = ""
    description: str = ""
    municipality: Municipality | None = None  # default: the network's, else its party's
    format: str = EventFormat.ON_SITE
    online_url: str = ""


@transaction.atomic
def meeting_create(*, network: Network, data: MeetingInput, minutes=None, user=None) -> NetworkMeeting:
    """A meeting of the network: an event of the network's party (kind network meeting, or council
    meeting for a council) linked to the network, with its minutes attached when given."""
    from loim.plans.models import EventKind

    kind = EventKind.objects.get(code=network.meeting_kind_code)
    event = event_create(
        data=EventInput(
            party=network.party,
            kind=kind,
            title=data.title,
            start=local_datetime(data.day, data.start),
            end=local_datetime(data.day, data.end),
            municipality=data.municipality or network.municipality or network.party.municipality,
            address=data.address,
            format=data.format,
            online_url=data.online_url,
            reach=_reach(network),
            description=data.description,
        )
    )
    meeting = NetworkMeeting(network=network, event=event, party_id=network.party_id)
    meeting.full_clean()
    meeting.save()
    if minutes is not None:
        minutes_attach(meeting=meeting, upload=minutes, user=user)
    return meeting


@transaction.atomic
def meeting_link(*, network: Network, event: Event) -> NetworkMeeting:
    """An event already recorded (by the network's party, of its meeting kind) becomes a meeting of the network."""
    if event.party_id != network.party_id or event.kind.code != network.meeting_kind_code:
        raise ValidationError({"event": _("Only a meeting event of the network's own party can be linked.")})
    if NetworkMeeting.objects.filter(event=event).exists():
        raise ValidationError({"event": _("This event is already a meeting of a network.")})
    meeting = NetworkMeeting(network=network, event=event, party_id=network.party_id)
    meeting.save()
    return meeting


@transaction.atomic
def meeting_unlink(*, meeting: NetworkMeeting) -> Event:
    """The event stops being a meeting of the network (it was linked by mistake, or belongs to another
    network): only the link is removed (audited as its deletion); the event, its participations and its
    minutes stay in the events. Refused on `cadence_minutes` while its minutes are the ones that decided
    the network's agreed cadence: the cadence must name other minutes first."""
    network = Network.objects.select_for_update().get(pk=meeting.network_id)
    decision = network.cadence_minutes
    if decision is not None and decision.event_id == meeting.event_id:
        raise ValidationError(
            {
                "cadence_minutes": _(
                    "The minutes of this meeting (%(file)s) decided the network's meeting cadence: change the"
                    " “Minutes of the decision” of the meeting cadence first. Nothing was changed."
                )
                % {"file": decision.original_name}
            }
        )
    event = meeting.event
    meeting.delete()
    return event


def minutes_attach(*, meeting: NetworkMeeting, upload, user=None) -> EventAttachment:
    """The minutes of a meeting: an attachment of kind minutes on its event (events' checks of type and size)."""
    try:
        return attachments.attachment_add(event=meeting.event, upload=upload, kind=AttachmentKind.MINUTES, user=user)
    except ValidationError as exc:
        raise ValidationError({"minutes": exc.messages}) from None


def open_commitments(network: Network, year: int | None = None):
    """The plan's commitments this network's cadence may settle: the network's party's commitments of
    the year counting its meeting kind that are still to be agreed, or the one it already settled."""
    candidates = Obligation.objects.filter(
        responsible_id=network.party_id,
        subject=ObligationSubject.EVENTS,
        event_kinds__code=network.meeting_kind_code,
    )
    if year is not None:
        candidates = candidates.filter(plan__year=year)
    settled = Q(pk=network.commitment_id) if network.commitment_id else Q(pk__in=[])
    return candidates.filter(Q(is_open=True) | settled).distinct().select_related("plan").order_by("key")


@dataclass(frozen=True)
class CadenceInput:
    agreed: bool
    period: str
    min_count: int | None
    max_count: int | None
    agreed_on: dt.date | None
    minutes: EventAttachment | None = None
    commitment: Obligation | None = None  # None: a new commitment in the plan of the agreed year


def _cadence_note(network: Network) -> str:
    minutes = network.cadence_minutes
    text = _("Cadence agreed on %(day)s in %(network)s (recorded by %(who)s).") % {
        "day": _day(network.cadence_agreed_on),
        "network": network.name,
        "who": network.cadence_agreed_by or "—",
    }
    if minutes is not None:
        text += " " + _("Minutes: %(file)s of the meeting of %(meeting)s.") % {
            "file": minutes.original_name,
            "meeting": _day(minutes.event.start.date()),
        }
    return text


def _new_commitment(network: Network, year: int) -> Obligation:
    from loim.plans.models import EventKind

    plan = Plan.objects.filter(year=year).first()
    activity = (
        plan.activities.filter(responsible_parties=network.party_id).order_by("position").first() if plan else None
    )
    if plan is None or activity is None:
        raise ValidationError(
            {
                "cadence_agreed_on": _("The %(year)s plan has no row of %(party)s to hold the commitment.")
                % {
                    "year": year,
                    "party": network.party,
                }
            }
        )
    obligation = Obligation(
        plan=plan,
        party_id=plan.party_id,
        activity=activity,
        key=f"network-{network.pk}-meetings",
        title=_("Meetings of %(network)s") % {"network": network.name},
        responsible_id=network.party_id,
        subject=ObligationSubject.EVENTS,
        period=network.cadence_period,
        min_count=network.cadence_min,
        max_count=network.cadence_max,
        quote=_("The cadence agreed by %(network)s.") % {"network": network.name},
    )
    obligation.full_clean()
    obligation.save()
    obligation.event_kinds.set([EventKind.objects.get(code=network.meeting_kind_code)])
    return obligation


@transaction.atomic
def cadence_agree(*, network: Network, data: CadenceInput, user=None, expected_version: int | None = None) -> Network:
    """Record the agreed meeting cadence and make it a commitment of the plan: the open commitment it
    settles (or a new one) gets the period, the minimum and maximum and a note of who agreed it when,
    in which minutes; the obligation checker then judges it. Every change is audited."""
    network.cadence_agreed = data.agreed
    network.cadence_period = data.period or ""
    network.cadence_min = data.min_count
    network.cadence_max = data.max_count
    network.cadence_agreed_on = data.agreed_on
    network.cadence_minutes = data.minutes
    network.cadence_agreed_by = user if data.agreed else None
    errors = network.cadence_problems()
    if (
        data.minutes is not None
        and not NetworkMeeting.objects.filter(network=network, event_id=data.minutes.event_id).exists()
    ):
        errors["cadence_minutes"] = _("Choose minutes of one of this network's meetings.")
    if data.agreed and data.commitment is not None and data.agreed_on:
        allowed = open_commitments(network, data.agreed_on.year)
        if not allowed.filter(pk=data.commitment.pk).exists():
            errors["commitment"] = _("This commitment is not one this network's cadence can settle.")
    if errors:
        raise ValidationError(errors)
    if not data.agreed:
        network.full_clean()
        save_versioned(network, expected=expected_version)
        return network
    assert data.agreed_on is not None
    obligation = data.commitment or network.commitment or _new_commitment(network, data.agreed_on.year)
    obligation.is_open = False
    obligation.period = network.cadence_period
    obligation.min_count = network.cadence_min
    obligation.max_count = network.cadence_max
    note = _cadence_note(network)
    obligation.note = f"{obligation.note}\n{note}".strip() if obligation.note else note
    obligation.full_clean()
    obligation.save()
    network.commitment = obligation
    network.full_clean()
    save_versioned(network, expected=expected_version)
    return network
