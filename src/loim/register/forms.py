"""Forms of the register. Choice fields are limited to the acting party's own purposes and texts;
every personal field's help text says why it is asked (from the model, one source)."""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from loim.core.formfields import DateInput, ModelMultipleChoiceField
from loim.core.versioning import VersionedFormMixin
from loim.core.vocabulary import Language, TargetGroup
from loim.inquiries.models import Topic
from loim.places.models import County, Municipality

from .access import Why
from .models import (
    REQUEST_REASONS,
    AccessReason,
    ConsentMethod,
    ConsentText,
    ContactChannel,
    ErasureTrigger,
    LegalBasis,
    Person,
    Purpose,
    RegisterSettings,
)
from .services.config import purpose_save
from .services.people import ConsentInput, PersonInput
from .validators import normalise_email, normalise_name, normalise_phone

DATE_WIDGET = DateInput()


def _help(field_name: str) -> str:
    return Person._meta.get_field(field_name).help_text


def _label(field_name: str) -> str:
    return str(Person._meta.get_field(field_name).verbose_name).capitalize()


class MunicipalityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.county.name})"


class TopicChoiceField(ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.parent.name} › {obj.name}" if obj.parent_id else obj.name


def municipalities():
    return Municipality.objects.current().select_related("county").order_by("name")


def topics():
    return Topic.objects.filter(active=True).select_related("parent").order_by("parent__order", "order", "code")


class WhyField(forms.ChoiceField):
    """Why the user reads personal data: one of the party's purposes, or a fixed reason."""

    def __init__(self, *, party, **kwargs):
        purposes = [(f"purpose:{p.pk}", p.name) for p in Purpose.objects.filter(party=party, active=True)]
        choices = [
            ("", "—"),
            (_("Processing purposes"), purposes),
            (AccessReason.SUBJECT_REQUEST.value, AccessReason.SUBJECT_REQUEST.label),
            (AccessReason.ACCESS_REQUEST.value, AccessReason.ACCESS_REQUEST.label),
            (AccessReason.ERASURE_REQUEST.value, AccessReason.ERASURE_REQUEST.label),
            (AccessReason.ACCURACY.value, AccessReason.ACCURACY.label),
        ]
        kwargs.setdefault("label", _("Why do you need the personal data?"))
        kwargs.setdefault("help_text", _("Every read of personal data is logged with its reason."))
        super().__init__(choices=choices, **kwargs)

    def clean(self, value):
        return Why.parse(super().clean(value))


class ReasonForm(forms.Form):
    def __init__(self, *args, party, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["why"] = WhyField(party=party)


class PersonForm(VersionedFormMixin, forms.Form):
    name = forms.CharField(label=_label("name"), max_length=200, help_text=_help("name"))
    languages = forms.MultipleChoiceField(
        label=_label("languages"),
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_help("languages"),
    )
    phone = forms.CharField(label=_label("phone"), max_length=40, required=False, help_text=_help("phone"))
    email = forms.CharField(label=_label("email"), max_length=254, required=False, help_text=_help("email"))
    target_group = forms.ChoiceField(
        label=_label("target_group"), choices=[("", "—"), *TargetGroup.choices], help_text=_help("target_group")
    )
    municipality = MunicipalityChoiceField(
        label=_label("municipality"), queryset=municipalities(), required=False, help_text=_help("municipality")
    )
    settlement = forms.CharField(
        label=_label("settlement"), max_length=100, required=False, help_text=_help("settlement")
    )
    arrival_year = forms.IntegerField(
        label=_label("arrival_year"), required=False, min_value=1900, max_value=2100, help_text=_help("arrival_year")
    )
    arrival_date = forms.DateField(
        label=_label("arrival_date"), required=False, widget=DATE_WIDGET, help_text=_help("arrival_date")
    )
    topics = TopicChoiceField(
        label=_label("topics"),
        queryset=topics(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_help("topics"),
    )

    def __init__(self, *args, with_retention: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities()
        self.fields["topics"].queryset = topics()
        if with_retention:
            self.fields["retention_until"] = forms.DateField(
                label=_label("retention_until"), widget=DATE_WIDGET, help_text=_help("retention_until")
            )

    def clean_name(self):
        return normalise_name(self.cleaned_data["name"])

    def clean_phone(self):
        return normalise_phone(self.cleaned_data["phone"])

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])

    def clean(self):
        data = super().clean()
        if (
            not data.get("phone")
            and not data.get("email")
            and "phone" not in self.errors
            and "email" not in self.errors
        ):
            self.add_error(
                "phone", _("Give a phone number, an e-mail address or both: the register is for contacting.")
            )
        return data

    def to_input(self) -> PersonInput:
        data = self.cleaned_data
        return PersonInput(
            name=data["name"],
            languages=data["languages"],
            target_group=data["target_group"],
            phone=data["phone"],
            email=data["email"],
            municipality=data["municipality"],
            settlement=data["settlement"],
            arrival_year=data["arrival_year"],
            arrival_date=data["arrival_date"],
            topics=list(data["topics"]),
            retention_until=data.get("retention_until"),
        )

    @classmethod
    def initial_for(cls, person: Person) -> dict:
        return {
            "name": person.name,
            "languages": person.language_codes,
            "phone": person.phone,
            "email": person.email,
            "target_group": person.target_group,
            "municipality": person.municipality_id,
            "settlement": person.settlement,
            "arrival_year": person.arrival_year,
            "arrival_date": person.arrival_date,
            "topics": list(person.topics.all()),
            "retention_until": person.retention_until,
        }


class ConsentTextChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.purpose.name}: {obj.version} ({obj.get_language_display()})"


