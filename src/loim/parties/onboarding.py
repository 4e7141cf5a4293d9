"""Onboarding a partner municipality and recording candidates: the writes (keyword-only, atomic,
validated; see services.py for the member writes they reuse).

`partner_onboard` creates, in one transaction, the party (kind partner, for one of the 79
municipalities), its partnership agreement with its term, its coordinator positions with planned and
actual start, and invites its first user. Any error rolls everything back and names the field, keyed
as the onboarding page's forms are: party and agreement fields by name, `positions.<n>.<field>` for
the n-th position, `user_<field>` for the first user."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from loim.places.models import Municipality

from .models import Candidate, CandidateDecision, Party, PartyKind
from .services import agreement_create, membership_invite, position_create


@dataclass(frozen=True)
class PositionPlan:
    title: str
    planned_start: dt.date
    starts_on: dt.date
    holder_name: str = ""


def _prefixed(error: ValidationError, prefix: str) -> ValidationError:
    if not hasattr(error, "error_dict"):
        return ValidationError({f"{prefix}__all__": error.messages})
    return ValidationError({f"{prefix}{field}": messages for field, messages in error.message_dict.items()})


@transaction.atomic
def partner_onboard(
    *,
    municipality: Municipality,
    name: str,
    short_name: str,
    slug: str,
    signed_on: dt.date,
    term_start: dt.date,
    term_end: dt.date,
    positions: list[PositionPlan],
    user_email: str,
    user_role: str,
    reference: str = "",
    email: str = "",
    user_full_name: str = "",
    user_register_access: bool = False,
    candidate: Candidate | None = None,
    base_url: str = "",
) -> Party:
    if Party.objects.filter(municipality=municipality, kind=PartyKind.PARTNER).exists():
        raise ValidationError(
            {"municipality": _("%(municipality)s is already a partner.") % {"municipality": municipality}}
        )
    party = Party(
        name=name, short_name=short_name, slug=slug, kind=PartyKind.PARTNER, municipality=municipality, email=email
    )
    party.full_clean()
    party.save()
    agreement = agreement_create(
        party=party,
        municipality=municipality,
        signed_on=signed_on,
        term_start=term_start,
        term_end=term_end,
        reference=reference,
    )
    for n, plan in enumerate(positions):
        try:
            position_create(
                party=party,
                title=plan.title,
                planned_start=plan.planned_start,
                starts_on=plan.starts_on,
                holder_name=plan.holder_name,
                agreement=agreement,
            )
        except ValidationError as error:
            raise _prefixed(error, f"positions.{n}.") from None
    try:
        membership_invite(
            party=party,
            email=user_email,
            role=user_role,
            register_access=user_register_access,
            full_name=user_full_name,
            base_url=base_url,
        )
    except ValidationError as error:
        raise _prefixed(error, "user_") from None
    if candidate is not None:
        candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
        if candidate.decision != CandidateDecision.ACCEPTED:
            raise ValidationError({"municipality": _("Only an accepted candidate can be onboarded.")})
        candidate.onboarded_party = party
        candidate.full_clean()
        candidate.save()
    return party


@transaction.atomic
def candidate_save(
    *,
    party: Party,
    municipality: Municipality,
    mapping_notes: str = "",
    decision: str = CandidateDecision.PENDING,
    decided_on: dt.date | None = None,
    decision_note: str = "",
    candidate: Candidate | None = None,
) -> Candidate:
    """Record a candidate (or update one): the recording party owns it."""
    candidate = candidate or Candidate(party=party)
    candidate.municipality = municipality
    candidate.mapping_notes = mapping_notes
    candidate.decision = CandidateDecision(decision)
    candidate.decided_on = decided_on
    candidate.decision_note = decision_note
    candidate.full_clean()
    candidate.save()
    return candidate
