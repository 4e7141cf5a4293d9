"""Forms of the service catalogue: thin, the rules are in `services` and the models."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from loim.core.formfields import ModelMultipleChoiceField
from loim.core.tenancy import editable_parties
from loim.core.versioning import VersionedFormMixin
from loim.core.vocabulary import Language, localized
from loim.inquiries.models import Topic
from loim.network.models import Organisation
from loim.parties.models import Party
from loim.places.models import County, Municipality

from .models import TEXT_FIELDS, Area, Service
from .services import ServiceInput, TextInput

LANGUAGE_CHOICES = [(code, label) for code, label in Language.choices if code != Language.OTHER]


class TopicChoiceField(ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return localized(obj)


def text_fields() -> dict[str, forms.Field]:
    """The text fields of a service, the same in the Estonian form and a translation's."""
    return {
        "name": forms.CharField(label=pgettext_lazy("service", "Name"), max_length=200),
        "summary": forms.CharField(label=_("What it is"), widget=forms.Textarea(attrs={"rows": 3})),
        "eligibility": forms.CharField(
            label=_("Who may use it"), required=False, widget=forms.Textarea(attrs={"rows": 2})
        ),
        "steps": forms.CharField(
            label=_("How to get it"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 4}),
            help_text=_("One step per line."),
        ),
        "documents_needed": forms.CharField(
            label=_("Documents needed"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
            help_text=_("One document per line."),
        ),
        "cost": forms.CharField(
            label=_("Cost"), max_length=300, required=False, help_text=_("E.g. free of charge, or 25 euros.")
        ),
        "hours": forms.CharField(
            label=_("Opening hours or appointment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
        ),
    }


def text_input(cleaned: dict) -> TextInput:
    return TextInput(**{name: cleaned.get(name) or "" for name in TEXT_FIELDS})


class ServiceForm(VersionedFormMixin, forms.Form):
    party: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Kept by"), queryset=Party.objects.none())
    provider: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Provider"),
        queryset=Organisation.objects.none(),
        help_text=_("The organisation from the directory that provides the service."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages served"), choices=LANGUAGE_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )
    area = forms.ChoiceField(label=_("Where"), choices=Area.choices, widget=forms.RadioSelect, initial=Area.NATIONAL)
    county = forms.ModelChoiceField(
        label=_("County"),
        queryset=County.objects.order_by("name"),
        required=False,
        help_text=_("Only when the service is offered in one county."),
    )
    municipalities = ModelMultipleChoiceField(
        label=pgettext_lazy("service area", "Municipalities"),
        queryset=Municipality.objects.order_by("name"),
        required=False,
        help_text=_("Only when the service is offered in specific municipalities."),
    )
    topics = TopicChoiceField(label=_("Topics"), queryset=Topic.objects.order_by("order", "code"), required=False)
    by_appointment = forms.BooleanField(label=_("By appointment"), required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    links = forms.CharField(
        label=_("Links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Web addresses, one per line."),
    )
    published = forms.BooleanField(label=pgettext_lazy("service", "Published"), required=False, initial=True)

    def __init__(self, *args, user, service: Service | None = None, **kwargs):
        super().__init__(*args, versioned=service, **kwargs)
        texts = text_fields()
        # the texts first, after the party and the provider
        ordered = {"party": self.fields.pop("party"), "provider": self.fields.pop("provider"), **texts}
        self.fields = {**ordered, **self.fields}
        parties = editable_parties(user)
        party_field = cast(forms.ModelChoiceField, self.fields["party"])
        party_field.queryset = parties
        if len(parties) == 1:
            party_field.initial = parties[0].pk
        cast(forms.ModelChoiceField, self.fields["provider"]).queryset = (
            Organisation.objects.visible_to(user).listed().order_by("name")
        )
        if service is not None:
            del self.fields["party"]  # a service stays with its party

    def clean_links(self) -> list[str]:
        return [line.strip() for line in (self.cleaned_data.get("links") or "").splitlines() if line.strip()]

    def to_input(self) -> ServiceInput:
        data = self.cleaned_data
        return ServiceInput(
            provider=data["provider"],
            text=text_input(data),
            area=data["area"],
            county=data.get("county"),
            municipalities=list(data.get("municipalities") or []),
            topics=list(data.get("topics") or []),
            languages=list(data.get("languages") or []),
            by_appointment=data.get("by_appointment", False),
            email=data.get("email") or "",
            phone=data.get("phone") or "",
            address=data.get("address") or "",
            links=data.get("links") or [],
            published=data.get("published", False),
        )


def gap_initial(query, user) -> dict:
    """The create form prefilled from a service-gap proposal (`?party=&topic=&municipality=&provider=
    &name=`, from the inquiries' service-gap page): the topic, the municipality as the area (else the
    whole country), the provider, a name, Estonian as a language served. Values the user may not choose
    (another party, an unknown topic, a provider not in the directory) are left out, not refused: the
    form is only a suggestion until it is saved."""

    def pick(model_queryset, name):
        value = str(query.get(name, ""))
        return model_queryset.filter(pk=int(value)).first() if value.isdigit() else None

    initial: dict = {}
    if (party := pick(editable_parties(user), "party")) is not None:
        initial["party"] = party.pk
    if (topic := pick(Topic.objects.all(), "topic")) is not None:
        initial["topics"] = [topic.pk]
    if (municipality := pick(Municipality.objects.all(), "municipality")) is not None:
        initial |= {"area": Area.MUNICIPALITIES, "municipalities": [municipality.pk]}
    if (provider := pick(Organisation.objects.visible_to(user).listed(), "provider")) is not None:
        initial["provider"] = provider.pk
    if name := str(query.get("name", "")).strip()[:200]:
        initial["name"] = name
    if initial:
        initial["languages"] = [Language.ESTONIAN.value]
    return initial


def service_initial(service: Service) -> dict:
    initial = {name: getattr(service, name) for name in TEXT_FIELDS}
    initial.update(
        provider=service.provider_id,
        languages=list(service.languages),
        area=service.area,
        county=service.county_id,
        municipalities=[m.pk for m in service.municipalities.all()],
        topics=[t.pk for t in service.topics.all()],
        by_appointment=service.by_appointment,
        email=service.email,
        phone=service.phone,
        address=service.address,
        links="\n".join(service.links),
        published=service.published,
    )
    return initial