class ConsentForm(forms.Form):
    purpose = forms.ModelChoiceField(label=_("Purpose"), queryset=Purpose.objects.none())
    text_version = ConsentTextChoiceField(
        label=_("Text agreed to"),
        queryset=ConsentText.objects.none(),
        help_text=_("The version of the consent text the person read and agreed to."),
    )
    given_on = forms.DateField(label=_("Given on"), widget=DATE_WIDGET)
    method = forms.ChoiceField(label=_("How it was given"), choices=[("", "—"), *ConsentMethod.choices])
    ends_on = forms.DateField(
        label=_("Ends on"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Leave empty to use the purpose's usual length."),
    )

    def __init__(self, *args, party, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["purpose"].queryset = Purpose.objects.filter(party=party, active=True)
        self.fields["text_version"].queryset = ConsentText.objects.filter(
            party=party, purpose__active=True
        ).select_related("purpose")

    def clean(self):
        data = super().clean()
        purpose, text = data.get("purpose"), data.get("text_version")
        if purpose and text and text.purpose_id != purpose.pk:
            self.add_error("text_version", _("This text is for another purpose."))
        given_on = data.get("given_on")
        if given_on and given_on > dt.date.today():
            self.add_error("given_on", _("A consent cannot be given in the future."))
        if given_on and data.get("ends_on") and data["ends_on"] < given_on:
            self.add_error("ends_on", _("The consent ends before it was given."))
        return data

    def to_input(self) -> ConsentInput:
        data = self.cleaned_data
        return ConsentInput(
            purpose=data["purpose"],
            text_version=data["text_version"],
            given_on=data["given_on"],
            method=data["method"],
            ends_on=data["ends_on"],
        )


class ContactForm(forms.Form):
    contacted_on = forms.DateField(label=_("Date"), widget=DATE_WIDGET, initial=dt.date.today)
    channel = forms.ChoiceField(label=_("Channel"), choices=[("", "—"), *ContactChannel.choices])
    purpose = forms.ModelChoiceField(label=_("Purpose"), queryset=Purpose.objects.none())
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Optional, only what is needed to follow up. Never write about health, religion, ethnic origin "
            "or other special categories of data."
        ),
    )

    def __init__(self, *args, person: Person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["purpose"].queryset = Purpose.objects.filter(
            pk__in=person.consents.values("purpose"), party=person.party_id
        )


class SearchForm(forms.Form):
    text = forms.CharField(
        label=_("Name, e-mail or phone"), required=False, max_length=100, help_text=_("All words must match.")
    )
    language = forms.ChoiceField(label=_("Language"), required=False, choices=[("", "—"), *Language.choices])
    municipality = MunicipalityChoiceField(
        label=_("Municipality"), queryset=municipalities(), required=False, empty_label="—"
    )
    topic = forms.ModelChoiceField(label=_("Topic of interest"), queryset=topics(), required=False, empty_label="—")
    target_group = forms.ChoiceField(
        label=pgettext_lazy("register", "Target group"), required=False, choices=[("", "—"), *TargetGroup.choices]
    )

    withdrawn = forms.BooleanField(
        label=_("Also people who may no longer be processed"),
        required=False,
        help_text=_(
            "Consent withdrawn or ended, or processing restricted. Only to answer the person's own request "
            "for their data or for erasure, and only by name, e-mail or phone."
        ),
    )

    def __init__(self, *args, party, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities()
        self.fields["topic"].queryset = topics()
        self.fields["why"] = WhyField(party=party)

    def clean(self):
        data = super().clean()
        if data.get("withdrawn"):
            why = data.get("why")
            if why is not None and why.reason not in REQUEST_REASONS:
                self.add_error(
                    "why",
                    _(
                        "People who may no longer be processed are searched for only to answer their own "
                        "request: choose “%(access)s” or “%(erasure)s”."
                    )
                    % {"access": AccessReason.ACCESS_REQUEST.label, "erasure": AccessReason.ERASURE_REQUEST.label},
                )
            if not (data.get("text") or "").strip():
                self.add_error("text", _("Enter the person's name, e-mail or phone: they are found only by these."))
        return data


class Channel:
    EMAIL = "email"
    SMS = "sms"
    CHOICES = [(EMAIL, _("e-mail (a list of e-mail addresses)")), (SMS, _("text message (a list of phone numbers)"))]


class InvitationForm(forms.Form):
    purpose = forms.ModelChoiceField(
        label=_("Purpose"),
        queryset=Purpose.objects.none(),
        empty_label="—",
        help_text=_(
            "Only people with a consent in force for this purpose are listed, and the export is logged with it."
        ),
    )
    channel = forms.ChoiceField(label=_("Send by"), choices=Channel.CHOICES, widget=forms.RadioSelect)
    language = forms.ChoiceField(label=_("Language"), required=False, choices=[("", "—"), *Language.choices])
    municipality = MunicipalityChoiceField(
        label=_("Municipality"), queryset=municipalities(), required=False, empty_label="—"
    )
    topic = forms.ModelChoiceField(label=_("Topic of interest"), queryset=topics(), required=False, empty_label="—")

    def __init__(self, *args, party, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["purpose"].queryset = Purpose.objects.filter(party=party, active=True)
        self.fields["municipality"].queryset = municipalities()
        self.fields["topic"].queryset = topics()


class EraseForm(forms.Form):
    trigger = forms.ChoiceField(
        label=_("Ground for erasure"),
        choices=[
            (ErasureTrigger.SUBJECT_REQUEST.value, ErasureTrigger.SUBJECT_REQUEST.label),
            (ErasureTrigger.CONSENT_ENDED.value, ErasureTrigger.CONSENT_ENDED.label),
        ],
        widget=forms.RadioSelect,
    )
    confirm = forms.BooleanField(
        label=_("I understand that the record and every trace of it are erased for good."), required=True
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_("A CSV (UTF-8 or Windows-1257) or XLSX file with a header row; at most 2 MB."),
    )


class PurposeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=Purpose._meta.get_field("description").help_text,
    )
    legal_basis = forms.ChoiceField(label=_("Legal basis"), choices=LegalBasis.choices)
    recipients = forms.CharField(
        label=_("Recipients"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=Purpose._meta.get_field("recipients").help_text,
    )
    third_country_transfers = forms.CharField(
        label=_("Transfers outside the EU/EEA"),
        required=False,
        max_length=300,
        help_text=Purpose._meta.get_field("third_country_transfers").help_text,
    )
    consent_months = forms.IntegerField(
        label=_("Consent lasts (months)"),
        min_value=1,
        max_value=60,
        initial=24,
        help_text=Purpose._meta.get_field("consent_months").help_text,
    )
    active = forms.BooleanField(label=_("In use"), required=False, initial=True)

    def save(self, *, party, purpose=None) -> Purpose:
        return purpose_save(party=party, purpose=purpose, **self.cleaned_data)

    @staticmethod
    def initial_for(purpose: Purpose) -> dict:
        return {name: getattr(purpose, name) for name in PurposeForm.base_fields}


class ConsentTextForm(forms.Form):
    version = forms.CharField(label=_("Version"), max_length=30, help_text=_("e.g. 2024-1"))
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    published_on = forms.DateField(label=_("In use from"), widget=DATE_WIDGET)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 6}))


