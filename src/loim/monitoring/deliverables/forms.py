"""The owner party's edit form of a deliverable's record (a stale edit is refused: VersionedFormMixin)."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from loim.core.formfields import DateInput, ModelMultipleChoiceField
from loim.core.versioning import VersionedFormMixin

from ..models import DeliverableRecord, DeliverableStatus
from .state import STATES, state_label


class DeliverableForm(VersionedFormMixin, forms.Form):
    status = forms.ChoiceField(label=pgettext_lazy("deliverable", "Status"), choices=DeliverableStatus.choices)
    done_on = forms.DateField(
        label=_("Done on"),
        required=False,
        widget=DateInput(),
        help_text=_("Required when the deliverable is done."),
    )
    evidence_file = forms.FileField(
        label=_("Evidence file"),
        required=False,
        help_text=_("PDF, image, Word, Excel, OpenDocument or text, up to 10 MB."),
    )
    remove_file = forms.BooleanField(label=_("Remove the evidence file"), required=False)
    events: ModelMultipleChoiceField = ModelMultipleChoiceField(
        label=_("Events as evidence"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("The owner party's events of the plan year that produced it (hold Ctrl to choose several)."),
    )
    links = forms.CharField(
        label=_("Document links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=DeliverableRecord._meta.get_field("links").help_text,
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=DeliverableRecord._meta.get_field("notes").help_text,
    )

    def __init__(self, *args, events, record: DeliverableRecord | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        field = cast(ModelMultipleChoiceField, self.fields["events"])
        field.queryset = events
        field.label_from_instance = lambda e: f"{e.start:%d.%m.%Y} {e.title}"  # type: ignore[method-assign,assignment]
        if record is not None and record.pk:
            self.track_version(record)
        if record is None or not record.evidence_file:
            del self.fields["remove_file"]


class DeliverableFilter(forms.Form):
    party = forms.ChoiceField(label=_("Party"), required=False)
    state = forms.ChoiceField(label=pgettext_lazy("deliverable", "Status"), required=False)

    def __init__(self, *args, parties=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["party"]).choices = [("", _("all parties I may see"))] + [
            (p.slug, p.name) for p in parties
        ]
        cast(forms.ChoiceField, self.fields["state"]).choices = [("", _("any status"))] + [
            (code, state_label(code)) for code in STATES
        ]
