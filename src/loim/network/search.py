"""The network's kinds for the one search function (`loim.core.search`): documents (title, tags and
the text of the current version), organisations of the directory (name, registry code) and contact
people (name, role, work e-mail). Registered from `NetworkConfig.ready`; each starts from
`visible_to(user)`, so a network-only document of another partner is never found."""

from __future__ import annotations

from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from loim.core.search import Field, Shown, Source, Text, register
from loim.core.search_sql import ListText

from .models import Contact, Document, DocumentVersion, Organisation


def _documents(user):
    return Document.objects.visible_to(user).select_related("party").annotate(tag_text=ListText("tags"))


def _current_versions():
    return DocumentVersion.objects.filter(number=F("document__current_number"))


def _show_document(document: Document) -> Shown:
    detail = f"{document.get_kind_display()} · {document.get_language_display()} · {document.party.name}"
    return Shown(document.title, reverse("network:document_detail", args=[document.pk]), detail)


def _show_organisation(organisation: Organisation) -> Shown:
    detail = organisation.get_kind_display()
    if organisation.registry_code:
        detail += f" · {organisation.registry_code}"
    return Shown(organisation.name, reverse("network:organisation", args=[organisation.pk]), detail)


def _show_contact(contact: Contact) -> Shown:
    detail = " · ".join(part for part in (contact.role, contact.organisation.name) if part)
    return Shown(contact.name, reverse("network:organisation", args=[contact.organisation_id]), detail)


def register_sources() -> None:
    register(
        Source(
            kind="documents",
            label=_("Documents"),
            queryset=_documents,
            fields=(Field("title", "A"), Field("tag_text", "B")),
            text=Text(_current_versions, owner="document_id", language="document__language", vector="text_vector"),
            language="language",
            show=_show_document,
            order=10,
        )
    )
    register(
        Source(
            kind="organisations",
            label=pgettext_lazy("search", "Organisations"),
            queryset=lambda user: Organisation.objects.visible_to(user).listed(),
            fields=(Field("name", "A"), Field("registry_code", "B")),
            show=_show_organisation,
            order=30,
        )
    )
    register(
        Source(
            kind="contacts",
            label=pgettext_lazy("search", "Contact people"),
            queryset=lambda user: Contact.objects.visible_to(user).select_related("organisation"),
            fields=(Field("name", "A"), Field("role", "B"), Field("email", "B")),
            show=_show_contact,
            order=40,
        )
    )
