"""Files that carry personal data out of the register: the person's own copy (GDPR art. 15 and 20)
as JSON and PDF, and contact lists for invitations (CSV, by the one writer `core.tabular.writer`).

Writing the access-log entry for a file is the view's job, next to the decision to hand the file out.
File names carry the record number, never a name.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers

from loim.core.tabular.writer import PHONE_NUMBER, Column, Table
from loim.core.vocabulary import Language

from .models import AccessLog, Consent, ContactRecord, Person
from .models.links import link_models


class ConsentExportSerializer(serializers.ModelSerializer):
    purpose = serializers.CharField(source="purpose.name")
    legal_basis = serializers.CharField(source="purpose.get_legal_basis_display")
    recipients = serializers.CharField(source="purpose.recipients")
    text_version = serializers.CharField(source="text_version.version")
    text_language = serializers.CharField(source="text_version.language")
    text = serializers.CharField(source="text_version.body")
    method = serializers.CharField(source="get_method_display")
    status = serializers.SerializerMethodField()

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

    class Meta:
        model = ContactRecord
        fields = ["contacted_on", "channel", "purpose", "note"]


class AccessExportSerializer(serializers.ModelSerializer):
    """When and why the record was read. Staff members are not named: the person is told the
    organisation and purpose (recipients), not the identity of each employee."""

    at = serializers.DateTimeField(source="created_at")
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
    added = serializers.DateTimeField(source="created_at")

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
        return {"name": party.name, "data_protection_contact": party.data_protection_email or party.email}

    def get_topics(self, person) -> list[str]:
        return [topic.name for topic in person.topics.all()]

    def get_links(self, person) -> dict:
        """Rows of the register's other personal models (links to inquiries, attendance), generically,
        so a new kind of link is exported as soon as it exists."""
        links = {}
        for model in link_models():
            rows = model.objects.filter(person=person)
            links[str(model._meta.verbose_name_plural)] = [row.export_row() for row in rows]
        return links

    def get_access_log(self, person) -> list[dict]:
        entries = AccessLog.objects.filter(person=person).select_related("purpose").order_by("created_at")
        return AccessExportSerializer(entries, many=True).data


def subject_export_data(person: Person) -> dict:
    person = (
        Person.objects.select_related("party", "municipality")
        .prefetch_related("topics", "consents__purpose", "consents__text_version", "contacts__purpose")
        .get(pk=person.pk)
    )
    data = PersonExportSerializer(person).data
    return {"exported_at": timezone.now().isoformat(timespec="seconds"), **data}


def subject_export_json(person: Person) -> bytes:
    return json.dumps(subject_export_data(person), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()


def subject_export_pdf(person: Person) -> bytes:
    """A readable copy of everything held about the person, rendered by WeasyPrint."""
    from weasyprint import HTML

    html = render_to_string("register/subject_export_pdf.html", {"data": subject_export_data(person)})
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
