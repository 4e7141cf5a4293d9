"""The form that records a municipality's move into a phase of the journey model: thin, the rules are
in `rollout_services`."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from loim.core.formfields import DateInput
from loim.network.models import Document

from .rollout_models import Phase
from .rollout_services import recordable_municipalities


class MoveForm(forms.Form):
    municipality: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Municipality"), queryset=None)
    phase = forms.ChoiceField(label=pgettext_lazy("rollout", "Phase"), choices=Phase.choices)
    began_on = forms.DateField(label=pgettext_lazy("rollout", "Began on"), widget=DateInput())
    evidence_document: forms.ModelChoiceField = forms.ModelChoiceField(
        label=pgettext_lazy("rollout", "Evidence document"),
        queryset=None,
        required=False,
        help_text=_("A document of the network's platform: minutes, a process description, a report."),
    )
    evidence_url = forms.URLField(
        label=pgettext_lazy("rollout", "Evidence link"), required=False, max_length=500, assume_scheme="https"
    )
    reason = forms.CharField(
        label=pgettext_lazy("rollout", "Reason for going back"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Required when the municipality returns to an earlier phase, e.g. after a failed validation."),
    )
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        municipalities = recordable_municipalities(user).order_by("name")
        cast(forms.ModelChoiceField, self.fields["municipality"]).queryset = municipalities
        cast(forms.ModelChoiceField, self.fields["evidence_document"]).queryset = (
            Document.objects.visible_to(user).filter(source=None).order_by("title")
        )


def put_errors(form: forms.Form, error) -> None:
    """A service's ValidationError onto the form: field-named where the form has the field."""
    for field, messages in getattr(error, "message_dict", {None: error.messages}).items():
        form.add_error(field if field in form.fields else None, messages)


class UndoForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the move undone?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. it was recorded for the wrong municipality or with the wrong date."),
    )
