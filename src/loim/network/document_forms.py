"""Forms of the platform's document pages: thin, the rules are in `documents` and the models."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from loim.core.tenancy import editable_parties
from loim.core.versioning import VersionedFormMixin
from loim.parties.models import Party
from loim.plans.models import Activity

from .documents import MAX_BYTES, allowed_extensions_text, networks_for
from .models import DOCUMENT_LANGUAGES, MAX_TAG_LENGTH, MAX_TAGS, DocumentKind, Network, Visibility


def _file_field():
    return forms.FileField(
        label=_("File"),
        help_text=_("Up to %(size)d MB: %(types)s.")
        % {"size": MAX_BYTES // (1024 * 1024), "types": allowed_extensions_text()},
    )


class ActivityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        title = obj.title if len(obj.title) <= 80 else obj.title[:79] + "…"
        return f"{obj.code} {title}"


class DocumentForm(forms.Form):
    party: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Published by"), queryset=Party.objects.none())
    kind = forms.ChoiceField(label=pgettext_lazy("document", "Kind"), choices=DocumentKind.choices)
    title = forms.CharField(label=pgettext_lazy("document", "Title"), max_length=200)
    language = forms.ChoiceField(label=_("Language"), choices=DOCUMENT_LANGUAGES)
    visibility = forms.ChoiceField(label=_("Who reads it"), choices=Visibility.choices)
    network: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Network"),
        queryset=Network.objects.none(),
        required=False,
        help_text=_("Only when the document is for one network."),
    )
    activity = ActivityChoiceField(label=_("Plan row"), queryset=Activity.objects.none(), required=False)
    tags = forms.CharField(
        label=_("Tags"), required=False, help_text=_("Separated by commas, e.g. housing, language learning.")
    )
    file = _file_field()
    note = forms.CharField(label=_("What changed"), max_length=300, required=False)

    def __init__(self, *args, user, translation_of=None, **kwargs):
        super().__init__(*args, **kwargs)
        parties = editable_parties(user)
        cast(forms.ModelChoiceField, self.fields["party"]).queryset = parties
        if len(parties) == 1:
            self.fields["party"].initial = parties[0].pk
        cast(forms.ModelChoiceField, self.fields["network"]).queryset = networks_for(user)
        cast(forms.ModelChoiceField, self.fields["activity"]).queryset = Activity.objects.visible_to(user).order_by(
            "plan", "position", "pk"
        )
        if translation_of is not None:
            del self.fields["party"]  # a translation belongs to its source's party
            for name in ("kind", "visibility", "network", "activity", "tags"):
                self.fields[name].initial = getattr(translation_of, name)
            self.fields["network"].initial = translation_of.network_id
            self.fields["activity"].initial = translation_of.activity_id
            self.fields["tags"].initial = ", ".join(translation_of.tags)
            self.fields["language"].initial = "en" if translation_of.language != "en" else "et"
            del self.fields["note"]

    def clean_tags(self) -> list[str]:
        tags = [tag.strip() for tag in self.cleaned_data["tags"].split(",") if tag.strip()]
        if len(tags) > MAX_TAGS or any(len(tag) > MAX_TAG_LENGTH for tag in tags):
            raise forms.ValidationError(
                _("Give at most %(count)d tags of up to %(length)d characters each.")
                % {"count": MAX_TAGS, "length": MAX_TAG_LENGTH}
            )
        return list(dict.fromkeys(tags))


class DocumentEditForm(VersionedFormMixin, DocumentForm):
    """A document's metadata (title, description, kind, tags, visibility, network, plan row), with the
    version the user loaded: a change made meanwhile by someone else is refused (core.versioning)."""

    description = forms.CharField(
        label=_("Description"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    field_order = ["kind", "title", "description", "visibility", "network", "activity", "tags"]

    def __init__(self, *args, user, document, **kwargs):
        initial = {name: getattr(document, name) for name in ("kind", "title", "description", "visibility")}
        initial |= {"network": document.network_id, "activity": document.activity_id, "tags": ", ".join(document.tags)}
        kwargs.setdefault("initial", initial)
        super().__init__(*args, user=user, versioned=document, **kwargs)
        for name in ("party", "language", "file", "note"):
            del self.fields[name]  # the party and language stay; a file is a new version
        self.order_fields(self.field_order)


class WithdrawForm(VersionedFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawal"),
        max_length=300,
        required=False,
        help_text=_("Shown to your party's editors, who still see the document."),
    )


class VersionForm(VersionedFormMixin, forms.Form):
    file = _file_field()
    note = forms.CharField(label=_("What changed"), max_length=300, required=False)
