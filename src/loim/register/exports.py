"""Files that carry personal data out of the register: the person's own copy (GDPR art. 15 and 20)
as JSON and PDF, and contact lists for invitations (CSV, by the one writer `core.tabular.writer`).

The person's copy is made in the languages the person chose (`export_languages`): the PDF holds one
complete copy per language, the JSON its values in the first of them and the notice (controller,
data-protection contact, the right to complain to the Data Protection Inspectorate) in each. Times
are local (Europe/Tallinn): "dd.mm.yyyy HH:MM" in the PDF, ISO 8601 to the second in the JSON.

Writing the access-log entry for a file is the view's job, next to the decision to hand the file out.
File names carry the record number, never a name.
"""

import datetime as dt
import json
from collections.abc import Iterable

from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from rest_framework import serializers

from loim.core.tabular.writer import PHONE_NUMBER, Column, Table
from loim.core.vocabulary import Language

from .models import AccessLog, Consent, ContactRecord, Person
from .models.links import link_models

# The languages the person's copy is made in: the register's et catalogue is complete, English is the
# source, and the ru and uk catalogues translate every string of the copy (its headings, the notice,
# the labels of its values) — not the staff pages, which are Estonian and English.
EXPORT_LANGUAGES = ("et", "en", "ru", "uk")

# Where a person may complain (GDPR art. 77; Isikuandmete kaitse seadus § 56).
SUPERVISORY_AUTHORITY_WEB = "www.aki.ee"
SUPERVISORY_AUTHORITY_EMAIL = "info@aki.ee"


def export_languages(codes: Iterable[str]) -> list[str]:
    """The languages of the person's copy, from the languages they chose: Estonian first when chosen,
    then the other chosen languages the copy is translated into, then English when a chosen
    language has no translation ("other language"), and Estonian — the controller's language —
    always. "uk, en" → uk, en, et; "uk" → uk, et; "et, ru" → et, ru; "other" → en, et; "et" → et."""
    codes = list(codes)
    others = [code for code in codes if code in EXPORT_LANGUAGES and code != "et"]
    untranslated = any(code not in EXPORT_LANGUAGES for code in codes)
    fallback = ["en"] if untranslated and "en" not in others else []
    return (["et"] if "et" in codes else []) + others + fallback + ([] if "et" in codes else ["et"])


def readable_datetime(value: dt.datetime | None) -> str:
    """A moment as people read it: local time, "dd.mm.yyyy HH:MM"."""
    return timezone.localtime(value).strftime("%d.%m.%Y %H:%M") if value else ""


