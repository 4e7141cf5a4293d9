"""Forms of the communication pages. They parse and offer choices (through core.tenancy); whether a
record may be saved is decided by the model and the services, shared with the API and the import."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from loim.core.tenancy import editable_parties
from loim.core.versioning import VersionedFormMixin
from loim.core.vocabulary import Language
from loim.plans.models import Activity

from .models import (
    MAX_REACH,
    Channel,
    ChannelKind,
    JobStatus,
    OutputKind,
    ReachUnit,
    SubjectKind,
    TranslatedBy,
)
from .services import JobInput, OutputInput, evidence_types_text

DATE_WIDGET = forms.DateInput(attrs={"autocomplete": "off", "placeholder": _("dd.mm.yyyy"), "size": 12})


class ActivityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, activity):
        title = activity.title if len(activity.title) <= 80 else activity.title[:79] + "…"
        row = activity.row_number or activity.measure_code
        return f"{activity.plan.year} · {row} {title}"


class ChannelChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, channel):
        return channel.name


def activity_choices(user, parties):
    return (
        Activity.objects.visible_to(user)
        .filter(responsible_parties__in=parties, level__gt=0)
        .select_related("plan")
        .distinct()
        .order_by("-plan__year", "position")
    )


class PartyMixin:
    """The party field: the user's editable parties, hidden when there is one."""

    fields: dict

    def setup_party(self, user, with_party: bool):
        parties = editable_parties(user)
        if with_party:
            self.fields["party"].queryset = parties
            if len(parties) == 1:
                self.fields["party"].initial = parties[0].pk
                self.fields["party"].widget = forms.HiddenInput()
        else:
            del self.fields["party"]
        return parties


