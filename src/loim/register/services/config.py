"""Writes of the party's register configuration: purposes, consent texts, retention settings."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import ConsentText, Purpose, RegisterSettings


@transaction.atomic
def purpose_save(
    *,
    party,
    name: str,
    legal_basis: str,
    consent_months: int,
    description: str = "",
    recipients: str = "",
    third_country_transfers: str = "",
    active: bool = True,
    purpose: Purpose | None = None,
) -> Purpose:
    """Create a purpose, or change one (`purpose`) of the same party."""
    if purpose is not None and purpose.party_id != party.pk:
        raise ValidationError(_("The purpose belongs to another party."))
    purpose = purpose or Purpose(party=party)
    purpose.name = name.strip()
    purpose.legal_basis = legal_basis
    purpose.consent_months = consent_months
    purpose.description = description.strip()
    purpose.recipients = recipients.strip()
    purpose.third_country_transfers = third_country_transfers.strip()
    purpose.active = active
    purpose.full_clean()
    purpose.save()
    return purpose


@transaction.atomic
def consent_text_create(
    *, purpose: Purpose, version: str, language: str, body: str, published_on: dt.date
) -> ConsentText:
    """Add a version of a consent text. Versions are never edited: consents point at what was agreed."""
    text = ConsentText(
        party_id=purpose.party_id,
        purpose=purpose,
        version=version.strip(),
        language=language,
        body=body.strip(),
        published_on=published_on,
    )
    text.full_clean()
    text.save()
    return text


@transaction.atomic
def settings_save(
    *, party, retention_fallback_months: int, attendance_keep_months: int, access_log_keep_months: int
) -> RegisterSettings:
    settings = RegisterSettings.for_party(party)
    settings.retention_fallback_months = retention_fallback_months
    settings.attendance_keep_months = attendance_keep_months
    settings.access_log_keep_months = access_log_keep_months
    settings.full_clean()
    settings.save()
    return settings
