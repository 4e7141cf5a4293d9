"""Directory forms: an organisation, a contact person, the "still correct" confirmation, an import."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from loim.core.formfields import ModelMultipleChoiceField
from loim.core.tenancy import Scope, editable_parties
from loim.core.versioning import VersionedFormMixin
from loim.core.vocabulary import Language
from loim.places.models import Municipality

from .models import Organisation, OrganisationKind, validate_phone, validate_registry_code
from .services import ContactInput, OrganisationInput


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """A service's (model's) errors on the form's fields of the same name, the rest on the form."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


class PartyChoiceMixin:
    """The keeper of a new record: one of the parties the user edits for (hidden when only one)."""

    def setup_party(self, user, record=None) -> None:
        parties = editable_parties(user, Scope.SHARED)
        field = self.fields["party"]  # type: ignore[attr-defined]
        field.queryset = parties
        self.single_party = parties.first() if parties.count() == 1 else None
        if record is not None and record.pk:
            del self.fields["party"]  # type: ignore[attr-defined]  # the keeper stays
            self.single_party = None
        elif self.single_party:
            field.widget = forms.HiddenInput()
            field.initial = self.single_party.pk


class OrganisationForm(PartyChoiceMixin, VersionedFormMixin, forms.Form):
    party: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Kept by"), queryset=None, empty_label=None)
    name = forms.CharField(label=pgettext_lazy("organisation", "Name"), max_length=200)
    kind = forms.ChoiceField(label=pgettext_lazy("organisation", "Kind"), choices=OrganisationKind.choices)
    registry_code = forms.CharField(
        label=_("Registry code"),
        max_length=8,
        required=False,
        validators=[validate_registry_code],
        help_text=_("The Estonian business or non-profit registry code, e.g. 70009770."),
    )
    municipalities = ModelMultipleChoiceField(
        label=_("Municipalities served"),
        queryset=Municipality.objects.current(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Leave empty for an organisation serving the whole country."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Service languages"), choices=Language.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    email = forms.EmailField(label=_("General e-mail"), required=False)
    phone = forms.CharField(label=_("General phone"), max_length=40, required=False, validators=[validate_phone])
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, user, organisation: Organisation | None = None, **kwargs):
        super().__init__(*args, versioned=organisation if organisation and organisation.pk else None, **kwargs)
        self.organisation = organisation
        self.setup_party(user, organisation)

    def input(self) -> OrganisationInput:
        data = self.cleaned_data
        party = data.get("party") or self.organisation.party  # type: ignore[union-attr]  # an edit keeps it
        return OrganisationInput(
            party=party,
            name=data["name"],
            kind=data["kind"],
            registry_code=data.get("registry_code", ""),
            municipalities=list(data.get("municipalities") or []),
            languages=list(data.get("languages") or []),
            website=data.get("website", ""),
            email=data.get("email", ""),
            phone=data.get("phone", ""),
            note=data.get("note", ""),
        )

    @staticmethod
    def initial_for(data: OrganisationInput) -> dict:
        initial = {name: getattr(data, name) for name in OrganisationInput.__dataclass_fields__}
        initial["party"] = getattr(data.party, "pk", None)
        initial["municipalities"] = [m.pk for m in data.municipalities]
        return initial


class ContactForm(PartyChoiceMixin, VersionedFormMixin, forms.Form):
    party: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Kept by"), queryset=None, empty_label=None)
    name = forms.CharField(label=_("Name of the contact person"), max_length=150)
    role = forms.CharField(label=_("Role or position"), max_length=150, required=False)
    email = forms.EmailField(label=_("Work e-mail"), required=False)
    phone = forms.CharField(label=_("Work phone"), max_length=40, required=False, validators=[validate_phone])
    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=Language.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, user, organisation: Organisation, contact=None, **kwargs):
        super().__init__(*args, versioned=contact if contact is not None and contact.pk else None, **kwargs)
        self.organisation, self.contact = organisation, contact
        self.setup_party(user, contact)

    def input(self) -> ContactInput:
        data = self.cleaned_data
        party = data.get("party") or self.contact.party
        return ContactInput(
            party=party,
            organisation=self.organisation,
            name=data["name"],
            role=data.get("role", ""),
            email=data.get("email", ""),
            phone=data.get("phone", ""),
            languages=list(data.get("languages") or []),
        )

    @staticmethod
    def initial_for(data: ContactInput) -> dict:
        initial = {name: getattr(data, name) for name in ContactInput.__dataclass_fields__ if name != "organisation"}
        initial["party"] = getattr(data.party, "pk", None)
        return initial


class ConfirmForm(forms.Form):
    """The "still correct" button: carries the version the user saw."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class DirectoryFilter(forms.Form):
    q = forms.CharField(label=_("Name or registry code"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=pgettext_lazy("organisation", "Kind"),
        choices=[("", _("— every kind —")), *OrganisationKind.choices],
        required=False,
    )
    municipality = forms.ModelChoiceField(
        label=_("Serves the municipality"),
        queryset=Municipality.objects.current(),
        required=False,
        empty_label=_("— anywhere —"),
    )
    due = forms.BooleanField(label=_("Only entries due for a check"), required=False)


class DirectoryImportForm(forms.Form):
    party: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Party that keeps the new entries"), queryset=None, empty_label=None
    )
    file = forms.FileField(label=_("File (CSV or XLSX)"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = editable_parties(user, Scope.SHARED)  # type: ignore[attr-defined]  # a ModelChoiceField

    def clean_file(self):
        from .importing import LIMITS

        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise ValidationError(_("Choose a CSV or XLSX file."))
        if upload.size > LIMITS.max_bytes:
            raise ValidationError(LIMITS.too_large())
        return upload


class MergeForm(forms.Form):
    """Merge this (duplicate) entry into another: the entry kept, and the version the user saw."""

    keep: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("The entry to keep"),
        queryset=None,
        help_text=_("Contact persons, network memberships and links move there; this entry stays as history."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, user, duplicate: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = Organisation.objects.visible_to(user).listed().exclude(pk=duplicate.pk).order_by("name", "pk")
        self.fields["keep"].queryset = queryset  # type: ignore[attr-defined]  # a ModelChoiceField
        self.fields["keep"].label_from_instance = _keep_label  # type: ignore[attr-defined]


def _keep_label(organisation: Organisation) -> str:
    return f"{organisation.name} ({organisation.registry_code})" if organisation.registry_code else organisation.name