def readable_date(value: dt.date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def _readable(value):
    if isinstance(value, dt.datetime):
        return readable_datetime(value)
    if isinstance(value, dt.date):
        return readable_date(value)
    return value


class MomentField(serializers.Field):
    """A timestamp in local time: "dd.mm.yyyy HH:MM" for the readable copy (context `readable`),
    else ISO 8601 to the second (never the microseconds a timestamp is stored with)."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        if self.context.get("readable"):
            return readable_datetime(value)
        return timezone.localtime(value).isoformat(timespec="seconds")


class DayField(serializers.Field):
    """A date: "dd.mm.yyyy" for the readable copy, else ISO 8601."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        return readable_date(value) if self.context.get("readable") else value.isoformat()


class ConsentExportSerializer(serializers.ModelSerializer):
    purpose = serializers.CharField(source="purpose.name")
    legal_basis = serializers.CharField(source="purpose.get_legal_basis_display")
    recipients = serializers.CharField(source="purpose.recipients")
    text_version = serializers.CharField(source="text_version.version")
    text_language = serializers.CharField(source="text_version.language")
    text = serializers.CharField(source="text_version.body")
    method = serializers.CharField(source="get_method_display")
    status = serializers.SerializerMethodField()
    given_on = DayField()
    ends_on = DayField()
    withdrawn_on = DayField()

    class Meta:
        model = Consent
        fields = [
            "purpose",
            "legal_basis",
            "recipients",
            "text_version",
            "text_language",
            "text",
            "given_on",
            "method",
            "ends_on",
            "withdrawn_on",
            "status",
        ]

    def get_status(self, consent) -> str:
        return str(consent.status())


class ContactExportSerializer(serializers.ModelSerializer):
    channel = serializers.CharField(source="get_channel_display")
    purpose = serializers.CharField(source="purpose.name")
    contacted_on = DayField()

    class Meta:
        model = ContactRecord
        fields = ["contacted_on", "channel", "purpose", "note"]


class AccessExportSerializer(serializers.ModelSerializer):
    """When and why the record was read. Staff members are not named: the person is told the
    organisation and purpose (recipients), not the identity of each employee."""

    at = MomentField(source="created_at")
    action = serializers.CharField(source="get_action_display")
    why = serializers.CharField()

    class Meta:
        model = AccessLog
        fields = ["at", "action", "why"]


class PersonExportSerializer(serializers.ModelSerializer):
    record = serializers.CharField(source="reference")
    controller = serializers.SerializerMethodField()
    languages = serializers.CharField(source="get_languages_display")
    municipality = serializers.CharField(source="municipality.name", default=None)
    target_group = serializers.CharField(source="get_target_group_display")
    topics = serializers.SerializerMethodField()
    consents = ConsentExportSerializer(many=True)
    contacts = ContactExportSerializer(many=True)
    links = serializers.SerializerMethodField()
    access_log = serializers.SerializerMethodField()
    added = MomentField(source="created_at")
    arrival_date = DayField()
    restricted_on = DayField()
    retention_until = DayField()

    class Meta:
        model = Person
        fields = [
            "record",
            "controller",
            *Person.DATA_FIELDS,
            "added",
            "consents",
            "contacts",
            "links",
            "access_log",
        ]

    def get_controller(self, person) -> dict:
        party = person.party
        return {
            "name": party.name,
            "email": party.email,
            "data_protection_contact": party.data_protection_email or party.email,
        }

    def get_topics(self, person) -> list[str]:
        return [topic.name for topic in person.topics.all()]

    def get_links(self, person) -> dict:
        """Rows of the register's other personal models (links to inquiries, attendance), generically,
        so a new kind of link is exported as soon as it exists."""
        links = {}
        for model in link_models():
            rows = model.objects.filter(person=person)
            export = [row.export_row() for row in rows]
            if self.context.get("readable"):
                export = [{key: _readable(value) for key, value in row.items()} for row in export]
            links[str(model._meta.verbose_name_plural)] = export
        return links

    def get_access_log(self, person) -> list[dict]:
        entries = AccessLog.objects.filter(person=person).select_related("purpose").order_by("created_at")
        return AccessExportSerializer(entries, many=True, context=self.context).data


def _notice(person: Person) -> dict:
    """What the person is told besides their data (GDPR art. 13–15), in the active language."""
    party = person.party
    contact = party.data_protection_email or party.email
    return {
        "controller": _("Controller: %(name)s") % {"name": party.name} + (f" ({party.email})" if party.email else ""),
        "data_protection_contact": _("Data protection contact: %(contact)s") % {"contact": contact}
        if contact
        else _("Data protection contact: ask the controller."),
        "rights": _(
            "You may ask the controller for a copy of your data and to correct, restrict or erase it, "
            "and you may withdraw a consent at any time."
        ),
        "complaint": _(
            "If you think that the processing of your personal data infringes your rights, you may lodge "
            "a complaint with the Data Protection Inspectorate (Andmekaitse Inspektsioon, %(web)s, %(email)s)."
        )
        % {"web": SUPERVISORY_AUTHORITY_WEB, "email": SUPERVISORY_AUTHORITY_EMAIL},
    }


def _person_for_export(person: Person) -> Person:
    return (
        Person.objects.select_related("party", "municipality")
        .prefetch_related("topics", "consents__purpose", "consents__text_version", "contacts__purpose")
        .get(pk=person.pk)
    )


def subject_export_data(person: Person, *, language: str | None = None, readable: bool = False, now=None) -> dict:
    """Everything held about the person, its labels in `language` (default: the first language of
    the person's copy); `readable` formats times for people instead of machines."""
    language = language or export_languages(person.language_codes)[0]
    now = now or timezone.now()
    with translation.override(language):
        data = PersonExportSerializer(person, context={"readable": readable}).data
        exported_at = readable_datetime(now) if readable else timezone.localtime(now).isoformat(timespec="seconds")
        return {"language": language, "exported_at": exported_at, **data, "notice": _notice(person)}


def subject_export_json(person: Person) -> bytes:
    """Machine-readable (art. 20): values in the first language of the person's copy, the notice in each."""
    person = _person_for_export(person)
    languages = export_languages(person.language_codes)
    data = subject_export_data(person, language=languages[0])
    notices = {}
    for language in languages:
        with translation.override(language):
            notices[language] = _notice(person)
    data["languages"] = languages
    data["notice"] = notices
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()


def subject_export_pdf(person: Person) -> bytes:
    """A readable copy of everything held about the person, one complete copy per language of
    `export_languages` (each on its own pages, marked with its language), rendered by WeasyPrint."""
    from weasyprint import HTML

    person = _person_for_export(person)
    now = timezone.now()
    chosen = person.language_codes
    languages = export_languages(chosen)
    copies = [subject_export_data(person, language=language, readable=True, now=now) for language in languages]
    labels = dict(Language.choices)
    untranslated = [code for code in chosen if code not in EXPORT_LANGUAGES]
    for copy in copies:
        with translation.override(copy["language"]):
            copy["untranslated"] = ", ".join(str(labels.get(code, code)) for code in untranslated)
    html = render_to_string("register/subject_export_pdf.html", {"copies": copies, "first": copies[0]})
    return HTML(string=html).write_pdf()


def export_filename(person: Person, extension: str) -> str:
    return f"register-{person.reference}.{extension}"


def invitation_table(people, *, channel: str) -> Table:
    """The contact list for a mailing or SMS service: only what sending needs. Phone numbers are
    stored in E.164 form, so they are written as they are (see `Column.verbatim`)."""
    email = channel == "email"
    contact = Column(_("e-mail"), width=30) if email else Column(_("phone"), verbatim=PHONE_NUMBER)
    return Table(
        _("Contact list"),
        [Column(_("name"), width=30), Column(_("preferred languages"), choices=Language.choices, width=24), contact],
        ([person.name, person.language_codes, person.email if email else person.phone] for person in people),
    )
