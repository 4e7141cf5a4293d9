"""Networks and councils (issue 12): the list, a network with its members, meetings and minutes, and
the forms that add members, meetings and minutes and record the agreed meeting cadence.

Who reads what (docs/decisions.md "Issue 12 — networks and councils"): a network is an OWNED record
of the party running it: its own members, ELVL and the ministry read it; another partner does not.
Its admins and coordinators change it (`manage_networks`, `agree_cadence`)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from loim.core.permissions import permits, policy
from loim.core.tenancy import get_editable_or_404, get_visible_or_404
from loim.core.versioning import StaleVersion
from loim.events.models import AttachmentKind, EventAttachment

from ..announcements import AnnouncementInput, announcement_create
from ..models import Announcement, Network, NetworkKind, NetworkMeeting, NetworkMember
from ..network_forms import (
    AnnouncementForm,
    CadenceForm,
    LeaveForm,
    MeetingForm,
    MeetingLinkForm,
    MemberForm,
    MinutesForm,
    NetworkForm,
    put_errors,
)
from ..network_services import (
    NETWORK_FIELDS,
    CadenceInput,
    MeetingInput,
    MemberInput,
    cadence_agree,
    meeting_create,
    meeting_link,
    meeting_unlink,
    member_add,
    member_invite,
    member_leave,
    minutes_attach,
    network_save,
)


@policy("read_networks")
def network_list(request):
    kind = request.GET.get("kind", "")
    today = timezone.localdate()
    networks = (
        Network.objects.visible_to(request.user)
        .select_related("party", "municipality", "county")
        .annotate(
            active_members=Count(
                "members",
                filter=Q(members__joined_on__lte=today)
                & (Q(members__left_on__isnull=True) | Q(members__left_on__gte=today)),
                distinct=True,
            ),
            meeting_count=Count("meetings", distinct=True),
        )
        .order_by("kind", "party__name", "name")
    )
    if kind in NetworkKind.values:
        networks = networks.filter(kind=kind)
    return render(
        request,
        "network/networks/network_list.html",
        {
            "networks": networks,
            "kinds": NetworkKind.choices,
            "kind": kind,
            "today": today,
            "may_create": permits(request.user, "manage_networks"),
        },
    )


def _network_for_reading(request, pk):
    return get_visible_or_404(
        Network.objects.select_related(
            "party", "municipality", "county", "commitment__plan", "cadence_minutes__event", "cadence_agreed_by"
        ),
        request.user,
        pk=pk,
    )


@policy("read_networks")
def network_detail(request, pk):
    network = _network_for_reading(request, pk)
    members = network.members.select_related("organisation", "contact__organisation").order_by(
        "left_on", "joined_on", "pk"
    )
    minutes = Prefetch(
        "event__attachments",
        queryset=EventAttachment.objects.filter(kind=AttachmentKind.MINUTES, personal_data=False),
        to_attr="minutes",
    )
    meetings = (
        network.meetings.select_related("event", "event__kind").prefetch_related(minutes).order_by("-event__start")
    )
    today = timezone.localdate()
    members = list(members)
    for m in members:
        m.is_active = m.joined_on <= today and (m.left_on is None or m.left_on >= today)  # for the template
    return render(
        request,
        "network/networks/network_detail.html",
        {
            "network": network,
            "members": members,
            "meetings": meetings,
            "announcements": network.announcements.select_related("author").order_by("-published_at", "-pk")[:20],
            "today": today,
            "active": network.active_on(today),
            "may_edit": permits(request.user, "manage_networks", network),
            "may_agree": permits(request.user, "agree_cadence", network),
        },
    )


def _form_page(request, form, *, title, network=None, status=None, multipart=False, submit_label=""):
    return render(
        request,
        "network/networks/form.html",
        {"form": form, "title": title, "network": network, "multipart": multipart, "submit_label": submit_label},
        status=status or (400 if form.errors else 200),
    )


@policy("manage_networks")
def network_create(request):
    form = NetworkForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in NETWORK_FIELDS}
        try:
            network = network_save(network=Network(party=form.cleaned_data["party"]), values=values)
        except ValidationError as error:
            put_errors(form, error)
        else:
            messages.success(request, _("The network “%s” was saved.") % network.name)
            return redirect("network:network_detail", pk=network.pk)
    return _form_page(request, form, title=_("A new network or council"))


@policy("manage_networks")
def network_edit(request, pk):
    network = get_editable_or_404(Network, request.user, pk=pk)
    initial = {name: getattr(network, name) for name in NETWORK_FIELDS}
    form = NetworkForm(request.POST or None, user=request.user, network=network, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in NETWORK_FIELDS}
        try:
            network_save(network=network, values=values, expected_version=form.expected_version)
        except StaleVersion as stale:
            form.refuse_stale(stale, {name: getattr(stale.current, name) for name in NETWORK_FIELDS})
        except ValidationError as error:
            put_errors(form, error)
        else:
            messages.success(request, _("The network “%s” was saved.") % network.name)
            return redirect("network:network_detail", pk=network.pk)
    return _form_page(request, form, title=_("Edit %(network)s") % {"network": network.name}, network=network)


@policy("manage_networks")
def member_create(request, pk):
    network = get_editable_or_404(Network, request.user, pk=pk)
    form = MemberForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            member = member_add(network=network, data=MemberInput(**form.cleaned_data))
        except ValidationError as error:
            put_errors(form, error)
        else:
            messages.success(request, _("%(member)s joined %(network)s.") % {"member": member, "network": network})
            return redirect("network:network_detail", pk=network.pk)
    return _form_page(
        request, form, title=_("A new member of %(network)s") % {"network": network.name}, network=network
    )


@policy("manage_networks")
def member_end(request, pk):
    member = get_editable_or_404(NetworkMember.objects.select_related("network"), request.user, pk=pk)
    form = LeaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member_leave(member=member, left_on=form.cleaned_data["left_on"])
        except ValidationError as error:
            put_errors(form, error)
        else:
            messages.success(request, _("%(member)s left %(network)s.") % {"member": member, "network": member.network})
            return redirect("network:network_detail", pk=member.network_id)
    title = _("%(member)s leaves %(network)s") % {"member": member, "network": member.network}
    return _form_page(request, form, title=title, network=member.network)


@require_POST
@policy("manage_networks")
def member_invite_view(request, pk):
    """Invite a member's contact person to an account that reads the network's documents."""
    member = get_editable_or_404(NetworkMember.objects.select_related("network__party", "contact"), request.user, pk=pk)
    try:
        member_invite(member=member, base_url=request.build_absolute_uri("/"))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("Invitation sent to %(email)s.") % {"email": member.user.email if member.user else ""}
        )
    return redirect("network:network_detail", pk=member.network_id)


@policy("manage_networks")
def announcement_create_view(request, pk):
    """Write an announcement from the page of a network the user runs (404 for any other); the form's
    network may be changed to another one they see, and one they do not run is refused on the field."""
    network = get_editable_or_404(Network.objects.select_related("party"), request.user, pk=pk)
    form = AnnouncementForm(request.POST or None, user=request.user, network=network)
    if request.method == "POST" and form.is_valid():
        data = AnnouncementInput(**form.cleaned_data)
        try:
            announcement = announcement_create(data=data, by=request.user, base_url=request.build_absolute_uri("/"))
        except ValidationError as error:
            put_errors(form, error)
        else:
            count = announcement.deliveries.count()
            messages.success(
                request,
                ngettext(
                    "The announcement was published and is being sent to %(count)d member.",
                    "The announcement was published and is being sent to %(count)d members.",
                    count,
                )
                % {"count": count},
            )
            return redirect("network:announcement_detail", pk=announcement.pk)
    title = _("An announcement to %(network)s") % {"network": network.name}
    return _form_page(request, form, title=title, network=network, submit_label=_("Publish and send"))


@policy("signed_in")
def announcement_detail(request, pk):
    """An announcement; for its party's editors also to whom it was mailed, when, and what failed."""
    announcement = get_visible_or_404(
        Announcement.objects.select_related("network", "document", "author"), request.user, pk=pk
    )
    may_edit = permits(request.user, "manage_networks", announcement)
    deliveries = announcement.deliveries.order_by("email") if may_edit else None
    return render(
        request,
        "network/announcements/announcement_detail.html",
        {
            "announcement": announcement,
            "deliveries": deliveries,
            "may_edit": may_edit,
            "may_read_network": permits(request.user, "read_networks"),
        },
    )


