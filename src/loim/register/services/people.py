"""Writes of people, consents and contacts.

A person is only ever created together with a consent (no consent, no record), in one transaction.
Validation messages name the field and never repeat the value entered.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from loim.core.versioning import save_versioned

from ..access import Why, log_access
from ..models import (
    AccessAction,
    Consent,
    ConsentText,
    ContactRecord,
    Person,
    Purpose,
)
from ..selectors import retention_limit
from ..validators import normalise_email, normalise_name, normalise_phone, normalise_text, search_key


@dataclass(frozen=True)
class PersonInput:
    name: str
    languages: Sequence[str]
    target_group: str
    phone: str = ""
    email: str = ""
    municipality: object | None = None
    settlement: str = ""
    arrival_year: int | None = None
    arrival_date: dt.date | None = None
    topics: Sequence = field(default_factory=tuple)
    retention_until: dt.date | None = None


@dataclass(frozen=True)
class ConsentInput:
    purpose: Purpose
    text_version: ConsentText
    given_on: dt.date
    method: str
    ends_on: dt.date | None = None


def _normalised(data: PersonInput) -> dict:
    """The person's values in stored form, or one ValidationError naming every bad field."""
    values, errors = {}, {}
    for name, normalise in (("name", normalise_name), ("phone", normalise_phone), ("email", normalise_email)):
        try:
            values[name] = normalise(getattr(data, name))
        except ValidationError as exc:
            errors[name] = exc.messages
    try:
        values["settlement"] = normalise_text(data.settlement, max_length=100).replace("\n", " ")
    except ValidationError as exc:
        errors["settlement"] = exc.messages
    if errors:
        raise ValidationError(errors)
    return values


def find_duplicate(*, party, name: str, phone: str, email: str, exclude_pk: int | None = None) -> Person | None:
    """A person of the party with the same name and the same phone or e-mail: the same person.

    Only name *and* contact together count, because family members often share a phone or address.
    """
    contacts = [value for value in (phone, email) if value]
    if not contacts:
        return None
    candidates = Person.objects.filter(party=party).exclude(pk=exclude_pk)
    key = search_key(name)
    for person in candidates.filter(search_text__startswith=key + " "):
        if search_key(person.name) == key and ((phone and person.phone == phone) or (email and person.email == email)):
            return person
    return None


def _fill(person: Person, data: PersonInput, *, today: dt.date) -> None:
    values = _normalised(data)
    limit = retention_limit(party=person.party, today=today)
    retention = data.retention_until or limit
    if retention > limit:
        raise ValidationError(
            {
                "retention_until": _(
                    "The data cannot be kept beyond %(limit)s, the end of the party's partnership term."
                )
                % {"limit": date_format(limit, "SHORT_DATE_FORMAT")}
            }
        )
    if retention < today:
        raise ValidationError({"retention_until": _("The date to keep the data until cannot be in the past.")})
    duplicate = find_duplicate(
        party=person.party, name=values["name"], phone=values["phone"], email=values["email"], exclude_pk=person.pk
    )
    if duplicate is not None:
        raise ValidationError(
            {
                "name": _(
                    "A person with this name and the same phone or e-mail is already in the register "
                    "(%(reference)s). Open that record instead."
                )
                % {"reference": duplicate.reference}
            }
        )
    person.name = values["name"]
    person.phone = values["phone"]
    person.email = values["email"]
    person.settlement = values["settlement"]
    person.languages = Person.pack_languages(data.languages)
    person.municipality = data.municipality
    person.arrival_date = data.arrival_date
    person.arrival_year = data.arrival_date.year if data.arrival_date else data.arrival_year
    person.target_group = data.target_group
    person.retention_until = retention
    person.search_text = search_key(person.name, person.email, person.phone.lstrip("+"))


