"""Forms of the networks' pages: thin, the rules are in `network_services` and the models."""

from __future__ import annotations

import datetime as dt
from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from loim.core.formfields import DateInput
from loim.core.tenancy import editable_parties
from loim.core.versioning import VersionedFormMixin
from loim.events.models import AttachmentKind, Event, EventAttachment, EventFormat
from loim.parties.models import Party
from loim.places.models import County, Municipality
from loim.plans.models import EventKind, Obligation

from .models import CadencePeriod, Contact, Document, Network, NetworkKind, Organisation, Visibility
from .network_services import open_commitments


def put_errors(form: forms.Form, error) -> None:
    """A service's ValidationError onto the form: field-named where the form has the field."""
    for field, messages in getattr(error, "message_dict", {None: error.messages}).items():
        form.add_error(field if field in form.fields else None, messages)


class NetworkForm(VersionedFormMixin, forms.Form):
    party: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Run by"), queryset=Party.objects.none())
    name = forms.CharField(label=pgettext_lazy("network", "Name"), max_length=200)
    kind = forms.ChoiceField(label=pgettext_lazy("network", "Kind"), choices=NetworkKind.choices)
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.order_by("name"), required=False
    )
    county = forms.ModelChoiceField(label=_("County"), queryset=County.objects.order_by("name"), required=False)
    purpose = forms.CharField(label=_("Purpose"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    communities = forms.CharField(
        label=_("Communities represented"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("For a participation council: the communities its members represent."),
    )
    founded_on = forms.DateField(label=_("Founded on"), widget=DateInput())
    ended_on = forms.DateField(label=_("Ended on"), widget=DateInput(), required=False)

    def __init__(self, *args, user, network: Network | None = None, **kwargs):
        super().__init__(*args, versioned=network, **kwargs)
        parties = editable_parties(user)
        cast(forms.ModelChoiceField, self.fields["party"]).queryset = parties
        if len(parties) == 1:
            self.fields["party"].initial = parties[0].pk
        if network is not None:
            del self.fields["party"]  # the party running a network does not change


class MemberForm(forms.Form):
    organisation: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), required=False
    )
    contact: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Contact person"),
        queryset=Contact.objects.none(),
        required=False,
        help_text=_("A person joins with their organisation; leave the organisation empty to take theirs."),
    )
    represents = forms.CharField(
        label=_("Represents"),
        max_length=200,
        required=False,
        help_text=_("In a council: the community this member represents."),
    )
    joined_on = forms.DateField(label=_("Joined on"), widget=DateInput())
    left_on = forms.DateField(label=_("Left on"), widget=DateInput(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = Organisation.objects.visible_to(
            user
        ).filter(merged_into=None)
        cast(forms.ModelChoiceField, self.fields["contact"]).queryset = Contact.objects.visible_to(user).select_related(
            "organisation"
        )

    def clean(self):
        data = super().clean() or {}
        if not data.get("organisation") and not data.get("contact"):
            self.add_error("organisation", _("Choose an organisation or a contact person."))
        return data


class LeaveForm(forms.Form):
    left_on = forms.DateField(label=_("Left on"), widget=DateInput(), initial=dt.date.today)


class MeetingForm(forms.Form):
    title = forms.CharField(label=pgettext_lazy("event", "Title"), max_length=200)
    day = forms.DateField(label=_("Date"), widget=DateInput())
    start = forms.TimeField(label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    end = forms.TimeField(label=_("Ends at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    format = forms.ChoiceField(label=_("Format"), choices=EventFormat.choices, initial=EventFormat.ON_SITE)
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.order_by("name"),
        required=False,
        help_text=_("Where an on-site meeting takes place; empty: the network's own municipality."),
    )
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    online_url = forms.URLField(label=_("Link to the online meeting"), required=False, assume_scheme="https")
    description = forms.CharField(label=_("Agenda"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    minutes = forms.FileField(label=_("Minutes"), required=False)


class MinutesForm(forms.Form):
    minutes = forms.FileField(label=_("Minutes"))


class MeetingEventField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{timezone.localtime(obj.start):%d.%m.%Y} — {obj.title}"


class MeetingLinkForm(forms.Form):
    """An event already recorded becomes a meeting of the network: the network party's events of its
    meeting kind that no network holds yet (the service checks the same)."""

    event = MeetingEventField(
        label=_("Event"),
        queryset=Event.objects.none(),
        help_text=_("Events of the kind “%(kind)s” of the network's party that are not yet a meeting of a network."),
    )

    def __init__(self, *args, network: Network, **kwargs):
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["event"])
        field.queryset = Event.objects.filter(
            party_id=network.party_id, kind__code=network.meeting_kind_code, network_meeting__isnull=True
        ).order_by("-start", "pk")
        kind = EventKind.objects.filter(code=network.meeting_kind_code).first()
        field.help_text = field.help_text % {"kind": kind.name if kind else network.meeting_kind_code}


class MinutesChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{timezone.localtime(obj.event.start):%d.%m.%Y} — {obj.original_name}"


class CadenceForm(VersionedFormMixin, forms.Form):
    cadence_agreed = forms.BooleanField(label=_("The meeting cadence is agreed"), required=False)
    cadence_period = forms.ChoiceField(
        label=_("Meetings per"), choices=[("", "—"), *CadencePeriod.choices], required=False
    )
    cadence_min = forms.IntegerField(label=_("At least (meetings)"), min_value=0, required=False)
    cadence_max = forms.IntegerField(label=_("At most (meetings)"), min_value=0, required=False)
    cadence_agreed_on = forms.DateField(label=_("Agreed on"), widget=DateInput(), required=False)
    cadence_minutes = MinutesChoiceField(
        label=_("Minutes of the decision"), queryset=EventAttachment.objects.none(), required=False
    )
    commitment: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Commitment of the plan"),
        queryset=Obligation.objects.none(),
        required=False,
        empty_label=_("a new commitment"),
        help_text=_("The plan's open commitment this cadence settles; the obligation checker then follows it."),
    )

    def __init__(self, *args, network: Network, **kwargs):
        super().__init__(*args, versioned=network, **kwargs)
        minutes = cast(forms.ModelChoiceField, self.fields["cadence_minutes"])
        minutes.queryset = (
            EventAttachment.objects.filter(event__network_meeting__network=network, kind=AttachmentKind.MINUTES)
            .select_related("event")
            .order_by("-event__start")
        )
        cast(forms.ModelChoiceField, self.fields["commitment"]).queryset = open_commitments(network)


class AnnouncementForm(forms.Form):
    network: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Network"), queryset=Network.objects.none())
    title = forms.CharField(label=pgettext_lazy("announcement", "Title"), max_length=200)
    text = forms.CharField(
        label=pgettext_lazy("announcement", "Text"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )
    document: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Linked document"),
        queryset=Document.objects.none(),
        required=False,
        help_text=_("Optional: a document of this network its members may open."),
    )

    def __init__(self, *args, user, network: Network, **kwargs):
        kwargs.setdefault("initial", {})["network"] = network.pk
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["network"]).queryset = Network.objects.visible_to(user).order_by(
            "name"
        )
        cast(forms.ModelChoiceField, self.fields["document"]).queryset = (
            Document.objects.visible_to(user).filter(visibility=Visibility.NETWORK, network=network).order_by("title")
        )