@policy("manage_networks")
def meeting_add(request, pk):
    network = get_editable_or_404(Network.objects.select_related("party", "municipality"), request.user, pk=pk)
    form = MeetingForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = {name: value for name, value in form.cleaned_data.items() if name != "minutes"}
        try:
            meeting_create(
                network=network, data=MeetingInput(**data), minutes=form.cleaned_data["minutes"], user=request.user
            )
        except ValidationError as error:
            put_errors(form, error)
        else:
            messages.success(request, _("The meeting was saved."))
            return redirect("network:network_detail", pk=network.pk)
    title = _("A meeting of %(network)s") % {"network": network.name}
    return _form_page(request, form, title=title, network=network, multipart=True)


@policy("manage_networks")
def meeting_link_view(request, pk):
    """Make an event already recorded (the network party's, of its meeting kind) a meeting of the network."""
    network = get_editable_or_404(Network.objects.select_related("party"), request.user, pk=pk)
    form = MeetingLinkForm(request.POST or None, network=network)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = meeting_link(network=network, event=form.cleaned_data["event"])
        except ValidationError as error:
            put_errors(form, error)
        else:
            messages.success(
                request,
                _("“%(event)s” is now a meeting of %(network)s.") % {"event": meeting.event.title, "network": network},
            )
            return redirect("network:network_detail", pk=network.pk)
    title = _("Add a recorded event as a meeting of %(network)s") % {"network": network.name}
    return _form_page(request, form, title=title, network=network, submit_label=_("Add as a meeting"))


