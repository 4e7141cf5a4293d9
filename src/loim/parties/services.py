"""Writes for parties, memberships, agreements and positions: keyword-only, atomic, validated."""

import datetime as dt
from pathlib import Path

import yaml
from django.db import transaction

from loim.core.tenancy import Role, forget_access
from loim.places.models import Municipality

from .models import CoordinatorPosition, Membership, PartnershipAgreement, Party

PARTIES_FILE = Path(__file__).parent / "data" / "parties.yaml"


@transaction.atomic
def parties_load(*, path: Path = PARTIES_FILE) -> list[Party]:
    """Create or update the programme's parties from the shipped list (idempotent, keyed on slug)."""
    entries = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    parties = []
    for entry in entries:
        municipality = None
        if entry.get("municipality"):
            municipality = Municipality.objects.get(ehak_code=entry["municipality"])
        party = Party.objects.filter(slug=entry["slug"]).first() or Party(slug=entry["slug"])
        party.name = entry["name"]
        party.short_name = entry.get("short_name", "")
        party.kind = entry["kind"]
        party.municipality = municipality
        party.email = entry.get("email", "")
        party.responsible_aliases = entry.get("aliases", "")
        party.full_clean()
        party.save()
        parties.append(party)
    return parties


@transaction.atomic
def membership_grant(
    *,
    user,
    party: Party,
    role: str,
    register_access: bool = False,
    data_protection_contact: bool = False,
    starts_on: dt.date | None = None,
) -> Membership:
    membership = Membership.objects.filter(user=user, party=party).first() or Membership(user=user, party=party)
    membership.role = Role(role)
    membership.register_access = register_access
    membership.data_protection_contact = data_protection_contact
    if starts_on:
        membership.starts_on = starts_on
    membership.full_clean()
    membership.save()
    forget_access(user)
    return membership


@transaction.atomic
def agreement_create(
    *,
    party: Party,
    municipality: Municipality,
    signed_on: dt.date,
    term_start: dt.date,
    term_end: dt.date,
    reference: str = "",
) -> PartnershipAgreement:
    agreement = PartnershipAgreement(
        party=party,
        municipality=municipality,
        signed_on=signed_on,
        term_start=term_start,
        term_end=term_end,
        reference=reference,
    )
    agreement.full_clean()
    agreement.save()
    return agreement


@transaction.atomic
def position_create(
    *,
    party: Party,
    title: str,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    holder_name: str = "",
    agreement: PartnershipAgreement | None = None,
) -> CoordinatorPosition:
    position = CoordinatorPosition(
        party=party, title=title, starts_on=starts_on, ends_on=ends_on, holder_name=holder_name, agreement=agreement
    )
    position.full_clean()
    position.save()
    return position
