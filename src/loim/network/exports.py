"""The directory as CSV and XLSX, written by the one writer (`core.tabular.writer`): the columns of
`network.tabular` (so the file imports back as it is), who keeps each entry and when it was last
confirmed; the XLSX has its About sheet naming the filters."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from loim.core.tabular.writer import About, Table, export_response, form_filters

from .models import Contact, Organisation
from .tabular import COLUMNS, EXPORT_ONLY

CHUNK = 500


def _organisation_values(organisation: Organisation) -> list:
    return [
        organisation.name,
        organisation.registry_code,
        organisation.kind,
        [m.name for m in organisation.municipalities.all()],
        list(organisation.languages),
        organisation.website,
        organisation.email,
        organisation.phone,
        organisation.note,
    ]


def _contact_values(contact: Contact | None) -> list:
    if contact is None:
        return ["", "", "", "", []]
    return [contact.name, contact.role, contact.email, contact.phone, list(contact.languages)]


def directory_rows(organisations, contacts) -> Iterator[list]:
    """One row per contact the user reads (an organisation without any: one row of its own)."""
    queryset = organisations.select_related("party").prefetch_related(
        "municipalities", Prefetch("contacts", queryset=contacts.order_by("name", "pk"), to_attr="listed_contacts")
    )
    for organisation in queryset.iterator(chunk_size=CHUNK):
        values = _organisation_values(organisation)
        for contact in organisation.listed_contacts or [None]:
            yield [
                *values,
                *_contact_values(contact),
                organisation.party.name,
                organisation.confirmed_on,
                contact.confirmed_on if contact else None,
            ]


def directory_table(organisations, contacts) -> Table:
    return Table(_("Directory"), [*COLUMNS.values(), *EXPORT_ONLY.values()], directory_rows(organisations, contacts))


def directory_export(fmt: str, organisations, *, user, form, filename: str):
    contacts = Contact.objects.visible_to(user)
    about = About(title=_("Directory of organisations"), user=user, filters=form_filters(form))
    return export_response(fmt, lambda: [directory_table(organisations, contacts)], about=about, filename=filename)
