"""Staff forms of the portal: a partner municipality's contact point and its translations' texts."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from loim.core.versioning import VersionedFormMixin
from loim.core.vocabulary import Language


class ContactPointForm(VersionedFormMixin, forms.Form):
    address = forms.CharField(
        label=_("Address"), max_length=300, help_text=_("Street, house and room, as a visitor looks for it.")
    )
    opening_hours = forms.CharField(
        label=_("Opening hours (in Estonian)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One line per group of days, e.g. “E–N 9–17” and “R 9–14”."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"), choices=Language.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    coordinator_name = forms.CharField(label=_("Coordinator's name"), max_length=200, required=False)
    coordinator_phone = forms.CharField(
        label=_("Coordinator's work phone"), max_length=40, required=False, help_text=_("e.g. +372 736 1234")
    )
    coordinator_email = forms.CharField(label=_("Coordinator's work e-mail"), max_length=254, required=False)
    notes = forms.CharField(
        label=_("Notes (in Estonian, optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("e.g. come without an appointment, or how to book one."),
    )


def contact_point_text_fields() -> dict[str, forms.Field]:
    """The texts of a contact point's translation (core.translations.pages.TranslationForm)."""
    return {
        "opening_hours": forms.CharField(label=_("Opening hours"), widget=forms.Textarea(attrs={"rows": 3})),
        "notes": forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False),
    }