def _new_consent(person: Person, data: ConsentInput) -> Consent:
    if data.purpose.party_id != person.party_id:
        raise ValidationError({"purpose": _("The purpose belongs to another party.")})
    if not data.purpose.active:
        raise ValidationError({"purpose": _("This purpose is no longer in use; consents cannot be given for it.")})
    ends_on = data.ends_on or min(data.purpose.default_consent_end(data.given_on), person.retention_until)
    consent = Consent(
        person=person,
        purpose=data.purpose,
        text_version=data.text_version,
        given_on=data.given_on,
        method=data.method,
        ends_on=ends_on,
    )
    consent.full_clean()
    if not consent.in_force():
        raise ValidationError({"ends_on": _("This consent has already ended; record only consents in force.")})
    consent.save()
    return consent


@transaction.atomic
def person_create(*, party, data: PersonInput, consent: ConsentInput, today: dt.date | None = None) -> Person:
    """Add a person together with the consent that allows keeping their data."""
    person = Person(party=party)
    _fill(person, data, today=today or dt.date.today())
    person.full_clean()
    person.save()
    person.topics.set(data.topics)
    _new_consent(person, consent)
    return person


@transaction.atomic
def person_update(
    *, person: Person, data: PersonInput, actor, why: Why, today: dt.date | None = None, version: int | None = None
) -> Person:
    """Correct a person's data (GDPR art. 16). The change is logged; the audit log keeps no values.

    A correction made from `version` (default: the version `person` was read at) after someone else
    saved the record is refused with StaleVersion and nothing written (core.versioning): a correction
    must never be lost to, or silently undo, another one."""
    _fill(person, data, today=today or dt.date.today())
    person.full_clean()
    save_versioned(person, expected=version)
    person.topics.set(data.topics)
    log_access(actor=actor, people=[person], action=AccessAction.CORRECT, why=why)
    return person


@transaction.atomic
def consent_add(*, person: Person, data: ConsentInput) -> Consent:
    """Record a further consent (another purpose, or a renewal)."""
    return _new_consent(person, data)


@transaction.atomic
def consent_withdraw(*, consent: Consent, on: dt.date | None = None) -> Consent:
    """Withdrawal ends processing for the purpose at once (GDPR art. 7(3))."""
    if consent.withdrawn_on:
        raise ValidationError(_("This consent has already been withdrawn."))
    consent.withdrawn_on = on or dt.date.today()
    consent.full_clean()
    consent.save(update_fields=["withdrawn_on"])
    return consent


@transaction.atomic
def contact_record(
    *, person: Person, actor, contacted_on: dt.date, channel: str, purpose: Purpose, note: str = ""
) -> ContactRecord:
    """Record a contact made. It must fall under a consent in force on that day, and the person must
    not be restricted."""
    if person.restricted:
        raise ValidationError(_("Processing of this record is restricted; contacts cannot be recorded."))
    if purpose.party_id != person.party_id:
        raise ValidationError({"purpose": _("The purpose belongs to another party.")})
    covered = any(c.purpose_id == purpose.pk and c.in_force(contacted_on) for c in person.consents.all())
    if not covered:
        raise ValidationError(
            {"purpose": _("The person had no consent in force for this purpose on the day of the contact.")}
        )
    try:
        note = normalise_text(note, max_length=1000)
    except ValidationError as exc:
        raise ValidationError({"note": exc.messages}) from exc
    contact = ContactRecord(
        person=person, contacted_on=contacted_on, channel=channel, purpose=purpose, note=note, recorded_by=actor
    )
    contact.full_clean()
    contact.save()
    return contact


@transaction.atomic
def contact_delete(*, contact: ContactRecord) -> None:
    """Remove a contact recorded by mistake (correction, GDPR art. 16)."""
    contact.delete()


@transaction.atomic
def person_restrict(*, person: Person, actor, restricted: bool, why: Why, today: dt.date | None = None) -> Person:
    """Restrict processing (GDPR art. 18) or lift the restriction. A restricted person is kept but is
    left out of searches, invitations, contact lists and counts."""
    if person.restricted == restricted:
        return person
    person.restricted = restricted
    person.restricted_on = (today or dt.date.today()) if restricted else None
    person.full_clean()
    save_versioned(person, update_fields=["restricted", "restricted_on", "updated_at"])
    action = AccessAction.RESTRICT if restricted else AccessAction.LIFT_RESTRICTION
    log_access(actor=actor, people=[person], action=action, why=why)
    return person
