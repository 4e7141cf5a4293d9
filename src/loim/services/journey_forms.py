"""Forms of the adaptation journeys: thin, the rules are in `journeys.py`."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from loim.core.formfields import ModelMultipleChoiceField
from loim.core.tenancy import editable_parties
from loim.core.translations.pages import TranslationForm
from loim.core.versioning import VersionedFormMixin
from loim.network.models import Document
from loim.parties.models import Party
from loim.places.models import Municipality

from .journey_models import Journey, JourneyStage, JourneyStatus, JourneyTranslation, StageKind
from .journeys import JourneyInput, JourneyTextInput, StageInput, linkable_documents
from .models import Service


class JourneyForm(VersionedFormMixin, forms.Form):
    party: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Kept by"), queryset=Party.objects.none())
    title = forms.CharField(label=pgettext_lazy("journey", "Title"), max_length=200)
    intro = forms.CharField(
        label=pgettext_lazy("journey", "Introduction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Whom the journey is for and what it helps with."),
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.order_by("name"),
        required=False,
        empty_label=_("the whole country (a national journey of ELVL)"),
        help_text=_("The municipality the journey applies to."),
    )
    status = forms.ChoiceField(
        label=pgettext_lazy("journey", "Status"),
        choices=JourneyStatus.choices,
        widget=forms.RadioSelect,
        initial=JourneyStatus.DRAFT,
        help_text=_("A published journey can be shown on the public portal."),
    )

    def __init__(self, *args, user, journey: Journey | None = None, **kwargs):
        super().__init__(*args, versioned=journey, **kwargs)
        parties = editable_parties(user)
        party_field = cast(forms.ModelChoiceField, self.fields["party"])
        party_field.queryset = parties
        if len(parties) == 1:
            party_field.initial = parties[0].pk
            if journey is None and parties[0].municipality_id and "municipality" not in self.initial:
                self.fields["municipality"].initial = parties[0].municipality_id
        if journey is not None:
            del self.fields["party"]  # a journey stays with its party

    def to_input(self) -> JourneyInput:
        data = self.cleaned_data
        return JourneyInput(
            title=data["title"],
            intro=data.get("intro") or "",
            municipality=data.get("municipality"),
            status=data["status"],
        )


def journey_initial(journey: Journey) -> dict:
    return {
        "title": journey.title,
        "intro": journey.intro,
        "municipality": journey.municipality_id,
        "status": journey.status,
    }


class ServiceChoiceField(ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.provider.name})" if obj.provider_id else obj.name


class StageForm(VersionedFormMixin, forms.Form):
    """A stage's texts and links; the version carried is the journey's (a stage changes its journey)."""

    kind = forms.ChoiceField(label=pgettext_lazy("journey stage", "Kind of stage"), choices=StageKind.choices)
    title = forms.CharField(label=pgettext_lazy("journey stage", "Title"), max_length=200)
    text = forms.CharField(
        label=pgettext_lazy("journey stage", "Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the newcomer does at this stage and what to know."),
    )
    services = ServiceChoiceField(
        label=_("Services"),
        queryset=Service.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Services of the catalogue for this stage."),
    )
    documents = ModelMultipleChoiceField(
        label=_("Guidance documents"),
        queryset=Document.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Documents of the platform read by every network; a published journey links public ones only."),
    )

    def __init__(self, *args, user, journey: Journey, **kwargs):
        super().__init__(*args, versioned=journey, **kwargs)
        services = cast(ServiceChoiceField, self.fields["services"])
        services.queryset = Service.objects.visible_to(user).select_related("provider").order_by("name", "pk")
        documents = cast(ModelMultipleChoiceField, self.fields["documents"])
        # only what the journey may link (the service layer refuses the rest with its reason too)
        documents.queryset = linkable_documents(user, published=journey.published).order_by("title")

    def to_input(self) -> StageInput:
        data = self.cleaned_data
        return StageInput(
            kind=data["kind"],
            title=data["title"],
            text=data.get("text") or "",
            services=list(data.get("services") or []),  # kept in the catalogue's order (by name)
            documents=list(data.get("documents") or []),
        )


def stage_initial(stage: JourneyStage) -> dict:
    return {
        "kind": stage.kind,
        "title": stage.title,
        "text": stage.text,
        "services": [link.service_id for link in stage.service_links.order_by("position")],
        "documents": [d.pk for d in stage.documents.all()],
    }


def journey_text_fields(stages: list[JourneyStage]) -> dict[str, forms.Field]:
    """The journey's title and introduction, then each stage's title and text."""
    texts: dict[str, forms.Field] = {
        "title": forms.CharField(label=pgettext_lazy("journey", "Title"), max_length=200),
        "intro": forms.CharField(
            label=pgettext_lazy("journey", "Introduction"), required=False, widget=forms.Textarea(attrs={"rows": 4})
        ),
    }
    for stage in stages:
        texts[f"stage_{stage.pk}_title"] = forms.CharField(
            label=_("Stage %(number)d: title") % {"number": stage.position}, max_length=200, required=False
        )
        texts[f"stage_{stage.pk}_text"] = forms.CharField(
            label=_("Stage %(number)d: text") % {"number": stage.position},
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
        )
    return texts


class JourneyTranslationForm(TranslationForm):
    """The journey's title and introduction, then each stage's title and text, in one language."""

    def __init__(self, *args, language: str, stages: list[JourneyStage], translation=None, **kwargs):
        super().__init__(*args, language=language, texts=journey_text_fields(stages), translation=translation, **kwargs)
        self.stages = stages

    def to_input(self) -> JourneyTextInput:
        data = self.cleaned_data
        return JourneyTextInput(
            title=data["title"],
            intro=data.get("intro") or "",
            stages={
                stage.pk: {
                    "title": data.get(f"stage_{stage.pk}_title") or "",
                    "text": data.get(f"stage_{stage.pk}_text") or "",
                }
                for stage in self.stages
            },
        )


def translation_texts(translation: JourneyTranslation, stages: list[JourneyStage]) -> dict:
    """A translation's texts in the form's terms."""
    texts: dict[str, object] = {"title": translation.title, "intro": translation.intro}
    for stage in stages:
        texts[f"stage_{stage.pk}_title"] = translation.stage_value(stage.pk, "title")
        texts[f"stage_{stage.pk}_text"] = translation.stage_value(stage.pk, "text")
    return texts
