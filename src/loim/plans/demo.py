"""Demo data of the plans app: the 2025 action plan, imported from its document through the Word plan
import (`loim.plans.wordimport`), exactly as the advisor would upload it — read, linked to the 2024 plan
by activity code and indicator key, checked, and imported as a draft awaiting the implementing agency's
approval, so `/plans/2025/changes/` shows what changed since 2024.

The document, `data/tegevuskava-2025.txt`, is the 2024 plan's text export rewritten as next year's plan
(docs/decisions.md, "Issue 17 — Word plan import"): Narva linn joins as a partner with its own activity
3.5.2.6, a row is re-dated, targets change, Tartu's clubs meet twice a week, Tallinn's council quarterly,
Rakvere's nationwide row is dropped. The 2024 plan comes from `plans/2024.yaml` (`loim setup`); without
it nothing is done. Idempotent: an existing 2025 plan is left as it is.
"""

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from loim.parties.models import CoordinatorPosition, PartnershipAgreement, Party, PartyKind
from loim.parties.services import agreement_create, position_create
from loim.places.models import Municipality

from .models import Plan, PlanStatus

DOCUMENT = Path(__file__).parent / "data" / "tegevuskava-2025.txt"

# the partner the 2025 plan adds (made-up agreement number and coordinator)
NARVA: dict[str, Any] = {
    "slug": "narva",
    "name": "Narva Linnavalitsus",
    "short_name": "Narva LV",
    "municipality": "Narva linn",
    "aliases": "Narva linnavalitsus, Narva LV",
    "signed_on": dt.date(2024, 12, 16),
    "term_start": dt.date(2025, 1, 1),
    "term_end": dt.date(2026, 4, 1),
    "position": "Kohanemise koordinaator",
    "holder": "Olga Ivanova",
    "starts_on": dt.date(2025, 3, 17),
}


def narva_partner() -> Party:
    """Narva as a partner from 2025: the party, its agreement and coordinator post (the onboarding's
    records, without inviting a user: the demo has no Narva account)."""
    party = Party.objects.filter(slug=NARVA["slug"]).first()
    if party is None:
        party = Party(
            slug=NARVA["slug"],
            name=NARVA["name"],
            short_name=NARVA["short_name"],
            kind=PartyKind.PARTNER,
            municipality=Municipality.objects.get(name=NARVA["municipality"]),
            responsible_aliases=NARVA["aliases"],
        )
        party.full_clean()
        party.save()
    assert party.municipality is not None
    if not PartnershipAgreement.objects.filter(party=party).exists():
        agreement_create(
            party=party,
            municipality=party.municipality,
            signed_on=NARVA["signed_on"],
            term_start=NARVA["term_start"],
            term_end=NARVA["term_end"],
            reference=f"ELVL-PL-{NARVA['signed_on'].year}-{party.slug}",
        )
    if not CoordinatorPosition.objects.filter(party=party, title=NARVA["position"]).exists():
        position_create(
            party=party,
            title=NARVA["position"],
            holder_name=NARVA["holder"],
            starts_on=NARVA["starts_on"],
            agreement=PartnershipAgreement.objects.filter(party=party).first(),
        )
    return party


def seed(*, out) -> None:
    from .wordimport.preview import build_preview, confirm

    if not Plan.objects.filter(year=2024).exists() or Plan.objects.filter(year=2025).exists():
        return
    narva_partner()
    preview = build_preview(
        DOCUMENT.read_bytes(), filename=DOCUMENT.name, corrections={"plan": {"status": PlanStatus.DRAFT.value}}
    )
    if preview.errors:
        raise ImproperlyConfigured(
            "The demo's 2025 plan document does not import: " + "; ".join(str(p) for p in preview.errors)
        )
    result = confirm(preview)
    out.write(
        f"Plan 2025 imported from {DOCUMENT.name} as a draft ({result.summary()}); "
        "its changes since 2024: /plans/2025/changes/"
    )