@policy("manage_networks")
def meeting_unlink_view(request, pk):
    """Remove a meeting from its network (GET asks, POST does it): the event itself stays."""
    meeting = get_editable_or_404(NetworkMeeting.objects.select_related("network", "event"), request.user, pk=pk)
    network = meeting.network
    error = None
    if request.method == "POST":
        try:
            event = meeting_unlink(meeting=meeting)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(
                request,
                _("“%(event)s” is no longer a meeting of %(network)s; the event itself is kept.")
                % {"event": event.title, "network": network.name},
            )
            return redirect("network:network_detail", pk=network.pk)
    return render(
        request,
        "network/networks/meeting_unlink.html",
        {"meeting": meeting, "network": network, "error": error},
        status=400 if error else 200,
    )


@policy("manage_networks")
def minutes_add(request, pk):
    meeting = get_editable_or_404(NetworkMeeting.objects.select_related("network", "event"), request.user, pk=pk)
    form = MinutesForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            minutes_attach(meeting=meeting, upload=form.cleaned_data["minutes"], user=request.user)
        except ValidationError as error:
            put_errors(form, error)
        else:
            messages.success(request, _("The minutes were attached to the meeting."))
            return redirect("network:network_detail", pk=meeting.network_id)
    title = _("Minutes of the meeting of %(day)s") % {"day": meeting.event.start.strftime("%d.%m.%Y")}
    return _form_page(request, form, title=title, network=meeting.network, multipart=True)


@policy("agree_cadence")
def cadence_edit(request, pk):
    network = get_editable_or_404(Network.objects.select_related("party"), request.user, pk=pk)
    fields = ("cadence_agreed", "cadence_period", "cadence_min", "cadence_max", "cadence_agreed_on", "cadence_minutes")
    initial = {name: getattr(network, name) for name in fields} | {"commitment": network.commitment}
    form = CadenceForm(request.POST or None, network=network, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        cadence = CadenceInput(
            agreed=data["cadence_agreed"],
            period=data["cadence_period"],
            min_count=data["cadence_min"],
            max_count=data["cadence_max"],
            agreed_on=data["cadence_agreed_on"],
            minutes=data["cadence_minutes"],
            commitment=data["commitment"],
        )
        try:
            cadence_agree(network=network, data=cadence, user=request.user, expected_version=form.expected_version)
        except StaleVersion as stale:
            form.refuse_stale(stale, {name: getattr(stale.current, name) for name in fields})
        except ValidationError as error:
            put_errors(form, error)
        else:
            messages.success(request, _("The meeting cadence was saved."))
            return redirect("network:network_detail", pk=network.pk)
    title = _("Meeting cadence of %(network)s") % {"network": network.name}
    return _form_page(request, form, title=title, network=network)


urlpatterns = [
    path("networks/", network_list, name="network_list"),
    path("networks/new/", network_create, name="network_create"),
    path("networks/<int:pk>/", network_detail, name="network_detail"),
    path("networks/<int:pk>/edit/", network_edit, name="network_edit"),
    path("networks/<int:pk>/members/new/", member_create, name="member_create"),
    path("networks/members/<int:pk>/leave/", member_end, name="member_end"),
    path("networks/members/<int:pk>/invite/", member_invite_view, name="member_invite"),
    path("networks/<int:pk>/meetings/new/", meeting_add, name="meeting_add"),
    path("networks/<int:pk>/announcements/new/", announcement_create_view, name="announcement_create"),
    path("networks/announcements/<int:pk>/", announcement_detail, name="announcement_detail"),
    path("networks/<int:pk>/meetings/link/", meeting_link_view, name="meeting_link"),
    path("networks/meetings/<int:pk>/minutes/", minutes_add, name="minutes_add"),
    path("networks/meetings/<int:pk>/unlink/", meeting_unlink_view, name="meeting_unlink"),
    path("networks/<int:pk>/cadence/", cadence_edit, name="cadence_edit"),
]
