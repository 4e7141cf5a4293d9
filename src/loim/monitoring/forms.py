"""Forms of monitoring: thin, with their choices scoped through core.tenancy."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from loim.core.formfields import DateInput
from loim.core.tenancy import editable_parties
from loim.places.models import Region

from .locking import LockReasonMixin, year_days
from .models import ManualValue, ReportFormat, ReportPeriod


class ViewFilter(forms.Form):
    """The party and the day figures are counted as of; the party is checked by `viewer_for`."""

    party = forms.ChoiceField(label=_("Party"), required=False)
    as_of = forms.DateField(
        label=_("As of"),
        required=False,
        widget=DateInput(),
    )

    def __init__(self, *args, parties=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].choices = [("", _("all parties I may see"))] + [(p.slug, p.name) for p in parties]


class MatrixFilter(forms.Form):
    region = forms.ChoiceField(label=_("Region"), required=False, choices=[("", _("all regions")), *Region.choices])
    party = forms.ChoiceField(label=_("Party"), required=False)

    def __init__(self, *args, parties=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].choices = [("", _("all parties I may see"))] + [(p.slug, p.name) for p in parties]


class ManualValueForm(LockReasonMixin, forms.Form):
    indicator_key = forms.ChoiceField(label=_("Indicator"))
    party = forms.ModelChoiceField(label=_("Party"), queryset=None, empty_label=None)
    value = forms.DecimalField(label=_("Value"), min_value=0, max_digits=12, decimal_places=2)
    evidence = forms.CharField(
        label=_("Evidence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=ManualValue._meta.get_field("evidence").help_text,
    )
    evidence_file = forms.FileField(
        label=_("Evidence file"),
        required=False,
        help_text=_("PDF, image, Word, Excel, OpenDocument or text, up to 10 MB."),
    )

    def __init__(self, *args, user, indicators, instance: ManualValue | None = None, year=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance, self.year = instance, year or (instance.year if instance else None)
        self.fields["indicator_key"].choices = [(i.key, i.name) for i in indicators]
        self.fields["party"].queryset = editable_parties(user)
        if instance is not None:
            self.lock(instance.party_id, year_days(instance.year))

    def lock_after(self, cleaned_data):
        party = cleaned_data.get("party")
        return (party.pk if party else None, year_days(self.year)) if self.year else None

    def clean(self):
        cleaned = super().clean()
        has_file = cleaned.get("evidence_file") or (self.instance and self.instance.evidence_file)
        if not (cleaned.get("evidence") or "").strip() and not has_file:
            self.add_error("evidence", _("Describe the evidence or attach a file: a value needs evidence."))
        return cleaned


class ConfirmationForm(LockReasonMixin, forms.Form):
    count = forms.IntegerField(label=_("How many"), min_value=1, initial=1)
    evidence = forms.CharField(
        label=_("Evidence"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was done and where it can be checked (a decision, minutes, a link)."),
    )

    def __init__(self, *args, party_id=None, days=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.lock(party_id, days)


class ExplanationForm(LockReasonMixin, forms.Form):
    text = forms.CharField(
        label=_("Explanation of the deviation"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text=_("Why the period was missed, and what is done about it (e.g. an extra session later)."),
    )

    def __init__(self, *args, party_id=None, days=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.lock(party_id, days)  # a period of an approved report part: a change needs a reason


class ReportNoteForm(LockReasonMixin, forms.Form):
    text = forms.CharField(
        label=_("Explanation of deviations"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10000,
        help_text=_("What was done under the activity, and why it differs from the plan where it does."),
    )

    def __init__(self, *args, parts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.locked = list(parts)
        if self.locked:
            self._add_reason_field()


class ReportRequestForm(forms.Form):
    format = forms.ChoiceField(
        label=pgettext_lazy("report file", "Format"), choices=[c for c in ReportFormat.choices if c[0] != "json"]
    )
    party = forms.CharField(required=False, widget=forms.HiddenInput)
    period = forms.ChoiceField(required=False, choices=ReportPeriod.choices, widget=forms.HiddenInput)