class SettingsForm(forms.Form):
    retention_fallback_months = forms.IntegerField(
        label=RegisterSettings._meta.get_field("retention_fallback_months").verbose_name.capitalize(),
        min_value=1,
        max_value=60,
        help_text=RegisterSettings._meta.get_field("retention_fallback_months").help_text,
    )
    attendance_keep_months = forms.IntegerField(
        label=RegisterSettings._meta.get_field("attendance_keep_months").verbose_name.capitalize(),
        min_value=1,
        max_value=36,
        help_text=RegisterSettings._meta.get_field("attendance_keep_months").help_text,
    )
    access_log_keep_months = forms.IntegerField(
        label=RegisterSettings._meta.get_field("access_log_keep_months").verbose_name.capitalize(),
        min_value=12,
        max_value=120,
        help_text=RegisterSettings._meta.get_field("access_log_keep_months").help_text,
    )


class CountsForm(forms.Form):
    """The county to count (GET: ids only)."""

    county = forms.ModelChoiceField(label=_("County"), queryset=County.objects.order_by("name"), required=False)


class AccessLogFilterForm(forms.Form):
    record = forms.CharField(label=_("Record number"), required=False, max_length=20, help_text=_("e.g. R-000012"))

    def clean_record(self):
        value = self.cleaned_data["record"].strip().upper().removeprefix("R-")
        if not value:
            return None
        if not value.isdigit():
            raise ValidationError(_("Enter a record number such as R-000012."))
        return int(value)