class OutputForm(PartyMixin, VersionedFormMixin, forms.Form):
    """Quick entry (and the edit form, without `party`). Field order is tab order; required fields
    start empty, so nothing is recorded by leaving a default alone."""

    party: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Party"), queryset=None, empty_label=None)
    kind = forms.ChoiceField(label=_("Kind of output"), choices=OutputKind.choices, widget=forms.RadioSelect)
    channel = ChannelChoiceField(label=_("Channel"), queryset=None, empty_label=_("— choose —"))
    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=Language.choices, widget=forms.CheckboxSelectMultiple
    )
    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET, help_text=_("Not in the future."))
    title = forms.CharField(label=_("Title"), max_length=300)
    link = forms.CharField(
        label=_("Link"), max_length=500, required=False, help_text=_("An address starting with http:// or https://.")
    )
    evidence = forms.FileField(label=_("Evidence file"), required=False)
    remove_evidence = forms.BooleanField(label=_("Remove the kept file"), required=False)
    reach = forms.IntegerField(label=_("Reach"), required=False, min_value=0, max_value=MAX_REACH)
    reach_unit = forms.ChoiceField(
        label=_("Reach counted as"), required=False, choices=[("", _("— not known —")), *ReachUnit.choices]
    )
    activity = ActivityChoiceField(label=_("Plan row"), queryset=None, required=False, empty_label=_("— none —"))

    def __init__(self, *args, user, with_party=True, autofocus=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        parties = self.setup_party(user, with_party)
        if with_party:
            del self.fields["remove_evidence"]
        self.fields["channel"].queryset = (
            Channel.objects.editable_by(user).filter(active=True).select_related("party").order_by("name", "pk")
        )
        self.fields["activity"].queryset = activity_choices(user, parties)
        self.fields["evidence"].help_text = _("Allowed: %(types)s; at most 10 MB.") % {"types": evidence_types_text()}
        for name in ("date", "link", "evidence"):
            self.fields[name].widget.attrs["aria-describedby"] = f"id_{name}_helptext"
        if autofocus:
            self.fields["kind"].widget.attrs["autofocus"] = True

    def service_input(self) -> OutputInput:
        data = self.cleaned_data
        return OutputInput(
            kind=data["kind"],
            channel=data["channel"],
            languages=list(data["languages"]),
            date=data["date"],
            title=data["title"],
            link=data["link"],
            reach=data["reach"],
            reach_unit=data["reach_unit"],
            activity=data["activity"],
            evidence=data.get("evidence") or None,
            remove_evidence=bool(data.get("remove_evidence")),
        )

    @staticmethod
    def initial_from(output) -> dict:
        return {
            "kind": output.kind,
            "channel": output.channel,
            "languages": list(output.languages),
            "date": output.date,
            "title": output.title,
            "link": output.link,
            "reach": output.reach,
            "reach_unit": output.reach_unit,
            "activity": output.activity,
        }


KEPT_FIELDS = ("kind", "channel", "date")


class OutputFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of output"), required=False, choices=[("", _("All kinds")), *OutputKind.choices]
    )
    channel: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Channel"), queryset=None, required=False, empty_label=_("All channels")
    )
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("All languages")), *Language.choices]
    )
    activity = ActivityChoiceField(label=_("Plan row"), queryset=None, required=False, empty_label=_("All rows"))
    start = forms.DateField(label=_("From"), required=False, widget=DATE_WIDGET)
    end = forms.DateField(label=_("Until"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["channel"]).queryset = Channel.objects.visible_to(user).order_by(
            "name", "pk"
        )
        cast(forms.ModelChoiceField, self.fields["activity"]).queryset = (
            Activity.objects.visible_to(user)
            .filter(level__gt=0, communication_outputs__isnull=False)
            .select_related("plan")
            .distinct()
            .order_by("-plan__year", "position")
        )

    def clean(self):
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The period ends before it starts."))
        return data

    def filters(self) -> dict:
        """The valid filters; an invalid one is shown with its error and matches nothing."""
        if not self.is_bound:
            return {}
        if not self.is_valid():
            return {"none": True}
        return {name: value for name, value in (self.cleaned_data or {}).items() if value}


class ChannelForm(PartyMixin, forms.Form):
    party: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Party"), queryset=None, empty_label=None)
    name = forms.CharField(label=_("Name"), max_length=150)
    kind = forms.ChoiceField(label=_("Kind of channel"), choices=[("", _("— choose —")), *ChannelKind.choices])
    url = forms.CharField(label=_("Address"), max_length=200, required=False)
    active = forms.BooleanField(label=_("In use"), required=False, initial=True)

    def __init__(self, *args, user, with_party=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_party(user, with_party)


class TranslationJobForm(PartyMixin, VersionedFormMixin, forms.Form):
    party: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Party"), queryset=None, empty_label=None)
    subject_kind = forms.ChoiceField(
        label=_("What was translated"), choices=SubjectKind.choices, widget=forms.RadioSelect
    )
    title = forms.CharField(label=_("Title"), max_length=300, required=False, help_text=_("Empty: the service's name."))
    service: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Service"), queryset=None, required=False, empty_label=_("— none —")
    )
    document: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Document"), queryset=None, required=False, empty_label=_("— none —")
    )
    source_language = forms.ChoiceField(label=_("From language"), choices=[("", _("— choose —")), *Language.choices])
    target_language = forms.ChoiceField(label=_("Into language"), choices=[("", _("— choose —")), *Language.choices])
    translated_by = forms.ChoiceField(label=_("Translated by"), choices=TranslatedBy.choices, widget=forms.RadioSelect)
    agency: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Agency"), queryset=None, required=False, empty_label=_("— none —")
    )
    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET, help_text=_("Not in the future."))
    status = forms.ChoiceField(label=_("Status"), choices=JobStatus.choices, widget=forms.RadioSelect)
    result_link = forms.CharField(
        label=_("Result"), max_length=500, required=False, help_text=_("An address starting with http:// or https://.")
    )
    activity = ActivityChoiceField(label=_("Plan row"), queryset=None, required=False, empty_label=_("— none —"))

    def __init__(self, *args, user, with_party=True, **kwargs):
        from loim.network.models import Document, Organisation
        from loim.services.models import Service

        super().__init__(*args, **kwargs)
        parties = self.setup_party(user, with_party)
        # a service's translation is changed only by those who may translate it (the owning party)
        self.fields["service"].queryset = Service.objects.editable_by(user).order_by("name", "pk")
        self.fields["document"].queryset = Document.objects.visible_to(user).order_by("title", "pk")
        self.fields["agency"].queryset = Organisation.objects.listed().order_by("name", "pk")
        self.fields["activity"].queryset = activity_choices(user, parties)
        for name in ("date", "result_link", "title"):
            self.fields[name].widget.attrs["aria-describedby"] = f"id_{name}_helptext"

    def service_input(self) -> JobInput:
        data = self.cleaned_data
        return JobInput(
            subject_kind=data["subject_kind"],
            title=data["title"],
            service=data["service"],
            document=data["document"],
            source_language=data["source_language"],
            target_language=data["target_language"],
            translated_by=data["translated_by"],
            agency=data["agency"],
            date=data["date"],
            status=data["status"],
            result_link=data["result_link"],
            activity=data["activity"],
        )

    @staticmethod
    def initial_from(job) -> dict:
        return {
            name: getattr(job, name)
            for name in (
                "subject_kind",
                "title",
                "service",
                "document",
                "source_language",
                "target_language",
                "translated_by",
                "agency",
                "date",
                "status",
                "result_link",
                "activity",
            )
        }


class ImportForm(PartyMixin, forms.Form):
    party: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Party"), queryset=None, empty_label=None)
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_("CSV or XLSX, the first row holding the column names."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt", "aria-describedby": "id_file_helptext"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_party(user, True)
