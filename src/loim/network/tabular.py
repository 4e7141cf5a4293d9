"""The directory's columns, shared by its import and its export: one row per contact person with the
organisation's columns repeated, and one row for an organisation without contacts. An exported file
imports as it is (headings in Estonian or English, or the keys)."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from loim.core.tabular import parsers as parse
from loim.core.tabular.writer import Column
from loim.core.vocabulary import Language

from .models import OrganisationKind

# key → column. The keys are the import template's headings.
COLUMNS: dict[str, Column] = {
    "name": Column(pgettext_lazy("organisation", "Organisation"), width=36),
    "registry_code": Column(_("Registry code"), width=12),
    "kind": Column(pgettext_lazy("organisation", "Kind"), choices=OrganisationKind.choices, width=24),
    "municipalities": Column(_("Municipalities served"), width=30),
    "languages": Column(_("Service languages"), choices=Language.choices, width=20),
    "website": Column(_("Website"), width=30),
    "email": Column(_("General e-mail"), width=28),
    "phone": Column(_("General phone"), width=16),
    "note": Column(_("Note"), width=30),
    "contact_name": Column(_("Contact person"), width=24),
    "contact_role": Column(_("Role or position"), width=24),
    "contact_email": Column(_("Work e-mail"), width=28),
    "contact_phone": Column(_("Work phone"), width=16),
    "contact_languages": Column(_("Contact person's languages"), choices=Language.choices, width=20),
}
EXPORT_ONLY: dict[str, Column] = {
    "kept_by": Column(_("Kept by"), width=24),
    "confirmed_on": Column(_("Organisation last confirmed"), width=14),
    "contact_confirmed_on": Column(_("Contact last confirmed"), width=14),
}
KEYS = list(COLUMNS)
CONTACT_KEYS = [k for k in KEYS if k.startswith("contact_")]
REQUIRED = {"name"}


def header_keys() -> dict[str, str]:
    """Every name a column may go by (folded): its key, or its heading in Estonian, English or the
    user's language."""
    names = {key: key for key in [*KEYS, *EXPORT_ONLY]}
    for language in (translation.get_language(), "et", "en"):
        with translation.override(language):
            for key, column in {**COLUMNS, **EXPORT_ONLY}.items():
                names.setdefault(parse.norm(str(column.label)), key)
    return names
